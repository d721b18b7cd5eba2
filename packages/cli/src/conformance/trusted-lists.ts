import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { type Certificate, parseCertificates } from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';
import {
  type PivotChainResult,
  type TrustedList,
  TrustedListError,
  type TrustedListSignatureVerification,
  listOfTrustedListsPointers,
  parseTrustedList,
  pivotUrls,
  trustedListPointers,
  validatePivotChain,
  verifyTrustedListSignature,
} from '@mutua/trust-list';
import { sha256Hex } from '../report';
import { type ConformanceEntry, type ConformanceReport, makeReport } from './types';

/** One signature case of a trusted-list manifest entry (see ../shared/corpus/trusted-lists/README.md). */
interface SignatureCase {
  trustAnchors: string[];
  indication: string | null;
  subIndication: string | null;
  signingCertificate?: string;
  error?: string;
  valid?: boolean;
  wellSigned?: boolean;
  test: string;
}

/** One entry of ../shared/corpus/trusted-lists/manifest.json. */
export interface TrustedListEntry {
  id: string;
  path: string;
  kind: string;
  variantOf?: string | null;
  expected: Record<string, unknown> & {
    signature?: SignatureCase[] | null;
    pivot?: Record<string, unknown> | null;
    scenarios?: { test: string; asserts: Record<string, unknown> }[];
  };
  computed: Record<string, unknown>;
}

interface Anchor {
  id: string;
  path: string;
  sha256?: string;
  certificates?: { path: string; sha256: string }[];
}

/** One compared fact: agreed or not, and why. */
interface Fact {
  readonly field: string;
  readonly expected: unknown;
  readonly actual: unknown;
  readonly agree: boolean;
  /** We said valid/intact where the reference says broken. */
  readonly critical?: boolean;
}

