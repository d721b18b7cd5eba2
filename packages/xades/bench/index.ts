/**
 * @mutua/xades benchmark: parsing and canonicalising an enveloped-signature document of 10 KB and 5 MB
 * (a trusted-list-like synthetic file, so the run needs nothing outside the repository): parse time,
 * exclusive c14n time (document minus ds:Signature, streamed into SHA-256), the SHA-256 of the canonical
 * bytes, and the raw node:crypto SHA-256 of the same bytes as a ratio; next to @xmldom/xmldom +
 * xml-crypto's ExclusiveCanonicalization on the same input; peak memory at the end.
 * Run: pnpm --filter @mutua/xades bench
 */
import { createHash } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { SaxesParser } from 'saxes';
import { ExclusiveCanonicalization } from 'xml-crypto';
import { measure } from '../../../scripts/bench-measure';
import { C14N_ALGORITHMS, type XmlDocument, canonicalizeTo, parseXml } from '../src/index';

const DS = 'http://www.w3.org/2000/09/xmldsig#';

/** A trusted-list-like document of about `bytes` bytes with an enveloped ds:Signature at the end. */
function makeDocument(bytes: number): string {
  const head =
    '<?xml version="1.0" encoding="UTF-8"?>\n<TrustServiceStatusList xmlns="http://uri.etsi.org/02231/v2#" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:xades="http://uri.etsi.org/01903/v1.3.2#" Id="tsl" TSLTag="http://uri.etsi.org/19612/TSLTag">\n';
  const signature = `<ds:Signature Id="sig"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="${C14N_ALGORITHMS.EXC_C14N}"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI=""><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><ds:Transform Algorithm="${C14N_ALGORITHMS.EXC_C14N}"/></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>AAAA</ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue>AAAA</ds:SignatureValue></ds:Signature>\n</TrustServiceStatusList>\n`;
  const parts = [head];
  let size = head.length + signature.length;
  for (let i = 0; size < bytes; i++) {
    const s = `  <TrustServiceProvider>\n    <TSPInformation><TSPName><Name xml:lang="es">Autoridad de Certificaci\u00f3n n\u00ba ${i} &amp; C\u00eda</Name></TSPName></TSPInformation>\n    <TSPService><ServiceTypeIdentifier>http://uri.etsi.org/TrstSvc/Svctype/CA/QC</ServiceTypeIdentifier><ServiceStatus>http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted</ServiceStatus><StatusStartingTime>2024-01-0${(i % 9) + 1}T00:00:00Z</StatusStartingTime>\n      <DigitalId><X509Certificate>MIIDxTCCAq2gAwIBAgIQAqxcJmoLQJuPC3nyrkYldzANBgkqhkiG9w0BAQsFADBsMQswCQYDVQQGEwJVUzEVMBMGA1UEChMMRGlnaUNlcnQgSW5j</X509Certificate></DigitalId></TSPService>\n  </TrustServiceProvider>\n`;
    parts.push(s);
    size += new TextEncoder().encode(s).length;
  }
  parts.push(signature);
  return parts.join('');
}

function signatureOf(doc: XmlDocument) {
  return doc.root.elements('Signature', DS)[0]!;
}

/** c14n of the document minus its signature, streamed into a SHA-256; returns the digest. */
function digest(doc: XmlDocument): Buffer {
  const h = createHash('sha256');
  canonicalizeTo({ apex: doc, exclude: [signatureOf(doc)], comments: false }, C14N_ALGORITHMS.EXC_C14N, (c) =>
    h.update(c),
  );
  return h.digest();
}

function canonicalBytes(doc: XmlDocument): Buffer {
  const chunks: Uint8Array[] = [];
  canonicalizeTo({ apex: doc, exclude: [signatureOf(doc)], comments: false }, C14N_ALGORITHMS.EXC_C14N, (c) =>
    chunks.push(c),
  );
  return Buffer.concat(chunks);
}

/** Median of `n` timed runs (ms), for operations too slow for the 20-per-batch loop. */
function median(label: string, fn: () => unknown, n = 7): number {
  fn();
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  const m = t[Math.floor(n / 2)]!;
  console.log(`${label.padEnd(60)} ${(m * 1000).toFixed(1).padStart(9)} µs/op`);
  return m;
}

