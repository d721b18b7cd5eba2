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
    const { m, p } = await measureGroup(
      {
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
      },
      { batches: 5 },
    );
    rows.push(
      { name: 'PKITS: Mutua parseCrl', m },
      { name: 'PKITS: pkijs CertificateRevocationList', m: p, baseline: { label: 'Mutua', m } },
    );
  }

  // One key generation + the entries with the DER writer: about a second, not timed.
  const t0 = performance.now();
  const keys = await globalThis.crypto.subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    false,
    ['sign', 'verify'],
  );
  const big = await generateCrl('Bench CA', keys, entries);
  // pkijs needs about 6 s for 100 000 entries, too long to repeat here: it is compared on a CRL a
  // tenth of the size (set MUTUA_BENCH_FULL=1 to also time it once on the big one).
  const smallEntries = Math.max(1, Math.floor(entries / 10));
  const small = await generateCrl('Bench CA', keys, smallEntries);
  const target = hexOf(crlSerial(Math.floor(entries * 0.77)));
  const check = parseCrl(big);
  if (check.revokedCount !== entries || check.findRevoked(target).length !== 1)
    throw new Error('bench: synthesised CRL does not read back');
  if (pkijsCrl(small).revokedCertificates?.length !== smallEntries)
    throw new Error('bench: pkijs misreads the CRL');
  console.log(
    `\nSynthesised CRLs with ${entries.toLocaleString('en')} entries (${(big.length / 1e6).toFixed(2)} MB) and ${smallEntries.toLocaleString('en')} entries in ${(performance.now() - t0).toFixed(0)} ms.`,
  );
  // Slow ops: one call per clock read, fewer and longer batches.
  const k = (n: number) => `${n / 1000}k`;
  const slow = { stride: 1, batches: 3, batchMs: 150, warmupMs: 0 };
  const bigM = await measureGroup(
    {
      parse: { op: () => (sink += parseCrl(big).revokedCount) },
      lookup: { op: () => (sink += parseCrl(big).findRevoked(target).length) },
      all: { op: () => (sink += parseCrl(big).revokedCertificates.length) },
    },
    slow,
  );
  const smallM = await measureGroup(
    {
      parse: { op: () => (sink += parseCrl(small).revokedCount) },
      all: { op: () => (sink += parseCrl(small).revokedCertificates.length) },
      pk: { op: () => (sink += pkijsCrl(small).revokedCertificates?.length ?? 0) },
    },
    slow,
  );
  rows.push(
    {
      name: `${k(smallEntries)}: Mutua parseCrl (framing)`,
      m: smallM.parse,
      baseline: { label: 'pkijs', m: smallM.pk },
    },
    {
      name: `${k(smallEntries)}: parseCrl + decode all`,
      m: smallM.all,
      baseline: { label: 'pkijs', m: smallM.pk },
    },
    { name: `${k(smallEntries)}: pkijs CertificateRevocationList`, m: smallM.pk },
    {
      name: `${k(entries)}: Mutua parseCrl (framing)`,
      m: bigM.parse,
      note: 'entries framed and indexed by serial hex; dates and extensions decoded on demand',
    },
    {
      name: `${k(entries)}: parseCrl + findRevoked`,
      m: bigM.lookup,
      baseline: { label: 'parse', m: bigM.parse },
      note: 'one lookup: builds the serial index, decodes one entry',
    },
    {
      name: `${k(entries)}: parseCrl + decode all`,
      m: bigM.all,
      baseline: { label: 'parse', m: bigM.parse },
    },
  );
  if (process.env.MUTUA_BENCH_FULL) {
    const t = performance.now();
    sink += pkijsCrl(big).revokedCertificates?.length ?? 0;
    const ms = performance.now() - t;
    const m = { opsPerSec: 1000 / ms, usPerOp: ms * 1000, spread: 0, batches: 1 };
    rows.push({ name: `${k(entries)}: pkijs (one run)`, m, baseline: { label: 'parse', m: bigM.parse } });
  }
  if (sink === -1) console.log('unreachable');
  printTable('CRL parsing', 'CRL', rows);
}
