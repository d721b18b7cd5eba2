/**
 * `signPdf`: a PAdES baseline signature (ETSI EN 319 142-1, `/SubFilter /ETSI.CAdES.detached`) added to a
 * PDF as an incremental update, the CMS made by `signCades` of @mutua/cades over the digest of the byte
 * ranges.
 */
import { type RemoteSigner, type SignaturePolicyOptions, type SigningHash, signCades } from '@mutua/cades';
import {
  type Certificate,
  type CryptoEngine,
  createWebCryptoEngine,
  nameAttribute,
  parseCertificate,
} from '@mutua/core';
import { readPdf } from '../pdf/document';
import { pdfDate, pdfTextString } from '../write/serialize';
import { drawTextAppearance } from './appearance';
import { PadesSigningError } from './errors';
import { appendSignatureField } from './field';

/**
 * Where and how a visible signature is shown: a rectangle on a page, with lines of text (by default the
 * signer's name, the signing time, and the reason and location when given).
 *
 * @example
 * ```ts
 * import type { SignatureAppearance } from '@mutua/pades';
 * const appearance: SignatureAppearance = { page: 0, rect: [50, 50, 250, 110], text: ['Firmado por Ana Pereira'] };
 * appearance.rect[2]; // 250
 * ```
 */
export interface SignatureAppearance {
  /** Page index, 0-based (default 0). */
  readonly page?: number;
  /** The widget rectangle `[x1 y1 x2 y2]` in default user space (points from the lower-left corner). */
  readonly rect: readonly [number, number, number, number];
  /** The lines shown (Helvetica, WinAnsi: characters it lacks show as `?`). */
  readonly text?: readonly string[];
}

/**
 * Options of {@link signPdf}: the key and certificates as for `signCades` of @mutua/cades, what the
 * signature dictionary says, and how the field looks.
 *
 * @example
 * ```ts
 * import type { SignPdfOptions } from '@mutua/pades';
 * const options: SignPdfOptions = {
 *   certificate: leaf.der,
 *   chain: [ca.der],
 *   key: leaf.key.privateKey,
 *   reason: 'Acuerdo de servicios',
 *   location: 'Montevideo',
 * };
 * options.reason; // 'Acuerdo de servicios'
 * ```
 */
export interface SignPdfOptions {
  /** The signer's certificate, DER or parsed. */
  readonly certificate: Uint8Array | Certificate;
  /** Further certificates to embed in the CMS (intermediate CAs). */
  readonly chain?: readonly (Uint8Array | Certificate)[];
  /** A WebCrypto private key or a remote signer (HSM, cloud KMS, smart card), as for `signCades`. */
  readonly key: CryptoKey | RemoteSigner;
  /**
   * The hash of the byte ranges and of the signature. Default: an RSA CryptoKey's own hash; SHA-256,
   * SHA-384, SHA-512 for P-256, P-384, P-521 keys; SHA-512 for Ed25519; SHA-256 otherwise.
   */
  readonly hash?: SigningHash;
  /** RSA-PSS only: the salt length in bytes. */
  readonly saltLength?: number;
  /** How the SignerInfo names the certificate (default issuerAndSerialNumber). */
  readonly signerIdentifier?: 'issuerAndSerialNumber' | 'subjectKeyIdentifier';
  /** commitment-type-indication OIDs for the CMS. */
  readonly commitmentTypes?: readonly string[];
  /** A signature policy (PAdES-EPES / a baseline signature under a policy). */
  readonly signaturePolicy?: SignaturePolicyOptions;
  /**
   * Makes a PAdES-BASELINE-T: called with the imprint of the signature value, returns a DER
   * TimeStampToken, embedded as the CMS's signature time-stamp (see `signCades`).
   */
  readonly timestamp?: (imprint: Uint8Array, hash: SigningHash) => Promise<Uint8Array>;
  /** Hash of the signature time-stamp's imprint (default SHA-256). */
  readonly timestampHash?: SigningHash;
  /**
   * The signing time claimed in `/M` (default now). PAdES baseline signatures carry it there only: the
   * CMS has no signing-time attribute (EN 319 142-1 §6.3).
   */
  readonly signingTime?: Date;
  /** `/Reason`. */
  readonly reason?: string;
  /** `/Location`. */
  readonly location?: string;
  /** `/ContactInfo`. */
  readonly contactInfo?: string;
  /** `/Name`: the signer's name (default none in the dictionary; the appearance uses the certificate's CN). */
  readonly name?: string;
  /**
   * The field to sign. The (fully qualified) name of an empty signature field of the document signs
   * that field in place: its widget keeps its rectangle and page (`appearance.rect` and `page` are not
   * used; a visible widget gets the appearance's text) and a `/Lock` it has becomes a FieldMDP
   * reference — the way to sign a certified document visibly. Any other name creates a new field
   * (default `Signature<n>`, the first one free).
   */
  readonly fieldName?: string;
  /** Show the signature on a page; absent, the signature is invisible (`/Rect [0 0 0 0]` on page 0). */
  readonly appearance?: SignatureAppearance;
  /**
   * Make a certification signature with this DocMDP permission (1 no changes, 2 form filling and
   * signing, 3 also annotations). Only for the first signature of a document.
   */
  readonly certification?: 1 | 2 | 3;
  /** Bytes reserved for the CMS (default 16 384, or 32 768 with `timestamp`). */
  readonly contentsSize?: number;
  /** Hashes the byte ranges (default WebCrypto; `nodeCryptoEngine` of `@mutua/core/node` streams on Node). */
  readonly crypto?: CryptoEngine;
  /** WebCrypto for signing (default `globalThis.crypto.subtle`). */
  readonly subtle?: SubtleCrypto;
}

