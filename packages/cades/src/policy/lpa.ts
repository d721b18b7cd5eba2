import {
  HASH_BY_OID,
  type HashName,
  MutuaError,
  SeqReader,
  StructureError,
  Tag,
  type Tlv,
  children,
  decodeOctetString,
  decodeSmallInt,
  decodeOid,
  decodeString,
  decodeTime,
  isUniversal,
  parseDer,
} from '@mutua/core';

/** A digest of a policy document as a list (LPA) or a signature states it (`OtherHashAlgAndValue`). */
export interface PolicyDigestValue {
  /** The hash algorithm OID. */
  readonly hashOid: string;
  /** The hash name, when the OID is a known hash. */
  readonly hash: HashName | undefined;
  /** The digest bytes. */
  readonly value: Uint8Array;
  /** Which rendition of the policy it covers, when the list says so (LPA v1: `txt`, `der`, `xml`). */
  readonly format?: 'der' | 'xml' | 'txt';
}

/** A signing period: signatures under the policy may be made from `notBefore` until `notAfter`. */
export interface SigningPeriod {
  readonly notBefore: Date;
  readonly notAfter: Date | undefined;
}

/** One policy of an ICP-Brasil approved-policy list. */
export interface LpaEntry {
  /** The policy OID (LPA v2). The v1 lists carry no OID: then `undefined`. */
  readonly policyOid: string | undefined;
  /** The policy URI (for v1 lists, the URI of the DER rendition). */
  readonly policyUri: string | undefined;
  /** Every URI given, by rendition (`der`, `xml`, `txt`; v2 lists give only `der`). */
  readonly uris: Readonly<Partial<Record<'der' | 'xml' | 'txt', string>>>;
  /** The policy name (v1 lists only). */
  readonly name: string | undefined;
  /** The field of application (v1 lists only). */
  readonly fieldOfApplication: string | undefined;
  readonly signingPeriod: SigningPeriod;
  /** When the policy was revoked (no signature may be made under it afterwards). */
  readonly revocationDate: Date | undefined;
  /** The digests of the policy document (v2: one; v1: per rendition). */
  readonly digests: readonly PolicyDigestValue[];
}

/** A parsed approved-policy list (Lista de Políticas de Assinatura, DOC-ICP-15.03). */
export interface Lpa {
  /** `v2` when the entries carry policy OIDs, otherwise `v1`. */
  readonly format: 'v1' | 'v2';
  /** The version INTEGER when the list has one. */
  readonly version: number | undefined;
  readonly entries: readonly LpaEntry[];
  readonly nextUpdate: Date | undefined;
}

/** v1 `PoliciesURI` / `PoliciesDigest`: `[0]` textual, `[1]` ASN.1 (DER), `[2]` XML rendition. */
const FORMATS = ['txt', 'der', 'xml'] as const;

/** Reads an `OtherHashAlgAndValue ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier, hashValue OCTET STRING }`. */
export function readOtherHash(t: Tlv, what: string, format?: 'der' | 'xml' | 'txt'): PolicyDigestValue {
  const r = new SeqReader(t, what);
  const alg = new SeqReader(r.next('hashAlgorithm', Tag.SEQUENCE), `${what}.hashAlgorithm`);
  const hashOid = decodeOid(alg.next('algorithm', Tag.OID), `${what}.hashAlgorithm`);
  const value = decodeOctetString(r.next('hashValue', Tag.OCTET_STRING), `${what}.hashValue`);
  return { hashOid, hash: HASH_BY_OID[hashOid], value, ...(format ? { format } : {}) };
}

function isTime(t: Tlv): boolean {
  return isUniversal(t, Tag.GeneralizedTime) || isUniversal(t, Tag.UTCTime);
}

/** `SigningPeriod ::= SEQUENCE { notBefore GeneralizedTime, notAfter GeneralizedTime OPTIONAL }`. */
export function readSigningPeriod(t: Tlv, what: string): SigningPeriod {
  const r = new SeqReader(t, what);
  const nb = r.next('notBefore');
  const notBefore = decodeTime(nb, `${what}.notBefore`);
  const na = r.more ? r.next('notAfter') : undefined;
  r.end();
  return { notBefore, notAfter: na ? decodeTime(na, `${what}.notAfter`) : undefined };
}

function isStringTag(t: Tlv): boolean {
  return (
    t.cls === 0 &&
    !t.constructed &&
    [Tag.UTF8String, Tag.PrintableString, Tag.T61String, Tag.BMPString, Tag.UniversalString].includes(
      t.tag as never,
    )
  );
}

