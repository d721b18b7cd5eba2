/**
 * CRL parsing: the 173 small PKITS CRLs, and one synthesised CRL with 100 000 entries (national CAs in
 * Latin America publish CRLs of that size). Mutua frames every entry at parse time and decodes entries
 * on demand, so the big-CRL rows separate "parse", "parse + one lookup" and "parse + decode all".
 * pkijs decodes everything up front; it is the comparison. node:crypto has no CRL parser.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { parseCrl } from '../src/revocation/crl';
import { pkitsCrlsDir } from './corpus';
import { crlSerial, generateCrl } from './fixtures';
import { type Row, measureGroup, printTable } from './harness';

/**
 * asn1js ≥ 3.1 refuses input of more than 10 000 ASN.1 nodes by default (a denial-of-service guard), so
 * it cannot read a 100 000-entry CRL unless the caller raises `maxNodes`, as we do here.
 */
function pkijsCrl(der: Uint8Array): pkijs.CertificateRevocationList {
  const asn = asn1js.fromBER(der, { maxNodes: 10_000_000 });
  if (asn.offset === -1) throw new Error(asn.result.error);
  return new pkijs.CertificateRevocationList({ schema: asn.result });
}

function hexOf(n: bigint): string {
  let h = n.toString(16);
  if (h.length % 2) h = `0${h}`;
  return Number.parseInt(h[0]!, 16) >= 8 ? `00${h}` : h;
}

/** Runs the CRL benchmarks and prints their tables. `entries` is the size of the synthesised CRL. */
export async function benchCrl(entries: number): Promise<void> {
  let sink = 0;
  const rows: Row[] = [];

  const dir = pkitsCrlsDir();
  if (dir) {
    const crls = readdirSync(dir)
      .filter((f) => f.endsWith('.crl'))
      .sort()
      .map((f) => new Uint8Array(readFileSync(join(dir, f))))
      .filter((d) => {
        try {
          parseCrl(d);
          pkijsCrl(d);
          return true;
        } catch {
          return false;
        }
      });
    console.log(`\nParsing ${crls.length} PKITS CRLs (both parsers accept all of these).`);
    const { m, p } = await measureGroup({
      m: {
        op: () => {
          for (const d of crls) sink += parseCrl(d).revokedCount;
        },
        units: crls.length,
      },
      p: {
        op: () => {
          for (const d of crls) sink += pkijsCrl(d).revokedCertificates?.length ?? 0;
        },
        units: crls.length,
      },
    }, { batches: 7 });
    rows.push({ name: 'PKITS: Mutua parseCrl', m }, { name: 'PKITS: pkijs CertificateRevocationList', m: p, baseline: { label: 'Mutua', m } });
  }

  // One key generation + 100 000 entries with the DER writer: about a second, not timed.
  const t0 = performance.now();
  const keys = await globalThis.crypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );
  const big = await generateCrl('Bench CA', keys, entries);
  const target = hexOf(crlSerial(Math.floor(entries * 0.77)));
  const check = parseCrl(big);
  if (check.revokedCount !== entries || check.findRevoked(target).length !== 1) throw new Error('bench: synthesised CRL does not read back');
  console.log(
    `\nSynthesised a CRL with ${entries.toLocaleString('en')} entries (${(big.length / 1e6).toFixed(2)} MB) in ${(performance.now() - t0).toFixed(0)} ms.`,
  );
  // Slow ops: one call per clock read, fewer and longer batches.
  const { parse, lookup, all, pk } = await measureGroup(
    {
      parse: { op: () => (sink += parseCrl(big).revokedCount) },
      lookup: { op: () => (sink += parseCrl(big).findRevoked(target).length) },
      all: { op: () => (sink += parseCrl(big).revokedCertificates.length) },
      pk: { op: () => (sink += pkijsCrl(big).revokedCertificates?.length ?? 0) },
    },
    { stride: 1, batches: 5, batchMs: 250, warmupMs: 0 },
  );
  if (sink === -1) console.log('unreachable');
  rows.push(
    { name: `${entries / 1000}k: Mutua parseCrl (framing)`, m: parse, baseline: { label: 'pkijs', m: pk } },
    { name: `${entries / 1000}k: parseCrl + findRevoked`, m: lookup, baseline: { label: 'pkijs', m: pk }, note: 'one lookup: builds the serial index, decodes one entry' },
    { name: `${entries / 1000}k: parseCrl + decode all`, m: all, baseline: { label: 'pkijs', m: pk } },
    { name: `${entries / 1000}k: pkijs CertificateRevocationList`, m: pk },
  );
  printTable('CRL parsing', 'CRL', rows);
}
