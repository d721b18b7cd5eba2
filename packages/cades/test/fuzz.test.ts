/**
 * Hostile-input property tests for the CMS parser and verifier. The contract: malformed input makes
 * `verifyCades` reject with a `MutuaError` (never a TypeError or RangeError), and a mutated signature is
 * never reported intact unless what was signed is still exactly what the signer signed.
 */
import { MutuaError, trustAnchorFromCertificate } from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';
import { type TestPki, addSignatureTimestamp, createTestPki, createTsa, signCms } from '@mutua/testkit';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseSignedData, verifyCades } from '../src/index';

const REF = new Date('2025-06-01T12:00:00Z');
const content = new TextEncoder().encode('fuzzed content');
const seed = 20251122;

let pki: TestPki;
let seeds: Uint8Array[];

beforeAll(async () => {
  pki = await createTestPki({ name: 'CAdES Fuzz', referenceDate: REF });
  const tsa = await createTsa(pki);
  const b = await signCms({ content, signer: pki.endEntity, chain: [pki.issuingCa] });
  seeds = [
    b,
    await signCms({ content, signer: pki.endEntity, encoding: 'BER' }),
    await addSignatureTimestamp(b, tsa, { genTime: REF }),
  ];
});

async function run(bytes: Uint8Array) {
  try {
    return await verifyCades(bytes, {
      trustAnchors: [trustAnchorFromCertificate(pki.root.cert)],
      time: REF,
      crypto: nodeCryptoEngine,
    });
  } catch (e) {
    if (e instanceof MutuaError) return undefined;
    throw e;
  }
}

describe('verifyCades under mutation', () => {
  it('single-byte changes: a MutuaError or a report; intact only when the signed content is unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 2 }), fc.nat(), fc.integer({ min: 1, max: 255 }), async (s, pos, x) => {
        const bytes = seeds[s]!.slice();
        const i = pos % bytes.length;
        bytes[i] = bytes[i]! ^ x;
        const r = await run(bytes);
        if (r?.signatures.some((sig) => sig.signatureIntact)) {
          expect(parseSignedData(bytes).content).toEqual(content);
        }
      }),
      { seed, numRuns: 300 },
    );
  });

  it('truncations and random bytes are MutuaErrors, never crashes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 2 }), fc.nat(), async (s, n) => {
        const b = seeds[s]!;
        await run(b.subarray(0, n % b.length));
      }),
      { seed, numRuns: 200 },
    );
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (b) => {
        await run(b);
      }),
      { seed, numRuns: 300 },
    );
  });
});
