import {
  type Certificate,
  OID,
  SeqReader,
  StructureError,
  Tag,
  type Tlv,
  children,
  decodeOctetString,
  der,
  isContext,
  parseDer,
  tlvBytes,
} from '@mutua/core';
import type { BuiltCertificate } from './certificate';
import type { SignHash, SignatureOptions } from './keys';

/** CMS and CAdES OIDs the builders write. */
const CMS = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  counterSignature: '1.2.840.113549.1.9.6',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  riOcspResponse: '1.3.6.1.5.5.7.16.2',
} as const;

const HASH_OID: Record<SignHash, string> = {
  'SHA-1': OID.sha1,
  'SHA-256': OID.sha256,
  'SHA-384': OID.sha384,
  'SHA-512': OID.sha512,
};

/** Deliberate defects of a {@link signCms} signature, each aimed at one verifier check. */
export interface CmsTamper {
  /** Flip one bit of the signature value (the signature no longer verifies). */
  readonly signature?: boolean;
  /** Encapsulate content that differs (one byte) from what was signed (message digest mismatch). */
  readonly content?: boolean;
}

/** One signer of {@link signCms}, with the signed-attribute options that make each negative test. */
export interface CmsSignerOptions {
  /** The signer's certificate and key. */
  readonly signer: BuiltCertificate;
  /** Signature hash / scheme (default: the key's default). */
  readonly signature?: SignatureOptions;
  /** Write rsaEncryption as signatureAlgorithm (as many CMS producers do) instead of sha256WithRSAEncryption. */
  readonly rsaEncryptionAlgorithm?: boolean;
  /** The digest algorithm of the content (default: the signature's hash, SHA-256 for Ed25519). */
  readonly digestHash?: SignHash;
  /** How the SignerIdentifier names the certificate (default issuerAndSerialNumber). */
  readonly sid?: 'issuerAndSerialNumber' | 'subjectKeyIdentifier';
  /** `false`: no signed attributes at all (a plain PKCS#7 signature over the content). */
  readonly signedAttributes?: boolean;
  /** The content-type attribute's value (default the eContentType); `null` omits the attribute. */
  readonly contentTypeAttribute?: string | null;
  /** `omit`, `duplicate` (two attributes), or explicit (wrong) digest bytes. */
  readonly messageDigest?: 'omit' | 'duplicate' | Uint8Array;
  /** Which ESS attribute to write (default `v2`). */
  readonly signingCertificate?: 'v1' | 'v2' | 'none' | 'both';
  /** The certificate the ESS attribute names (default the signer's; another one for substitution). */
  readonly signingCertificateFor?: BuiltCertificate | Certificate;
  /** Hash of signing-certificate-v2 (default SHA-256, written as the DEFAULT, i.e. omitted). */
  readonly signingCertificateHash?: SignHash;
  /** Write issuerSerial in the ESS certificate id (default true). */
  readonly essIssuerSerial?: boolean;
  /** signing-time (default the signer certificate's notBefore + 1 day); `null` omits it. */
  readonly signingTime?: Date | null;
  /** More signed attributes, as encoded Attribute DERs (see {@link cmsAttribute}). */
  readonly extraSignedAttributes?: readonly Uint8Array[];
  /** Write the signed attributes out of DER order (`reversed`); the signature still covers their DER encoding. */
  readonly signedAttributesOrder?: 'der' | 'reversed';
  /**
   * Sign the signed attributes as written in the file (unsorted or BER) instead of their DER encoding —
   * what some producers wrongly do, and RFC 5652 §5.3 forbids.
   */
  readonly signOverAsSent?: boolean;
  /** Unsigned attributes, as encoded Attribute DERs. */
  readonly unsignedAttributes?: readonly Uint8Array[];
  readonly tamper?: Pick<CmsTamper, 'signature'>;
}

/** Options of {@link signCms}. */
export interface SignCmsOptions extends CmsSignerOptions {
  /** The content that is signed. */
  readonly content: Uint8Array;
  /** Leave the content out of the CMS (a detached `.p7s`). */
  readonly detached?: boolean;
  /** eContentType (default id-data). */
  readonly contentType?: string;
  /** Further signers (each a SignerInfo of its own, over the same content). */
  readonly moreSigners?: readonly CmsSignerOptions[];
  /** Certificates to include besides the signers' (intermediates). */
  readonly chain?: readonly (BuiltCertificate | Certificate | Uint8Array)[];
  /** Include the signers' certificates (default true). */
  readonly includeSignerCertificates?: boolean;
  /** CRLs (DER) to carry in `crls`. */
  readonly crls?: readonly Uint8Array[];
  /** OCSP responses (DER) to carry as id-ri-ocsp-response in `crls`. */
  readonly ocspResponses?: readonly Uint8Array[];
  /**
   * `BER` writes every constructed value of the container and the signed attributes with indefinite
   * lengths and the content as a segmented OCTET STRING — the same signature, differently encoded.
   */
  readonly encoding?: 'DER' | 'BER';
  readonly tamper?: CmsTamper;
}

