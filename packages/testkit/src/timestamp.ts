import { der } from '@mutua/core';
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
