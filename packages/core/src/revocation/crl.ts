import { readSignedEnvelope } from '../x509/signed';
import { Tag, type Tlv, isUniversal, parseDer, readTlv, tlvBytes, tlvValue } from '../asn1/der';
import {
  SeqReader,
  bit,
  decodeBitString,
  decodeBoolean,
  decodeInteger,
  decodeOctetString,
  decodeOid,
  decodeTime,
  explicitInner,
} from '../asn1/read';
import { StructureError } from '../errors';
import { OID } from '../oids';
import {
  type AuthorityKeyIdentifier,
  type DistributionPoint,
  type DistributionPointName,
  type Extension,
  REASON_NAMES,
  type ReasonName,
  decodeExtensions,
  parseDistributionPointName,
} from '../x509/extensions';
import { type GeneralName, parseGeneralNames } from '../x509/general-name';
import { type Name, parseName } from '../x509/name';
import { type AlgorithmIdentifier, parseAlgorithmIdentifier } from '../x509/public-key';
import { bytesEqual, toHex as hex } from '../util/bytes';

/**
 * CRLReason values (RFC 5280 §5.3.1). Value 7 is unused; unknown values decode as `unspecified`
 * (the certificate is still revoked; only the reason is unknown).
 */
export type CrlReason =
  | 'unspecified'
  | 'keyCompromise'
  | 'cACompromise'
  | 'affiliationChanged'
  | 'superseded'
  | 'cessationOfOperation'
  | 'certificateHold'
  | 'removeFromCRL'
  | 'privilegeWithdrawn'
  | 'aACompromise';

/** CRLReason code → name, indexed by the ENUMERATED value (RFC 5280 §5.3.1). */
export const CRL_REASON_CODES: readonly (CrlReason | undefined)[] = [
  'unspecified',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  undefined,
  'removeFromCRL',
  'privilegeWithdrawn',
  'aACompromise',
];

/** One entry of a CRL's revokedCertificates list (RFC 5280 §5.1.2.6, §5.3). */
export interface RevokedCertificate {
  readonly serialNumber: bigint;
  /** Lowercase hex of the serial's INTEGER content octets, as `Certificate.serialHex` (minimal form). */
  readonly serialHex: string;
  readonly revocationDate: Date;
  /** The reasonCode entry extension, when present. */
  readonly reasonCode?: CrlReason;
  /** The invalidityDate entry extension, when present. */
  readonly invalidityDate?: Date;
  /**
   * The issuer of the revoked certificate, for indirect CRLs: the certificateIssuer extension of this entry
   * or, when absent, of the nearest preceding entry that has one (RFC 5280 §5.3.3). Absent means the
   * certificate was issued by the CRL issuer.
   */
  readonly certificateIssuer?: readonly GeneralName[];
  /** True when this entry has a critical extension that Mutua does not process. */
  readonly hasUnknownCriticalEntryExtension: boolean;
  /** The raw entry extensions, in order. */
  readonly extensions: readonly Extension[];
}

/** The issuingDistributionPoint CRL extension (RFC 5280 §5.2.5). */
export interface IssuingDistributionPoint {
  readonly distributionPoint?: DistributionPointName;
  readonly onlyContainsUserCerts: boolean;
  readonly onlyContainsCACerts: boolean;
  /** Reasons this CRL covers; absent means all reasons. */
  readonly onlySomeReasons?: readonly ReasonName[];
  readonly indirectCRL: boolean;
  readonly onlyContainsAttributeCerts: boolean;
  /** The extension value's DER (delta CRLs must carry the same IDP as their complete CRL). */
  readonly der: Uint8Array;
}

/**
 * A parsed X.509 CRL (RFC 5280 §5), complete or delta.
 *
 * The header and extensions are decoded eagerly; the revoked-certificate entries are only framed and
 * indexed by serial number at parse time and decoded on demand, so that looking one certificate up in a
 * CRL with 100 000 entries stays cheap. Use {@link CertificateList.findRevoked} for lookups.
 */
