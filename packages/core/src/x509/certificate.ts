import { Tag, type Tlv, isUniversal, parseDer, readTlv, tlvBytes, tlvValue } from '../asn1/der';
import {
  SeqReader,
  decodeBoolean,
  decodeInteger,
  decodeOctetString,
  decodeOid,
  decodeTime,
  explicitInner,
} from '../asn1/read';
import { Asn1Error, StructureError } from '../errors';
import {
  type DecodedExtensions,
  type Extension,
  type ExtensionProblem,
  decodeExtensions,
} from './extensions';
import { type Name, nameEquals, parseName } from './name';
import { readSignedEnvelope } from './signed';
import {
  type AlgorithmIdentifier,
  type PublicKeyInfo,
  parseAlgorithmIdentifier,
  parsePublicKeyInfo,
} from './public-key';
import { bytesEqual, toHex as hex } from '../util/bytes';

/**
 * An X.509 certificate (RFC 5280 §4.1), parsed once into an immutable model.
 *
 * The parser is deliberately lenient where real certificates deviate harmlessly from the profile
 * (over-long names, negative serial numbers, unknown attribute types, Latin-1 in PrintableString) and
 * strict about structure: any structural fault is a typed {@link StructureError} or {@link Asn1Error}.
 * Deviations that matter to validation are listed in `problems`, and path validation acts on them.
 */
export interface Certificate {
  /** The certificate's DER, exactly as given. */
  readonly der: Uint8Array;
  /** The TBSCertificate DER, exactly as given (what the issuer signed). */
  readonly tbsDer: Uint8Array;
  /** 1, 2 or 3. */
  readonly version: number;
  readonly serialNumber: bigint;
  /** Serial number as lowercase hex of the encoded INTEGER content (two's complement, as encoded). */
  readonly serialHex: string;
  /** The signature algorithm inside TBSCertificate. */
  readonly tbsSignatureAlgorithm: AlgorithmIdentifier;
  /** The outer signatureAlgorithm. */
  readonly signatureAlgorithm: AlgorithmIdentifier;
  readonly signatureValue: Uint8Array;
  readonly issuer: Name;
  readonly subject: Name;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly publicKey: PublicKeyInfo;
  readonly issuerUniqueID?: Uint8Array;
  readonly subjectUniqueID?: Uint8Array;
  /** The raw extensions in order. */
  readonly extensions: readonly Extension[];
  /** The extensions Mutua understands, decoded. */
  readonly ext: Readonly<DecodedExtensions>;
  /** Deviations found while parsing (undecodable extensions, duplicates, signature algorithm mismatch). */
  readonly problems: readonly ExtensionProblem[];
  /** True when subject and issuer are the same name (RFC 5280 "self-issued"). */
  readonly selfIssued: boolean;
}

/**
 * Parses one DER certificate.
 *
 * @throws {@link Asn1Error} or {@link StructureError} when the bytes are not a certificate.
 * @example
 * ```ts
 * import { parseCertificate } from '@mutua/core';
 * const cert = parseCertificate(derBytes);
 * console.log(cert.subject.text, cert.notAfter.toISOString());
 * ```
 */
export function parseCertificate(der: Uint8Array): Certificate {
  const root = parseDer(der);
  return certificateFromTlv(root);
}

/**
 * Parses a certificate from an already located TLV (inside a PKCS#7 bundle, CMS, OCSP response…).
 *
 * @example
 * ```ts
 * import { certificateFromTlv, parseDer } from '@mutua/core';
 * const parsed = certificateFromTlv(parseDer(leafDer));
 * parsed.serialHex === cert.serialHex; // true
 * ```
 */
