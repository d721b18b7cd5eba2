/**
 * The PRELUDE of the doc examples: ready-made values a snippet may use without defining them (a reader
 * takes them as "your certificate", "your CA", …), and the fake network that serves the prelude PKI.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Certificate,
  type CertificateList,
  type TrustAnchor,
  parseCertificate,
  parseCrl,
  toPem,
  trustAnchorFromCertificate,
} from '@mutua/core';
import {
  type BuiltCertificate,
  type TestCertificateAuthority,
  type TestKey,
  type TestPki,
  createTestPki,
} from '@mutua/testkit';

/** The base URL of the prelude PKI's CRL, OCSP and caIssuers URLs. */
export const BASE_URL = 'http://ca.example.com';

export interface Prelude {
  /** A P-256 test PKI (root → issuing CA → end entity) valid now, with URLs under {@link BASE_URL}. */
  readonly pki: TestPki;
  /** The issuing CA of `pki` (a testkit TestCertificateAuthority: `cert`, `der`, `issue`, `crl`…). */
  readonly ca: TestCertificateAuthority;
  /** The end-entity certificate of `pki` (a testkit BuiltCertificate: `der`, `cert`, `key`…). */
  readonly leaf: BuiltCertificate;
  /** The end entity's key. */
  readonly key: TestKey;
  /** The parsed end-entity certificate. */
  readonly cert: Certificate;
  /** The parsed issuing CA certificate. */
  readonly issuer: Certificate;
  /** DER of the end-entity certificate (also `derBytes` and `leafDer`). */
  readonly der: Uint8Array;
  readonly derBytes: Uint8Array;
  readonly leafDer: Uint8Array;
  /** DER of the issuing CA certificate. */
  readonly caDer: Uint8Array;
  /** DER of the root certificate. */
  readonly rootDer: Uint8Array;
  /** PEM text of the end entity, then the issuing CA. */
  readonly pemText: string;
  /** A CRL of the issuing CA (no entries), DER. */
  readonly crlDer: Uint8Array;
  /** Parsed CRLs of the root and of the issuing CA (no entries): what validating `cert` needs. */
  readonly crls: readonly CertificateList[];
  /** A `good` OCSP response of the issuing CA about the end entity, DER. */
  readonly ocspDer: Uint8Array;
  /** Trust anchors made from the root (also `anchors`). */
  readonly trustAnchors: readonly TrustAnchor[];
  readonly anchors: readonly TrustAnchor[];
  /** A file holding the end-entity certificate in PEM, for CLI examples. */
  readonly certPath: string;
}

/** The prelude's names, in the order they are passed to a snippet. */
export const PRELUDE_NAMES = [
  'pki',
  'ca',
  'leaf',
  'key',
  'cert',
  'issuer',
  'der',
  'derBytes',
  'leafDer',
  'caDer',
  'rootDer',
  'pemText',
  'crlDer',
  'crls',
  'ocspDer',
  'trustAnchors',
  'anchors',
  'certPath',
] as const satisfies readonly (keyof Prelude)[];

/** Builds the prelude; `dispose` removes its temporary files. */
export async function createPrelude(): Promise<{ prelude: Prelude; dispose: () => void }> {
  const pki = await createTestPki({ keySpec: 'P-256', baseUrl: BASE_URL });
  const ca = pki.issuingCa;
  const leaf = pki.endEntity;
  const anchors = [trustAnchorFromCertificate(pki.root.cert, 'doc-examples root')];
  const crlDer = (await ca.crl()).der;
  const tmp = mkdtempSync(join(tmpdir(), 'mutua-doc-examples-'));
  const certPath = join(tmp, 'signer.crt');
  writeFileSync(certPath, toPem(leaf.der));
  const prelude: Prelude = {
    pki,
    ca,
    leaf,
    key: leaf.key,
    cert: parseCertificate(leaf.der),
    issuer: parseCertificate(ca.der),
    der: leaf.der,
    derBytes: leaf.der,
    leafDer: leaf.der,
    caDer: ca.der,
    rootDer: pki.root.der,
    pemText: toPem(leaf.der) + toPem(ca.der),
    crlDer,
    crls: [parseCrl((await pki.root.crl()).der), parseCrl(crlDer)],
    ocspDer: (await ca.ocsp(leaf)).der,
    trustAnchors: anchors,
    anchors,
    certPath,
  };
  return { prelude, dispose: () => rmSync(tmp, { recursive: true, force: true }) };
}

/**
 * A `fetch` for `vi.stubGlobal`: answers GETs of what `pki` publishes (CRLs, CA certificates) and 404 for
 * anything else, so examples that download never leave the process.
 */
export function fakeNetwork(pki: () => TestPki | undefined): typeof fetch {
  return async (input) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const body = await pki()?.fetch(url);
    if (!body) return new Response('not found', { status: 404 });
    const type = url.endsWith('.crl') ? 'application/pkix-crl' : 'application/pkix-cert';
    return new Response(new Uint8Array(body), { status: 200, headers: { 'content-type': type } });
  };
}