/** The facts the run derives from a parsed list, keyed as the manifest's `expected`. */
function listFacts(list: TrustedList): Record<string, unknown> {
  const si = list.schemeInformation;
  const tsps = list.trustServiceProviders;
  return {
    tlVersion: si.tslVersionIdentifier ?? null,
    sequenceNumber: si.tslSequenceNumber ?? null,
    territory: si.schemeTerritory ?? null,
    issueDatePresent: si.listIssueDateTime !== undefined,
    nextUpdatePresent: si.nextUpdate !== undefined,
    tspCount: tsps.length,
    serviceCount: tsps.reduce((n, t) => n + t.services.length, 0),
    servicesPerTsp: tsps.map((t) => t.services.length),
    certificateCount: list.certificates.size,
    structureValid: list.structureMessages.length === 0,
    lotlPointerCount: listOfTrustedListsPointers(list).length,
    tlPointerCount: trustedListPointers(list).length,
    // A validation job processes the TLs of the EU TL pointers (XML form) of the LOTL.
    loadedTLCount: trustedListPointers(list).length,
    pivotUrls: pivotUrls(list),
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function compareList(expected: TrustedListEntry['expected'], list: TrustedList): Fact[] {
  const actual = listFacts(list);
  const facts: Fact[] = [];
  for (const field of [
    'tlVersion',
    'sequenceNumber',
    'territory',
    'issueDatePresent',
    'nextUpdatePresent',
    'tspCount',
    'serviceCount',
    'certificateCount',
    'structureValid',
    'lotlPointerCount',
    'tlPointerCount',
    'loadedTLCount',
    'pivotUrls',
  ]) {
    const e = expected[field];
    if (e === null || e === undefined) continue;
    facts.push({ field, expected: e, actual: actual[field], agree: same(e, actual[field]) });
  }
  const spt = expected.servicesPerTsp;
  if (Array.isArray(spt))
    facts.push({
      field: 'servicesPerTsp',
      expected: spt,
      actual: actual.servicesPerTsp,
      agree: same(spt, actual.servicesPerTsp),
    });
  else if (spt && typeof spt === 'object') {
    const per = actual.servicesPerTsp as number[];
    for (const [i, n] of Object.entries(spt))
      facts.push({
        field: `servicesPerTsp[${i}]`,
        expected: n,
        actual: per[Number(i)],
        agree: per[Number(i)] === n,
      });
  }
  const messages = expected.structureMessages;
  if (Array.isArray(messages))
    for (const m of messages as string[])
      facts.push({
        field: 'structureMessages',
        expected: `a message containing "${m}"`,
        actual: list.structureMessages,
        agree: list.structureMessages.some((x) => x.includes(m)),
      });
  return facts;
}

/** The run's context: the corpus folder, the anchors, and where each file is served. */
interface Context {
  readonly dir: string;
  readonly anchors: ReadonlyMap<string, Anchor>;
  readonly entries: readonly TrustedListEntry[];
  /** URL → corpus path, from the manifest's own URL maps (`*UrlMap` assertions). */
  readonly urlMap: ReadonlyMap<string, string>;
  /** Assertions not run inside entries that were run, by reason (reported in the notes). */
  readonly skipped: Map<string, number>;
}

function anchorCertificates(ctx: Context, id: string): Certificate[] | undefined {
  const a = ctx.anchors.get(id);
  if (!a) return undefined;
  const paths = a.certificates ? a.certificates.map((c) => c.path) : a.path.endsWith('.pem') ? [a.path] : [];
  return paths.flatMap((p) => parseCertificates(readFileSync(join(ctx.dir, p))));
}

function loadList(ctx: Context, path: string): TrustedList | undefined {
  try {
    return parseTrustedList(readFileSync(join(ctx.dir, path)));
  } catch {
    return undefined;
  }
}

/**
 * Serves pivot URLs for an entry: the manifest's URL maps, with this entry standing in for the file it is
 * a variant of (DSS's tests serve the altered copy where the original was), then a file of the same name
 * in the entry's own folder (the synthetic pivot set is served from one folder).
 */
function serverFor(ctx: Context, entry: TrustedListEntry) {
  const original = ctx.entries.find((e) => e.id === entry.variantOf)?.path;
  return (url: string): Uint8Array | undefined => {
    let path = ctx.urlMap.get(url);
    if (path !== undefined && path === original) path = entry.path;
    if (path === undefined) {
      const sibling = join(dirname(entry.path), basename(url.split(/[?#]/)[0] ?? ''));
      if (sibling.endsWith('.xml') && existsSync(join(ctx.dir, sibling))) path = sibling;
    }
    return path !== undefined && existsSync(join(ctx.dir, path))
      ? new Uint8Array(readFileSync(join(ctx.dir, path)))
      : undefined;
  };
}

/** The certificates another list announces for this one ("(LOTL 248 pointer certificates)"). */
function pointerCertificates(ctx: Context, list: TrustedList, text: string): Certificate[] | undefined {
  const m = /^\(LOTL (\d+) pointer certificates\)$/.exec(text);
  if (!m) return undefined;
  const lotlEntry = ctx.entries.find(
    (e) => e.kind === 'lotl' && e.computed.tslSequenceNumber === Number(m[1]),
  );
  const lotl = lotlEntry && loadList(ctx, lotlEntry.path);
  if (!lotl) return undefined;
  return trustedListPointers(lotl)
    .filter((p) => p.schemeTerritory === list.schemeInformation.schemeTerritory)
    .flatMap((p) => p.certificates.map((c) => c.certificate));
}

async function chainOf(
  ctx: Context,
  entry: TrustedListEntry,
  list: TrustedList,
  oj: Certificate[],
  ojUrl?: string,
) {
  return validatePivotChain(list, {
    officialJournalCertificates: oj,
    ...(ojUrl ? { officialJournalUrl: ojUrl } : {}),
    pivots: serverFor(ctx, entry),
    crypto: nodeCryptoEngine,
  });
}

async function compareSignature(
  ctx: Context,
  entry: TrustedListEntry,
  list: TrustedList,
  c: SignatureCase,
): Promise<Fact | string> {
  const field = `signature (${c.test.split('.').pop()}, anchors ${c.trustAnchors.join('+') || 'none'})`;
  let verdict: TrustedListSignatureVerification;
  const chained = c.trustAnchors.find((t) => t.startsWith('(pivot chain from '));
  if (chained) {
    // A pivot signed "via the chain": validate the newest list that names this one as a pivot.
    const oj = anchorCertificates(ctx, chained.slice('(pivot chain from '.length, -1));
    if (!oj) return `${field}: unknown anchor`;
    const own = pivotUrls(list)[0];
    const serve = serverFor(ctx, entry);
    const lotl = [...ctx.urlMap.keys()]
      .map((u) => serve(u))
      .flatMap((b) => {
        try {
          return b ? [parseTrustedList(b)] : [];
        } catch {
          return [];
        }
      })
      .filter((l) => own !== undefined && pivotUrls(l).includes(own))
      .sort((a, b) => pivotUrls(b).length - pivotUrls(a).length)[0];
    if (!lotl || !own) return `${field}: no LOTL of the corpus names this pivot`;
    const chain = await chainOf(ctx, entry, lotl, oj);
    const p = chain.pivots.find((x) => x.url === own);
    if (!p) return `${field}: the pivot is not in the chain`;
    verdict = {
      indication: p.indication,
      ...(p.subIndication ? { subIndication: p.subIndication } : {}),
      reasons: p.reasons,
    };
  } else {
    let announced: Certificate[] = [];
    for (const t of c.trustAnchors) {
      const certs = t.startsWith('(') ? pointerCertificates(ctx, list, t) : anchorCertificates(ctx, t);
      if (!certs) return `${field}: announced certificates "${t}" not derivable`;
      announced.push(...certs);
    }
    // A LOTL that lists pivots is validated through them, the anchors being the OJ-announced ones.
    verdict =
      pivotUrls(list).length > 0
        ? (await chainOf(ctx, entry, list, announced)).lotl
        : await verifyTrustedListSignature(list, {
            announcedCertificates: announced,
            crypto: nodeCryptoEngine,
          });
    announced = [];
  }
  const got = {
    indication: verdict.indication,
    subIndication: verdict.subIndication ?? null,
    reason: verdict.reasons.at(-1),
  };
  const passed = verdict.indication === 'TOTAL_PASSED';
  const checks: boolean[] = [];
  // DSS throws on a signature count other than one; we reject with that reason.
  if (c.error !== undefined)
    checks.push(
      !passed &&
        (!/Number of signatures/.test(c.error) ||
          verdict.reasons.some((r) => r.startsWith('Number of signatures'))),
    );
  if (c.indication !== null) checks.push(c.indication === verdict.indication);
  if (c.subIndication !== null) checks.push(c.subIndication === (verdict.subIndication ?? null));
  if (c.valid !== undefined) checks.push(c.valid === passed);
  // DSS's "well signed": the signature verifies, whoever the signer is.
  if (c.wellSigned !== undefined)
    checks.push(c.wellSigned === (passed || verdict.subIndication === 'NO_CERTIFICATE_CHAIN_FOUND'));
  if (c.signingCertificate !== undefined) {
    const want = ctx.anchors.get(c.signingCertificate)?.sha256;
    checks.push(verdict.signer !== undefined && sha256Hex(verdict.signer.der) === want);
  }
  if (checks.length === 0) checks.push(verdict.indication !== undefined);
  const expected = {
    indication: c.indication,
    subIndication: c.subIndication,
    ...(c.error ? { error: c.error } : {}),
    ...(c.valid !== undefined ? { valid: c.valid } : {}),
    ...(c.wellSigned !== undefined ? { wellSigned: c.wellSigned } : {}),
  };
  const saysBroken =
    c.indication === 'TOTAL_FAILED' || c.error !== undefined || c.valid === false || c.wellSigned === false;
  return { field, expected, actual: got, agree: checks.every(Boolean), critical: saysBroken && passed };
}

const DOTTED = /^(TOTAL_PASSED|TOTAL_FAILED|INDETERMINATE)(?:\/(\w+))?$/;

function pivotFacts(
  expected: Record<string, unknown>,
  chain: PivotChainResult | undefined,
  prefix: string,
): (Fact | string)[] {
  const out: (Fact | string)[] = [];
  const pivots = chain?.pivots ?? [];
  for (const [key, value] of Object.entries(expected)) {
    const field = `${prefix}${key}`;
    if (key === 'pivotInfos')
      out.push({ field, expected: value, actual: pivots.length, agree: value === pivots.length });
    else if (key === 'allPivotsIndication' || key === 'pivotsIndication')
      out.push({
        field,
        expected: value,
        actual: chain?.pivotsIndication,
        agree: value === chain?.pivotsIndication,
      });
    else if (key === 'lotlIndication')
      out.push({
        field,
        expected: value,
        actual: chain?.lotl.indication,
        agree: value === chain?.lotl.indication,
        critical: value !== 'TOTAL_PASSED' && chain?.lotl.indication === 'TOTAL_PASSED',
      });
    else if (key === 'lotl' && value && typeof value === 'object') {
      const v = value as { indication: string; subIndication?: string };
      const actual = { indication: chain?.lotl.indication, subIndication: chain?.lotl.subIndication };
      out.push({
        field,
        expected: v,
        actual,
        agree:
          v.indication === actual.indication &&
          (!v.subIndication || v.subIndication === actual.subIndication),
        critical: v.indication !== 'TOTAL_PASSED' && actual.indication === 'TOTAL_PASSED',
      });
    } else if (/^pivotInfo\[\d+\]/.test(key)) {
      const p = pivots[Number(/\[(\d+)\]/.exec(key)![1])];
      const actual = p ? { indication: p.indication, subIndication: p.subIndication ?? null } : null;
      if (typeof value === 'string') {
        const m = DOTTED.exec(value);
        out.push({
          field,
          expected: value,
          actual,
          agree: !!m && !!p && p.indication === m[1] && (!m[2] || p.subIndication === m[2]),
        });
      } else if (value && typeof value === 'object' && 'indication' in value) {
        const v = value as { indication: string; subIndication?: string };
        out.push({
          field,
          expected: v,
          actual,
          agree:
            !!p && p.indication === v.indication && (!v.subIndication || p.subIndication === v.subIndication),
        });
      } else if (
        value &&
        typeof value === 'object' &&
        (value as { downloadResultExists?: boolean }).downloadResultExists === false
      )
        out.push({
          field,
          expected: value,
          actual: p?.reasons.at(-1),
          agree: !!p && p.reasons.some((r) => r.includes('is not available')),
        });
      else
        out.push(
          `${field}: DSS cache-state detail (download/parsing/validation result presence), not modelled`,
        );
    } else if (key !== 'pivotInfoOrder' && key !== 'cases')
      out.push(`${field}: not built yet (pivot certificate-change tracking)`);
  }
  return out;
}

async function comparePivots(
  ctx: Context,
  entry: TrustedListEntry,
  list: TrustedList | undefined,
): Promise<(Fact | string)[]> {
  const pivot = entry.expected.pivot;
  if (!pivot) return [];
  if (!list) return pivotFacts(pivot, undefined, 'pivot.');
  const out: (Fact | string)[] = [];
  const cases = pivot.cases as
    | { keystore: string; ojUrl: string | null; lotlIndication: string; pivotsIndication: string }[]
    | undefined;
  for (const [i, c] of (cases ?? []).entries()) {
    const oj = anchorCertificates(ctx, c.keystore);
    if (!oj) {
      out.push(`pivot.cases[${i}]: unknown keystore ${c.keystore}`);
      continue;
    }
    const chain = await chainOf(ctx, entry, list, oj, c.ojUrl ?? undefined);
    out.push(
      ...pivotFacts(
        { lotlIndication: c.lotlIndication, pivotsIndication: c.pivotsIndication },
        chain,
        `pivot.cases[${i}].`,
      ),
    );
  }
  const rest = Object.fromEntries(Object.entries(pivot).filter(([k]) => k !== 'cases'));
  if (Object.keys(rest).length > 0) {
    // The anchors of the chain are those of the entry's signature cases (the OJ-announced certificates).
    const anchorId = entry.expected.signature?.find((s) => s.trustAnchors.length === 1)?.trustAnchors[0];
    const m = anchorId && /^\(pivot chain from (.+)\)$/.exec(anchorId);
    const oj = anchorId ? anchorCertificates(ctx, m ? m[1]! : anchorId) : undefined;
    if (!oj) out.push('pivot: no OJ anchors in the entry');
    else {
      // A pivot that is not itself the newest list: validate the chain of the list that names it.
      let lotl = list;
      const own = pivotUrls(list)[0];
      if (typeof rest.pivotInfos === 'number' && pivotUrls(list).length < rest.pivotInfos && own) {
        const serve = serverFor(ctx, entry);
        const named = [...ctx.urlMap.keys()]
          .map((u) => serve(u))
          .flatMap((b) => {
            try {
              return b ? [parseTrustedList(b)] : [];
            } catch {
              return [];
            }
          })
          .filter((l) => pivotUrls(l).includes(own))
          .sort((a, b) => pivotUrls(b).length - pivotUrls(a).length)[0];
        if (named) lotl = named;
      }
      out.push(...pivotFacts(rest, await chainOf(ctx, entry, lotl, oj), 'pivot.'));
    }
  }
  return out;
}

/**
 * DSS's lotlTest "perTL" assertion, for a national list the manifest's URL map serves: it parses, the
 * LOTL that points to it announces potential signers for it, and its signature validation runs to a
 * verdict (DSS asserts no more; our verdict is reported alongside).
 */
async function perTlFacts(ctx: Context, entry: TrustedListEntry, list: TrustedList): Promise<Fact[]> {
  const urls = [...ctx.urlMap].filter(([, p]) => p === entry.path).map(([u]) => u);
  const lotls = [...new Set(ctx.urlMap.values())].flatMap((p) => {
    const l = loadList(ctx, p);
    return l &&
      listOfTrustedListsPointers(l).length > 0 &&
      trustedListPointers(l).some((x) => urls.includes(x.tslLocation ?? ''))
      ? [l]
      : [];
  });
  // perTL is about the national lists a LOTL points to; for the LOTL itself there is nothing to check.
  if (lotls.length === 0) return [];
  const signers = lotls
    .flatMap((l) => trustedListPointers(l))
    .filter((p) => urls.includes(p.tslLocation ?? ''))
    .flatMap((p) => p.certificates.map((c) => c.certificate));
  const v = await verifyTrustedListSignature(list, {
    announcedCertificates: signers,
    crypto: nodeCryptoEngine,
  });
  return [
    { field: 'perTL.parsing', expected: 'synchronized', actual: 'parsed', agree: true },
    {
      field: 'perTL.potentialSigners',
      expected: 'non-empty',
      actual: signers.length,
      agree: signers.length > 0,
    },
    {
      field: 'perTL.validation',
      expected: 'a verdict, no exception',
      actual: { indication: v.indication, subIndication: v.subIndication ?? null },
      agree: v.indication !== undefined,
    },
  ];
}

async function runEntry(ctx: Context, entry: TrustedListEntry): Promise<ConformanceEntry> {
  const facts: Fact[] = [];
  const notRun: string[] = [];
  const push = (x: Fact | string) => (typeof x === 'string' ? notRun.push(x) : facts.push(x));
  const x = entry.expected;
  let list: TrustedList | undefined;
  let parseable = true;
  let notTsl: string | undefined;
  try {
    list = parseTrustedList(readFileSync(join(ctx.dir, entry.path)));
  } catch (e) {
    if (!(e instanceof TrustedListError)) throw e;
    if (e.code === 'NOT_XML') parseable = false;
    else notTsl = e.message;
  }
  if (x.parseable !== null && x.parseable !== undefined)
    push({ field: 'parseable', expected: x.parseable, actual: parseable, agree: x.parseable === parseable });
  if (list) {
    for (const f of compareList(x, list)) push(f);
    for (const c of x.signature ?? []) push(await compareSignature(ctx, entry, list, c));
  } else if (x.signature?.length) notRun.push(`signature cases: the file is ${notTsl ?? 'not XML'}`);
  for (const f of await comparePivots(ctx, entry, list)) push(f);
  let scenarioKeys = (x.scenarios ?? []).flatMap((s) => Object.keys(s.asserts));
  if (list && scenarioKeys.includes('perTL')) {
    const perTl = await perTlFacts(ctx, entry, list);
    for (const f of perTl) push(f);
    if (perTl.length > 0) scenarioKeys = scenarioKeys.filter((k) => k !== 'perTL');
  }
  if (scenarioKeys.length > 0)
    notRun.push(
      `${scenarioKeys.length} scenario assertion(s) of DSS job/cache/qualification tests (not built yet)`,
    );
  for (const r of notRun) {
    const key = r.replace(/^\S*?: /, '').replace(/^\d+ scenario assertion\(s\)/, 'scenario assertions');
    ctx.skipped.set(key, (ctx.skipped.get(key) ?? 0) + 1);
  }
  const disagreements = facts.filter((f) => !f.agree);
  const expected = Object.fromEntries(facts.map((f) => [f.field, f.expected]));
  const actual = Object.fromEntries(facts.map((f) => [f.field, f.actual]));
  if (disagreements.length > 0)
    return {
      id: entry.id,
      status: 'disagreed',
      expected,
      actual,
      reason: disagreements
        .map((d) => `${d.field}: expected ${JSON.stringify(d.expected)}, got ${JSON.stringify(d.actual)}`)
        .join('; '),
      ...(disagreements.some((d) => d.critical) ? { critical: true } : {}),
    };
  if (facts.length === 0)
    return {
      id: entry.id,
      status: 'not-run',
      expected: null,
      actual: null,
      reason:
        notRun.length > 0 && scenarioKeys.length > 0
          ? 'only DSS job/cache/qualification scenario assertions (not built yet)'
          : (notRun[0] ?? 'nothing asserted by DSS for this file'),
    };
  return {
    id: entry.id,
    status: 'agreed',
    expected,
    actual,
    reason: `${facts.length} fact(s) agree${notRun.length ? `; not run: ${notRun.join('; ')}` : ''}`,
  };
}

/**
 * Runs the trusted-list manifest: for every file, what DSS's tests assert — parseable, version,
 * sequence number, territory, TSP/service/certificate counts, structure messages, pointer and pivot
 * URL counts, signature verdicts with the anchors the test used (or the certificates another list
 * announces), and pivot-chain results — against @mutua/trust-list. Files are served to the pivot chain
 * by the manifest's own URL maps. DSS job, cache-state and qualification scenarios are reported as not
 * run.
 */
export async function runTrustedLists(
  manifestPath: string,
  entries: TrustedListEntry[],
): Promise<ConformanceReport> {
  const dir = dirname(manifestPath);
  const anchorsPath = join(dir, 'anchors', 'anchors.json');
  const anchorList: Anchor[] = existsSync(anchorsPath) ? JSON.parse(readFileSync(anchorsPath, 'utf8')) : [];
  const urlMap = new Map<string, string>();
  for (const e of entries)
    for (const s of e.expected.scenarios ?? [])
      for (const [k, v] of Object.entries(s.asserts))
        if (/UrlMap$/.test(k) && v && typeof v === 'object')
          for (const [url, path] of Object.entries(v as Record<string, unknown>))
            if (typeof path === 'string' && !urlMap.has(url)) urlMap.set(url, path);
  const ctx: Context = {
    dir,
    anchors: new Map(anchorList.map((a) => [a.id, a])),
    entries,
    urlMap,
    skipped: new Map(),
  };
  const out: ConformanceEntry[] = [];
  for (const e of entries) out.push(await runEntry(ctx, e));
  const notes = [
    'signature verdicts are about integrity and the announced signer, not the signer certificate’s validity today (as DSS for these long-expired lists)',
    ...[...ctx.skipped].map(
      ([reason, n]) => `${n} entr${n === 1 ? 'y has' : 'ies have'} assertions not run: ${reason}`,
    ),
  ];
  return makeReport('trusted-lists', out, notes);
}
