import type { CryptoEngine } from '@mutua/core';
import { type XmlRemoteSigner, signXades } from '@mutua/xades';

/** Options of {@link signTrustedList}. */
export interface SignTrustedListOptions {
  /** The scheme operator's signing key: a WebCrypto private key or a remote signer (HSM, KMS). */
  readonly key: CryptoKey | XmlRemoteSigner;
  /** The signing certificate (DER): the one the pointing list of lists must announce. */
  readonly certificate: Uint8Array;
  /** Further certificates for KeyInfo. */
  readonly chain?: readonly Uint8Array[];
  /** The signing time claimed (default now). */
  readonly signingTime?: Date;
  /** Digests with this engine (default WebCrypto). */
  readonly crypto?: CryptoEngine;
}

/**
 * Signs a trusted list (or list of lists) as TS 119 612 §5.7 and the EU lists do: exactly one enveloped
 * XAdES-BASELINE-B signature, as the last child of `TrustServiceStatusList`, whose first reference is the
 * whole document (`URI=""`, enveloped-signature and exclusive canonicalisation transforms). For
 * `mutua tl build` (lists for regions that have none) and for tests.
 *
 * @example
 * ```ts
 * import { buildTrustedList, parseTrustedList, signTrustedList, verifyTrustedListSignature } from '@mutua/trust-list';
 * import { nodeCryptoEngine } from '@mutua/core/node';
 * const xml = await signTrustedList(buildTrustedList({ territory: 'UY' }), { key: leaf.key.privateKey, certificate: leaf.der });
 * const v = await verifyTrustedListSignature(parseTrustedList(xml), { announcedCertificates: [leaf.der], crypto: nodeCryptoEngine });
 * v.indication; // 'TOTAL_PASSED'
 * ```
 */
export async function signTrustedList(xml: string, options: SignTrustedListOptions): Promise<string> {
  const signed = await signXades({
    content: { kind: 'enveloped', document: xml },
    key: options.key,
    certificate: options.certificate,
    ...(options.chain ? { chain: options.chain } : {}),
    ...(options.signingTime ? { signingTime: options.signingTime } : {}),
    ...(options.crypto ? { crypto: options.crypto } : {}),
  });
  return signed.xml;
}