const xmlCrypto = (text: string) => {
  const dom = new DOMParser().parseFromString(text, 'text/xml');
  const sig = dom.getElementsByTagNameNS(DS, 'Signature')[0]!;
  sig.parentNode!.removeChild(sig);
  const out = new ExclusiveCanonicalization().process(dom.documentElement as never, {}).toString();
  return createHash('sha256').update(out).digest();
};

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

const rawSaxes = (text: string) => {
  const p = new SaxesParser({ xmlns: true });
  let n = 0;
  p.on('opentag', () => n++);
  p.write(text).close();
  return n;
};

for (const [name, size] of [
  ['10 KB', 10 * 1024],
  ['5 MB', 5 * 1024 * 1024],
] as const) {
  const text = makeDocument(size);
  const bytes = new TextEncoder().encode(text);
  const small = size < 100_000;
  const time = (label: string, fn: () => unknown) => (small ? measure(label, fn) : median(label, fn));
  const doc = parseXml(bytes);
  const sha = digest(doc).toString('hex');
  const peakBeforeLoops = process.resourceUsage().maxRSS * 1024;
  const canonical = canonicalBytes(doc);
  if (sha !== xmlCrypto(text).toString('hex'))
    throw new Error('xml-crypto disagrees with our canonical form');
  console.log(
    `\n${name}: ${bytes.length} bytes, ${doc.nodeCount} nodes, canonical ${canonical.length} bytes, SHA-256 ${sha.slice(0, 16)}…`,
  );
  if (!small) {
    // Measured before any timing loop leaves garbage behind: one parse and one streamed c14n + SHA-256.
    const heap = process.memoryUsage().heapUsed;
    const kept = parseXml(bytes);
    const treeBytes = process.memoryUsage().heapUsed - heap;
    console.log(
      `${'peak RSS after one parse + streamed c14n + SHA-256'.padEnd(60)} ${mb(peakBeforeLoops).padStart(9)}`,
    );
    console.log(
      `${'heap held by one parsed tree (approx.)'.padEnd(60)} ${mb(treeBytes).padStart(9)} (${kept.nodeCount} nodes)`,
    );
  }
  const parse = await time('parseXml (decode + saxes + tree)', () => parseXml(bytes));
  const saxesOnly = await time('  of which saxes alone (events, no tree)', () => rawSaxes(text));
  const c14n = await time('exc-c14n minus ds:Signature → SHA-256 (streamed)', () => digest(doc));
  const raw = await time('raw node:crypto SHA-256 of the canonical bytes', () =>
    createHash('sha256').update(canonical).digest(),
  );
  const total = parse + c14n;
  console.log(`${'parse + c14n + digest'.padEnd(60)} ${(total * 1000).toFixed(1).padStart(9)} µs/op`);
  console.log(
    `${'shares: parser / c14n (incl. hash) / raw hash'.padEnd(60)} ${`${((parse / total) * 100).toFixed(0)}% / ${((c14n / total) * 100).toFixed(0)}% / ${((raw / total) * 100).toFixed(0)}%`.padStart(14)}`,
  );
  console.log(
    `${'saxes share of parseXml'.padEnd(60)} ${`${((saxesOnly / parse) * 100).toFixed(0)}%`.padStart(9)}`,
  );
  console.log(
    `${'ratio (parse + c14n + digest) / raw SHA-256'.padEnd(60)} ${(total / raw).toFixed(1).padStart(9)} ×`,
  );
  const theirs = await time('@xmldom/xmldom + xml-crypto exc-c14n + SHA-256', () => xmlCrypto(text));
  console.log(`${'ratio xmldom+xml-crypto / Mutua'.padEnd(60)} ${(theirs / total).toFixed(1).padStart(9)} ×`);
}

console.log(
  `\npeak RSS of the whole run: ${mb(process.resourceUsage().maxRSS * 1024)} (includes xmldom's DOM of the 5 MB file)`,
);
