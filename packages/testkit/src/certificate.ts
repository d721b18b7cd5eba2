import { type Certificate, der, parseCertificate, toPem } from '@mutua/core';
import { type ExtensionsInput, encodeExtensions } from './extensions';
import { type KeySpec, type SignatureOptions, type TestKey, generateKeyPair } from './keys';
import { type NameInput, encodeName } from './name';

/** Who signs: a name and a key (and optionally the key identifier to put in AuthorityKeyIdentifier). */
export interface IssuerRef {
  readonly name: NameInput;
  readonly key: TestKey;
  /** Default: the SHA-1 key identifier of `key`. */
  readonly keyIdentifier?: Uint8Array;
}

/** A certificate built by the testkit: its DER, its parsed form, and the subject's key pair. */
export interface BuiltCertificate {
  readonly der: Uint8Array;
  /** The certificate as `@mutua/core` parses it. */
  readonly cert: Certificate;
  /** The subject's key pair (the issuer of certificates this one signs). */
  readonly key: TestKey;
  /** The subject Name DER. */
  readonly name: Uint8Array;
  /** The subject key identifier (written in the certificate, or computed from the key when omitted). */
  readonly keyIdentifier: Uint8Array;
  /** PEM text of the certificate. */
  pem(): string;
}

/** Anything that can issue: a built (CA) certificate or a bare {@link IssuerRef}. */
export type IssuerInput = BuiltCertificate | IssuerRef;

/** An identity preset's contribution to a certificate: subject and extensions (see `identities`). */
export interface IdentityInput {
  readonly subject: NameInput;
  readonly extensions?: ExtensionsInput;
}

/**
 * Deliberate defects for negative tests. Each produces a certificate that still parses (unless the
 * defect is structural) but fails a specific check.
 */
export interface CertificateTamper {
  /** Flip one bit of the signature value (signature no longer verifies). */
  readonly signature?: boolean;
  /** Write a different outer signatureAlgorithm than the one inside TBSCertificate (RFC 5280 §4.1.1.2). */
  readonly outerSignatureAlgorithm?: Uint8Array | SignatureOptions;
  /** Write this issuer name in TBSCertificate instead of the issuer's real subject name (still signed by the issuer key). */
  readonly issuerName?: NameInput;
  /** Sign with this key instead of the issuer's (signature does not verify with the issuer's key). */
  readonly signingKey?: TestKey;
}

/**
 * Options of {@link buildCertificate}.
 *
 * Defaults: self-signed, version 3, a random positive 128-bit serial, valid from one hour ago for 365
 * days, a fresh P-256 key, SubjectKeyIdentifier and AuthorityKeyIdentifier computed from the keys.
 */
export interface CertificateOptions {
  /** Subject name (required unless `identity` gives one). */
  readonly subject?: NameInput;
  /** A preset identity (subject + extensions); `subject` and `extensions` given here take precedence. */
  readonly identity?: IdentityInput;
  /** The subject key pair. Default: a fresh key of `keySpec`. */
  readonly key?: TestKey;
  /** Used when `key` is absent. Default `P-256` (fast). */
  readonly keySpec?: KeySpec;
  /** The issuer. Default: self-signed with the subject key and name. */
  readonly issuer?: IssuerInput;
  /** Serial number; negative and zero values are written as given (for negative tests). */
  readonly serialNumber?: bigint | number;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  /** 1, 2 or 3 (default 3). Versions 1 and 2 get no extensions unless `extensions` is given explicitly. */
  readonly version?: 1 | 2 | 3;
  readonly extensions?: ExtensionsInput;
  /** Signature hash/scheme (default: the issuer key's default). */
  readonly signature?: SignatureOptions;
  /** Replaces the SubjectPublicKeyInfo DER (a key the testkit does not hold; `key` then does not match it). */
  readonly publicKeyInfo?: Uint8Array;
  readonly issuerUniqueId?: Uint8Array;
  readonly subjectUniqueId?: Uint8Array;
  readonly tamper?: CertificateTamper;
}

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('@mutua/testkit needs WebCrypto (globalThis.crypto.subtle)');
  return s;
}

