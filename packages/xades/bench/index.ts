/**
 * @mutua/xades benchmark (issue 4): verifying an enveloped XAdES-BASELINE-B of 10 KB and of 5 MB (a
 * trusted-list-like synthetic document signed in the run with `signXades`, RSA-2048, root → CA → signer)
 * with Mutua and with the two JavaScript libraries people use, in the same run, interleaved (one sample of
 * each contestant per round, round after round), medians:
 *
 * - (a) `verifyXades` — the whole thing: parse, XML-DSig core, XAdES binding, signing certificate, path
 *   validation with CRLs, the EN 319 102-1 report;
 * - (b) `parseXml` + `verifyXmlSignature` + `verifySignatureValue` — XML-DSig core only, the same work
 *   the other libraries do (the signer's public key parsed once, outside the loop);
 * - (c) xadesjs / xmldsigjs: `Parse` + `new SignedXml(doc).LoadXml(sig)` + `Verify()` (WebCrypto of node);
 * - (d) xml-crypto: @xmldom/xmldom parse to find the Signature + `loadSignature` + `checkSignature(xml)`
 *   with the signer's certificate (xml-crypto parses the document a second time itself, as it is used).
 *
 * Also printed: the parser's and the canonicaliser's share of (b) (parse alone; every reference's and
 * SignedInfo's c14n into a no-op sink and into SHA-256), the raw node:crypto SHA-256 of the document's
 * bytes, and peak memory: the RSS of one verification of the 5 MB file per library, each in a fresh child
 * process (`--memory` mode), next to the same child doing nothing but read the file; for Mutua also the
 * heap its report keeps (the parsed tree, which the report's references point into). The 5 MB file takes
 * xml-crypto about half a minute per verification, so the whole run lasts several minutes.
 *
 * Run: pnpm --filter @mutua/xades bench   (BENCH_ROUNDS=n for more rounds; BENCH_SIZES=10k,5m)
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type Certificate, parseCertificate, parseCrl, trustAnchorFromCertificate } from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import * as xadesjs from 'xadesjs';
import { SignedXml as XmlCryptoSignedXml } from 'xml-crypto';
import { createTestPki } from '../../testkit/src/index';
import {
  C14N_ALGORITHMS,
  type XmlDocument,
  canonicalizeTo,
  findSignatures,
  parseXml,
  signXades,
  verifySignatureValue,
  verifyXades,
  verifyXmlSignature,
} from '../src/index';

const DS = 'http://www.w3.org/2000/09/xmldsig#';
const REF = new Date('2025-06-01T12:00:00Z');

// xadesjs (xml-core) needs its DOM and XPath implementations registered; xpath is xml-core's peer.
const xreq = createRequire(createRequire(import.meta.url).resolve('xadesjs'));
xadesjs.setNodeDependencies({ DOMParser, XMLSerializer, xpath: xreq('xpath') });
xadesjs.Application.setEngine('NodeJS', globalThis.crypto as never);

/** A trusted-list-like document of about `bytes` bytes (before signing), without a signature. */
function makeDocument(bytes: number): string {
  const head =
    '<?xml version="1.0" encoding="UTF-8"?>\n<TrustServiceStatusList xmlns="http://uri.etsi.org/02231/v2#" Id="tsl" TSLTag="http://uri.etsi.org/19612/TSLTag">\n';
  const tail = '</TrustServiceStatusList>\n';
  const parts = [head];
  const encoder = new TextEncoder();
  let size = head.length + tail.length;
  for (let i = 0; size < bytes; i++) {
    const s = `  <TrustServiceProvider>\n    <TSPInformation><TSPName><Name xml:lang="es">Autoridad de Certificaci\u00f3n n\u00ba ${i} &amp; C\u00eda</Name></TSPName></TSPInformation>\n    <TSPService><ServiceTypeIdentifier>http://uri.etsi.org/TrstSvc/Svctype/CA/QC</ServiceTypeIdentifier><ServiceStatus>http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted</ServiceStatus><StatusStartingTime>2024-01-0${(i % 9) + 1}T00:00:00Z</StatusStartingTime>\n      <DigitalId><X509Certificate>MIIDxTCCAq2gAwIBAgIQAqxcJmoLQJuPC3nyrkYldzANBgkqhkiG9w0BAQsFADBsMQswCQYDVQQGEwJVUzEVMBMGA1UEChMMRGlnaUNlcnQgSW5j</X509Certificate></DigitalId></TSPService>\n  </TrustServiceProvider>\n`;
    parts.push(s);
    size += encoder.encode(s).length;
  }
  parts.push(tail);
  return parts.join('');
}