function derOf(c: BuiltCertificate | Certificate | Uint8Array): Uint8Array {
  return c instanceof Uint8Array ? c : c.der;
}

function certOf(c: BuiltCertificate | Certificate): Certificate {
  return 'cert' in c ? c.cert : c;
}

/**
 * An encoded CMS Attribute `SEQUENCE { type, SET OF values }` (values in the order given, not sorted, so
 * that tests control the bytes).
 *
 * @example
 * ```ts
 * import { cmsAttribute } from '@mutua/testkit';
 * // An attribute of type 2.999.1 whose only value is NULL (05 00).
 * cmsAttribute('2.999.1', new Uint8Array([0x05, 0x00])); // [0x30, 9, 0x06, 3, 0x88, 0x37, 1, 0x31, 2, 0x05, 0x00]
 * ```
 */
export function cmsAttribute(type: string, ...values: Uint8Array[]): Uint8Array {
  return der.seq(der.oid(type), der.tlv(0x31, values));
}

/** Indefinite-length encoding of a constructed value (BER, X.690 §8.1.3.6). */
function indefinite(identifier: number, parts: readonly Uint8Array[]): Uint8Array {
  return der.concat([new Uint8Array([identifier, 0x80]), ...parts, new Uint8Array([0, 0])]);
}

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('@mutua/testkit needs WebCrypto (globalThis.crypto.subtle)');
  return s;
}

async function digest(hash: SignHash, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().digest(hash, data as BufferSource));
}

async function essAttributes(o: CmsSignerOptions): Promise<Uint8Array[]> {
  const mode = o.signingCertificate ?? 'v2';
  if (mode === 'none') return [];
  const target = certOf(o.signingCertificateFor ?? o.signer);
  const issuerSerial =
    o.essIssuerSerial === false
      ? undefined
      : der.seq(der.seq(der.ctx(4, target.issuer.der)), der.int(target.serialNumber));
  const out: Uint8Array[] = [];
  if (mode === 'v1' || mode === 'both') {
    const id = der.seq(der.octets(await digest('SHA-1', target.der)), issuerSerial);
    out.push(cmsAttribute(CMS.signingCertificate, der.seq(der.seq(id))));
  }
  if (mode === 'v2' || mode === 'both') {
    const h = o.signingCertificateHash ?? 'SHA-256';
    const id = der.seq(
      h === 'SHA-256' ? undefined : der.seq(der.oid(HASH_OID[h])),
      der.octets(await digest(h, target.der)),
      issuerSerial,
    );
    out.push(cmsAttribute(CMS.signingCertificateV2, der.seq(der.seq(id))));
  }
  return out;
}