/**
 * The RFC 5280 §4.2.1.2 method-1 key identifier: SHA-1 of the subjectPublicKey BIT STRING content.
 *
 * @example
 * ```ts
 * import { keyIdentifier } from '@mutua/testkit';
 * const kid = await keyIdentifier(key);
 * kid.length; // 20
 * ```
 */
export async function keyIdentifier(key: TestKey | Uint8Array): Promise<Uint8Array> {
  const bits = key instanceof Uint8Array ? key : key.publicKeyInfo.publicKey;
  return new Uint8Array(await subtle().digest('SHA-1', bits as BufferSource));
}

/**
 * A random positive serial number of `bytes` bytes (default 16), as CAs are required to use.
 *
 * @example
 * ```ts
 * import { randomSerial } from '@mutua/testkit';
 * const serial = randomSerial(); // e.g. 0x3f1c…n
 * ```
 */
export function randomSerial(bytes = 16): bigint {
  const b = globalThis.crypto.getRandomValues(new Uint8Array(bytes));
  b[0] = (b[0]! & 0x7f) | 0x01;
  let n = 0n;
  for (const x of b) n = (n << 8n) | BigInt(x);
  return n;
}

/**
 * Truncates to whole seconds (DER times carry no fractions).
 *
 * @example
 * ```ts
 * import { wholeSeconds } from '@mutua/testkit';
 * wholeSeconds(new Date('2025-01-01T00:00:00.750Z')); // new Date('2025-01-01T00:00:00.000Z')
 * ```
 */
export function wholeSeconds(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 1000) * 1000);
}

const DAY = 86_400_000;

function isBuilt(i: IssuerInput): i is BuiltCertificate {
  return 'cert' in i && 'der' in i;
}

/**
 * Resolves an issuer to its name DER, key and key identifier.
 *
 * @example
 * ```ts
 * import { resolveIssuer } from '@mutua/testkit';
 * const { name, key, keyIdentifier } = await resolveIssuer(pki.issuingCa);
 * ```
 */
export async function resolveIssuer(
  i: IssuerInput,
): Promise<{ name: Uint8Array; key: TestKey; keyIdentifier: Uint8Array }> {
  if (isBuilt(i)) return { name: i.name, key: i.key, keyIdentifier: i.keyIdentifier };
  return {
    name: encodeName(i.name),
    key: i.key,
    keyIdentifier: i.keyIdentifier ?? (await keyIdentifier(i.key)),
  };
}

/**
 * Signs a TBS structure and assembles `SEQUENCE { tbs, signatureAlgorithm, BIT STRING signature }` —
 * the shape shared by certificates, CRLs and BasicOCSPResponse.
 *
 * @example
 * ```ts
 * import { signStructure } from '@mutua/testkit';
 * const signed = await signStructure(leaf.cert.tbsDer, key); // SEQUENCE { tbs, alg, BIT STRING }
 * ```
 */
export async function signStructure(
  tbs: Uint8Array,
  signer: TestKey,
  options: {
    readonly signature?: SignatureOptions;
    readonly tamperSignature?: boolean;
    readonly outerAlgorithm?: Uint8Array;
    readonly trailing?: readonly Uint8Array[];
  } = {},
): Promise<Uint8Array> {
  const sig = await signer.sign(tbs, options.signature);
  if (options.tamperSignature) sig[sig.length - 1]! ^= 0x01;
  const alg = options.outerAlgorithm ?? signer.algorithmIdentifier(options.signature);
  return der.seq(tbs, alg, der.bits(sig), ...(options.trailing ?? []));
}