interface Fixture {
  readonly xml: string;
  readonly bytes: Uint8Array;
  readonly signerDer: Uint8Array;
  readonly rootDer: Uint8Array;
  readonly crlDers: readonly Uint8Array[];
}

const pem = (der: Uint8Array) =>
  `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64')}\n-----END CERTIFICATE-----\n`;

/** The four contestants over one fixture; each returns whether the signature verified. */
function contestants(f: Fixture) {
  const trustAnchors = [trustAnchorFromCertificate(parseCertificate(f.rootDer))];
  const crls = f.crlDers.map((d) => parseCrl(d));
  const signer: Certificate = parseCertificate(f.signerDer);
  const signerPem = pem(f.signerDer);
  const ours = async () => {
    const r = await verifyXades(f.bytes, { trustAnchors, crls, crypto: nodeCryptoEngine, time: REF });
    return r.signatures.length === 1 && r.signatures[0]!.indication === 'TOTAL_PASSED';
  };
  const core = async () => {
    const t0 = performance.now();
    const doc = parseXml(f.bytes);
    const t1 = performance.now();
    const v = await verifyXmlSignature(doc, findSignatures(doc)[0]!, { crypto: nodeCryptoEngine });
    const sv = await verifySignatureValue(v, signer.publicKey, nodeCryptoEngine);
    parseShares.push((t1 - t0) / (performance.now() - t0));
    return v.structureValid && v.references.every((r) => r.intact) && sv.intact;
  };
  const xadesJs = async () => {
    const doc = xadesjs.Parse(f.xml);
    const signed = new xadesjs.SignedXml(doc);
    signed.LoadXml(doc.getElementsByTagNameNS(DS, 'Signature')[0]!);
    return signed.Verify();
  };
  const xmlCrypto = async () => {
    const dom = new DOMParser().parseFromString(f.xml, 'text/xml');
    const sig = new XmlCryptoSignedXml({ publicCert: signerPem });
    sig.loadSignature(dom.getElementsByTagNameNS(DS, 'Signature')[0] as never);
    return sig.checkSignature(f.xml);
  };
  return { ours, core, xadesJs, xmlCrypto };
}

/** Every c14n verifyXmlSignature does (each reference's node-set, SignedInfo) into `sink`. */
function canonicalWork(doc: XmlDocument, sink: (c: Uint8Array) => void): void {
  const signature = findSignatures(doc)[0]!;
  const signedInfo = signature.elements('SignedInfo', DS)[0]!;
  for (const ref of signedInfo.elements('Reference', DS)) {
    const uri = ref.getAttribute('URI')!;
    const apex = uri === '' ? doc : findById(doc, uri.slice(1));
    canonicalizeTo(
      { apex, exclude: uri === '' ? [signature] : [], comments: false },
      C14N_ALGORITHMS.EXC_C14N,
      sink,
    );
  }
  canonicalizeTo(signedInfo, C14N_ALGORITHMS.EXC_C14N, sink);
}

function findById(doc: XmlDocument, id: string) {
  const stack = [doc.root];
  for (let e = stack.pop(); e; e = stack.pop()) {
    if (e.getAttribute('Id') === id) return e;
    stack.push(...e.elements());
  }
  throw new Error(`no ${id}`);
}

/** The parser's share of each (b) run, timed inside the run itself. */
const parseShares: number[] = [];

/** A full garbage collection between the 5 MB samples, so that nobody pays for the previous one's garbage. */
const collect: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

type Op = () => unknown;
const ms = (x: number) =>
  x >= 10 ? `${x.toFixed(0)} ms` : x >= 1 ? `${x.toFixed(2)} ms` : `${(x * 1000).toFixed(0)} µs`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Interleaved medians: every round takes one sample of each operation in turn (rotating who goes first),
 * a sample being a batch of ops sized to about `target` ms, so that a busy neighbour on the shared machine
 * slows every contestant of the round alike.
 */
