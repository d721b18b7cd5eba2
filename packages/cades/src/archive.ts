import {
  type CheckResult,
  type CryptoEngine,
  HASH_BY_OID,
  type HashName,
  MutuaError,
  SeqReader,
  Tag,
  type Tlv,
  children,
  decodeOctetString,
  der,
  explicitInner,
  isContext,
  parseAlgorithmIdentifier,
  readTlv,
  tlvBytes,
} from '@mutua/core';
import { bytesEqual } from './bytes';
import { derEncoding, isDerEncoded } from './canonical';
import type { CmsAttribute, SignedData, SignerInfo } from './cms';
import { CMS_OID } from './oids';
import { type TimeStampToken, parseTimeStampToken } from './timestamp';

/**
 * What an archive or validation-data time-stamp covers, computed per hash algorithm. `digest` resolves to
 * `undefined` when the data cannot be computed; `reason` then says why. `notes` are checks that explain
 * how the imprint was computed (which encoding matched, whether the ats-hash-index names data present).
 */
export interface CoveredData {
  readonly digest: (hash: HashName) => Promise<Uint8Array | undefined>;
  readonly reason: () => string | undefined;
  /** Checks to report with the time-stamp, once `digest` has run. */
  readonly notes: () => Promise<CheckResult[]>;
}

/** The parts of a SignedData an archive time-stamp hashes, as received. */
interface SignedDataParts {
  readonly eContentType: Tlv;
  readonly encapContentInfo: Tlv;
  readonly certificates?: Tlv;
  readonly crls?: Tlv;
}

function signedDataParts(sd: SignedData): SignedDataParts {
  const root = readTlv(sd.der, 0, sd.der.length);
  const signedData = explicitInner(children(root)[1]!, 'ContentInfo content');
  const r = new SeqReader(signedData, 'SignedData');
  r.next('version', Tag.INTEGER);
  r.next('digestAlgorithms', Tag.SET);
  const eci = r.next('encapContentInfo', Tag.SEQUENCE);
  const certificates = r.optionalContext(0);
  const crls = r.optionalContext(1);
  const eciKids = children(eci);
  return {
    eContentType: eciKids[0]!,
    encapContentInfo: eci,
    ...(certificates ? { certificates } : {}),
    ...(crls ? { crls } : {}),
  };
}

/** DER of a value: the received bytes when they are DER already, else their DER re-encoding. */
function derOf(t: Tlv): Uint8Array {
  return isDerEncoded(t) ? tlvBytes(t) : derEncoding(t);
}

/** The SignerInfo fields version … signature, each DER-encoded (signed attributes as `[0] IMPLICIT`). */
function signerInfoFields(si: SignerInfo): Uint8Array[] {
  const node = readTlv(si.der, 0, si.der.length);
  const out: Uint8Array[] = [];
  for (const f of children(node)) {
    if (isContext(f, 1)) break; // unsignedAttrs: handled by the caller
    if (isContext(f, 0)) {
      // RFC 5652 §5.3: signed attributes are DER; the archive time-stamps hash that DER under [0].
      const sa = new Uint8Array(si.signedAttributesDer ?? derEncoding(f, 0x31, true));
      sa[0] = 0xa0;
      out.push(sa);
    } else out.push(derOf(f));
  }
  return out;
}

function unsignedAttributeNodes(si: SignerInfo): Tlv[] {
  const node = readTlv(si.der, 0, si.der.length);
  const u = children(node).find((f) => isContext(f, 1));
  return u ? children(u) : [];
}

const ATS_HASH_INDEX: Readonly<Record<string, string>> = {
  [CMS_OID.atsHashIndex]: 'ats-hash-index',
  [CMS_OID.atsHashIndexV2]: 'ats-hash-index-v2',
  [CMS_OID.atsHashIndexV3]: 'ats-hash-index-v3',
};

function tokenOf(value: Tlv): TimeStampToken | undefined {
  try {
    return parseTimeStampToken(value);
  } catch (e) {
    if (!(e instanceof MutuaError)) throw e;
    return undefined;
  }
}

/** Hashes a list of byte strings as their concatenation. */
function hashConcat(crypto: CryptoEngine, hash: HashName, parts: readonly Uint8Array[]): Promise<Uint8Array> {
  return crypto.digest(hash, der.concat([...parts]));
}

