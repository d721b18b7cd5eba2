/**
 * Mutated files (bytes flipped, truncated, spans repeated) end in a typed error or a result, in bounded
 * time: never a TypeError or RangeError from inside the reader.
 */
import { MutuaError } from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';
import { describe, expect, it } from 'vitest';
import { readPdf, verifyPadesIntegrity } from '../src/index';
import { addSignature, signedPdf } from './helpers/pdf';

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(bytes: Uint8Array, r: () => number): Uint8Array {
  const out = bytes.slice();
  const kind = Math.floor(r() * 4);
  if (kind === 0)
    for (let i = 0; i < 1 + r() * 8; i++) out[Math.floor(r() * out.length)] = Math.floor(r() * 256);
  if (kind === 1) return out.subarray(0, Math.floor(r() * out.length));
  if (kind === 2) {
    // Structural bytes are where parsers differ: change digits and delimiters only.
    const chars = '0123456789<>[]()/ \n';
    for (let i = 0; i < 1 + r() * 4; i++) {
      const at = Math.floor(r() * out.length);
      if (chars.includes(String.fromCharCode(out[at]!)))
        out[at] = chars.charCodeAt(Math.floor(r() * chars.length));
    }
  }
  if (kind === 3) {
    const from = Math.floor(r() * out.length);
    const len = Math.floor(r() * 200);
    const at = Math.floor(r() * out.length);
    const merged = new Uint8Array(out.length + len);
    merged.set(out.subarray(0, at));
    merged.set(out.subarray(from, from + len), at);
    merged.set(out.subarray(at), at + Math.min(len, out.length - from));
    return merged;
  }
  return out;
}

describe('fuzzed PDFs', () => {
  it('end in a typed error or a verdict', async () => {
    const seeds = [
      await signedPdf(),
      await addSignature(await signedPdf({ xref: 'stream', objectStreams: true }), { xref: 'stream' }),
    ];
    const r = rng(6);
    let verdicts = 0;
    let errors = 0;
    const started = Date.now();
    for (let i = 0; i < 400; i++) {
      const bytes = mutate(seeds[i % seeds.length]!, r);
      try {
        const pdf = await readPdf(bytes);
        await verifyPadesIntegrity(pdf, { crypto: nodeCryptoEngine });
        verdicts++;
      } catch (e) {
        if (!(e instanceof MutuaError)) throw new Error(`case ${i}: ${(e as Error).stack}`);
        errors++;
      }
    }
    expect(verdicts + errors).toBe(400);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
