import { Tag, type Tlv, isContext, isUniversal, parseDer, tlvBytes, tlvValue } from '../asn1/der';
import * as w from '../asn1/write';
import {
  SeqReader,
  decodeBitString,
  decodeBoolean,
  decodeInteger,
  decodeOctetString,
  decodeOid,
  decodeTime,
  explicitInner,
} from '../asn1/read';
import { HASH_BY_OID, type HashName, OID_BY_HASH } from '../crypto/algorithms';
import type { CryptoEngine } from '../crypto/engine';
import { StructureError } from '../errors';
import { OID } from '../oids';
import { type Certificate, certificateFromTlv } from '../x509/certificate';
import type { Extension } from '../x509/extensions';
import { type Name, parseName } from '../x509/name';
import { type AlgorithmIdentifier, parseAlgorithmIdentifier } from '../x509/public-key';
import { CRL_REASON_CODES, type CrlReason } from './crl';
import { toHex as hex } from '../util/bytes';

/** OCSPResponseStatus (RFC 6960 §4.2.1). */
export type OcspResponseStatus =
  | 'successful'
  | 'malformedRequest'
  | 'internalError'
  | 'tryLater'
  | 'sigRequired'
  | 'unauthorized'
  | 'unknown';

const RESPONSE_STATUS: readonly (OcspResponseStatus | undefined)[] = [
  'successful',
  'malformedRequest',
  'internalError',
  'tryLater',
  undefined,
  'sigRequired',
  'unauthorized',
];

/** CertID (RFC 6960 §4.1.1): which certificate a SingleResponse is about. */
export interface OcspCertId {
  readonly hashAlgorithm: AlgorithmIdentifier;
  /** The hash name, when the algorithm is known. */
  readonly hash?: HashName;
  /** Hash of the issuer's distinguished name (DER). */
  readonly issuerNameHash: Uint8Array;
  /** Hash of the issuer's public key (the subjectPublicKey BIT STRING content). */
  readonly issuerKeyHash: Uint8Array;
  readonly serialNumber: bigint;
  /** Lowercase hex of the serial's INTEGER content octets (as `Certificate.serialHex`). */
  readonly serialHex: string;
}

/** CertStatus of a SingleResponse. */
export type OcspCertStatus =
  | { readonly status: 'good' }
  | { readonly status: 'revoked'; readonly revocationTime: Date; readonly reason?: CrlReason }
  | { readonly status: 'unknown' };

/** One SingleResponse (RFC 6960 §4.2.1). */
export interface OcspSingleResponse {
  readonly certId: OcspCertId;
  readonly certStatus: OcspCertStatus;
  readonly thisUpdate: Date;
  readonly nextUpdate?: Date;
  readonly extensions: readonly Extension[];
}

/** ResponderID: the responder's name, or the SHA-1 hash of its public key. */
export type OcspResponderId =
  | { readonly type: 'byName'; readonly name: Name }
  | { readonly type: 'byKey'; readonly keyHash: Uint8Array };

/** A BasicOCSPResponse (RFC 6960 §4.2.1). */
export interface BasicOcspResponse {
  /** The BasicOCSPResponse DER. */
  readonly der: Uint8Array;
  /** The ResponseData DER (what the responder signed). */
  readonly tbsResponseData: Uint8Array;
  /** 1. */
  readonly version: number;
  readonly responderId: OcspResponderId;
  readonly producedAt: Date;
  readonly responses: readonly OcspSingleResponse[];
  /** The responseExtensions, in order. */
  readonly extensions: readonly Extension[];
  /** The nonce extension's value, when present. */
  readonly nonce?: Uint8Array;
  readonly signatureAlgorithm: AlgorithmIdentifier;
  readonly signature: Uint8Array;
  /** Certificates the responder included (typically its own, for delegated responders). */
  readonly certs: readonly Certificate[];
}

/**
 * An OCSPResponse (RFC 6960 §4.2.1). Only `successful` responses carry `basic`; the other statuses
 * (`tryLater`, `unauthorized`, …) say nothing about any certificate.
 */