async function interleaved(ops: Record<string, Op>, rounds: number, target: number) {
  const names = Object.keys(ops);
  const batch: Record<string, number> = {};
  for (const n of names) {
    await ops[n]!(); // warm-up
    const t0 = performance.now();
    await ops[n]!();
    const one = performance.now() - t0;
    batch[n] = Math.max(1, Math.min(500, Math.round(target / Math.max(one, 0.001))));
    // More warm-up for the fast ones (JIT); a slow one (the 5 MB file) is warm after two runs.
    if (batch[n]! > 1) for (let i = 0; i < Math.min(batch[n]!, 20); i++) await ops[n]!();
  }
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < names.length; k++) {
      const n = names[(k + r) % names.length]!;
      const b = batch[n]!;
      if (b === 1) collect();
      const t0 = performance.now();
      for (let i = 0; i < b; i++) await ops[n]!();
      samples[n]!.push((performance.now() - t0) / b);
    }
  }
  return Object.fromEntries(names.map((n) => [n, median(samples[n]!)])) as Record<string, number>;
}

async function makeFixture(size: number): Promise<Fixture> {
  const sign = (document: string) =>
    signXades({
      content: { kind: 'enveloped', document },
      key: pki.endEntity.key.privateKey,
      certificate: pki.endEntity.der,
      chain: [pki.issuingCa.der],
      crypto: nodeCryptoEngine,
      signingTime: REF,
    });
  // The signature (with its two certificates) adds a few KB: leave room for it.
  const empty = makeDocument(0);
  const overhead = (await sign(empty)).bytes.length - new TextEncoder().encode(empty).length;
  const signed = await sign(makeDocument(size - overhead));
  return {
    xml: signed.xml,
    bytes: signed.bytes,
    signerDer: pki.endEntity.der,
    rootDer: pki.root.der,
    crlDers,
  };
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

// --memory <dir> <who>: one verification of the fixture in <dir> in this fresh process; prints peak RSS.
if (process.argv[2] === '--memory') {
  const dir = process.argv[3]!;
  const who = process.argv[4]!;
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as Record<string, string[]>;
  const b = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));
  const bytes = new Uint8Array(readFileSync(join(dir, 'doc.xml')));
  const f: Fixture = {
    xml: new TextDecoder().decode(bytes),
    bytes,
    signerDer: b(meta.signer![0]!),
    rootDer: b(meta.root![0]!),
    crlDers: meta.crls!.map(b),
  };
  const c = contestants(f);
  const gc = (globalThis as { gc?: () => void }).gc!;
  gc();
  const before = process.resourceUsage().maxRSS * 1024;
  const heapBefore = process.memoryUsage().heapUsed;
  let kept: unknown;
  if (who !== 'nothing') {
    // Keep what the library hands back (our report holds the parsed tree, xadesjs its DOM) until measured.
    if (who === 'ours') {
      const trustAnchors = [trustAnchorFromCertificate(parseCertificate(f.rootDer))];
      const crls = f.crlDers.map((d) => parseCrl(d));
      const r = await verifyXades(f.bytes, { trustAnchors, crls, crypto: nodeCryptoEngine, time: REF });
      if (r.signatures[0]?.indication !== 'TOTAL_PASSED') throw new Error('ours does not verify the fixture');
      kept = r;
    } else if (!(await c[who as keyof typeof c]())) throw new Error(`${who} does not verify the fixture`);
  }
  const after = process.resourceUsage().maxRSS * 1024;
  gc();
  const retained = process.memoryUsage().heapUsed - heapBefore;
  console.log(JSON.stringify({ before, after, retained, kept: kept !== undefined }));
  process.exit(0);
}

const pki = await createTestPki({ name: 'XAdES Bench', keySpec: 'RSA-2048', referenceDate: REF });
const crlDers = [(await pki.crl(pki.root)).der, (await pki.crl()).der];
const rounds = Number(process.env.BENCH_ROUNDS ?? 0);
const sizes = (process.env.BENCH_SIZES ?? '10k,5m').split(',');
const LABELS: Record<string, string> = {
  ours: '(a) Mutua verifyXades (full: XAdES, path, CRLs)',
  core: '(b) Mutua parseXml + verifyXmlSignature + SignatureValue',
  xadesJs: '(c) xadesjs 2.6.8 / xmldsigjs 2.8.8 Verify()',
  xmlCrypto: '(d) xml-crypto 6.3.2 checkSignature (+ xmldom parse)',
  parse: '    parseXml (decode + saxes + tree)',
  c14n: '    c14n of the references and SignedInfo, no-op sink',
  c14nHash: '    the same c14n streamed into SHA-256',
  rawHash: '    raw node:crypto SHA-256 of the document bytes',
};

