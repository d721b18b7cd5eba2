import type { HashName, SignatureScheme } from '../crypto/algorithms';
import type { ValidationPolicy } from '../validation/policy';
import type { PublicKeyInfo } from '../x509/public-key';

/**
 * Checks a signature's hash and the signer's key size against the policy's cryptographic-constraints
 * table at time `at` (ETSI TS 119 312 style). Returns a reason when the algorithm is not acceptable,
 * `undefined` when it is (or when the policy has no table).
 * @example
 * ```ts
 * import { STRICT_POLICY, checkCryptoConstraints } from '@mutua/core';
 * const scheme = { kind: 'RSA-PKCS1', hash: 'SHA-1' } as const;
 * checkCryptoConstraints(STRICT_POLICY, scheme, rootKey(), new Date('2008-06-01T00:00:00Z')); // undefined
 * // SHA-1 signatures are not acceptable at a 2024 validation time under the strict default policy:
 * checkCryptoConstraints(STRICT_POLICY, scheme, rootKey(), new Date('2024-06-01T00:00:00Z')); // 'SHA-1 is not acceptable after 2009-12-31'
 * function rootKey() {
 *   return { ...cert.publicKey, type: 'RSA' as const, bits: 2048 };
 * }
 * ```
 */
export function checkCryptoConstraints(
  policy: ValidationPolicy,
  scheme: SignatureScheme,
  key: PublicKeyInfo,
  at: Date,
): string | undefined {
  const table = policy.cryptographicConstraints;
  if (!table) return undefined;
  if ('hash' in scheme) {
    const r = checkHash(table.hashes, scheme.hash, at);
    if (r) return r;
  }
  const family = key.type === 'unknown' ? undefined : key.type;
  if (!family) return `key algorithm ${key.algorithm.oid} is not in the cryptographic constraints`;
  // The applicable entry is the largest minBits not above the key size (the first such in the table
  // on a tie), found in one pass rather than by filtering and sorting for every certificate.
  let listed = false;
  let applicable: (typeof table.keys)[number] | undefined;
  for (const k of table.keys) {
    if (k.name !== family) continue;
    listed = true;
    const bits = k.minBits ?? 0;
    if (bits <= key.bits && (applicable === undefined || bits > (applicable.minBits ?? 0))) applicable = k;
  }
  if (!listed) return `${family} keys are not in the cryptographic constraints`;
  if (!applicable) return `${family} ${key.bits}-bit keys are below every size the policy accepts`;
  if (applicable.expires && at.getTime() >= Date.parse(applicable.expires)) {
    return `${family} ${key.bits}-bit keys are not acceptable after ${applicable.expires}`;
  }
  return undefined;
}

/** Checks one hash against the constraints table at time `at`.
 * @example
 * ```ts
 * import { checkHash } from '@mutua/core';
 * const table = [{ name: 'SHA-256', expires: null }, { name: 'SHA-1', expires: '2009-12-31' }];
 * checkHash(table, 'SHA-256', new Date('2030-01-01T00:00:00Z')); // undefined
 * checkHash(table, 'MD5', new Date('2000-01-01T00:00:00Z')); // 'MD5 is not in the cryptographic constraints'
 * ```
 */
export function checkHash(
  hashes: readonly { name: string; expires?: string | null | undefined }[],
  hash: HashName,
  at: Date,
): string | undefined {
  const h = hashes.find((x) => x.name === hash);
  if (!h) return `${hash} is not in the cryptographic constraints`;
  if (h.expires && at.getTime() >= Date.parse(h.expires))
    return `${hash} is not acceptable after ${h.expires}`;
  return undefined;
}