export interface CertificateList {
  /** The CRL's DER, exactly as given. */
  readonly der: Uint8Array;
  /** The TBSCertList DER (what the issuer signed). */
  readonly tbsDer: Uint8Array;
  /** 1 or 2. */
  readonly version: number;
  /** The outer signatureAlgorithm. */
  readonly signatureAlgorithm: AlgorithmIdentifier;
  /** The signature algorithm inside TBSCertList. */
  readonly tbsSignatureAlgorithm: AlgorithmIdentifier;
  /** True when the inner and outer signature algorithms differ (RFC 5280 §5.1.1.2: the CRL is unusable). */
  readonly signatureAlgorithmMismatch: boolean;
  readonly signatureValue: Uint8Array;
  readonly issuer: Name;
  readonly thisUpdate: Date;
  readonly nextUpdate?: Date;
  /** Number of entries in revokedCertificates. */
  readonly revokedCount: number;
  /** Every entry, decoded on first access (with certificateIssuer carried over for indirect CRLs). */
  readonly revokedCertificates: readonly RevokedCertificate[];
  /** The raw CRL extensions, in order. */
  readonly extensions: readonly Extension[];
  /** The cRLNumber extension. */
  readonly crlNumber?: bigint;
  /** The deltaCRLIndicator extension: present only on delta CRLs, it holds the base CRL number. */
  readonly deltaCRLIndicator?: bigint;
  readonly issuingDistributionPoint?: IssuingDistributionPoint;
  readonly authorityKeyIdentifier?: AuthorityKeyIdentifier;
  /** The freshestCRL extension: where delta CRLs for this complete CRL are published. */
  readonly freshestCRL?: readonly DistributionPoint[];
  /** True when a critical CRL extension is not one Mutua processes (RFC 5280 §5.2: the CRL must not be used). */
  readonly hasUnknownCriticalExtension: boolean;
  /** True when any entry has an unknown critical entry extension (RFC 5280 §5.3: the CRL must not be used). */
  readonly hasUnknownCriticalEntryExtension: boolean;
  /** True when some entry carries a certificateIssuer extension. */
  readonly hasCertificateIssuerEntries: boolean;
  /**
   * The entries whose serial number is `serialHex` (lowercase hex of the INTEGER content octets, as
   * `Certificate.serialHex`). More than one entry is possible in an indirect CRL (same serial from
   * different issuers); callers must check {@link RevokedCertificate.certificateIssuer}.
   *
   * @throws `StructureError` when a matching entry is malformed.
   */
  findRevoked(serialHex: string): readonly RevokedCertificate[];
}

/** CRL extensions Mutua processes (or that carry no semantics a relying party must act on). */
const KNOWN_CRL_EXTENSIONS: ReadonlySet<string> = new Set([
  OID.authorityKeyIdentifier,
  OID.issuerAltName,
  OID.cRLNumber,
  OID.deltaCRLIndicator,
  OID.issuingDistributionPoint,
  OID.freshestCRL,
  OID.authorityInfoAccess,
  '2.5.29.60', // expiredCertsOnCRL: only says expired certificates stay listed; no effect on lookups
]);

const OID_CERTIFICATE_ISSUER = OID.certificateIssuer;
const OID_HOLD_INSTRUCTION = '2.5.29.23';

/** CRL entry extensions Mutua processes. */
const KNOWN_ENTRY_EXTENSIONS: ReadonlySet<string> = new Set([
  OID.reasonCode,
  OID.invalidityDate,
  OID_CERTIFICATE_ISSUER,
  OID_HOLD_INSTRUCTION,
]);

/**
 * Hex of an INTEGER's content with redundant sign octets removed, so that a non-minimal encoding in a CRL
 * still matches the (DER, minimal) serial of the certificate.
 *
 * @example
 * ```ts
 * import { normalizeSerialHex } from '@mutua/core';
 * normalizeSerialHex('00000A'); // '0a' (non-minimal encoding from a CRL)
 * normalizeSerialHex('0080'); // '0080' (the 00 is needed: 80 alone would be negative)
 * ```
 */
export function normalizeSerialHex(h: string): string {
  let s = h.toLowerCase();
  while (s.length > 2) {
    const first = s.slice(0, 2);
    const nextHigh = Number.parseInt(s[2]!, 16) >= 8;
    if ((first === '00' && !nextHigh) || (first === 'ff' && nextHigh)) s = s.slice(2);
    else break;
  }
  return s;
}

function isTime(t: Tlv): boolean {
  return isUniversal(t, Tag.UTCTime) || isUniversal(t, Tag.GeneralizedTime);
}