export interface OcspResponse {
  /** The DER as given (an OCSPResponse, or a bare BasicOCSPResponse as embedded in CMS/CAdES). */
  readonly der: Uint8Array;
  readonly responseStatus: OcspResponseStatus;
  /** The responseType OID (id-pkix-ocsp-basic for every response Mutua can read). */
  readonly responseType?: string;
  readonly basic?: BasicOcspResponse;
}

function readExtensions(t: Tlv, what: string): Extension[] {
  return new SeqReader(t, what).rest().map((e) => {
    const er = new SeqReader(e, 'Extension');
    const oid = decodeOid(er.next('extnID'), 'extnID');
    const c = er.optional(Tag.BOOLEAN);
    const critical = c ? decodeBoolean(c, 'critical') : false;
    const value = decodeOctetString(er.next('extnValue'), 'extnValue');
    er.end();
    return { oid, critical, value };
  });
}

function parseCertId(t: Tlv): OcspCertId {
  const r = new SeqReader(t, 'CertID');
  const hashAlgorithm = parseAlgorithmIdentifier(
    r.next('hashAlgorithm', Tag.SEQUENCE),
    'CertID hashAlgorithm',
  );
  const issuerNameHash = decodeOctetString(r.next('issuerNameHash'), 'issuerNameHash');
  const issuerKeyHash = decodeOctetString(r.next('issuerKeyHash'), 'issuerKeyHash');
  const serialNode = r.next('serialNumber', Tag.INTEGER);
  r.end();
  const hash = HASH_BY_OID[hashAlgorithm.oid];
  return {
    hashAlgorithm,
    ...(hash ? { hash } : {}),
    issuerNameHash,
    issuerKeyHash,
    serialNumber: decodeInteger(serialNode, 'serialNumber'),
    serialHex: hex(tlvValue(serialNode)),
  };
}

/** CertStatus ::= CHOICE { good [0] IMPLICIT NULL, revoked [1] IMPLICIT RevokedInfo, unknown [2] IMPLICIT UnknownInfo } */
function parseCertStatus(t: Tlv): OcspCertStatus {
  if (isContext(t, 0)) return { status: 'good' };
  if (isContext(t, 2)) return { status: 'unknown' };
  if (!isContext(t, 1))
    throw new StructureError('BAD_CERT_STATUS', 'SingleResponse: unknown certStatus choice');
  const r = new SeqReader(t, 'RevokedInfo');
  const revocationTime = decodeTime(r.next('revocationTime'), 'revocationTime');
  const reasonNode = r.optionalContext(0);
  r.end();
  if (!reasonNode) return { status: 'revoked', revocationTime };
  const n = decodeInteger(explicitInner(reasonNode, 'revocationReason'), 'revocationReason');
  const reason =
    (n >= 0n && n < BigInt(CRL_REASON_CODES.length) ? CRL_REASON_CODES[Number(n)] : undefined) ??
    'unspecified';
  return { status: 'revoked', revocationTime, reason };
}

function parseSingleResponse(t: Tlv): OcspSingleResponse {
  const r = new SeqReader(t, 'SingleResponse');
  const certId = parseCertId(r.next('certID', Tag.SEQUENCE));
  const certStatus = parseCertStatus(r.next('certStatus'));
  const thisUpdate = decodeTime(r.next('thisUpdate', Tag.GeneralizedTime), 'thisUpdate');
  const next = r.optionalContext(0);
  const ext = r.optionalContext(1);
  r.end();
  const nextUpdate = next ? decodeTime(explicitInner(next, 'nextUpdate'), 'nextUpdate') : undefined;
  const extensions = ext ? readExtensions(explicitInner(ext, 'singleExtensions'), 'singleExtensions') : [];
  return { certId, certStatus, thisUpdate, ...(nextUpdate ? { nextUpdate } : {}), extensions };
}

function parseResponderId(t: Tlv): OcspResponderId {
  // ResponderID is an EXPLICIT-tagged CHOICE (the OCSP module uses EXPLICIT TAGS).
  if (isContext(t, 1))
    return { type: 'byName', name: parseName(explicitInner(t, 'ResponderID byName'), 'responder name') };
  if (isContext(t, 2)) {
    return {
      type: 'byKey',
      keyHash: decodeOctetString(explicitInner(t, 'ResponderID byKey'), 'ResponderID byKey'),
    };
  }
  throw new StructureError('BAD_RESPONDER_ID', 'ResponseData: unknown responderID choice');
}