/** Inputs common to the archive time-stamps of one SignerInfo. */
export interface ArchiveContext {
  readonly signedData: SignedData;
  readonly signerInfo: SignerInfo;
  /** The signed content bytes (encapsulated or detached), when available. */
  readonly content: Uint8Array | undefined;
  /** The signed content's digest under a hash (also from digests given for a detached content). */
  readonly contentDigest: (hash: HashName) => Promise<Uint8Array | undefined>;
  readonly crypto: CryptoEngine;
}

/**
 * What an archive-time-stamp-v3 (EN 319 122-1 §5.5.3) covers: the hash of the concatenation of the
 * eContentType (DER), the hash of the signed content, the SignerInfo fields version … signature (DER,
 * signed attributes as `[0]`), and the ATSHashIndex(-v2/-v3) value carried as an unsigned attribute of
 * the time-stamp token itself (§5.5.2). The index is then compared with the certificates, revocation
 * data and unsigned attributes present: an index entry naming data that is no longer there is reported
 * (a warning, as EU DSS does), it does not change the imprint.
 */
export function archiveTimestampV3Covered(ctx: ArchiveContext, value: Tlv): CoveredData {
  const notes: CheckResult[] = [];
  let reason: string | undefined;
  const token = tokenOf(value);
  const tsi = token?.signedData.signerInfos[0];
  const indexAttrs = tsi?.unsignedAttributes.filter((a) => ATS_HASH_INDEX[a.type]) ?? [];
  const indexAttr = indexAttrs[0];
  const indexValue = indexAttr?.values[0];
  let parts: SignedDataParts | undefined;
  try {
    parts = signedDataParts(ctx.signedData);
  } catch (e) {
    if (!(e instanceof MutuaError)) throw e;
    reason = `the SignedData cannot be re-read: ${e.message}`;
  }
  if (token && (!indexAttr || !indexValue))
    reason =
      'the archive-time-stamp-v3 token carries no ats-hash-index(-v2/-v3) attribute (EN 319 122-1 §5.5.3)';
  else if (token && (indexAttrs.length > 1 || indexAttr!.values.length > 1))
    reason = 'the archive-time-stamp-v3 token carries more than one ats-hash-index value';
  const indexDer = indexValue ? derOf(indexValue) : undefined;
  let comparison: IndexComparison | CheckResult | undefined;
  if (indexAttr && indexValue && parts) {
    try {
      comparison = readHashIndex(ctx, parts, indexAttr.type, indexValue);
    } catch (e) {
      if (!(e instanceof MutuaError)) throw e;
      reason = `the ${ATS_HASH_INDEX[indexAttr.type]} does not decode: ${e.message}`;
    }
  }
  return {
    notes: async () =>
      comparison === undefined
        ? notes
        : 'id' in comparison
          ? [...notes, comparison]
          : [...notes, await compareHashIndex(comparison, ctx.crypto)],
    reason: () => reason,
    digest: async (hash) => {
      if (reason || !parts || !indexDer) return undefined;
      const contentHash = await ctx.contentDigest(hash);
      if (!contentHash) {
        reason = ctx.content
          ? `the ${hash} digest of the signed content is not available`
          : `the signed content is detached and not supplied (neither its bytes nor its ${hash} digest): the archive time-stamp's imprint cannot be computed`;
        return undefined;
      }
      return hashConcat(ctx.crypto, hash, [
        derOf(parts.eContentType),
        contentHash,
        ...signerInfoFields(ctx.signerInfo),
        indexDer,
      ]);
    },
  };
}

/**
 * Compares an ATSHashIndex with what the signature carries now: every certificate, revocation-data and
 * unsigned-attribute hash in the index must name something present (EN 319 122-1 §5.5.2: the index
 * lists exactly what was present when the time-stamp was requested; data added later is allowed).
 */
