import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type HashName,
  MutuaError,
  base64Decode,
  parseCertificates,
  trustAnchorFromCertificate,
} from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';
import { describe, expect, it } from 'vitest';
import {
  type CadesVerification,
  type VerifyCadesOptions,
  parseTimeStampResponse,
  verifyCades,
  verifySignerInfo,
} from '../src/index';

// The shared DSS corpus sits beside the repository (../shared/corpus/dss); these tests skip when it is absent.
const root = fileURLToPath(new URL('../../../../shared/corpus/dss/', import.meta.url));
const manifestPath = join(root, 'manifest.json');

interface Entry {
  id: string;
  path: string;
  format: string;
  detachedContent: string[] | null;
  detachedContentDigests?: { algorithm: string; base64?: string }[];
  signingCertificates?: string[];
  trustAnchors: string[] | null;
  validationTime: string | null;
  expected: {
    summary: {
      signatureIntact: boolean | null;
      indication: string | null;
      subIndication: string | null;
    } | null;
  };
}

/**
 * Entries where Mutua knowingly differs from DSS, each with its reason: the same list the conformance
 * run uses (conformance/known-disagreements.json). The test fails on any other disagreement.
 */
const KNOWN_INTACT_DISAGREEMENTS: Record<string, string> = JSON.parse(
  readFileSync(
    fileURLToPath(new URL('../../../conformance/known-disagreements.json', import.meta.url)),
    'utf8',
  ),
);

const HASH_NAMES: Record<string, HashName> = {
  SHA1: 'SHA-1',
  SHA256: 'SHA-256',
  SHA384: 'SHA-384',
  SHA512: 'SHA-512',
  SHA3_224: 'SHA3-224',
};

function optionsFor(e: Entry): VerifyCadesOptions {
  const certs = (paths: string[] | null | undefined) =>
    (paths ?? []).flatMap((p) => parseCertificates(readFileSync(join(root, p))));
  const digest = e.detachedContentDigests?.[0];
  const detachedContent =
    digest?.base64 && HASH_NAMES[digest.algorithm]
      ? { digests: { [HASH_NAMES[digest.algorithm]!]: base64Decode(digest.base64) } }
      : e.detachedContent?.[0]
        ? new Uint8Array(readFileSync(join(root, e.detachedContent[0])))
        : undefined;
  return {
    trustAnchors: certs(e.trustAnchors).map((c) => trustAnchorFromCertificate(c)),
    certificates: certs(e.signingCertificates),
    ...(e.validationTime ? { time: new Date(e.validationTime) } : {}),
    ...(detachedContent ? { detachedContent } : {}),
    crypto: nodeCryptoEngine,
  };
}

describe.skipIf(!existsSync(manifestPath))('the DSS CAdES corpus', () => {
  it('every CAdES entry verifies or fails with a MutuaError, and integrity agrees with DSS', async () => {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { entries: Entry[] };
    const entries = manifest.entries.filter((e) => e.format === 'cades');
    expect(entries.length).toBeGreaterThan(50);
    const unexpected: string[] = [];
    const brokenButIntact: string[] = [];
    const disagreements: string[] = [];
    const indicationMismatches: string[] = [];
    for (const e of entries) {
      let r: CadesVerification;
      try {
        r = await verifyCades(new Uint8Array(readFileSync(join(root, e.path))), optionsFor(e));
      } catch (err) {
        if (!(err instanceof MutuaError)) unexpected.push(`${e.id}: ${(err as Error).stack}`);
        continue;
      }
      const s = e.expected.summary;
      const intact = r.signatures.length > 0 && r.signatures.every((x) => x.signatureIntact);
      if (s?.signatureIntact === false && intact) brokenButIntact.push(e.id);
      if (s && s.signatureIntact != null && s.signatureIntact !== intact && !KNOWN_INTACT_DISAGREEMENTS[e.id])
        disagreements.push(`${e.id} ${e.path}: DSS ${s.signatureIntact}, we ${intact}`);
      if (s?.indication && !KNOWN_INTACT_DISAGREEMENTS[e.id]) {
        const top = r.signatures[0];
        if (top?.indication !== s.indication || (s.subIndication && top.subIndication !== s.subIndication))
          indicationMismatches.push(
            `${e.id}: DSS ${s.indication}/${s.subIndication}, we ${top?.indication}/${top?.subIndication}`,
          );
      }
    }
    expect(unexpected).toEqual([]);
    // The hard rule: never call intact what DSS reports broken.
    expect(brokenButIntact).toEqual([]);
    expect(disagreements).toEqual([]);
    expect(indicationMismatches).toEqual([]);
  }, 120_000);
});

const tsr = fileURLToPath(new URL('../../../../shared/corpus/lac/br/samples/response.tsr', import.meta.url));

describe.skipIf(!existsSync(tsr))('a real ICP-Brasil time-stamp response', () => {
  it('parses: granted, SERPRO policy 2.16.76.1.6.2, and its token signature is intact', async () => {
    const resp = parseTimeStampResponse(new Uint8Array(readFileSync(tsr)));
    expect(resp.status).toBe(0);
    const t = resp.token!;
    expect(t.tstInfo.policy).toBe('2.16.76.1.6.2');
    expect(t.tstInfo.genTime.getUTCFullYear()).toBe(2013);
    const sd = t.signedData;
    const r = await verifySignerInfo({
      signerInfo: sd.signerInfos[0]!,
      contentType: sd.contentType,
      content: sd.content!,
      digest: (h) => nodeCryptoEngine.digest(h, sd.content!),
      certificates: sd.certificates,
      trustAnchors: [],
      crypto: nodeCryptoEngine,
      requiredExtendedKeyUsage: '1.3.6.1.5.5.7.3.8', // a time-stamp token: its signer is a TSA
    });
    expect(
      r.checks.filter((c) => c.id.startsWith('cms.') && c.status !== 'passed' && c.status !== 'warning'),
    ).toEqual([]);
    expect(r.signatureIntact).toBe(true);
  });
});
