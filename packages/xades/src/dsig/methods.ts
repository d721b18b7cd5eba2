import { HASH_LENGTH, type HashName, type SignatureScheme } from '@mutua/core';
import type { XmlElement } from '../xml/tree';
import { DSIG_NS } from './types';
import { PSS_NS } from './uris';

const MORE = 'http://www.w3.org/2001/04/xmldsig-more#';
const MORE07 = 'http://www.w3.org/2007/05/xmldsig-more#';
const MORE21 = 'http://www.w3.org/2021/04/xmldsig-more#';

/** PSS with MGF1 over the same hash and a salt as long as the hash, as RFC 6931 §2.3.10 fixes it. */
const pss = (hash: HashName): SignatureScheme => ({
  kind: 'RSA-PSS',
  hash,
  mgfHash: hash,
  saltLength: HASH_LENGTH[hash],
  trailerField: 1,
});

/** SignatureMethod URIs (XML-DSig 1.1, RFC 6931, RFC 9231) → core's scheme. */
export const SIGNATURE_METHODS: Readonly<Record<string, SignatureScheme>> = {
  [`${DSIG_NS}rsa-sha1`]: { kind: 'RSA-PKCS1', hash: 'SHA-1' },
  [`${MORE}rsa-sha224`]: { kind: 'RSA-PKCS1', hash: 'SHA-224' },
  [`${MORE}rsa-sha256`]: { kind: 'RSA-PKCS1', hash: 'SHA-256' },
  [`${MORE}rsa-sha384`]: { kind: 'RSA-PKCS1', hash: 'SHA-384' },
  [`${MORE}rsa-sha512`]: { kind: 'RSA-PKCS1', hash: 'SHA-512' },
  [`${MORE21}rsa-sha3-224`]: { kind: 'RSA-PKCS1', hash: 'SHA3-224' },
  [`${MORE21}rsa-sha3-256`]: { kind: 'RSA-PKCS1', hash: 'SHA3-256' },
  [`${MORE21}rsa-sha3-384`]: { kind: 'RSA-PKCS1', hash: 'SHA3-384' },
  [`${MORE21}rsa-sha3-512`]: { kind: 'RSA-PKCS1', hash: 'SHA3-512' },
  [`${MORE07}sha1-rsa-MGF1`]: pss('SHA-1'),
  [`${MORE07}sha224-rsa-MGF1`]: pss('SHA-224'),
  [`${MORE07}sha256-rsa-MGF1`]: pss('SHA-256'),
  [`${MORE07}sha384-rsa-MGF1`]: pss('SHA-384'),
  [`${MORE07}sha512-rsa-MGF1`]: pss('SHA-512'),
  [`${MORE07}sha3-224-rsa-MGF1`]: pss('SHA3-224'),
  [`${MORE07}sha3-256-rsa-MGF1`]: pss('SHA3-256'),
  [`${MORE07}sha3-384-rsa-MGF1`]: pss('SHA3-384'),
  [`${MORE07}sha3-512-rsa-MGF1`]: pss('SHA3-512'),
  [`${MORE}ecdsa-sha1`]: { kind: 'ECDSA', hash: 'SHA-1' },
  [`${MORE}ecdsa-sha224`]: { kind: 'ECDSA', hash: 'SHA-224' },
  [`${MORE}ecdsa-sha256`]: { kind: 'ECDSA', hash: 'SHA-256' },
  [`${MORE}ecdsa-sha384`]: { kind: 'ECDSA', hash: 'SHA-384' },
  [`${MORE}ecdsa-sha512`]: { kind: 'ECDSA', hash: 'SHA-512' },
  [`${MORE21}ecdsa-sha3-224`]: { kind: 'ECDSA', hash: 'SHA3-224' },
  [`${MORE21}ecdsa-sha3-256`]: { kind: 'ECDSA', hash: 'SHA3-256' },
  [`${MORE21}ecdsa-sha3-384`]: { kind: 'ECDSA', hash: 'SHA3-384' },
  [`${MORE21}ecdsa-sha3-512`]: { kind: 'ECDSA', hash: 'SHA3-512' },
  [`${MORE21}eddsa-ed25519`]: { kind: 'Ed25519' },
  [`${MORE21}eddsa-ed448`]: { kind: 'Ed448' },
};