/** Reads an Extensions SEQUENCE into raw extensions, refusing duplicates (RFC 5280 §4.2). */
function readExtensions(seq: Tlv, what: string): Extension[] {
  const out: Extension[] = [];
  const seen = new Set<string>();
  for (const e of new SeqReader(seq, what).rest()) {
    const er = new SeqReader(e, 'Extension');
    const oid = decodeOid(er.next('extnID'), 'extnID');
    const c = er.optional(Tag.BOOLEAN);
    const critical = c ? decodeBoolean(c, 'critical') : false;
    const value = decodeOctetString(er.next('extnValue'), 'extnValue');
    er.end();
    if (seen.has(oid))
      throw new StructureError('DUPLICATE_EXTENSION', `${what}: extension ${oid} appears twice`);
    seen.add(oid);
    out.push({ oid, critical, value });
  }
  return out;
}

/** Reads an implicitly tagged BOOLEAN such as `[1] BOOLEAN DEFAULT FALSE`. */
function implicitBoolean(t: Tlv | undefined, what: string): boolean {
  return t ? decodeBoolean({ ...t, cls: 0, tag: Tag.BOOLEAN, constructed: false }, what) : false;
}

function parseIssuingDistributionPoint(value: Uint8Array): IssuingDistributionPoint {
  const r = new SeqReader(parseDer(value), 'IssuingDistributionPoint');
  const dp = r.optionalContext(0);
  const user = r.optionalContext(1);
  const ca = r.optionalContext(2);
  const reasons = r.optionalContext(3);
  const indirect = r.optionalContext(4);
  const attr = r.optionalContext(5);
  r.end();
  const out: {
    -readonly [K in keyof IssuingDistributionPoint]: IssuingDistributionPoint[K];
  } = {
    onlyContainsUserCerts: implicitBoolean(user, 'onlyContainsUserCerts'),
    onlyContainsCACerts: implicitBoolean(ca, 'onlyContainsCACerts'),
    indirectCRL: implicitBoolean(indirect, 'indirectCRL'),
    onlyContainsAttributeCerts: implicitBoolean(attr, 'onlyContainsAttributeCerts'),
    der: value,
  };
  if (dp) out.distributionPoint = parseDistributionPointName(dp);
  if (reasons) {
    const bs = decodeBitString(
      { ...reasons, cls: 0, tag: Tag.BIT_STRING, constructed: false },
      'onlySomeReasons',
    );
    out.onlySomeReasons = REASON_NAMES.filter((_, i) => bit(bs, i));
  }
  return out;
}

/** `2.5.29.x` OIDs of the entry extensions Mutua knows, as content octets (0x55 0x1d x). */
const KNOWN_ENTRY_ARCS = new Set([21, 23, 24, 29]);

/**
 * The facts about one entry's extensions that parsing needs, read straight from the bytes: parsing
 * 100 000 entries through the generic reader costs several times more.
 */
function scanEntryExtensions(exts: Tlv): { certificateIssuer: boolean; unknownCritical: boolean } {
  const buf = exts.buf;
  let certificateIssuer = false;
  let unknownCritical = false;
  for (let p = exts.valueStart; p < exts.valueEnd; ) {
    const x = readTlv(buf, p, exts.valueEnd, 4);
    if (!isUniversal(x, Tag.SEQUENCE) || !x.constructed)
      throw new StructureError('WRONG_TAG', 'crlEntryExtensions: Extension is not a SEQUENCE');
    const oid = readTlv(buf, x.valueStart, x.valueEnd, 5);
    if (!isUniversal(oid, Tag.OID))
      throw new StructureError('WRONG_TAG', 'crlEntryExtensions: extnID is not an OID');
    let q = oid.end;
    let critical = false;
    let next = readTlv(buf, q, x.valueEnd, 5);
    if (isUniversal(next, Tag.BOOLEAN)) {
      critical = decodeBoolean(next, 'critical');
      q = next.end;
      next = readTlv(buf, q, x.valueEnd, 5);
    }
    if (!isUniversal(next, Tag.OCTET_STRING) || next.end !== x.valueEnd) {
      throw new StructureError('WRONG_TAG', 'crlEntryExtensions: malformed extnValue');
    }
    const len = oid.valueEnd - oid.valueStart;
    const known =
      len === 3 &&
      buf[oid.valueStart] === 0x55 &&
      buf[oid.valueStart + 1] === 0x1d &&
      KNOWN_ENTRY_ARCS.has(buf[oid.valueStart + 2]!);
    if (known && buf[oid.valueStart + 2] === 29) certificateIssuer = true;
    if (critical && !known) unknownCritical = true;
    p = x.end;
  }
  return { certificateIssuer, unknownCritical };
}

/** Framing of one entry, recorded at parse time. */
interface EntryFrame {
  readonly start: number;
  readonly serialHex: string;
}

