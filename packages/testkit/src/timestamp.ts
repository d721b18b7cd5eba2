import { children, der, isContext, parseDer, tlvBytes } from '@mutua/core';
import type { BuiltCertificate } from './certificate';
import {
  type SignCmsOptions,
  type SignerPath,
  addUnsignedAttribute,
  cmsAttribute,
  signCms,
  signatureValueOf,
} from './cms';
import type { SignHash } from './keys';
import type { IssueOptions, TestCertificateAuthority, TestPki } from './pki';

/** The TSA policy OID the test TSAs assert (under the ITU-T "example" arc 2.999). */
export const TEST_TSA_POLICY_OID = '2.999.3161.1';

const TST_INFO = '1.2.840.113549.1.9.16.1.4';
const SIGNATURE_TIME_STAMP = '1.2.840.113549.1.9.16.2.14';
const HASH_OID: Record<SignHash, string> = {
  'SHA-1': '1.3.14.3.2.26',
  'SHA-256': '2.16.840.1.101.3.4.2.1',
  'SHA-384': '2.16.840.1.101.3.4.2.2',
  'SHA-512': '2.16.840.1.101.3.4.2.3',
};

/** Options of {@link createTsa}. */
export interface CreateTsaOptions extends IssueOptions {
  /** The CA that issues the TSA certificate (default the PKI's issuing CA). */
  readonly by?: TestCertificateAuthority;
  /** Write the timeStamping EKU (default true; `false` makes a TSA a verifier must refuse). */
  readonly timeStampingEku?: boolean;
}

/**
 * Issues a time-stamping unit certificate: keyUsage digitalSignature and the extended key usage
 * id-kp-timeStamping alone and critical (RFC 3161 §2.3).
 *
 * @example
 * ```ts
 * import { createTsa } from '@mutua/testkit';
 * const tsa = await createTsa(pki);
 * tsa.cert.ext.extKeyUsage; // ['1.3.6.1.5.5.7.3.8'] (id-kp-timeStamping, critical)
 * ```
 */
export async function createTsa(pki: TestPki, options: CreateTsaOptions = {}): Promise<BuiltCertificate> {
  const { by, timeStampingEku, ...rest } = options;
  const ca = by ?? pki.issuingCa;
  return ca.issue({
    subject: [
      ['C', 'ES'],
      ['O', 'Mutua Test'],
      ['CN', 'Mutua Test TSA'],
    ],
    ...rest,
    extensions: {
      keyUsage: ['digitalSignature'],
      ...(timeStampingEku === false
        ? {}
        : { extKeyUsage: ['timeStamping'], critical: { extKeyUsage: true } }),
      ...rest.extensions,
    },
  });
}