function readHashIndex(
  ctx: ArchiveContext,
  parts: SignedDataParts,
  type: string,
  value: Tlv,
): IndexComparison | CheckResult {
  const r = new SeqReader(value, 'ATSHashIndex');
  // hashIndAlgorithm is DEFAULT id-sha256: present only when the SEQUENCE has four fields.
  const alg = children(value).length === 4 ? r.next('hashIndAlgorithm', Tag.SEQUENCE) : undefined;
  const algOid = alg ? parseAlgorithmIdentifier(alg, 'hashIndAlgorithm').oid : '2.16.840.1.101.3.4.2.1';
  const octets = (what: string) =>
    children(r.next(what, Tag.SEQUENCE)).map((t) => decodeOctetString(t, what));
  const certs = octets('certificatesHashIndex');
  const crls = octets('crlsHashIndex');
  const attrs = octets('unsignedAttrsHashIndex');
  r.end();
  const hash = HASH_BY_OID[algOid];
  const name = ATS_HASH_INDEX[type]!;
  if (!hash)
    return {
      id: 'cades.atsHashIndex',
      status: 'warning',
      message: `${name}: unknown hash algorithm ${algOid}, the index entries are not compared`,
    };
  const certItems = parts.certificates ? children(parts.certificates).map(derOf) : [];
  const crlItems = parts.crls ? children(parts.crls).map(derOf) : [];
  const attrItems = unsignedAttributeNodes(ctx.signerInfo).map((a) => {
    const [t, vs] = children(a);
    // ats-hash-index: the Attribute's encoding; -v2/-v3: attrType and attrValues, per value (both tried).
    const forms = [tlvBytes(a), derOf(a)];
    if (t && vs) {
      forms.push(der.concat([derOf(t), derOf(vs)]));
      for (const v of children(vs)) forms.push(der.concat([derOf(t), derOf(v)]));
    }
    return forms;
  });
  return { hash, certs, crls, attrs, certItems, crlItems, attrItems, name };
}

interface IndexComparison {
  readonly hash: HashName;
  readonly name: string;
  readonly certs: Uint8Array[];
  readonly crls: Uint8Array[];
  readonly attrs: Uint8Array[];
  readonly certItems: Uint8Array[];
  readonly crlItems: Uint8Array[];
  readonly attrItems: Uint8Array[][];
}

/** Compares an ATSHashIndex with the data present: passed, or a warning naming what is missing. */
async function compareHashIndex(c: IndexComparison, crypto: CryptoEngine): Promise<CheckResult> {
  const missing = async (wanted: Uint8Array[], items: Uint8Array[][]) => {
    const hashes = await Promise.all(
      items.map((forms) => Promise.all(forms.map((f) => crypto.digest(c.hash, f)))),
    );
    return wanted.filter((w) => !hashes.some((hs) => hs.some((h) => bytesEqual(h, w)))).length;
  };
  const mc = await missing(
    c.certs,
    c.certItems.map((x) => [x]),
  );
  const mr = await missing(
    c.crls,
    c.crlItems.map((x) => [x]),
  );
  const ma = await missing(c.attrs, c.attrItems);
  if (mc + mr + ma === 0)
    return {
      id: 'cades.atsHashIndex',
      status: 'passed',
      message: `${c.name} (${c.hash}): every indexed certificate, revocation value and unsigned attribute is present`,
    };
  return {
    id: 'cades.atsHashIndex',
    status: 'warning',
    message: `${c.name}: ${[
      mc ? `${mc} certificate hash(es)` : '',
      mr ? `${mr} revocation-data hash(es)` : '',
      ma ? `${ma} unsigned-attribute hash(es)` : '',
    ]
      .filter(Boolean)
      .join(
        ', ',
      )} name data no longer present in the signature (altered or removed after the archive time-stamp)`,
  };
}

/**
 * What an archive-time-stamp-v2 (ETSI TS 101 733 §6.4.1, Annex K) covers: the hash of the concatenation of
 * the encapContentInfo (DER, or as received when its eContent is BER-segmented), the detached content's
 * bytes when the content is detached, the SignedData `certificates` and `crls` fields, and the SignerInfo
 * fields with the unsigned attributes that precede the time-stamp. The unsigned attributes of a DER SET
 * are sorted by encoding, not by time, so "preceding" is read as EU DSS reads it: every unsigned
 * attribute except the archive time-stamps not earlier than this one. TS 101 733 v2.2.1 (Annex K, note 3)
 * asks to test both with and without the `[1]` tag and length of the unsignedAttrs; both are computed,
 * and the note says which one the token covers.
 */