/** Header facts about the entries, gathered in the framing walk. */
interface EntryScan {
  readonly frames: EntryFrame[];
  readonly hasUnknownCritical: boolean;
  /** Indices (ascending) of the entries that carry a certificateIssuer extension. */
  readonly issuerEntries: number[];
}

/**
 * Walks the revokedCertificates list without decoding dates or integers: checks the framing of every
 * entry, records its offset and serial hex, and looks at the OIDs and critical flags of entry extensions.
 * This is the only per-entry work done at parse time.
 */
function scanEntries(list: Tlv | undefined): EntryScan {
  const frames: EntryFrame[] = [];
  let hasUnknownCritical = false;
  const issuerEntries: number[] = [];
  if (!list) return { frames, hasUnknownCritical, issuerEntries };
  const buf = list.buf;
  let p = list.valueStart;
  while (p < list.valueEnd) {
    const e = readTlv(buf, p, list.valueEnd, 2);
    if (!isUniversal(e, Tag.SEQUENCE) || !e.constructed) {
      throw new StructureError('WRONG_TAG', 'revokedCertificates: entry is not a SEQUENCE');
    }
    const serial = readTlv(buf, e.valueStart, e.valueEnd, 3);
    if (!isUniversal(serial, Tag.INTEGER) || serial.valueEnd === serial.valueStart) {
      throw new StructureError('WRONG_TAG', 'revokedCertificates: userCertificate is not an INTEGER');
    }
    const date = readTlv(buf, serial.end, e.valueEnd, 3);
    if (!isTime(date))
      throw new StructureError('WRONG_TAG', 'revokedCertificates: revocationDate is not a Time');
    if (date.end < e.valueEnd) {
      const exts = readTlv(buf, date.end, e.valueEnd, 3);
      if (exts.end !== e.valueEnd || !isUniversal(exts, Tag.SEQUENCE)) {
        throw new StructureError('EXTRA_FIELDS', 'revokedCertificates: malformed crlEntryExtensions');
      }
      const flags = scanEntryExtensions(exts);
      if (flags.certificateIssuer) issuerEntries.push(frames.length);
      if (flags.unknownCritical) hasUnknownCritical = true;
    }
    frames.push({ start: e.start, serialHex: normalizeSerialHex(hex(tlvValue(serial))) });
    p = e.end;
  }
  return { frames, hasUnknownCritical, issuerEntries };
}

/** Decodes one entry fully. `inheritedIssuer` is the certificateIssuer carried over from earlier entries. */
function decodeEntry(
  buf: Uint8Array,
  frame: EntryFrame,
  inheritedIssuer: readonly GeneralName[] | undefined,
): RevokedCertificate {
  const r = new SeqReader(readTlv(buf, frame.start), 'revokedCertificate');
  const serialNumber = decodeInteger(r.next('userCertificate', Tag.INTEGER), 'userCertificate');
  const revocationDate = decodeTime(r.next('revocationDate'), 'revocationDate');
  const extNode = r.optional(Tag.SEQUENCE);
  r.end();
  const extensions = extNode ? readExtensions(extNode, 'crlEntryExtensions') : [];
  let reasonCode: CrlReason | undefined;
  let invalidityDate: Date | undefined;
  let certificateIssuer = inheritedIssuer;
  let hasUnknownCriticalEntryExtension = false;
  for (const x of extensions) {
    switch (x.oid) {
      case OID.reasonCode: {
        const t = parseDer(x.value);
        if (!isUniversal(t, Tag.ENUMERATED))
          throw new StructureError('WRONG_TAG', 'reasonCode: not ENUMERATED');
        const n = decodeInteger(t, 'reasonCode');
        reasonCode =
          (n >= 0n && n < BigInt(CRL_REASON_CODES.length) ? CRL_REASON_CODES[Number(n)] : undefined) ??
          'unspecified';
        break;
      }
      case OID.invalidityDate:
        invalidityDate = decodeTime(parseDer(x.value), 'invalidityDate');
        break;
      case OID_CERTIFICATE_ISSUER:
        certificateIssuer = parseGeneralNames(parseDer(x.value));
        break;
      default:
        if (x.critical && !KNOWN_ENTRY_EXTENSIONS.has(x.oid)) hasUnknownCriticalEntryExtension = true;
    }
  }
  return {
    serialNumber,
    serialHex: frame.serialHex,
    revocationDate,
    hasUnknownCriticalEntryExtension,
    extensions,
    ...(reasonCode ? { reasonCode } : {}),
    ...(invalidityDate ? { invalidityDate } : {}),
    ...(certificateIssuer ? { certificateIssuer } : {}),
  };
}

