import { type Certificate, type CrlReason, OID, der } from '@mutua/core';
import {
  type BuiltCertificate,
  type IssuerInput,
  resolveIssuer,
  signStructure,
  wholeSeconds,
} from './certificate';
import { CRL_REASON_VALUES } from './crl';
import { type RawExtension, encodeExtension } from './extensions';
import type { SignatureOptions } from './keys';

/** OCSPResponseStatus (RFC 6960 §4.2.1). */
export type OcspResponseStatusInput =
  | 'successful'
  | 'malformedRequest'
  | 'internalError'
  | 'tryLater'
  | 'sigRequired'
  | 'unauthorized';

const STATUS_CODES: Record<OcspResponseStatusInput, number> = {
  successful: 0,
  malformedRequest: 1,
  internalError: 2,
  tryLater: 3,
  sigRequired: 5,
  unauthorized: 6,
};

/** Hash for CertID. */
export type CertIdHash = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

const HASH_OID: Record<CertIdHash, string> = {
  'SHA-1': OID.sha1,
  'SHA-256': OID.sha256,
  'SHA-384': OID.sha384,
  'SHA-512': OID.sha512,
};

/** A certificate's status in a SingleResponse. */
export type CertStatusInput = 'good' | 'unknown' | { readonly revoked: Date; readonly reason?: CrlReason };

/** A certificate given as built by the testkit, parsed, or DER. */
export type CertificateRef = BuiltCertificate | Certificate;

/** The parts of a CertID (RFC 6960 §4.1.1), for requests and responses. */
export interface CertIdInput {
  readonly hash: CertIdHash;
  readonly issuerNameHash: Uint8Array;
  readonly issuerKeyHash: Uint8Array;
  readonly serialNumber: bigint;
}

/** One SingleResponse. */
export interface SingleResponseInput {
  /** The certificate the status is about (its serial and issuer name are used). */
  readonly certificate?: CertificateRef;
  /** Its issuer (name and key are hashed into the CertID). Required with `certificate`. */
  readonly issuer?: CertificateRef;
  /** A CertID given directly (overrides certificate/issuer; for mismatch tests). */
  readonly certId?: CertIdInput;
  /** Hash for the CertID (default SHA-1, the value clients most often send). */
  readonly hash?: CertIdHash;
  readonly status: CertStatusInput;
  /** Default: one hour before producedAt. */
  readonly thisUpdate?: Date;
  /** `null` omits nextUpdate. Default: one day after thisUpdate. */
  readonly nextUpdate?: Date | null;
  readonly extensions?: readonly RawExtension[];
}

/**
 * Options of {@link buildOcspResponse}. For a non-successful `responseStatus` only the status is
 * written (no responseBytes).
 */
export interface OcspResponseOptions {
  readonly responseStatus?: OcspResponseStatusInput;
  /** The responder: the CA itself or a delegated OCSP signing certificate (or a bare name + key). */
  readonly responder?: IssuerInput;
  /** ResponderID form (default `byKey`). */
  readonly responderId?: 'byName' | 'byKey';
  /** Default: now (truncated to seconds). */
  readonly producedAt?: Date;
  readonly responses?: readonly SingleResponseInput[];
  /** Certificates in `certs` (default: the responder's certificate when it is a built certificate; `[]` for none). */
  readonly certs?: readonly (CertificateRef | Uint8Array)[];
  /** Nonce extension (RFC 8954): the nonce octets. */
  readonly nonce?: Uint8Array;
  /** Further responseExtensions. */
  readonly extensions?: readonly RawExtension[];
  readonly signature?: SignatureOptions;
  readonly tamper?: {
    readonly signature?: boolean;
    /** Write a different outer signatureAlgorithm. */
    readonly signatureAlgorithm?: Uint8Array;
  };
}

/** An OCSP response built by the testkit. */
export interface BuiltOcspResponse {
  /** The complete OCSPResponse DER. */
  readonly der: Uint8Array;
  /** The BasicOCSPResponse DER (absent for non-successful responses). */
  readonly basicDer?: Uint8Array;
  /** The ResponseData DER that was signed. */
  readonly tbsDer?: Uint8Array;
  readonly producedAt?: Date;
}

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('@mutua/testkit needs WebCrypto (globalThis.crypto.subtle)');
  return s;
}

async function hash(h: CertIdHash, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().digest(h, data as BufferSource));
}

const parsed = (c: CertificateRef): Certificate => ('cert' in c ? c.cert : c);

/**
 * Computes a CertID: hashes of the certificate's issuer name and of the issuer's public key, and the serial.
 *
 * @example
 * ```ts
 * import { computeCertId } from '@mutua/testkit';
 * const id = await computeCertId(leaf, ca, 'SHA-256');
 * ```
 */
export async function computeCertId(
  certificate: CertificateRef,
  issuer: CertificateRef,
  h: CertIdHash = 'SHA-1',
): Promise<CertIdInput> {
  const c = parsed(certificate);
  const i = parsed(issuer);
  return {
    hash: h,
    issuerNameHash: await hash(h, c.issuer.der),
    issuerKeyHash: await hash(h, i.publicKey.publicKey),
    serialNumber: c.serialNumber,
  };
}

