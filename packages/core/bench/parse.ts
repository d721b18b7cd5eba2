/**
 * Certificate parsing throughput: Mutua's `parseCertificate` against asn1js + pkijs (the usual pure-JS
 * choice) and node:crypto's `X509Certificate` (OpenSSL's d2i_X509, native code), on the same bytes.
 */
import { X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { parseCertificate } from '../src/x509/certificate';
import type { CorpusCert } from './corpus';
import { type Row, measureGroup, printTable } from './harness';

/** What each parser makes of one DER blob, so that the set can be restricted to what all three accept. */
function accepts(der: Uint8Array): { mutua: boolean; pkijs: boolean; node: boolean } {
  const ok = (f: () => unknown) => {
    try {
      f();
      return true;
    } catch {
      return false;
    }
  };
  return {
    mutua: ok(() => parseCertificate(der)),
    pkijs: ok(() => pkijsParse(der)),
    node: ok(() => new X509Certificate(der)),
  };
}

function pkijsParse(der: Uint8Array): pkijs.Certificate {
  const asn = asn1js.fromBER(der);
  // asn1js reports errors in-band (offset -1) rather than throwing; pkijs then throws on the schema.
  if (asn.offset === -1) throw new Error(asn.result.error);
  return new pkijs.Certificate({ schema: asn.result });
}

/**
 * Runs the parse benchmark over `certs` and prints its table. Only certificates that every parser
 * accepts are timed, so that all rows do the same work; the rest are counted in the output.
 */
export async function benchParse(label: string, certs: readonly CorpusCert[]): Promise<void> {
  const verdicts = certs.map((c) => ({ c, v: accepts(c.der) }));
  const set = verdicts.filter(({ v }) => v.mutua && v.pkijs && v.node).map(({ c }) => c.der);
  const rejected = (k: 'mutua' | 'pkijs' | 'node') =>
    verdicts.filter(({ v }) => !v[k]).map(({ c }) => c.source);
  const bytes = set.reduce((a, d) => a + d.length, 0);
  console.log(
    `\nParsing ${set.length} certificates from ${label} (${(bytes / set.length).toFixed(0)} bytes on average).`,
  );
  for (const k of ['mutua', 'pkijs', 'node'] as const) {
    const r = rejected(k);
    if (r.length)
      console.log(
        `  ${k} rejects ${r.length}: ${r.slice(0, 4).join(', ')}${r.length > 4 ? ', …' : ''} (not timed)`,
      );
  }
  if (set.length === 0) return;

  // node:crypto wants a Buffer-like; make zero-copy views once, outside the timed loop.
  const buffers = set.map((d) => Buffer.from(d.buffer, d.byteOffset, d.byteLength));
  // A sink that depends on every result keeps the JIT from dropping work whose result is unused.
  let sink = 0;

  // One call parses the whole set, so that every batch measures the same mix of small and large
  // certificates (a per-certificate cursor made pkijs batches cover different subsets). A pkijs pass is
  // about half a second, hence 5 batches rather than 8.
  const each = <T>(items: readonly T[], f: (x: T) => number) => ({
    op: () => {
      for (const x of items) sink += f(x);
    },
    units: items.length,
  });
  const { mutua, pk, node, nodeFields } = await measureGroup(
    {
      mutua: each(set, (d) => parseCertificate(d).version),
      pk: each(set, (d) => pkijsParse(d).version),
      node: each(buffers, (b) => new X509Certificate(b).serialNumber.length),
      // OpenSSL decodes the ASN.1 in the constructor but formats names and dates on access; reading the
      // fields Mutua always decodes gives a fairer "usable certificate" comparison.
      nodeFields: each(buffers, (b) => {
        const x = new X509Certificate(b);
        // An empty subject reads as undefined in Node 20, despite the typings.
        const s = (x.subject ?? '') + (x.issuer ?? '') + x.validTo + x.validFrom;
        return s.length + (x.ca ? 1 : 0);
      }),
    },
    { batches: 5 },
  );
  if (sink === -1) console.log('unreachable');

  const rows: Row[] = [
    {
      name: 'Mutua parseCertificate',
      m: mutua,
      note: 'full decode: names to text, validity, key info, all known extensions',
    },
    { name: 'asn1js.fromBER + pkijs.Certificate', m: pk, baseline: { label: 'Mutua', m: mutua } },
    { name: 'node:crypto X509Certificate (ctor)', m: node, baseline: { label: 'Mutua', m: mutua } },
    {
      name: 'X509Certificate + read fields',
      m: nodeFields,
      baseline: { label: 'Mutua', m: mutua },
      note: 'subject, issuer, validFrom, validTo, ca',
    },
  ];
  // Print Mutua against each competitor too, which is how the question is usually asked.
  rows.push(
    { name: 'Mutua, relative to pkijs', m: mutua, baseline: { label: 'pkijs', m: pk } },
    { name: 'Mutua, relative to node ctor', m: mutua, baseline: { label: 'node', m: node } },
  );
  printTable('Certificate parsing', 'cert', rows);
}
