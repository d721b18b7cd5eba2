import {
  type Certificate,
  type CertificateList,
  type CheckResult,
  type CryptoEngine,
  HASH_BY_OID,
  type HashName,
  Indication,
  MutuaError,
  OID,
  type OcspResponse,
  SeqReader,
  StructureError,
  SubIndication,
  Tag,
  type Tlv,
  type TrustAnchor,
  type ValidationPolicy,
  bit,
  decodeBitString,
  decodeBoolean,
  decodeInteger,
  decodeOctetString,
  decodeOid,
  decodeSmallInt,
  decodeString,
  decodeTime,
  explicitInner,
  generalNameToString,
  isContext,
  isUniversal,
  parseAlgorithmIdentifier,
  parseDer,
  parseGeneralName,
  tlvValue,
} from '@mutua/core';
import { bytesEqual, toHex } from './bytes';
import { type SignedData, signedDataFromTlv } from './cms';
import { CMS_OID } from './oids';
import { verifySignerInfo } from './verify-signer';

/** The TSTInfo of an RFC 3161 time-stamp token (RFC 3161 §2.4.2). */
export interface TstInfo {
  readonly version: number;
  /** The TSA policy OID. */
  readonly policy: string;
  readonly messageImprint: {
    /** Hash algorithm OID. */
    readonly hashAlgorithm: string;
    /** Its name, when known. */
    readonly hash?: HashName;
    readonly hashedMessage: Uint8Array;
  };
  readonly serialNumber: bigint;
  /** genTime (fractions of a second kept to the millisecond). */
  readonly genTime: Date;
  /** genTime exactly as encoded (keeps sub-millisecond fractions). */
  readonly genTimeText: string;
  /** Accuracy in seconds, milliseconds and microseconds, when given. */
  readonly accuracy?: { readonly seconds: number; readonly millis: number; readonly micros: number };
  readonly ordering: boolean;
  readonly nonce?: bigint;
  /** The TSA's name as a readable GeneralName, when given. */
  readonly tsa?: string;
}

/** A parsed time-stamp token: its CMS SignedData and its TSTInfo. */
export interface TimeStampToken {
  readonly signedData: SignedData;
  readonly tstInfo: TstInfo;
  /** True when the token came wrapped in an OCTET STRING (some old producers write attribute values so). */
  readonly wrapped: boolean;
}

const latin1 = new TextDecoder('latin1');

/**
 * Parses an RFC 3161 TimeStampToken: a SignedData whose eContentType is id-ct-TSTInfo, and its TSTInfo.
 *
 * @throws `MutuaError` (from `@mutua/core`) when the token is not a SignedData or its TSTInfo is malformed.
 * @example
 * ```ts
 * import { parseTimeStampToken } from '@mutua/cades';
 * import { createTsa, timestampToken } from '@mutua/testkit';
 * const tsa = await createTsa(pki);
 * const token = await timestampToken({ tsa, imprint: new Uint8Array([1]), genTimeText: '20250601120000.5Z' });
 * const { tstInfo } = parseTimeStampToken(token);
 * tstInfo.genTime; // new Date('2025-06-01T12:00:00.500Z')
 * tstInfo.messageImprint.hash; // 'SHA-256'
 * ```
 */
export function parseTimeStampToken(input: Uint8Array | Tlv): TimeStampToken {
  let root = input instanceof Uint8Array ? parseDer(input) : input;
  const wrapped = isUniversal(root, Tag.OCTET_STRING);
  if (wrapped) root = parseDer(decodeOctetString(root, 'wrapped time-stamp token'));
  const signedData = signedDataFromTlv(root);
  if (signedData.contentType !== CMS_OID.tstInfo) {
    throw new StructureError(
      'NOT_A_TIMESTAMP',
      `time-stamp token content type ${signedData.contentType} is not id-ct-TSTInfo`,
    );
  }
  if (!signedData.content)
    throw new StructureError('NOT_A_TIMESTAMP', 'time-stamp token without its TSTInfo');
  return { signedData, tstInfo: parseTstInfo(signedData.content), wrapped };
}