/**
 * Encodes a CertID SEQUENCE (hash AlgorithmIdentifier with NULL parameters, as most responders write it).
 *
 * @example
 * ```ts
 * import { computeCertId, encodeCertId } from '@mutua/testkit';
 * const certIdDer = encodeCertId(await computeCertId(leaf, ca));
 * ```
 */
export function encodeCertId(id: CertIdInput): Uint8Array {
  return der.seq(
    der.seq(der.oid(HASH_OID[id.hash]), der.nul()),
    der.octets(id.issuerNameHash),
    der.octets(id.issuerKeyHash),
    der.int(id.serialNumber),
  );
}

function encodeStatus(s: CertStatusInput): Uint8Array {
  if (s === 'good') return der.ctxPrim(0, new Uint8Array(0));
  if (s === 'unknown') return der.ctxPrim(2, new Uint8Array(0));
  return der.implicitConstructed(
    1,
    der.seq(
      der.generalizedTime(wholeSeconds(s.revoked)),
      s.reason ? der.ctx(0, der.enumerated(CRL_REASON_VALUES[s.reason])) : undefined,
    ),
  );
}

/**
 * Builds an OCSPResponse (RFC 6960) with a signed BasicOCSPResponse.
 *
 * @example
 * ```ts
 * import { buildOcspResponse } from '@mutua/testkit';
 * const revoked = { revoked: new Date('2025-01-10T00:00:00Z'), reason: 'keyCompromise' } as const;
 * const resp = await buildOcspResponse({
 *   responder: ca,
 *   responses: [{ certificate: leaf, issuer: ca, status: revoked }],
 *   nonce: new Uint8Array([1, 2, 3, 4]),
 * });
 * const unauthorized = await buildOcspResponse({ responseStatus: 'unauthorized' });
 * ```
 */
export async function buildOcspResponse(options: OcspResponseOptions): Promise<BuiltOcspResponse> {
  const status = options.responseStatus ?? 'successful';
  if (status !== 'successful') return { der: der.seq(der.enumerated(STATUS_CODES[status])) };
  if (!options.responder)
    throw new TypeError('buildOcspResponse: a responder is required for a successful response');
  const responder = await resolveIssuer(options.responder);
  const producedAt = wholeSeconds(options.producedAt ?? new Date());

  const singles: Uint8Array[] = [];
  for (const r of options.responses ?? []) {
    let id = r.certId;
    if (!id) {
      if (!r.certificate || !r.issuer)
        throw new TypeError('SingleResponse: give certificate and issuer, or certId');
      id = await computeCertId(r.certificate, r.issuer, r.hash ?? 'SHA-1');
    }
    const thisUpdate = wholeSeconds(r.thisUpdate ?? new Date(producedAt.getTime() - 3_600_000));
    const nextUpdate =
      r.nextUpdate === null
        ? undefined
        : wholeSeconds(r.nextUpdate ?? new Date(thisUpdate.getTime() + 86_400_000));
    singles.push(
      der.seq(
        encodeCertId(id),
        encodeStatus(r.status),
        der.generalizedTime(thisUpdate),
        nextUpdate ? der.ctx(0, der.generalizedTime(nextUpdate)) : undefined,
        r.extensions?.length ? der.ctx(1, der.seq(...r.extensions.map(encodeExtension))) : undefined,
      ),
    );
  }

  const exts: Uint8Array[] = [];
  if (options.nonce) exts.push(encodeExtension({ oid: OID.ocspNonce, value: der.octets(options.nonce) }));
  for (const x of options.extensions ?? []) exts.push(encodeExtension(x));

  const responderId =
    (options.responderId ?? 'byKey') === 'byKey'
      ? der.ctx(2, der.octets(await hash('SHA-1', responder.key.publicKeyInfo.publicKey)))
      : der.ctx(1, responder.name);
  const tbs = der.seq(
    responderId,
    der.generalizedTime(producedAt),
    der.seq(...singles),
    exts.length ? der.ctx(1, der.seq(...exts)) : undefined,
  );

  const certs =
    options.certs ??
    ('cert' in options.responder && 'der' in options.responder
      ? [options.responder as BuiltCertificate]
      : []);
  const certDers = certs.map((c) => (c instanceof Uint8Array ? c : c.der));
  const tamper = options.tamper ?? {};
  const basic = await signStructure(tbs, responder.key, {
    ...(options.signature ? { signature: options.signature } : {}),
    ...(tamper.signature ? { tamperSignature: true } : {}),
    ...(tamper.signatureAlgorithm ? { outerAlgorithm: tamper.signatureAlgorithm } : {}),
    trailing: certDers.length ? [der.ctx(0, der.seq(...certDers))] : [],
  });
  const response = der.seq(der.enumerated(0), der.ctx(0, der.seq(der.oid(OID.ocspBasic), der.octets(basic))));
  return { der: response, basicDer: basic, tbsDer: tbs, producedAt };
}