/** RSASSA-PSS with explicit parameters (RFC 6931 §2.3.10, `pss:RSAPSSParams`). */
export const RSA_PSS_WITH_PARAMETERS = `${MORE07}rsa-pss`;

/** DigestMethod URIs → hash. */
export const DIGEST_METHODS: Readonly<Record<string, HashName>> = {
  [`${DSIG_NS}sha1`]: 'SHA-1',
  [`${MORE}sha224`]: 'SHA-224',
  'http://www.w3.org/2001/04/xmlenc#sha256': 'SHA-256',
  [`${MORE}sha384`]: 'SHA-384',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'SHA-512',
  [`${MORE07}sha3-224`]: 'SHA3-224',
  [`${MORE07}sha3-256`]: 'SHA3-256',
  [`${MORE07}sha3-384`]: 'SHA3-384',
  [`${MORE07}sha3-512`]: 'SHA3-512',
};

/** What a SignatureMethod element means: a scheme, an HMAC (refused), or unknown. */
export type MethodMeaning =
  | { readonly kind: 'scheme'; readonly scheme: SignatureScheme }
  | { readonly kind: 'hmac' }
  | { readonly kind: 'unknown'; readonly reason: string };

/** Reads a `ds:SignatureMethod` (its Algorithm, and the PSS parameters when it has them). */
export function signatureMethodMeaning(method: XmlElement): MethodMeaning {
  const uri = method.getAttribute('Algorithm') ?? '';
  // A shared secret proves nothing about a certificate holder: refused whatever the hash.
  if (/#hmac-/i.test(uri)) return { kind: 'hmac' };
  const known = SIGNATURE_METHODS[uri];
  if (known) return { kind: 'scheme', scheme: known };
  if (uri === RSA_PSS_WITH_PARAMETERS) return pssWithParameters(method);
  return { kind: 'unknown', reason: `unknown signature method ${uri || '(none)'}` };
}

function pssWithParameters(method: XmlElement): MethodMeaning {
  const params = method.elements('RSAPSSParams', PSS_NS)[0];
  let hash: HashName = 'SHA-256';
  const digest = params?.elements('DigestMethod', DSIG_NS)[0]?.getAttribute('Algorithm');
  if (digest !== undefined) {
    const h = DIGEST_METHODS[digest];
    if (!h) return { kind: 'unknown', reason: `RSASSA-PSS with unknown digest ${digest}` };
    hash = h;
  }
  const mgf = params?.elements('MaskGenerationFunction', PSS_NS)[0];
  const mgfDigest = mgf?.elements('DigestMethod', DSIG_NS)[0]?.getAttribute('Algorithm');
  const mgfHash = mgfDigest === undefined ? hash : DIGEST_METHODS[mgfDigest];
  if (!mgfHash) return { kind: 'unknown', reason: `RSASSA-PSS with unknown MGF1 digest ${mgfDigest}` };
  const number = (name: string, fallback: number): number | undefined => {
    const t = params?.elements(name, PSS_NS)[0]?.textContent.trim();
    if (t === undefined) return fallback;
    return /^\d{1,4}$/.test(t) ? Number(t) : undefined;
  };
  const saltLength = number('SaltLength', HASH_LENGTH[hash]);
  const trailerField = number('TrailerField', 1);
  if (saltLength === undefined || trailerField !== 1)
    return { kind: 'unknown', reason: 'RSASSA-PSS with malformed SaltLength or a TrailerField other than 1' };
  return { kind: 'scheme', scheme: { kind: 'RSA-PSS', hash, mgfHash, saltLength, trailerField } };
}