function parseTstInfo(bytes: Uint8Array): TstInfo {
  const r = new SeqReader(parseDer(bytes), 'TSTInfo');
  const version = decodeSmallInt(r.next('version', Tag.INTEGER), 'TSTInfo version');
  const policy = decodeOid(r.next('policy'), 'TSTInfo policy');
  const mi = new SeqReader(r.next('messageImprint', Tag.SEQUENCE), 'MessageImprint');
  const hashAlgorithm = parseAlgorithmIdentifier(mi.next('hashAlgorithm', Tag.SEQUENCE), 'hashAlgorithm').oid;
  const hashedMessage = decodeOctetString(mi.next('hashedMessage', Tag.OCTET_STRING), 'hashedMessage');
  mi.end();
  const serialNumber = decodeInteger(r.next('serialNumber', Tag.INTEGER), 'TSTInfo serialNumber');
  const gt = r.next('genTime', Tag.GeneralizedTime);
  const genTime = decodeTime(gt, 'genTime');
  let accuracy: TstInfo['accuracy'];
  const acc = r.optional(Tag.SEQUENCE);
  if (acc) {
    let seconds = 0;
    let millis = 0;
    let micros = 0;
    for (const c of new SeqReader(acc, 'Accuracy').rest()) {
      if (c.cls === 0) seconds = decodeSmallInt(c, 'accuracy seconds');
      // millis and micros are [0] and [1] IMPLICIT INTEGER: read the content as an integer.
      else if (isContext(c, 0)) millis = smallImplicitInt(c);
      else if (isContext(c, 1)) micros = smallImplicitInt(c);
    }
    accuracy = { seconds, millis, micros };
  }
  const ord = r.optional(Tag.BOOLEAN);
  const ordering = ord ? decodeBoolean(ord, 'ordering') : false;
  const nonceNode = r.optional(Tag.INTEGER);
  const tsaNode = r.optionalContext(0);
  r.optionalContext(1);
  r.end();
  const hash = HASH_BY_OID[hashAlgorithm];
  return {
    version,
    policy,
    messageImprint: { hashAlgorithm, ...(hash ? { hash } : {}), hashedMessage },
    serialNumber,
    genTime,
    genTimeText: latin1.decode(tlvValue(gt)),
    ...(accuracy ? { accuracy } : {}),
    ordering,
    ...(nonceNode ? { nonce: decodeInteger(nonceNode, 'nonce') } : {}),
    ...(tsaNode ? { tsa: generalNameToString(parseGeneralName(explicitInner(tsaNode, 'tsa'))) } : {}),
  };
}

function smallImplicitInt(t: Tlv): number {
  const v = tlvValue(t);
  if (v.length === 0 || v.length > 4) throw new StructureError('BAD_INTEGER', 'Accuracy: bad millis/micros');
  let n = 0;
  for (const b of v) n = n * 256 + b;
  return n;
}

/** A TimeStampResp (RFC 3161 §2.4.2): the TSA's status and, when granted, the token. */
export interface TimeStampResponse {
  /** PKIStatus: 0 granted, 1 grantedWithMods, 2 rejection, 3 waiting, 4 revocationWarning, 5 revocationNotification. */
  readonly status: number;
  /** The statusString texts, when given. */
  readonly statusStrings: readonly string[];
  /** The PKIFailureInfo bits set (RFC 3161 names: badAlg 0, badRequest 2, badDataFormat 5, …). */
  readonly failInfo: readonly number[];
  /** The token, present when the status is granted (0) or grantedWithMods (1). */
  readonly token?: TimeStampToken;
}