async function signerInfo(
  o: CmsSignerOptions,
  content: Uint8Array,
  eContentType: string,
  ber: boolean,
): Promise<{ der: Uint8Array; digestAlgorithm: Uint8Array }> {
  const key = o.signer.key;
  const hash: SignHash = o.digestHash ?? o.signature?.hash ?? key.hash ?? 'SHA-256';
  const digestAlgorithm = der.seq(der.oid(HASH_OID[hash]));
  const cert = o.signer.cert;
  const sidSki = o.sid === 'subjectKeyIdentifier';
  const sid = sidSki
    ? der.ctxPrim(0, o.signer.keyIdentifier)
    : der.seq(cert.issuer.der, der.int(cert.serialNumber));

  let signedAttrs: Uint8Array | undefined;
  let toSign = content;
  if (o.signedAttributes !== false) {
    const attrs: Uint8Array[] = [];
    const ct = o.contentTypeAttribute === undefined ? eContentType : o.contentTypeAttribute;
    if (ct !== null) attrs.push(cmsAttribute(CMS.contentType, der.oid(ct)));
    const md = o.messageDigest;
    if (md !== 'omit') {
      const value = md instanceof Uint8Array ? md : await digest(hash, content);
      attrs.push(cmsAttribute(CMS.messageDigest, der.octets(value)));
      // A second message-digest attribute over other bytes: the ambiguity C2 is about.
      if (md === 'duplicate')
        attrs.push(cmsAttribute(CMS.messageDigest, der.octets(await digest(hash, new Uint8Array([0])))));
    }
    const st = o.signingTime === undefined ? new Date(cert.notBefore.getTime() + 86_400_000) : o.signingTime;
    if (st) attrs.push(cmsAttribute(CMS.signingTime, der.time(st)));
    attrs.push(...(await essAttributes(o)), ...(o.extraSignedAttributes ?? []));
    // RFC 5652 §5.3: the signature covers the DER encoding (a SET OF sorted by encoding), whatever
    // encoding the file then carries: BER writes the same elements with an indefinite length.
    const sorted = [...attrs].sort(compareBytes);
    const written = o.signedAttributesOrder === 'reversed' ? [...sorted].reverse() : sorted;
    const sent = ber ? indefinite(0x31, written) : der.tlv(0x31, written);
    toSign = o.signOverAsSent ? sent : der.tlv(0x31, sorted);
    signedAttrs = sent.slice();
    signedAttrs[0] = 0xa0;
  }
  const signature = await key.sign(toSign, o.signature ?? (o.digestHash ? { hash } : undefined));
  if (o.tamper?.signature) signature[signature.length - 1]! ^= 0x01;
  const sigAlg =
    o.rsaEncryptionAlgorithm && key.spec.startsWith('RSA-') && !key.spec.startsWith('RSA-PSS')
      ? der.seq(der.oid(OID.rsaEncryption), der.nul())
      : key.algorithmIdentifier(o.signature ?? (o.digestHash ? { hash } : undefined));
  const unsigned = o.unsignedAttributes?.length ? der.tlv(0xa1, [...o.unsignedAttributes]) : undefined;
  return {
    der: der.seq(
      der.int(sidSki ? 3 : 1),
      sid,
      digestAlgorithm,
      signedAttrs,
      sigAlg,
      der.octets(signature),
      unsigned,
    ),
    digestAlgorithm,
  };
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/**
 * Signs content as a CMS SignedData (CAdES-BASELINE-B by default: content-type, message-digest,
 * signing-time and signing-certificate-v2 signed attributes), attached or detached, DER or BER, with the
 * options that produce the negative case of each verifier check.
 *
 * @example
 * ```ts
 * import { parseCertificates } from '@mutua/core';
 * import { signCms } from '@mutua/testkit';
 * const content = new TextEncoder().encode('hello');
 * const p7s = await signCms({ content, signer: leaf, chain: [ca] });
 * parseCertificates(p7s).length; // 2 (the signer's certificate and its CA's)
 * // Negative cases: no ESS signing-certificate attribute, detached, BER-encoded.
 * const noEss = await signCms({ content, signer: leaf, signingCertificate: 'none', detached: true });
 * const ber = await signCms({ content, signer: leaf, encoding: 'BER' });
 * [noEss[0], ber[1]]; // [0x30, 0x80]
 * ```
 */
export async function signCms(options: SignCmsOptions): Promise<Uint8Array> {
  const ber = options.encoding === 'BER';
  const eContentType = options.contentType ?? CMS.data;
  const signers = [options, ...(options.moreSigners ?? [])];
  const infos = await Promise.all(signers.map((s) => signerInfo(s, options.content, eContentType, ber)));

  let content = options.content;
  if (options.tamper?.content) {
    content = content.slice();
    content[0] = (content[0] ?? 0) ^ 0x01;
    if (content.length === 0) content = new Uint8Array([1]);
  }
  let eContent: Uint8Array | undefined;
  if (!options.detached) {
    if (ber) {
      // A constructed OCTET STRING in segments of 16 bytes, as streaming encoders write it.
      const segments: Uint8Array[] = [];
      for (let i = 0; i < content.length; i += 16) segments.push(der.octets(content.subarray(i, i + 16)));
      eContent = indefinite(0xa0, [indefinite(0x24, segments)]);
    } else {
      eContent = der.ctx(0, der.octets(content));
    }
  }
  const encap = ber
    ? indefinite(0x30, [der.oid(eContentType), ...(eContent ? [eContent] : [])])
    : der.seq(der.oid(eContentType), eContent);

  const certs = [
    ...(options.includeSignerCertificates === false ? [] : signers.map((s) => s.signer.der)),
    ...(options.chain ?? []).map(derOf),
  ];
  const revocation = [
    ...(options.crls ?? []),
    ...(options.ocspResponses ?? []).map((o) => der.tlv(0xa1, [der.oid(CMS.riOcspResponse), o])),
  ];
  const digestAlgorithms = der.set(...dedupe(infos.map((i) => i.digestAlgorithm)));
  const version = infos.some((_, i) => signers[i]!.sid === 'subjectKeyIdentifier') ? 3 : 1;
  const parts = [
    der.int(version),
    digestAlgorithms,
    encap,
    ...(certs.length ? [der.tlv(0xa0, certs)] : []),
    ...(revocation.length ? [der.tlv(0xa1, revocation)] : []),
    der.tlv(
      0x31,
      infos.map((i) => i.der),
    ),
  ];
  if (ber) {
    return indefinite(0x30, [der.oid(CMS.signedData), indefinite(0xa0, [indefinite(0x30, parts)])]);
  }
  return der.seq(der.oid(CMS.signedData), der.ctx(0, der.tlv(0x30, parts)));
}

function dedupe(items: Uint8Array[]): Uint8Array[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const k = i.join(',');
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Which SignerInfo of a CMS: its index among the SignerInfos, or a path `[signer, counter, counter, …]`
 * through counter-signatures (`[0, 1]` is the second counter-signature of the first signer).
 */
export type SignerPath = number | readonly number[];

function pathOf(p: SignerPath): readonly number[] {
  return typeof p === 'number' ? [p] : p;
}

const idOf = (t: Tlv) => t.buf[t.start]!;

/** The ContentInfo → SignedData → SignerInfos path of a DER CMS, for the editing helpers. */
function locate(cms: Uint8Array): { ci: Tlv; wrapper: Tlv; sd: Tlv; sis: Tlv } {
  const ci = parseDer(cms);
  const wrapper = children(ci)[1];
  if (!wrapper || !isContext(wrapper, 0)) throw new StructureError('NOT_SIGNED_DATA', 'not a ContentInfo');
  const sd = children(wrapper)[0]!;
  const kids = children(sd);
  const sis = kids[kids.length - 1]!;
  return { ci, wrapper, sd, sis };
}

/** The counter-signature values (SignerInfos) of a SignerInfo, in order, with their attribute and position. */
function counterSignatures(si: Tlv): { attr: Tlv; value: Tlv }[] {
  const kids = children(si);
  const last = kids[kids.length - 1]!;
  if (!isContext(last, 1)) return [];
  const out: { attr: Tlv; value: Tlv }[] = [];
  for (const attr of children(last)) {
    const [type, values] = children(attr);
    if (type && values && tlvBytes(type).join() === der.oid(CMS.counterSignature).join())
      for (const value of children(values)) out.push({ attr, value });
  }
  return out;
}

function signerInfoAt(cms: Uint8Array, path: SignerPath): Tlv {
  const [first, ...rest] = pathOf(path);
  let si = children(locate(cms).sis)[first ?? 0];
  for (const i of rest) si = si ? counterSignatures(si)[i]?.value : undefined;
  if (!si) throw new StructureError('NO_SIGNER', `no SignerInfo at ${pathOf(path).join('/')}`);
  return si;
}

/** Re-encodes a SignerInfo with `edit` applied to the one at `rest` (a path through counter-signatures). */
function rewrite(si: Tlv, rest: readonly number[], edit: (si: Tlv) => Uint8Array): Uint8Array {
  if (rest.length === 0) return edit(si);
  const target = counterSignatures(si)[rest[0]!];
  if (!target) throw new StructureError('NO_SIGNER', 'no such counter-signature');
  const kids = children(si);
  const unsigned = kids[kids.length - 1]!;
  const attrs = children(unsigned).map((a) => {
    if (a.start !== target.attr.start) return tlvBytes(a);
    const [type, values] = children(a);
    const vals = children(values!).map((v) =>
      v.start === target.value.start ? rewrite(v, rest.slice(1), edit) : tlvBytes(v),
    );
    return der.tlv(idOf(a), [tlvBytes(type!), der.tlv(0x31, vals)]);
  });
  return der.tlv(idOf(si), [...kids.slice(0, -1).map(tlvBytes), der.tlv(idOf(unsigned), attrs)]);
}

/**
 * The signature value (the OCTET STRING content) of a SignerInfo of a DER CMS.
 *
 * @example
 * ```ts
 * import { counterSign, signCms, signatureValueOf } from '@mutua/testkit';
 * const p7s = await signCms({ content: new Uint8Array([1, 2, 3]), signer: leaf });
 * const value = signatureValueOf(p7s); // what a signature time-stamp covers
 * value[0]; // 0x30 (a DER ECDSA-Sig-Value: the prelude's keys are P-256)
 * const countersigned = await counterSign(p7s, { signer: leaf });
 * signatureValueOf(countersigned, [0, 0]).length > 0; // true (the first counter-signature's value)
 * ```
 */
export function signatureValueOf(cms: Uint8Array, signer: SignerPath = 0): Uint8Array {
  const r = new SeqReader(signerInfoAt(cms, signer), 'SignerInfo');
  r.next('version');
  r.next('sid');
  r.next('digestAlgorithm');
  r.optionalContext(0);
  r.next('signatureAlgorithm');
  return decodeOctetString(r.next('signature', Tag.OCTET_STRING));
}

/**
 * Adds an unsigned attribute (encoded Attribute DER) to a SignerInfo of a DER CMS (or to a
 * counter-signature, by path), re-encoding the enclosing lengths. The signature stays valid: unsigned
 * attributes are outside what was signed.
 *
 * @example
 * ```ts
 * import { addUnsignedAttribute, cmsAttribute, signCms, signatureValueOf } from '@mutua/testkit';
 * const p7s = await signCms({ content: new Uint8Array([1]), signer: leaf });
 * const edited = addUnsignedAttribute(p7s, cmsAttribute('2.999.2', new Uint8Array([0x05, 0x00])));
 * edited.length > p7s.length; // true
 * signatureValueOf(edited).join() === signatureValueOf(p7s).join(); // true (the signature is untouched)
 * ```
 */
export function addUnsignedAttribute(
  cms: Uint8Array,
  attribute: Uint8Array,
  signer: SignerPath = 0,
): Uint8Array {
  const [first = 0, ...rest] = pathOf(signer);
  const { ci, wrapper, sd, sis } = locate(cms);
  const append = (si: Tlv) => {
    const kids = children(si);
    const last = kids[kids.length - 1]!;
    if (isContext(last, 1)) {
      const attrs = [...children(last).map(tlvBytes), attribute];
      return der.tlv(idOf(si), [...kids.slice(0, -1).map(tlvBytes), der.tlv(0xa1, attrs)]);
    }
    return der.tlv(idOf(si), [...kids.map(tlvBytes), der.tlv(0xa1, [attribute])]);
  };
  const infos = children(sis).map((si, i) => (i === first ? rewrite(si, rest, append) : tlvBytes(si)));
  if (first >= infos.length) throw new StructureError('NO_SIGNER', `no SignerInfo ${first}`);
  const sdKids = children(sd).map(tlvBytes);
  sdKids[sdKids.length - 1] = der.tlv(idOf(sis), infos);
  const newSd = der.tlv(idOf(sd), sdKids);
  return der.tlv(idOf(ci), [tlvBytes(children(ci)[0]!), der.tlv(idOf(wrapper), [newSd])]);
}

/** Options of {@link counterSign}: a signer and its signed-attribute options. */
export interface CounterSignOptions extends CmsSignerOptions {
  /** Which SignerInfo to counter-sign (default 0); a path reaches counter-signatures (`[0, 0]`). */
  readonly of?: SignerPath;
}

/**
 * Adds a counter-signature (RFC 5652 §11.4): a SignerInfo over the signature value of a SignerInfo of a
 * DER CMS (or of a counter-signature, by path), without content-type attribute, stored as its
 * counterSignature unsigned attribute.
 *
 * @example
 * ```ts
 * import { counterSign, signCms } from '@mutua/testkit';
 * const p7s = await signCms({ content: new Uint8Array([1]), signer: leaf });
 * const notary = await pki.issue();
 * const countersigned = await counterSign(p7s, { signer: notary });
 * // A counter-signature of that counter-signature:
 * const twice = await counterSign(countersigned, { signer: leaf, of: [0, 0] });
 * twice.length > countersigned.length; // true
 * ```
 */
export async function counterSign(cms: Uint8Array, options: CounterSignOptions): Promise<Uint8Array> {
  const of = options.of ?? 0;
  const value = signatureValueOf(cms, of);
  const info = await signerInfo({ contentTypeAttribute: null, ...options }, value, CMS.data, false);
  return addUnsignedAttribute(cms, cmsAttribute(CMS.counterSignature, info.der), of);
}