for (const [name, size] of [
  ['10 KB', 10 * 1024],
  ['5 MB', 5 * 1024 * 1024],
] as const) {
  if (!sizes.includes(size < 100_000 ? '10k' : '5m')) continue;
  const f = await makeFixture(size);
  const c = contestants(f);
  for (const [n, op] of Object.entries(c))
    if (!(await op())) throw new Error(`bench fixture: ${n} does not verify the ${name} document`);
  const doc = parseXml(f.bytes);
  const noop = () => {};
  const ops: Record<string, Op> = {
    ...c,
    parse: () => parseXml(f.bytes),
    c14n: () => canonicalWork(doc, noop),
    c14nHash: () => {
      const h = createHash('sha256');
      canonicalWork(doc, (chunk) => h.update(chunk));
      return h.digest();
    },
    rawHash: () => createHash('sha256').update(f.bytes).digest(),
  };
  const small = size < 100_000;
  console.log(
    `\n${name} enveloped XAdES-BASELINE-B: ${f.bytes.length} bytes, ${doc.nodeCount} nodes, RSA-2048, 2 references`,
  );
  parseShares.length = 0;
  const m = await interleaved(ops, rounds || (small ? 15 : 5), small ? 40 : 1);
  for (const n of Object.keys(ops)) console.log(`${LABELS[n]!.padEnd(62)} ${ms(m[n]!).padStart(10)}`);
  const ratio = (x: number) => `${x.toFixed(1)}×`.padStart(7);
  console.log(
    `${'ratios theirs / ours'.padEnd(40)} ${'vs (a) full'.padStart(12)} ${'vs (b) core'.padStart(12)}`,
  );
  for (const t of ['xadesJs', 'xmlCrypto'] as const)
    console.log(
      `${`  ${t === 'xadesJs' ? 'xadesjs' : 'xml-crypto'}`.padEnd(40)} ${ratio(m[t]! / m.ours!).padStart(12)} ${ratio(m[t]! / m.core!).padStart(12)}`,
    );
  const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
  const parseShare = median(parseShares);
  const c14nShare = m.c14nHash! / m.core!;
  console.log(
    `shares of (b): parser ${pct(parseShare)} (timed inside each (b) run), canonicaliser with its SHA-256 ${pct(c14nShare)} (that row over (b)), the rest ${pct(Math.max(0, 1 - parseShare - c14nShare))} (ID index, KeyInfo certificates, RSA, checks)`,
  );
  console.log(`(b) / raw SHA-256 of the bytes: ${(m.core! / m.rawHash!).toFixed(1)}×`);

  if (!small) {
    // Peak memory: one verification per library, each in a fresh process.
    const dir = mkdtempSync(join(tmpdir(), 'mutua-xades-bench-'));
    writeFileSync(join(dir, 'doc.xml'), f.bytes);
    const b64 = (d: Uint8Array) => Buffer.from(d).toString('base64');
    writeFileSync(
      join(dir, 'meta.json'),
      JSON.stringify({ signer: [b64(f.signerDer)], root: [b64(f.rootDer)], crls: f.crlDers.map(b64) }),
    );
    const self = fileURLToPath(import.meta.url);
    console.log('peak RSS of one verification, fresh process (file read and modules loaded: baseline)');
    for (const who of ['nothing', 'ours', 'core', 'xadesJs', 'xmlCrypto']) {
      const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, '--memory', dir, who], {
        encoding: 'utf8',
      });
      const line = r.stdout.trim().split('\n').pop() ?? '';
      if (r.status !== 0 || !line.startsWith('{')) {
        console.log(`  ${who}: failed (${r.stderr.trim().split('\n').slice(-1)[0]})`);
        continue;
      }
      const { before, after, retained } = JSON.parse(line) as Record<string, number>;
      const label = who === 'nothing' ? '  baseline (no verification)' : `  ${LABELS[who]!.slice(4)}`;
      console.log(
        `${label.padEnd(62)} ${mb(after!).padStart(10)} (+${mb(after! - before!)})${who === 'ours' ? `, heap held by the report (tree): ${mb(retained!)}` : ''}`,
      );
    }
  }
}

console.log(
  `\npeak RSS of the whole run: ${mb(process.resourceUsage().maxRSS * 1024)} (every library's 5 MB garbage included)`,
);