const CURVE_HASH: Readonly<Record<string, SigningHash>> = {
  'P-256': 'SHA-256',
  'P-384': 'SHA-384',
  'P-521': 'SHA-512',
  prime256v1: 'SHA-256',
  secp384r1: 'SHA-384',
  secp521r1: 'SHA-512',
};

function isCryptoKey(k: CryptoKey | RemoteSigner): k is CryptoKey {
  return typeof (k as CryptoKey).algorithm === 'object' && typeof (k as CryptoKey).type === 'string';
}

/** The hash `signCades` would choose for this key and certificate (the ranges are hashed with it). */
function chooseHash(options: SignPdfOptions, cert: Certificate): SigningHash {
  if (options.hash) return options.hash;
  const key = options.key;
  if (isCryptoKey(key)) {
    const alg = key.algorithm as KeyAlgorithm & { hash?: { name: string }; namedCurve?: string };
    const h = alg.hash?.name;
    if (h === 'SHA-256' || h === 'SHA-384' || h === 'SHA-512') return h;
    if (alg.name === 'Ed25519') return 'SHA-512';
    if (alg.name === 'ECDSA') return CURVE_HASH[alg.namedCurve ?? ''] ?? 'SHA-256';
    return 'SHA-256';
  }
  if (cert.publicKey.type === 'Ed25519') return 'SHA-512';
  if (cert.publicKey.type === 'EC') return CURVE_HASH[cert.publicKey.curve ?? ''] ?? 'SHA-256';
  return 'SHA-256';
}