export function certificateFromTlv(root: Tlv): Certificate {
  const { tbs, signatureAlgorithm, signatureValue } = readSignedEnvelope(
    root,
    'Certificate',
    'tbsCertificate',
    'NOT_A_CERTIFICATE',
  );

  const t = new SeqReader(tbs, 'TBSCertificate');
  const v = t.optionalContext(0);
  const version = v ? Number(decodeInteger(explicitInner(v, 'version'), 'version')) + 1 : 1;
  if (version < 1 || version > 3)
    throw new StructureError('BAD_VERSION', `Certificate: unknown version ${version}`);
  const serialNode = t.next('serialNumber', Tag.INTEGER);
  const serialNumber = decodeInteger(serialNode, 'serialNumber');
  const tbsSignatureAlgorithm = parseAlgorithmIdentifier(
    t.next('signature', Tag.SEQUENCE),
    'TBSCertificate signature',
  );
  const issuer = parseName(t.next('issuer', Tag.SEQUENCE), 'issuer');
  const validity = new SeqReader(t.next('validity', Tag.SEQUENCE), 'Validity');
  const notBefore = decodeTime(validity.next('notBefore'), 'notBefore');
  const notAfter = decodeTime(validity.next('notAfter'), 'notAfter');
  validity.end();
  const subject = parseName(t.next('subject', Tag.SEQUENCE), 'subject');
  const publicKey = parsePublicKeyInfo(t.next('subjectPublicKeyInfo', Tag.SEQUENCE));
  const iuid = t.optionalContext(1);
  const suid = t.optionalContext(2);
  const extNode = t.optionalContext(3);
  t.end();

  const extensions: Extension[] = [];
  if (extNode) {
    if (version !== 3)
      throw new StructureError('BAD_VERSION', `Certificate: extensions in a v${version} certificate`);
    const seq = explicitInner(extNode, 'extensions');
    for (const e of new SeqReader(seq, 'Extensions').rest()) {
      const er = new SeqReader(e, 'Extension');
      const oid = decodeOid(er.next('extnID'), 'extnID');
      const c = er.optional(Tag.BOOLEAN);
      const critical = c ? decodeBoolean(c, 'critical') : false;
      const value = decodeOctetString(er.next('extnValue'), 'extnValue');
      er.end();
      extensions.push({ oid, critical, value });
    }
  }
  const { decoded, problems } = decodeExtensions(extensions);
  if (!bytesEqual(signatureAlgorithm.der, tbsSignatureAlgorithm.der)) {
    problems.push({
      oid: signatureAlgorithm.oid,
      critical: true,
      message:
        'signatureAlgorithm differs from the signature field inside TBSCertificate (RFC 5280 §4.1.1.2)',
    });
  }
  let selfIssued: boolean | undefined;
  const cert: { -readonly [K in keyof Certificate]: Certificate[K] } = {
    der: tlvBytes(root),
    tbsDer: tlvBytes(tbs),
    version,
    serialNumber,
    serialHex: hex(tlvValue(serialNode)),
    tbsSignatureAlgorithm,
    signatureAlgorithm,
    signatureValue,
    issuer,
    subject,
    notBefore,
    notAfter,
    publicKey,
    extensions,
    ext: decoded,
    problems,
    // Computed when first read: comparing names that differ in bytes needs their prepared keys.
    get selfIssued() {
      selfIssued ??= nameEquals(issuer, subject);
      return selfIssued;
    },
  };
  // Added after (same keys, same order as ever) rather than spread into the literal, which would make
  // every certificate pay for the two rarely present fields.
  if (iuid) cert.issuerUniqueID = tlvValue(iuid);
  if (suid) cert.subjectUniqueID = tlvValue(suid);
  return cert;
}

/**
 * Quick structural test: does this TLV look like a Certificate (SEQUENCE of SEQUENCE, SEQUENCE, BIT STRING)?
 *
 * @example
 * ```ts
 * import { der, looksLikeCertificate } from '@mutua/core';
 * looksLikeCertificate(leafDer); // true
 * looksLikeCertificate(der.seq(der.int(1))); // false
 * looksLikeCertificate(new TextEncoder().encode('-----BEGIN CERTIFICATE-----')); // false
 * ```
 */
export function looksLikeCertificate(buf: Uint8Array): boolean {
  try {
    const t = readTlv(buf, 0);
    if (!isUniversal(t, Tag.SEQUENCE)) return false;
    const a = readTlv(buf, t.valueStart, t.valueEnd);
    return isUniversal(a, Tag.SEQUENCE);
  } catch (e) {
    if (e instanceof Asn1Error) return false;
    throw e;
  }
}