/**
 * Parses a TimeStampResp, what a TSA answers over HTTP (`application/timestamp-reply`, `.tsr`).
 *
 * @throws `MutuaError` (from `@mutua/core`) when the response or its token is malformed.
 * @example
 * ```ts
 * import { parseTimeStampResponse } from '@mutua/cades';
 * import { der } from '@mutua/core';
 * import { createTsa, timestampToken } from '@mutua/testkit';
 * const token = await timestampToken({ tsa: await createTsa(pki), imprint: new Uint8Array([1]) });
 * // TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken }, as a TSA answers over HTTP.
 * const resp = parseTimeStampResponse(der.seq(der.seq(der.int(0)), token));
 * resp.status; // 0 (granted)
 * resp.token !== undefined; // true
 * ```
 */
export function parseTimeStampResponse(bytes: Uint8Array): TimeStampResponse {
  const r = new SeqReader(parseDer(bytes), 'TimeStampResp');
  const si = new SeqReader(r.next('status', Tag.SEQUENCE), 'PKIStatusInfo');
  const status = decodeSmallInt(si.next('status', Tag.INTEGER), 'PKIStatus');
  const texts = si.optional(Tag.SEQUENCE);
  const statusStrings = texts ? new SeqReader(texts, 'PKIFreeText').rest().map((t) => decodeString(t)) : [];
  const fi = si.optional(Tag.BIT_STRING);
  si.end();
  const failInfo: number[] = [];
  if (fi) {
    const bs = decodeBitString(fi, 'PKIFailureInfo');
    for (let i = 0; i < bs.bytes.length * 8; i++) if (bit(bs, i)) failInfo.push(i);
  }
  const tokenNode = r.more ? r.next('timeStampToken', Tag.SEQUENCE) : undefined;
  r.end();
  return { status, statusStrings, failInfo, ...(tokenNode ? { token: parseTimeStampToken(tokenNode) } : {}) };
}

/**
 * Kinds of CAdES time-stamps: `content` (content-time-stamp, signed), `signature` (signature-time-stamp),
 * `validation-data` (CAdES-C-time-stamp, id-aa-ets-escTimeStamp: signature value and references),
 * `validation-data-refs-only` (time-stamped-certs-crls-references, id-aa-ets-certCRLTimestamp), and
 * `archive` (archive-time-stamp-v2 or -v3).
 */
export type TimestampType =
  | 'signature'
  | 'content'
  | 'archive'
  | 'validation-data'
  | 'validation-data-refs-only';

/** Inputs of {@link verifyTimestampToken}. */
export interface VerifyTimestampOptions {
  /** The token bytes (an attribute value), or its already located TLV. */
  readonly token: Uint8Array | Tlv;
  readonly type: TimestampType;
  /**
   * Exactly the bytes the token must cover (for a signature time-stamp: the SignerInfo's signature value;
   * for a content time-stamp: the signed content), or a function giving their digest under a hash
   * (`undefined` when unavailable, as for a detached content given only as a digest of another hash).
   */
  readonly covered: Uint8Array | ((hash: HashName) => Promise<Uint8Array | undefined>);
  /** Why the covered data is unavailable, when `covered` gave `undefined` (for the check's message). */
  readonly unavailableReason?: () => string | undefined;
  /** Certificates beyond those in the token (the signature's, the caller's). */
  readonly certificates?: readonly Certificate[];
  readonly trustAnchors: readonly TrustAnchor[];
  readonly crls?: readonly CertificateList[];
  readonly ocspResponses?: readonly OcspResponse[];
  readonly policy?: ValidationPolicy;
  readonly crypto: CryptoEngine;
  /** The time the TSA certificate is judged at first (default: now). */
  readonly validationTime?: Date;
  /**
   * A proof of existence of this token earlier than `validationTime`: the genTime of a later archive
   * time-stamp that covers it. It lets a token whose TSA was revoked, or whose algorithms became weak,
   * after that time keep proving what it covers (EN 319 102-1 §5.6.2.4).
   */
  readonly poe?: Date;
}

/**
 * Sub-indications that only say time has passed since the token was made (its TSA certificate expired, its
 * revocation data is no longer fresh): the token's own genTime then serves as the time to judge it at.
 * Shared by every time-stamp format (RFC 3161 tokens here, XML time-stamps in @mutua/xades).
 *
 * @example
 * ```ts
 * import { TSA_PASSAGE_OF_TIME } from '@mutua/cades';
 * TSA_PASSAGE_OF_TIME.has('OUT_OF_BOUNDS_NO_POE'); // true
 * TSA_PASSAGE_OF_TIME.has('REVOKED_NO_POE'); // false
 * ```
 */