/**
 * Signs a PDF as PAdES (`/SubFilter /ETSI.CAdES.detached`): PAdES-BASELINE-B, or -T with a `timestamp`
 * callback. Appends one incremental update (the original bytes are kept as they are, so earlier
 * signatures stay intact) with a signature field — invisible by default, or shown with `appearance` —
 * in the AcroForm (created with `/SigFlags 3` when absent), and a signature dictionary with `/M`,
 * optional `/Reason`, `/Location`, `/ContactInfo`, `/Name`, and, for `certification`, a DocMDP
 * transform named by the catalog's `/Perms`. The `/ByteRange` covers the whole file but the
 * `/Contents` slot; its digest (hashed from views of the output, never copied) is signed by
 * `signCades` with the signing-certificate-v2 attribute and no signing-time attribute, and the CMS
 * written into the slot.
 *
 * @throws {@link PadesSigningError} `CONTENTS_TOO_SMALL` (with `needed`) when the CMS does not fit,
 * `CERTIFICATION_NOT_FIRST`, `DOCUMENT_LOCKED`, `ENCRYPTED`, `FIELD_EXISTS`, `BAD_PAGE`, `BAD_OPTIONS`;
 * `SigningError` of @mutua/cades when key, certificate and options do not fit; `PdfError` when the PDF
 * does not read.
 * @example
 * ```ts
 * import { nodeCryptoEngine } from '@mutua/core/node';
 * import { createPdf, findSignatures, readPdf, signPdf, verifyPadesIntegrity } from '@mutua/pades';
 * const unsigned = await createPdf();
 * const signed = await signPdf(unsigned, {
 *   certificate: leaf.der,
 *   chain: [ca.der],
 *   key: leaf.key.privateKey,
 *   reason: 'Contrato de arrendamiento',
 *   appearance: { rect: [40, 40, 260, 100] },
 * });
 * signed.subarray(0, unsigned.length).every((b, i) => b === unsigned[i]); // true
 * const pdf = await readPdf(signed);
 * findSignatures(pdf)[0]?.subFilter; // 'ETSI.CAdES.detached'
 * const [r] = await verifyPadesIntegrity(pdf, { crypto: nodeCryptoEngine });
 * r?.signatureIntact; // true
 * r?.coverage.coversWholeDocument; // true
 * ```
 */
export async function signPdf(pdfBytes: Uint8Array, options: SignPdfOptions): Promise<Uint8Array> {
  const cert =
    options.certificate instanceof Uint8Array ? parseCertificate(options.certificate) : options.certificate;
  const hash = chooseHash(options, cert);
  const pdf = await readPdf(pdfBytes);
  const time = options.signingTime ?? new Date();
  if (Number.isNaN(time.getTime()))
    throw new PadesSigningError('BAD_OPTIONS', 'signingTime is not a valid date');
  let entries = `/Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /M ${pdfTextString(pdfDate(time))}`;
  const text: [string, string | undefined][] = [
    ['Name', options.name],
    ['Reason', options.reason],
    ['Location', options.location],
    ['ContactInfo', options.contactInfo],
  ];
  for (const [k, v] of text) if (v !== undefined) entries += ` /${k} ${pdfTextString(v)}`;
  const a = options.appearance;
  const signer = options.name ?? nameAttribute(cert.subject, '2.5.4.3') ?? cert.subject.text;
  const lines = a?.text ?? [
    `Signed by ${signer}`,
    `Date: ${time.toISOString().slice(0, 19).replace('T', ' ')} UTC`,
    ...(options.reason !== undefined ? [`Reason: ${options.reason}`] : []),
    ...(options.location !== undefined ? [`Location: ${options.location}`] : []),
  ];
  return appendSignatureField(pdf, {
    fieldName: options.fieldName,
    fieldPrefix: 'Signature',
    page: a?.page ?? 0,
    rect: a?.rect ?? [0, 0, 0, 0],
    appearance: (w, h) => drawTextAppearance(lines, w, h),
    entries,
    contentsSize: options.contentsSize ?? (options.timestamp ? 32768 : 16384),
    docMdp: options.certification,
    refuseIfLocked: true,
    hash,
    crypto: options.crypto ?? createWebCryptoEngine(),
    produce: (digest) =>
      signCades({
        content: { digest, hash },
        detached: true,
        certificate: cert,
        chain: options.chain,
        key: options.key,
        hash,
        saltLength: options.saltLength,
        signerIdentifier: options.signerIdentifier,
        // PAdES baseline: the signing time is /M, never a CMS signing-time attribute.
        signingTime: null,
        commitmentTypes: options.commitmentTypes,
        signaturePolicy: options.signaturePolicy,
        timestamp: options.timestamp,
        timestampHash: options.timestampHash,
        subtle: options.subtle,
      }),
  });
}