/**
 * Builds and signs an X.509 certificate, and parses it back with `@mutua/core`.
 *
 * @example
 * ```ts
 * import { buildCertificate } from '@mutua/testkit';
 * const root = await buildCertificate({
 *   subject: { C: 'BR', O: 'Test', CN: 'Test Root' },
 *   extensions: { basicConstraints: { cA: true }, keyUsage: ['keyCertSign', 'cRLSign'] },
 * });
 * const leaf = await buildCertificate({
 *   subject: { CN: 'Leaf' },
 *   issuer: root,
 *   extensions: { keyUsage: ['digitalSignature'], subjectAltName: [{ email: 'a@b.test' }] },
 * });
 * ```
 */
export async function buildCertificate(options: CertificateOptions): Promise<BuiltCertificate> {
  const subjectInput = options.subject ?? options.identity?.subject;
  if (subjectInput === undefined)
    throw new TypeError('buildCertificate: a subject (or identity) is required');
  const key = options.key ?? (await generateKeyPair(options.keySpec ?? 'P-256'));
  const subject = encodeName(subjectInput);
  const ownKeyId = await keyIdentifier(key);
  const issuer = options.issuer
    ? await resolveIssuer(options.issuer)
    : { name: subject, key, keyIdentifier: ownKeyId };
  const version = options.version ?? 3;
  const explicitExtensions = options.extensions ?? options.identity?.extensions;
  const extensionsInput: ExtensionsInput | undefined =
    options.identity?.extensions && options.extensions
      ? { ...options.identity.extensions, ...options.extensions }
      : explicitExtensions;

  // Versions 1 and 2 only carry extensions the caller asked for (a deliberately malformed certificate).
  const extensions =
    version === 3 || extensionsInput
      ? encodeExtensions(
          extensionsInput ?? {},
          version === 3 ? { subjectKeyId: ownKeyId, authorityKeyId: issuer.keyIdentifier } : {},
        )
      : [];
  const writtenSki = extensionsInput?.subjectKeyIdentifier;

  const notBefore = wholeSeconds(options.notBefore ?? new Date(Date.now() - 3_600_000));
  const notAfter = wholeSeconds(options.notAfter ?? new Date(notBefore.getTime() + 365 * DAY));
  const tbsAlg = issuer.key.algorithmIdentifier(options.signature);
  const tamper = options.tamper ?? {};
  const issuerName = tamper.issuerName !== undefined ? encodeName(tamper.issuerName) : issuer.name;

  const tbs = der.seq(
    version !== 1 ? der.ctx(0, der.int(version - 1)) : undefined,
    der.int(options.serialNumber ?? randomSerial()),
    tbsAlg,
    issuerName,
    der.seq(der.time(notBefore), der.time(notAfter)),
    subject,
    options.publicKeyInfo ?? key.spki,
    options.issuerUniqueId ? der.implicitPrimitive(1, der.bits(options.issuerUniqueId)) : undefined,
    options.subjectUniqueId ? der.implicitPrimitive(2, der.bits(options.subjectUniqueId)) : undefined,
    extensions.length ? der.ctx(3, der.seq(...extensions)) : undefined,
  );

  const outer = tamper.outerSignatureAlgorithm;
  const certDer = await signStructure(tbs, tamper.signingKey ?? issuer.key, {
    ...(options.signature ? { signature: options.signature } : {}),
    ...(tamper.signature ? { tamperSignature: true } : {}),
    ...(outer
      ? {
          outerAlgorithm:
            outer instanceof Uint8Array
              ? outer
              : (tamper.signingKey ?? issuer.key).algorithmIdentifier(outer),
        }
      : {}),
  });
  const cert = parseCertificate(certDer);
  const keyId = writtenSki instanceof Uint8Array ? writtenSki : (cert.ext.subjectKeyIdentifier ?? ownKeyId);
  return { der: certDer, cert, key, name: subject, keyIdentifier: keyId, pem: () => toPem(certDer) };
}