export function archiveTimestampV2Covered(ctx: ArchiveContext, value: Tlv): CoveredData {
  const notes: CheckResult[] = [];
  let reason: string | undefined;
  const token = tokenOf(value);
  let parts: SignedDataParts | undefined;
  try {
    parts = signedDataParts(ctx.signedData);
  } catch (e) {
    if (!(e instanceof MutuaError)) throw e;
    reason = `the SignedData cannot be re-read: ${e.message}`;
  }
  const genTime = token?.tstInfo.genTime.getTime();
  const attrs = unsignedAttributeNodes(ctx.signerInfo).filter((_a, i) => {
    const attr = ctx.signerInfo.unsignedAttributes[i]!;
    if (attr.type !== CMS_OID.archiveTimestampV2 && attr.type !== CMS_OID.archiveTimestampV3) return true;
    const other = attr.values[0] ? tokenOf(attr.values[0]) : undefined;
    return other !== undefined && genTime !== undefined && other.tstInfo.genTime.getTime() < genTime;
  });
  return {
    notes: async () => notes,
    reason: () => reason,
    digest: async (hash) => {
      if (reason || !parts || !token) return undefined;
      const detached = !ctx.signedData.content;
      if (detached && !ctx.content) {
        reason =
          'the signed content is detached and its bytes are not supplied: an archive-time-stamp-v2 covers the content itself (a digest is not enough)';
        return undefined;
      }
      // The SignedData fields as received (the standard's "as present", and what EU DSS writes for a BER
      // file), then their DER encoding; each with and without the unsignedAttrs tag and length.
      const fields = signerInfoFields(ctx.signerInfo);
      const attrDers = attrs.map(derOf);
      const variants: { name: string; parts: Uint8Array[] }[] = [];
      for (const asReceived of [true, false]) {
        const enc = (t: Tlv) => (asReceived ? tlvBytes(t) : derOf(t));
        const head: Uint8Array[] = [enc(parts.encapContentInfo)];
        if (detached) head.push(ctx.content!);
        if (parts.certificates) head.push(enc(parts.certificates));
        if (parts.crls) head.push(enc(parts.crls));
        head.push(...fields);
        const form = asReceived ? 'SignedData fields as received' : 'SignedData fields in DER';
        variants.push(
          {
            name: `${form}, with the unsignedAttrs tag and length (TS 101 733 v2.2.1)`,
            parts: [...head, encodeTlv(0xa1, der.concat(attrDers))],
          },
          {
            name: `${form}, without the unsignedAttrs tag and length (TS 101 733 v2.2.1 Annex K note 3)`,
            parts: [...head, ...attrDers],
          },
        );
        // A DER file gives the same bytes both ways: no need to hash them twice.
        if (!ctx.signedData.nonDer) break;
      }
      let first: Uint8Array | undefined;
      for (const v of variants) {
        const d = await hashConcat(ctx.crypto, hash, v.parts);
        first ??= d;
        if (bytesEqual(d, token.tstInfo.messageImprint.hashedMessage)) {
          notes.push({
            id: 'cades.archiveTimestampV2Encoding',
            status: 'info',
            message: `archive-time-stamp-v2 imprint computed over the ${v.name}`,
          });
          return d;
        }
      }
      return first;
    },
  };
}

function encodeTlv(identifier: number, content: Uint8Array): Uint8Array {
  const n = content.length;
  const len: number[] = [];
  if (n < 0x80) len.push(n);
  else {
    for (let v = n; v > 0; v = Math.floor(v / 256)) len.unshift(v & 0xff);
    len.unshift(0x80 | len.length);
  }
  return der.concat([new Uint8Array([identifier, ...len]), content]);
}

/** attrType and attrValues of each attribute of a type, DER (TS 101 733 §6.3.5 note 2: no outer SEQUENCE). */
function typeAndValues(attrs: readonly CmsAttribute[], type: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const a of attrs) {
    if (a.type !== type) continue;
    const [t, vs] = children(readTlv(a.der, 0, a.der.length));
    out.push(derOf(t!), derOf(vs!));
  }
  return out;
}

/**
 * The data a CAdES-C-time-stamp (id-aa-ets-escTimeStamp, TS 101 733 §6.3.5) covers: the signature value,
 * then the signature-time-stamp, complete-certificate-references and complete-revocation-references
 * attributes (attrType and attrValues).
 */
export function escTimestampCovered(si: SignerInfo): Uint8Array {
  return der.concat([
    si.signature,
    ...typeAndValues(si.unsignedAttributes, CMS_OID.signatureTimeStampToken),
    ...referencesData(si),
  ]);
}

/**
 * The data a time-stamped-certs-crls-references time-stamp (id-aa-ets-certCRLTimestamp, TS 101 733
 * §6.3.6) covers: the complete-certificate-references and complete-revocation-references attributes.
 */
export function certCrlTimestampCovered(si: SignerInfo): Uint8Array {
  return der.concat(referencesData(si));
}

function referencesData(si: SignerInfo): Uint8Array[] {
  return [
    ...typeAndValues(si.unsignedAttributes, CMS_OID.completeCertificateRefs),
    ...typeAndValues(si.unsignedAttributes, CMS_OID.completeRevocationRefs),
  ];
}