/** Options of {@link timestampToken}. */
export interface TimestampTokenOptions {
  readonly tsa: BuiltCertificate;
  /** The bytes whose hash becomes the message imprint (or give `digest`). */
  readonly imprint?: Uint8Array;
  /** The message imprint itself (wins over `imprint`). */
  readonly digest?: Uint8Array;
  /** Message imprint hash (default SHA-256). */
  readonly hash?: SignHash;
  /** genTime (default now); `genTimeText` writes an exact GeneralizedTime string instead. */
  readonly genTime?: Date;
  readonly genTimeText?: string;
  readonly policy?: string;
  readonly serialNumber?: bigint;
  readonly nonce?: bigint;
  /** Accuracy in seconds / millis / micros. */
  readonly accuracy?: { readonly seconds?: number; readonly millis?: number; readonly micros?: number };
  /** Certificates to include besides the TSA's (its CA). */
  readonly chain?: SignCmsOptions['chain'];
  /** Signer options passed to the token's CMS (for negative tests: tamper, ESS substitution…). */
  readonly cms?: Partial<Omit<SignCmsOptions, 'content' | 'signer' | 'contentType'>>;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

function generalizedTime(d: Date): string {
  const ms = d.getUTCMilliseconds();
  return `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}${ms ? `.${pad(ms, 3).replace(/0+$/, '')}` : ''}Z`;
}

/**
 * Issues an RFC 3161 TimeStampToken: a CMS SignedData over a DER TSTInfo, signed by the TSA with the
 * content-type, message-digest and signing-certificate-v2 attributes.
 *
 * @example
 * ```ts
 * import { createTsa, timestampToken } from '@mutua/testkit';
 * const tsa = await createTsa(pki);
 * const token = await timestampToken({ tsa, imprint: new Uint8Array([1, 2, 3]), genTime: new Date('2025-06-01T12:00:00Z') });
 * token[0]; // 0x30 (a ContentInfo holding a SignedData over a TSTInfo)
 * ```
 */
export async function timestampToken(options: TimestampTokenOptions): Promise<Uint8Array> {
  const hash = options.hash ?? 'SHA-256';
  const digest =
    options.digest ??
    new Uint8Array(await crypto.subtle.digest(hash, (options.imprint ?? new Uint8Array()) as BufferSource));
  const acc = options.accuracy;
  const tstInfo = der.seq(
    der.int(1),
    der.oid(options.policy ?? TEST_TSA_POLICY_OID),
    der.seq(der.seq(der.oid(HASH_OID[hash])), der.octets(digest)),
    der.int(options.serialNumber ?? BigInt(Date.now())),
    der.tlv(
      0x18,
      new TextEncoder().encode(options.genTimeText ?? generalizedTime(options.genTime ?? new Date())),
    ),
    acc
      ? der.seq(
          acc.seconds !== undefined ? der.int(acc.seconds) : undefined,
          acc.millis !== undefined ? der.implicitPrimitive(0, der.int(acc.millis)) : undefined,
          acc.micros !== undefined ? der.implicitPrimitive(1, der.int(acc.micros)) : undefined,
        )
      : undefined,
    options.nonce !== undefined ? der.int(options.nonce) : undefined,
  );
  return signCms({
    ...options.cms,
    content: tstInfo,
    contentType: TST_INFO,
    signer: options.tsa,
    ...(options.chain ? { chain: options.chain } : {}),
  });
}

/** Options of {@link addSignatureTimestamp}: those of {@link timestampToken} except what it computes. */
export interface SignatureTimestampOptions extends Omit<TimestampTokenOptions, 'tsa' | 'imprint'> {
  /** Which SignerInfo to time-stamp (default 0; a path reaches counter-signatures). */
  readonly signer?: SignerPath;
  /** Time-stamp these bytes instead of the signature value (a token over the wrong data). */
  readonly imprint?: Uint8Array;
}

/**
 * Makes a CAdES-T: adds a signature-time-stamp unsigned attribute whose token covers the SignerInfo's
 * signature value.
 *
 * @example
 * ```ts
 * import { addSignatureTimestamp, createTsa, signCms } from '@mutua/testkit';
 * const tsa = await createTsa(pki);
 * const p7s = await signCms({ content: new Uint8Array([1]), signer: leaf, chain: [ca] });
 * const cadesT = await addSignatureTimestamp(p7s, tsa, { genTime: new Date('2025-06-01T12:00:00Z') });
 * cadesT.length > p7s.length; // true
 * ```
 */
export async function addSignatureTimestamp(
  cms: Uint8Array,
  tsa: BuiltCertificate,
  options: SignatureTimestampOptions = {},
): Promise<Uint8Array> {
  const index = options.signer ?? 0;
  const token = await timestampToken({
    ...options,
    tsa,
    imprint: options.imprint ?? signatureValueOf(cms, index),
  });
  return addUnsignedAttribute(cms, cmsAttribute(SIGNATURE_TIME_STAMP, token), index);
}

/** Options of {@link addArchiveTimestampV3}. */
export interface ArchiveTimestampV3Options extends Omit<TimestampTokenOptions, 'tsa' | 'imprint' | 'digest'> {
  /** The signed content, required when the CMS is detached. */
  readonly content?: Uint8Array;
  /** Which top-level SignerInfo to archive-time-stamp (default 0). */
  readonly signer?: number;
  /** Which ats-hash-index type the token carries (default `v3`, 0.4.0.19122.1.5). */
  readonly hashIndexVersion?: 'v1' | 'v2' | 'v3';
  /** Time-stamp this message imprint instead of the right one (a token over other data). */
  readonly digest?: Uint8Array;
}

const ARCHIVE_TIME_STAMP_V3 = '0.4.0.1733.2.4';
const ATS_HASH_INDEX: Record<'v1' | 'v2' | 'v3', string> = {
  v1: '0.4.0.1733.2.5',
  v2: '0.4.0.19122.1.4',
  v3: '0.4.0.19122.1.5',
};

/**
 * Makes a CAdES-A / -BASELINE-LTA: adds an archive-time-stamp-v3 (ETSI EN 319 122-1 §5.5.3) whose token
 * carries an ats-hash-index-v3 (§5.5.2) of the certificates, revocation data and unsigned attributes
 * present, and whose message imprint is the hash of the eContentType, the hash of the content, the
 * SignerInfo fields version … signature and that index. The CMS must be DER (as {@link signCms} writes by
 * default): the fields are hashed as they are encoded. The index hash is the default SHA-256 (omitted).
 *
 * @example
 * ```ts
 * import { addArchiveTimestampV3, addSignatureTimestamp, createTsa, signCms } from '@mutua/testkit';
 * const tsa = await createTsa(pki);
 * const content = new Uint8Array([1]);
 * const cadesT = await addSignatureTimestamp(await signCms({ content, signer: leaf, chain: [ca] }), tsa);
 * const cadesA = await addArchiveTimestampV3(cadesT, tsa, { genTime: new Date('2030-01-01T00:00:00Z') });
 * cadesA.length > cadesT.length; // true
 * ```
 */
export async function addArchiveTimestampV3(
  cms: Uint8Array,
  tsa: BuiltCertificate,
  options: ArchiveTimestampV3Options = {},
): Promise<Uint8Array> {
  const sha256 = async (b: Uint8Array) =>
    new Uint8Array(await crypto.subtle.digest('SHA-256', b as BufferSource));
  const hash = options.hash ?? 'SHA-256';
  const digestOf = async (b: Uint8Array) =>
    new Uint8Array(await crypto.subtle.digest(hash, b as BufferSource));
  const ci = parseDer(cms);
  const sd = children(children(ci)[1]!)[0]!;
  const kids = children(sd);
  const eci = children(kids[2]!);
  const certs = kids.find((k) => isContext(k, 0));
  const crls = kids.find((k) => isContext(k, 1));
  const si = children(kids[kids.length - 1]!)[options.signer ?? 0]!;
  const eContent = eci[1] ? children(eci[1])[0] : undefined;
  const content = eContent ? eContent.buf.subarray(eContent.valueStart, eContent.valueEnd) : options.content;
  if (!content) throw new Error('addArchiveTimestampV3: the CMS is detached, give options.content');
  const fields = children(si).filter((f) => !isContext(f, 1));
  const unsigned = children(si).find((f) => isContext(f, 1));
  const hashes = async (items: readonly Uint8Array[]) =>
    der.seq(...(await Promise.all(items.map(async (b) => der.octets(await sha256(b))))));
  const version = options.hashIndexVersion ?? 'v3';
  const attrForms = (unsigned ? children(unsigned) : []).map((a) => {
    // ats-hash-index (v1): the whole Attribute; -v2/-v3: attrType followed by attrValues.
    if (version === 'v1') return tlvBytes(a);
    const [type, values] = children(a);
    return der.concat([tlvBytes(type!), tlvBytes(values!)]);
  });
  const index = der.seq(
    await hashes(certs ? children(certs).map(tlvBytes) : []),
    await hashes(crls ? children(crls).map(tlvBytes) : []),
    await hashes(attrForms),
  );
  const imprint = await digestOf(
    der.concat([tlvBytes(eci[0]!), await digestOf(content), ...fields.map(tlvBytes), index]),
  );
  const token = await timestampToken({
    ...options,
    tsa,
    digest: options.digest ?? imprint,
    cms: {
      ...options.cms,
      unsignedAttributes: [
        ...(options.cms?.unsignedAttributes ?? []),
        cmsAttribute(ATS_HASH_INDEX[version], index),
      ],
    },
  });
  return addUnsignedAttribute(cms, cmsAttribute(ARCHIVE_TIME_STAMP_V3, token), options.signer ?? 0);
}