/**
 * Parses a BasicOCSPResponse (what CMS RevocationValues and CAdES/XAdES embed).
 *
 * @throws `Asn1Error` or `StructureError` for malformed input.
 *
 * @example
 * ```ts
 * import { parseBasicOcspResponse, parseOcspResponse } from '@mutua/core';
 * // CAdES/XAdES revocation values embed the BasicOCSPResponse without the OCSPResponse envelope:
 * const basicDer = parseOcspResponse(ocspDer).basic!.der;
 * const basic = parseBasicOcspResponse(basicDer);
 * basic.responses[0]?.certStatus; // { status: 'good' }
 * ```
 */
export function parseBasicOcspResponse(der: Uint8Array): BasicOcspResponse {
  return basicFromTlv(parseDer(der));
}

function basicFromTlv(root: Tlv): BasicOcspResponse {
  const r = new SeqReader(root, 'BasicOCSPResponse');
  const tbs = r.next('tbsResponseData', Tag.SEQUENCE);
  const signatureAlgorithm = parseAlgorithmIdentifier(
    r.next('signatureAlgorithm', Tag.SEQUENCE),
    'signatureAlgorithm',
  );
  const signature = decodeBitString(r.next('signature'), 'signature').bytes;
  const certsNode = r.optionalContext(0);
  r.end();
  const certs = certsNode
    ? new SeqReader(explicitInner(certsNode, 'certs'), 'certs').rest().map((c) => certificateFromTlv(c))
    : [];

  const d = new SeqReader(tbs, 'ResponseData');
  const v = d.optionalContext(0);
  const version = v ? Number(decodeInteger(explicitInner(v, 'version'), 'version')) + 1 : 1;
  if (version !== 1) throw new StructureError('BAD_VERSION', `ResponseData: unknown version ${version}`);
  const responderId = parseResponderId(d.next('responderID'));
  const producedAt = decodeTime(d.next('producedAt', Tag.GeneralizedTime), 'producedAt');
  const responses = new SeqReader(d.next('responses', Tag.SEQUENCE), 'responses')
    .rest()
    .map(parseSingleResponse);
  const extNode = d.optionalContext(1);
  d.end();
  const extensions = extNode
    ? readExtensions(explicitInner(extNode, 'responseExtensions'), 'responseExtensions')
    : [];
  const nonceExt = extensions.find((e) => e.oid === OID.ocspNonce);
  // RFC 8954: the nonce is an OCTET STRING; some responders put the raw bytes. Keep whichever we find.
  let nonce: Uint8Array | undefined;
  if (nonceExt) {
    try {
      nonce = decodeOctetString(parseDer(nonceExt.value), 'nonce');
    } catch {
      nonce = nonceExt.value;
    }
  }
  return {
    der: tlvBytes(root),
    tbsResponseData: tlvBytes(tbs),
    version,
    responderId,
    producedAt,
    responses,
    extensions,
    ...(nonce ? { nonce } : {}),
    signatureAlgorithm,
    signature,
    certs,
  };
}

/**
 * Parses an OCSP response: an OCSPResponse (RFC 6960 §4.2.1) or, as found inside CMS and CAdES
 * revocation values, a bare BasicOCSPResponse (reported as `successful`).
 *
 * @throws `Asn1Error` or `StructureError` for malformed input, or for a successful response
 * whose type is not id-pkix-ocsp-basic.
 * @example
 * ```ts
 * import { parseOcspResponse } from '@mutua/core';
 * const resp = parseOcspResponse(ocspDer);
 * if (resp.basic) for (const s of resp.basic.responses) console.log(s.certId.serialHex, s.certStatus.status);
 * ```
 */