/** The CRL model; entries are decoded lazily (see {@link CertificateList}). */
class ParsedCrl implements CertificateList {
  declare readonly der: Uint8Array;
  declare readonly tbsDer: Uint8Array;
  declare readonly version: number;
  declare readonly signatureAlgorithm: AlgorithmIdentifier;
  declare readonly tbsSignatureAlgorithm: AlgorithmIdentifier;
  declare readonly signatureAlgorithmMismatch: boolean;
  declare readonly signatureValue: Uint8Array;
  declare readonly issuer: Name;
  declare readonly thisUpdate: Date;
  declare readonly nextUpdate?: Date;
  declare readonly extensions: readonly Extension[];
  declare readonly crlNumber?: bigint;
  declare readonly deltaCRLIndicator?: bigint;
  declare readonly issuingDistributionPoint?: IssuingDistributionPoint;
  declare readonly authorityKeyIdentifier?: AuthorityKeyIdentifier;
  declare readonly freshestCRL?: readonly DistributionPoint[];
  declare readonly hasUnknownCriticalExtension: boolean;
  readonly hasUnknownCriticalEntryExtension: boolean;
  readonly hasCertificateIssuerEntries: boolean;
  readonly #frames: EntryFrame[];
  readonly #issuerEntries: number[];
  #all?: RevokedCertificate[];
  #bySerial?: Map<string, number[]>;
  readonly #single = new Map<number, RevokedCertificate>();

  constructor(
    fields: Omit<
      CertificateList,
      | 'revokedCertificates'
      | 'revokedCount'
      | 'findRevoked'
      | 'hasUnknownCriticalEntryExtension'
      | 'hasCertificateIssuerEntries'
    >,
    scan: EntryScan,
  ) {
    Object.assign(this, fields);
    this.#frames = scan.frames;
    this.hasUnknownCriticalEntryExtension = scan.hasUnknownCritical;
    this.#issuerEntries = scan.issuerEntries;
    this.hasCertificateIssuerEntries = scan.issuerEntries.length > 0;
  }

  get revokedCount(): number {
    return this.#frames.length;
  }

  get revokedCertificates(): readonly RevokedCertificate[] {
    if (!this.#all) {
      const all: RevokedCertificate[] = [];
      let issuer: readonly GeneralName[] | undefined;
      for (const f of this.#frames) {
        const entry = decodeEntry(this.der, f, issuer);
        issuer = entry.certificateIssuer;
        all.push(entry);
      }
      this.#all = all;
    }
    return this.#all;
  }

