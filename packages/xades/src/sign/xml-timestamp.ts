import type { CryptoEngine } from '@mutua/core';
import { XMLDSIG_URIS } from '../dsig/uris';
import type { XmlRemoteSigner } from './key';
import { signXml } from './sign-xml';

/** The namespace of OASIS DSS 1.0 core (its XML time-stamp: `dss:Timestamp`, `dss:TstInfo`). */
export const OASIS_DSS_NS = 'urn:oasis:names:tc:dss:1.0:core:schema';

/** The Reference Type that marks the reference to a `dss:TstInfo` (OASIS DSS 1.0 core §5.1). */
export const XML_TIMESTAMP_TOKEN_TYPE = 'urn:oasis:names:tc:dss:1.0:core:schema:XMLTimeStampToken';

/** Options of {@link createXmlTimestamp}. */
export interface CreateXmlTimestampOptions {
  /** Exactly the bytes to time-stamp (for a XAdES time-stamp: its input, already canonicalised). */
  readonly covered: Uint8Array;
  /** The TSA's private key (WebCrypto) or a remote signer. */
  readonly key: CryptoKey | XmlRemoteSigner;
  /** DER certificates for KeyInfo, the TSA's first. */
  readonly certificates: readonly Uint8Array[];
  /** The time the TSA asserts (default now). */
  readonly genTime?: Date;
  /** The token's serial number (default random). */
  readonly serialNumber?: bigint;
  /** The TSA policy (an OID or URI). */
  readonly policy?: string;
  /** DigestMethod of the references (default SHA-256). */
  readonly digestMethod?: string;
  /** Digests with this engine (default WebCrypto). */
  readonly crypto?: CryptoEngine;
}

function randomHex(bytes: number): string {
  return Array.from(globalThis.crypto.getRandomValues(new Uint8Array(bytes)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}

/**
 * Makes an XML time-stamp as OASIS DSS 1.0 core §5.1 defines it — what a XAdES `XMLTimeStamp` holds: a
 * `dss:Timestamp` whose `ds:Signature` signs a `dss:TstInfo` (serial number, creation time, policy) in a
 * `ds:Object` (a Reference of Type `…:XMLTimeStampToken`) and the time-stamped data (a Reference without
 * URI over `covered`). For a TSA issuing XML time-stamps, and for tests.
 *
 * @example
 * ```ts
 * import { createXmlTimestamp } from '@mutua/xades';
 * const xml = await createXmlTimestamp({
 *   covered: new TextEncoder().encode('what is time-stamped'),
 *   key: key.privateKey,
 *   certificates: [leaf.der],
 *   genTime: new Date('2025-06-01T12:00:00Z'),
 * });
 * xml.startsWith('<dss:Timestamp'); // true
 * xml.includes('<dss:CreationTime>2025-06-01T12:00:00.000Z</dss:CreationTime>'); // true
 * ```
 */
export async function createXmlTimestamp(options: CreateXmlTimestampOptions): Promise<string> {
  const id = `ts-${randomHex(8)}`;
  const serial = options.serialNumber ?? BigInt(`0x${randomHex(8)}`);
  const tstInfo =
    `<dss:TstInfo xmlns:dss="${OASIS_DSS_NS}"><dss:SerialNumber>${serial}</dss:SerialNumber>` +
    `<dss:CreationTime>${(options.genTime ?? new Date()).toISOString()}</dss:CreationTime>` +
    (options.policy !== undefined ? `<dss:Policy>${escapeText(options.policy)}</dss:Policy>` : '') +
    '</dss:TstInfo>';
  const { xml } = await signXml({
    id,
    content: { kind: 'detached', files: [{ bytes: options.covered }] },
    references: [{ uri: `#${id}-tst`, type: XML_TIMESTAMP_TOKEN_TYPE, transforms: [XMLDSIG_URIS.EXC_C14N] }],
    objects: [{ id: `${id}-tst`, content: tstInfo }],
    key: options.key,
    certificates: options.certificates,
    ...(options.digestMethod ? { digestMethod: options.digestMethod } : {}),
    ...(options.crypto ? { crypto: options.crypto } : {}),
  });
  return `<dss:Timestamp xmlns:dss="${OASIS_DSS_NS}">${xml}</dss:Timestamp>`;
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