export function parseOcspResponse(der: Uint8Array): OcspResponse {
  const root = parseDer(der);
  if (!isUniversal(root, Tag.SEQUENCE))
    throw new StructureError('NOT_AN_OCSP_RESPONSE', 'OCSPResponse: not a SEQUENCE');
  const r = new SeqReader(root, 'OCSPResponse');
  const first = r.next('responseStatus');
  if (isUniversal(first, Tag.SEQUENCE)) {
    return {
      der: tlvBytes(root),
      responseStatus: 'successful',
      responseType: OID.ocspBasic,
      basic: basicFromTlv(root),
    };
  }
  if (!isUniversal(first, Tag.ENUMERATED)) {
    throw new StructureError('WRONG_TAG', 'OCSPResponse: responseStatus is not ENUMERATED');
  }
  const code = decodeInteger(first, 'responseStatus');
  const responseStatus = (code >= 0n && code < 7n ? RESPONSE_STATUS[Number(code)] : undefined) ?? 'unknown';
  const bytesNode = r.optionalContext(0);
  r.end();
  if (!bytesNode) return { der: tlvBytes(root), responseStatus };
  const rb = new SeqReader(explicitInner(bytesNode, 'responseBytes'), 'ResponseBytes');
  const responseType = decodeOid(rb.next('responseType'), 'responseType');
  const response = decodeOctetString(rb.next('response'), 'response');
  rb.end();
  if (responseType !== OID.ocspBasic) {
    if (responseStatus === 'successful') {
      throw new StructureError(
        'UNSUPPORTED_OCSP_TYPE',
        `OCSPResponse: unsupported response type ${responseType}`,
      );
    }
    return { der: tlvBytes(root), responseStatus, responseType };
  }
  const basic = responseStatus === 'successful' ? parseBasicOcspResponse(response) : undefined;
  return { der: tlvBytes(root), responseStatus, responseType, ...(basic ? { basic } : {}) };
}

/**
 * Builds the CertID of `cert` as issued by `issuer` (RFC 6960 §4.1.1): the hash of the issuer's name DER
 * and of its public key BIT STRING content, with the certificate's serial number.
 *
 * @example
 * ```ts
 * import { children, createWebCryptoEngine, buildOcspCertId, parseDer } from '@mutua/core';
 * const issuerInfo = { name: issuer.subject, publicKey: issuer.publicKey };
 * const certId = await buildOcspCertId(createWebCryptoEngine(), cert, issuerInfo, 'SHA-256');
 * children(parseDer(certId)).length; // 4 (hashAlgorithm, issuerNameHash, issuerKeyHash, serialNumber)
 * ```
 */
export async function buildOcspCertId(
  crypto: CryptoEngine,
  cert: Certificate,
  issuer: { readonly name: Name; readonly publicKey: { readonly publicKey: Uint8Array } },
  hash: HashName = 'SHA-1',
): Promise<Uint8Array> {
  const nameHash = await crypto.digest(hash, cert.issuer.der);
  const keyHash = await crypto.digest(hash, issuer.publicKey.publicKey);
  return w.seq(
    w.seq(w.oid(OID_BY_HASH[hash]), w.nul()),
    w.octets(nameHash),
    w.octets(keyHash),
    w.int(cert.serialNumber),
  );
}

/**
 * Builds a DER OCSPRequest (RFC 6960 §4.1.1) for one certificate, unsigned, optionally with a nonce
 * (RFC 8954). SHA-1 CertIDs are what most responders index on; pass `hash` to use another.
 *
 * @example
 * ```ts
 * import { buildOcspRequest, createWebCryptoEngine } from '@mutua/core';
 * const body = await buildOcspRequest(createWebCryptoEngine(), cert, {
 *   name: issuer.subject,
 *   publicKey: issuer.publicKey,
 * }); // POST it to the responder as application/ocsp-request
 * ```
 */
export async function buildOcspRequest(
  crypto: CryptoEngine,
  cert: Certificate,
  issuer: { readonly name: Name; readonly publicKey: { readonly publicKey: Uint8Array } },
  options: { readonly hash?: HashName; readonly nonce?: Uint8Array } = {},
): Promise<Uint8Array> {
  const certId = await buildOcspCertId(crypto, cert, issuer, options.hash ?? 'SHA-1');
  const request = w.seq(certId);
  const ext = options.nonce
    ? w.ctx(2, w.seq(w.seq(w.oid(OID.ocspNonce), w.octets(w.octets(options.nonce)))))
    : undefined;
  const tbsRequest = w.seq(w.seq(request), ext);
  return w.seq(tbsRequest);
}