export const TSA_PASSAGE_OF_TIME: ReadonlySet<SubIndication> = new Set([
  SubIndication.OUT_OF_BOUNDS_NO_POE,
  SubIndication.OUT_OF_BOUNDS_NOT_REVOKED,
  SubIndication.REVOCATION_OUT_OF_BOUNDS_NO_POE,
  SubIndication.TRY_LATER,
]);

/**
 * Sub-indications a token cannot overcome by itself — its TSA was revoked, or its algorithms are no longer
 * reliable, so the token could have been forged afterwards with a back-dated genTime: only a proof of
 * existence from another, later time-stamp lifts them.
 *
 * @example
 * ```ts
 * import { TSA_NEEDS_EXTERNAL_POE } from '@mutua/cades';
 * TSA_NEEDS_EXTERNAL_POE.has('REVOKED_NO_POE'); // true
 * ```
 */
export const TSA_NEEDS_EXTERNAL_POE: ReadonlySet<SubIndication> = new Set([
  SubIndication.REVOKED_NO_POE,
  SubIndication.REVOKED_CA_NO_POE,
  SubIndication.CRYPTO_CONSTRAINTS_FAILURE_NO_POE,
]);

/** The outcome of {@link verifyTimestampToken}. */
export interface TimestampVerification {
  readonly type: TimestampType;
  /** genTime, when the token parsed. */
  readonly time?: Date;
  /** True when the token's own signature and message digest are intact. */
  readonly intact: boolean;
  /** True when the message imprint is the hash of exactly the covered bytes. */
  readonly messageImprintMatches: boolean;
  readonly indication: Indication;
  readonly subIndication?: SubIndication;
  readonly checks: readonly CheckResult[];
  readonly tstInfo?: TstInfo;
  /** The TSA certificate, when found. */
  readonly tsaCertificate?: Certificate;
  /** The TSA certificate's validated path (RFC 5280 order, anchor excluded), when one was built. */
  readonly tsaPath?: readonly Certificate[];
  /** The trust anchor that path ends at. */
  readonly tsaTrustAnchor?: TrustAnchor;
}

/**
 * Verifies an RFC 3161 time-stamp token as a CMS signature (content type, message digest, ESS
 * certificate binding, signature, id-kp-timeStamping EKU, TSA certificate path) and checks its
 * message imprint against exactly the bytes it must cover.
 *
 * The TSA certificate is judged at the validation time first. When it fails there only because time
 * passed (the TSA certificate expired, its revocation data went stale), it is judged again at the token's
 * genTime, with revocation data issued after it accepted (past certificate validation, EN 319 102-1
 * §5.6.2.4). A TSA revoked since, or algorithms that became weak since, need a proof of existence from
 * a later time-stamp (`poe`): a token is never its own proof against those, because a compromised key
 * can back-date. Never throws for a bad token: a copied or
 * altered token comes back with `intact` or `messageImprintMatches` false, so that the caller denies the
 * level the token would give without failing the signature it is attached to.
 *
 * @example
 * ```ts
 * import { parseSignedData, verifyTimestampToken } from '@mutua/cades';
 * import { nodeCryptoEngine } from '@mutua/core/node';
 * import { createTsa, signCms, timestampToken } from '@mutua/testkit';
 * const si = parseSignedData(await signCms({ content: new Uint8Array([1]), signer: leaf })).signerInfos[0]!;
 * const token = await timestampToken({ tsa: await createTsa(pki), imprint: si.signature, chain: [ca] });
 * const ts = await verifyTimestampToken({
 *   token, type: 'signature', covered: si.signature, trustAnchors, crls, crypto: nodeCryptoEngine,
 * });
 * [ts.intact, ts.messageImprintMatches, ts.indication]; // [true, true, 'TOTAL_PASSED']
 * // The same token checked against other bytes: it does not cover them.
 * const other = await verifyTimestampToken({
 *   token, type: 'signature', covered: new Uint8Array([9]), trustAnchors, crls, crypto: nodeCryptoEngine,
 * });
 * [other.messageImprintMatches, other.subIndication]; // [false, 'HASH_FAILURE']
 * ```
 */