function readPolicyInfo(t: Tlv, i: number): LpaEntry {
  const what = `LPA.policyInfos[${i}]`;
  const fields = new SeqReader(t, what).rest();
  let policyOid: string | undefined;
  let name: string | undefined;
  let fieldOfApplication: string | undefined;
  let signingPeriod: SigningPeriod | undefined;
  let revocationDate: Date | undefined;
  const uris: Partial<Record<'der' | 'xml' | 'txt', string>> = {};
  const digests: PolicyDigestValue[] = [];
  for (const f of fields) {
    if (isUniversal(f, Tag.OID)) policyOid = decodeOid(f, `${what}.policyOID`);
    else if (isUniversal(f, Tag.IA5String)) uris.der = decodeString(f);
    else if (isStringTag(f)) {
      if (name === undefined) name = decodeString(f);
      else fieldOfApplication = decodeString(f);
    } else if (isTime(f)) revocationDate = decodeTime(f, `${what}.revocationDate`);
    else if (isUniversal(f, Tag.SEQUENCE)) {
      const kids = children(f);
      const first = kids[0];
      if (first && isTime(first) && signingPeriod === undefined) {
        signingPeriod = readSigningPeriod(f, `${what}.signingPeriod`);
      } else if (first && isUniversal(first, Tag.SEQUENCE)) {
        digests.push(readOtherHash(f, `${what}.policyDigest`));
      } else if (kids.length > 0 && kids.every((k) => k.cls === 2 && k.tag < 3)) {
        // v1 PoliciesURI { [0] text, [1] der, [2] xml IA5String } or PoliciesDigest { [0] OtherHashAlgAndValue, … }
        for (const k of kids) {
          const format = FORMATS[k.tag]!;
          if (k.constructed) {
            const inner = children(k);
            if (inner.length !== 1)
              throw new StructureError('BAD_EXPLICIT', `${what}.policiesDigest: one value expected`);
            digests.push(readOtherHash(inner[0]!, `${what}.policiesDigest.${format}`, format));
          } else {
            uris[format] = decodeString(k);
          }
        }
      } else {
        throw new StructureError('UNKNOWN_FIELD', `${what}: unexpected SEQUENCE field`);
      }
    } else {
      throw new StructureError('UNKNOWN_FIELD', `${what}: unexpected field with tag ${f.tag}`);
    }
  }
  if (!signingPeriod) throw new StructureError('MISSING_FIELD', `${what}: missing signingPeriod`);
  if (digests.length === 0) throw new StructureError('MISSING_FIELD', `${what}: missing policyDigest`);
  return {
    policyOid,
    policyUri: uris.der,
    uris,
    name,
    fieldOfApplication,
    signingPeriod,
    revocationDate,
    digests,
  };
}

/**
 * Parses an ICP-Brasil approved-policy list in DER (`LPA_CAdES.der`, `LPA_PAdES.der`, and the older
 * `LPA.der` / `LPAv2.der`): `SEQUENCE { policyInfos SEQUENCE OF PolicyInfo, nextUpdate GeneralizedTime }`.
 * Both list formats are read: v2 (`signingPeriod, revocationDate?, policyOID, policyURI, policyDigest`)
 * and v1 (`policyName, fieldOfApplication, signingPeriod, revocationDate?, policiesURI, policiesDigest`,
 * no OID). Fails with a `MutuaError` (`StructureError` or `Asn1Error`) on anything malformed.
 *
 * @example
 * ```ts
 * import { der } from '@mutua/core';
 * import { parseLpa } from '@mutua/cades';
 * const day = (iso: string) => der.generalizedTime(new Date(iso));
 * const entry = der.seq(
 *   der.seq(day('2018-05-14T00:00:00Z'), day('2029-03-02T00:00:00Z')), // signingPeriod
 *   der.oid('2.16.76.1.7.1.1.2.3'), // AD-RB v2.3
 *   der.ia5('http://politicas.icpbrasil.gov.br/PA_AD_RB_v2_3.der'),
 *   der.seq(der.seq(der.oid('2.16.840.1.101.3.4.2.1')), der.octets(new Uint8Array(32).fill(7))),
 * );
 * const lpa = parseLpa(der.seq(der.seq(entry), day('2025-09-10T00:00:00Z')));
 * lpa.format; // 'v2'
 * lpa.entries[0]?.policyOid; // '2.16.76.1.7.1.1.2.3'
 * lpa.entries[0]?.digests[0]?.hash; // 'SHA-256'
 * lpa.nextUpdate; // new Date('2025-09-10T00:00:00Z')
 * ```
 */
export function parseLpa(bytes: Uint8Array): Lpa {
  try {
    const r = new SeqReader(parseDer(bytes), 'LPA');
    const v = r.optional(Tag.INTEGER);
    const infos = new SeqReader(r.next('policyInfos', Tag.SEQUENCE), 'LPA.policyInfos').rest();
    const next = r.more ? r.next('nextUpdate') : undefined;
    const entries = infos.map((t, i) => readPolicyInfo(t, i));
    const nextUpdate = next && isTime(next) ? decodeTime(next, 'LPA.nextUpdate') : undefined;
    return {
      format: entries.length > 0 && entries.every((e) => e.policyOid === undefined) ? 'v1' : 'v2',
      version: v ? decodeSmallInt(v, 'LPA.version') : undefined,
      entries,
      nextUpdate,
    };
  } catch (e) {
    throw asMutuaError(e, 'LPA');
  }
}

/** Wraps anything that is not a MutuaError (a RangeError from a hostile length, say) in a StructureError. */
export function asMutuaError(e: unknown, what: string): MutuaError {
  if (e instanceof MutuaError) return e;
  return new StructureError('MALFORMED', `${what}: ${e instanceof Error ? e.message : String(e)}`, {
    cause: e,
  });
}