  findRevoked(serialHex: string): readonly RevokedCertificate[] {
    if (this.#all) {
      const key = normalizeSerialHex(serialHex);
      return this.#all.filter((e) => e.serialHex === key);
    }
    if (!this.#bySerial) {
      const m = new Map<string, number[]>();
      this.#frames.forEach((f, i) => {
        const list = m.get(f.serialHex);
        if (list) list.push(i);
        else m.set(f.serialHex, [i]);
      });
      this.#bySerial = m;
    }
    const idx = this.#bySerial.get(normalizeSerialHex(serialHex));
    return idx ? idx.map((i) => this.#entry(i)) : [];
  }

  /** Decodes entry `i`, with the certificateIssuer it inherits from the nearest preceding entry that has one. */
  #entry(i: number): RevokedCertificate {
    let e = this.#single.get(i);
    if (!e) {
      const from = this.#issuerSource(i);
      const inherited = from === undefined || from === i ? undefined : this.#entry(from).certificateIssuer;
      e = decodeEntry(this.der, this.#frames[i]!, inherited);
      this.#single.set(i, e);
    }
    return e;
  }

  /** The index of the last entry at or before `i` with a certificateIssuer extension (binary search). */
  #issuerSource(i: number): number | undefined {
    const a = this.#issuerEntries;
    let lo = 0;
    let hi = a.length - 1;
    let found: number | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid]! <= i) {
        found = a[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}

function decodeCrlNumber(value: Uint8Array, what: string): bigint {
  const n = decodeInteger(parseDer(value), what);
  if (n < 0n) throw new StructureError('BAD_CRL_NUMBER', `${what}: negative CRL number`);
  return n;
}

/**
 * Parses one DER CRL (RFC 5280 §5).
 *
 * Structural faults, including malformed CRL extensions, throw: a CRL that cannot be read exactly is
 * never used. Entry dates and entry extensions are decoded on demand.
 *
 * @throws `Asn1Error` or `StructureError` when the bytes are not a well-formed CRL.
 * @example
 * ```ts
 * import { parseCrl } from '@mutua/core';
 * const crl = parseCrl(crlDer);
 * console.log(crl.issuer.text, crl.thisUpdate, crl.findRevoked(cert.serialHex).length > 0);
 * ```
 */
export function parseCrl(der: Uint8Array): CertificateList {
  const root = parseDer(der);
  const { tbs, signatureAlgorithm, signatureValue } = readSignedEnvelope(
    root,
    'CertificateList',
    'tbsCertList',
    'NOT_A_CRL',
  );

  const t = new SeqReader(tbs, 'TBSCertList');
  const v = t.optional(Tag.INTEGER);
  const version = v ? Number(decodeInteger(v, 'version')) + 1 : 1;
  if (version !== 1 && version !== 2)
    throw new StructureError('BAD_VERSION', `CertificateList: unknown version ${version}`);
  const tbsSignatureAlgorithm = parseAlgorithmIdentifier(
    t.next('signature', Tag.SEQUENCE),
    'TBSCertList signature',
  );
  const issuer = parseName(t.next('issuer', Tag.SEQUENCE), 'CRL issuer');
  const thisUpdate = decodeTime(t.next('thisUpdate'), 'thisUpdate');
  const nextNode = t.optional(Tag.UTCTime) ?? t.optional(Tag.GeneralizedTime);
  const nextUpdate = nextNode ? decodeTime(nextNode, 'nextUpdate') : undefined;
  const list = t.optional(Tag.SEQUENCE);
  const extNode = t.optionalContext(0);
  t.end();
  if (extNode && version !== 2)
    throw new StructureError('BAD_VERSION', 'CertificateList: extensions in a v1 CRL');

  const extensions = extNode ? readExtensions(explicitInner(extNode, 'crlExtensions'), 'crlExtensions') : [];
  const fields: {
    crlNumber?: bigint;
    deltaCRLIndicator?: bigint;
    issuingDistributionPoint?: IssuingDistributionPoint;
    authorityKeyIdentifier?: AuthorityKeyIdentifier;
    freshestCRL?: DistributionPoint[];
  } = {};
  let hasUnknownCriticalExtension = false;
  for (const x of extensions) {
    if (x.oid === OID.cRLNumber) fields.crlNumber = decodeCrlNumber(x.value, 'cRLNumber');
    else if (x.oid === OID.deltaCRLIndicator)
      fields.deltaCRLIndicator = decodeCrlNumber(x.value, 'deltaCRLIndicator');
    else if (x.oid === OID.issuingDistributionPoint)
      fields.issuingDistributionPoint = parseIssuingDistributionPoint(x.value);
    if (x.critical && !KNOWN_CRL_EXTENSIONS.has(x.oid)) hasUnknownCriticalExtension = true;
  }
  // AKI, freshestCRL, issuerAltName and AIA have the same syntax as in certificates.
  const { decoded, problems } = decodeExtensions(extensions);
  const bad = problems[0];
  if (bad) throw new StructureError('BAD_CRL_EXTENSION', `CRL extension ${bad.oid}: ${bad.message}`);
  if (decoded.authorityKeyIdentifier) fields.authorityKeyIdentifier = decoded.authorityKeyIdentifier;
  if (decoded.freshestCRL) fields.freshestCRL = decoded.freshestCRL;

  const scan = scanEntries(list);
  return new ParsedCrl(
    {
      der: tlvBytes(root),
      tbsDer: tlvBytes(tbs),
      version,
      signatureAlgorithm,
      tbsSignatureAlgorithm,
      signatureAlgorithmMismatch: !bytesEqual(signatureAlgorithm.der, tbsSignatureAlgorithm.der),
      signatureValue,
      issuer,
      thisUpdate,
      ...(nextUpdate ? { nextUpdate } : {}),
      extensions,
      hasUnknownCriticalExtension,
      ...fields,
    },
    scan,
  );
}

/**
 * Whether a CRL is a delta CRL (has the deltaCRLIndicator extension).
 *
 * @example
 * ```ts
 * import { isDeltaCrl, parseCrl } from '@mutua/core';
 * isDeltaCrl(parseCrl(crlDer)); // false (a complete CRL)
 * ```
 */
export function isDeltaCrl(crl: CertificateList): boolean {
  return crl.deltaCRLIndicator !== undefined;
}