export async function verifyTimestampToken(opts: VerifyTimestampOptions): Promise<TimestampVerification> {
  let token: TimeStampToken;
  try {
    token = parseTimeStampToken(opts.token);
  } catch (e) {
    if (!(e instanceof MutuaError)) throw e;
    const check: CheckResult = {
      id: 'timestamp.format',
      status: 'failed',
      message: `time-stamp token does not parse: ${e.message}`,
      subIndication: SubIndication.FORMAT_FAILURE,
    };
    return {
      type: opts.type,
      intact: false,
      messageImprintMatches: false,
      indication: Indication.TOTAL_FAILED,
      subIndication: SubIndication.FORMAT_FAILURE,
      checks: [check],
    };
  }
  const { signedData: sd, tstInfo } = token;
  const checks: CheckResult[] = [];
  if (token.wrapped)
    checks.push({
      id: 'timestamp.encoding',
      status: 'warning',
      message:
        'the time-stamp token is wrapped in an OCTET STRING instead of being the attribute value itself',
    });

  // The message imprint: the hash of exactly what this kind of time-stamp covers (C5).
  let messageImprintMatches = false;
  const h = tstInfo.messageImprint.hash;
  if (!h) {
    checks.push({
      id: 'timestamp.messageImprint',
      status: 'indeterminate',
      message: `unknown message imprint hash ${tstInfo.messageImprint.hashAlgorithm}`,
      subIndication: SubIndication.CRYPTO_CONSTRAINTS_FAILURE,
    });
  } else {
    const actual =
      opts.covered instanceof Uint8Array ? await opts.crypto.digest(h, opts.covered) : await opts.covered(h);
    messageImprintMatches = actual !== undefined && bytesEqual(actual, tstInfo.messageImprint.hashedMessage);
    checks.push(
      actual === undefined
        ? {
            id: 'timestamp.messageImprint',
            status: 'indeterminate',
            message: `the ${opts.type} time-stamped data is not available to hash with ${h}${opts.unavailableReason?.() ? `: ${opts.unavailableReason()}` : ''}`,
            subIndication: SubIndication.SIGNED_DATA_NOT_FOUND,
          }
        : messageImprintMatches
          ? {
              id: 'timestamp.messageImprint',
              status: 'passed',
              message: `${h} of the ${opts.type} time-stamped data matches`,
            }
          : {
              id: 'timestamp.messageImprint',
              status: 'failed',
              message: `message imprint ${toHex(tstInfo.messageImprint.hashedMessage)} is not the ${h} of the ${opts.type} time-stamped data (${toHex(actual)}): the token covers something else`,
              subIndication: SubIndication.HASH_FAILURE,
            },
    );
  }

  // The token's own CMS signature (exactly one SignerInfo, RFC 3161 §2.4.1), its TSA certificate at genTime.
  const si = sd.signerInfos[0];
  if (sd.signerInfos.length !== 1 || !si) {
    checks.push({
      id: 'timestamp.signerInfos',
      status: 'failed',
      message: `a time-stamp token has exactly one SignerInfo, this one has ${sd.signerInfos.length}`,
      subIndication: SubIndication.FORMAT_FAILURE,
    });
    return {
      type: opts.type,
      time: tstInfo.genTime,
      intact: false,
      messageImprintMatches,
      indication: Indication.TOTAL_FAILED,
      subIndication: SubIndication.FORMAT_FAILURE,
      checks,
      tstInfo,
    };
  }
  const content = sd.content!;
  const digests = new Map<HashName, Promise<Uint8Array>>();
  const signerOptions = {
    signerInfo: si,
    contentType: sd.contentType,
    content,
    digest: (hash: HashName) => {
      let d = digests.get(hash);
      if (!d) digests.set(hash, (d = opts.crypto.digest(hash, content)));
      return d;
    },
    certificates: [...sd.certificates, ...(opts.certificates ?? [])],
    trustAnchors: opts.trustAnchors,
    crls: [...sd.crls, ...(opts.crls ?? [])],
    ocspResponses: [...sd.ocspResponses, ...(opts.ocspResponses ?? [])],
    ...(opts.policy ? { policy: opts.policy } : {}),
    crypto: opts.crypto,
    requiredExtendedKeyUsage: OID.kpTimeStamping,
  };
  const now = opts.validationTime ?? new Date();
  let sig = await verifySignerInfo({ ...signerOptions, time: now });
  let pastCheck: CheckResult | undefined;
  const sub = sig.subIndication;
  if (sig.indication === Indication.INDETERMINATE && sig.signatureIntact && sub) {
    const genTime = tstInfo.genTime;
    const at =
      TSA_PASSAGE_OF_TIME.has(sub) && genTime < now
        ? { time: genTime, what: 'its genTime' }
        : TSA_NEEDS_EXTERNAL_POE.has(sub) && opts.poe && opts.poe < now
          ? { time: opts.poe, what: 'the proof of existence a later archive time-stamp gives it' }
          : undefined;
    if (at) {
      const past = await verifySignerInfo({ ...signerOptions, time: at.time, pastValidation: true });
      const iso = at.time.toISOString();
      if (past.indication === Indication.TOTAL_PASSED) {
        pastCheck = {
          id: 'timestamp.pastValidation',
          status: 'passed',
          message: `the TSA certificate does not validate at ${now.toISOString()} (${sub}), but does at ${at.what}, ${iso}`,
        };
        sig = { ...past, checks: sig.checks };
      } else {
        const why = past.checks.find((c) => c.status === 'failed' || c.status === 'indeterminate');
        pastCheck = {
          id: 'timestamp.pastValidation',
          status: 'indeterminate',
          message: `the TSA certificate does not validate at ${now.toISOString()} (${sub}), nor at ${at.what}, ${iso} (${past.subIndication ?? past.indication}${why ? `: ${why.message}` : ''})`,
          subIndication: sub,
        };
      }
    } else if (TSA_NEEDS_EXTERNAL_POE.has(sub)) {
      pastCheck = {
        id: 'timestamp.pastValidation',
        status: 'indeterminate',
        message: `the TSA certificate does not validate at ${now.toISOString()} (${sub}) and no later time-stamp proves the token existed before that happened`,
        subIndication: sub,
      };
    }
  }
  checks.push(...sig.checks.map((c) => ({ ...c, id: c.id.replace(/^cms\./, 'timestamp.') })));
  if (pastCheck) checks.push(pastCheck);
  // The imprint decides first when it is wrong (the token is about other data); when it cannot be checked,
  // it only decides if the token's own signature and TSA passed.
  const imprint = checks.find((c) => c.id === 'timestamp.messageImprint');
  const verdict =
    imprint?.status === 'failed'
      ? { indication: Indication.TOTAL_FAILED, subIndication: SubIndication.HASH_FAILURE }
      : sig.indication === Indication.TOTAL_PASSED &&
          imprint?.status === 'indeterminate' &&
          imprint.subIndication
        ? { indication: Indication.INDETERMINATE, subIndication: imprint.subIndication }
        : { indication: sig.indication, ...(sig.subIndication ? { subIndication: sig.subIndication } : {}) };
  return {
    type: opts.type,
    time: tstInfo.genTime,
    intact: sig.signatureIntact,
    messageImprintMatches,
    ...verdict,
    checks,
    tstInfo,
    ...(sig.signerCertificate ? { tsaCertificate: sig.signerCertificate } : {}),
    ...(sig.path?.best
      ? { tsaPath: sig.path.best.path.certificates, tsaTrustAnchor: sig.path.best.path.anchor }
      : {}),
  };
}
