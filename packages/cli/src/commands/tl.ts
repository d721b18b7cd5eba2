import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadPkcs12 } from '@mutua/cades';
import { type Certificate, createHttpFetcher, parseCertificates } from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';
import {
  type MultilingualText,
  type TrustedListPointerSpec,
  type TrustedListServiceSpec,
  type TrustedListSpec,
  buildTrustedList,
  signTrustedList,
  syncTrustedLists,
  TrustedListStore,
  type TrustedListStorage,
  trustedListPointers,
  type TrustedList,
  TrustServiceIndex,
  type TrustedListAcceptance,
  type TrustedListSignatureVerification,
  acceptTrustedList,
  parseTrustedList,
  pickLanguage,
  qualifyCertificate,
  serviceStatusAt,
  verifyTrustedListSignature,
} from '@mutua/trust-list';
import { type ParsedArgs, UsageError, many, one } from '../args';
import { type Io, listFiles, readInput } from '../io';
import { loadCertificates } from '../load';
import { JSON_SCHEMAS, sha256Hex } from '../report';

/** Options of `mutua tl` that take a value. */
export const TL_VALUED = [
  'announced',
  'tl',
  'time',
  'format',
  'key',
  'password-env',
  'out',
  'lotl',
  'oj-cert',
  'cache',
  'territory',
  'allow-host',
  'tl-acceptance',
];

/** Flags of `mutua tl`. */
export const TL_FLAGS = ['allow-private'];

/** A list read from a file, with its signature verdict against the announced certificates. */
export interface JudgedList {
  readonly file: string;
  readonly list: TrustedList;
  readonly signature: TrustedListSignatureVerification;
  readonly accepted: boolean;
  /** Set when only a relaxed `--tl-acceptance` let the list in. */
  readonly relaxed?: string;
  readonly reasons: readonly string[];
}

/** `--tl-acceptance`: how strictly a list must be signed (default `announced-signer`). */
export function tlAcceptance(args: ParsedArgs): TrustedListAcceptance {
  const v = one(args, 'tl-acceptance') ?? 'announced-signer';
  if (v !== 'announced-signer' && v !== 'intact-signature' && v !== 'unverified')
    throw new UsageError(`--tl-acceptance ${v}: announced-signer, intact-signature or unverified`);
  return v;
}

/** Reads a list and judges its signature against the announced certificates. */
export async function judgeList(
  file: string,
  announced: readonly Certificate[],
  time: Date,
  acceptance: TrustedListAcceptance = 'announced-signer',
): Promise<JudgedList> {
  const list = parseTrustedList(readInput(file));
  const signature = await verifyTrustedListSignature(list, {
    announcedCertificates: announced,
    crypto: nodeCryptoEngine,
    time,
  });
  const decision = acceptTrustedList(signature, acceptance);
  const accepted = decision.accepted;
  const reasons = [...signature.reasons, ...(decision.relaxed ? [decision.relaxed] : [])];
  if (!accepted && announced.length === 0)
    reasons.push(
      'no certificate is announced for this list: give the certificates its list of lists (or the Official Journal) announces with --announced',
    );
  if (signature.signer && signature.signerAnnounced === false)
    reasons.push(
      `to be accepted, the list's signer must be announced: "${signature.signer.subject.text}" (SHA-256 ${sha256Hex(signature.signer.der)})`,
    );
  return {
    file,
    list,
    signature,
    accepted,
    ...(decision.relaxed ? { relaxed: decision.relaxed } : {}),
    reasons,
  };
}

function subjectOf(c: { readonly certificate: Certificate }): string | null {
  try {
    return c.certificate.subject.text;
  } catch {
    return null; // a certificate that does not parse: the list's warnings say so
  }
}

const text = (t: readonly MultilingualText[]) => pickLanguage(t) ?? t[0]?.value ?? '';

function listJson(j: JudgedList, time: Date) {
  const s = j.list.schemeInformation;
  return {
    file: j.file,
    accepted: j.accepted,
    relaxed: j.relaxed ?? null,
    reasons: j.reasons,
    signature: {
      indication: j.signature.indication,
      subIndication: j.signature.subIndication ?? null,
      signer: j.signature.signer
        ? { subject: j.signature.signer.subject.text, sha256: sha256Hex(j.signature.signer.der) }
        : null,
      signerAnnounced: j.signature.signerAnnounced ?? null,
    },
    scheme: {
      territory: s.schemeTerritory ?? null,
      type: s.tslType ?? null,
      version: s.tslVersionIdentifier ?? null,
      sequenceNumber: s.tslSequenceNumber ?? null,
      operator: text(s.schemeOperatorName),
      issued: s.listIssueDateTime?.toISOString() ?? null,
      nextUpdate: s.nextUpdate?.toISOString() ?? null,
      stale: s.nextUpdate ? s.nextUpdate < time : null,
      pointers: s.pointersToOtherTSL.map((p) => ({
        territory: p.schemeTerritory ?? null,
        type: p.tslType ?? null,
        location: p.tslLocation ?? null,
        certificates: p.certificates.length,
      })),
    },
    providers: j.list.trustServiceProviders.map((p) => ({
      name: text(p.tspName),
      services: p.services.map((sv) => {
        const now = serviceStatusAt(sv, time);
        return {
          name: text(sv.serviceName),
          type: sv.serviceTypeIdentifier ?? null,
          status: sv.serviceStatus ?? null,
          statusStartingTime: sv.statusStartingTime?.toISOString() ?? null,
          statusAt: now?.serviceStatus ?? null,
          unusable: sv.unusable ?? null,
          certificates: sv.serviceDigitalIdentity.certificates.map((c) => ({
            subject: subjectOf(c),
            sha256: sha256Hex(c.der),
          })),
        };
      }),
    })),
    structureMessages: j.list.structureMessages,
    warnings: j.list.warnings,
  };
}

function parseTime(args: ParsedArgs): Date {
  const t = one(args, 'time');
  const time = t ? new Date(t) : new Date();
  if (Number.isNaN(time.getTime())) throw new UsageError(`--time ${t}: not an ISO 8601 date`);
  return time;
}

/**
 * `mutua tl show <list.xml> [--announced F|DIR]… [--time ISO] [--format json]`: the parsed list and
 * whether it is accepted — only when its one signature verifies and its signer is among the announced
 * certificates; otherwise the reasons, naming the signer that would have to be announced. Exit code 0
 * only for an accepted list.
 *
 * @example
 * ```ts
 * // tlCommand is internal (not exported by the package); it runs `mutua tl`:
 * import { run } from '@mutua/cli';
 * const out: string[] = [];
 * await run(['tl', 'show'], { out: (t) => out.push(t), err: () => {} }); // 2
 * ```
 */
export async function tlCommand(sub: string | undefined, args: ParsedArgs, io: Io): Promise<number> {
  const time = parseTime(args);
  const json = one(args, 'format') === 'json';
  const announced = loadCertificates(many(args, 'announced'));
  if (sub === 'show') {
    const [file] = args.positional;
    if (!file || args.positional.length !== 1) throw new UsageError('mutua tl show: give one list file');
    const j = await judgeList(file, announced, time, tlAcceptance(args));
    const doc = { schema: JSON_SCHEMAS.tlShow, ...listJson(j, time) };
    if (json) io.out(JSON.stringify(doc));
    else {
      const s = doc.scheme;
      const lines = [
        `${file}: ${s.territory ?? '?'} trusted list, version ${s.version ?? '?'}, sequence ${s.sequenceNumber ?? '?'}, issued ${s.issued ?? '?'}, next update ${s.nextUpdate ?? '?'}${s.stale ? ' (STALE)' : ''}`,
        `  operator: ${s.operator}`,
        `  ${j.accepted ? (j.relaxed ? 'ACCEPTED (RELAXED)' : 'ACCEPTED') : 'NOT ACCEPTED'}: signature ${doc.signature.indication}${doc.signature.subIndication ? ` / ${doc.signature.subIndication}` : ''}`,
        ...j.reasons.map((r) => `    ${r}`),
        `  ${s.pointers.length} pointer(s), ${doc.providers.length} provider(s), ${doc.providers.reduce((n, p) => n + p.services.length, 0)} service(s)`,
      ];
      for (const p of doc.providers)
        for (const sv of p.services)
          lines.push(
            `    ${p.name} — ${sv.name}: ${sv.type?.split('/').pop() ?? '?'} ${sv.statusAt?.split('/').pop() ?? 'no status at this time'}${sv.unusable ? ` (unusable: ${sv.unusable})` : ''}`,
          );
      for (const m of [...j.list.structureMessages, ...j.list.warnings]) lines.push(`  note: ${m}`);
      io.out(lines.join('\n'));
    }
    return j.accepted ? 0 : 1;
  }
  if (sub === 'find') {
    const [certFile] = args.positional;
    if (!certFile || args.positional.length !== 1)
      throw new UsageError('mutua tl find: give one certificate');
    const [cert] = parseCertificates(readInput(certFile));
    if (!cert) throw new UsageError(`${certFile}: no certificate`);
    const files = many(args, 'tl').flatMap((p) => listFiles(p));
    if (files.length === 0) throw new UsageError('mutua tl find: give the lists to search with --tl F|DIR');
    const acceptance = tlAcceptance(args);
    const lists = await Promise.all(files.map((f) => judgeList(f, announced, time, acceptance)));
    const index = new TrustServiceIndex(lists.map((l) => l.list));
    const matches = index.servicesFor(cert);
    const accepted = new Set(lists.filter((l) => l.accepted).map((l) => l.list));
    const trustedIndex = new TrustServiceIndex(lists.filter((l) => l.accepted).map((l) => l.list));
    const q = qualifyCertificate(cert, { services: trustedIndex, signingTime: time });
    const at = (x: typeof q.atIssuance) => ({
      time: x.time.toISOString(),
      qualified: x.qualified,
      qscd: x.qscd,
      type: x.type,
      byEquivalence: x.byEquivalence ?? null,
    });
    const doc = {
      schema: JSON_SCHEMAS.tlFind,
      certificate: { subject: cert.subject.text, issuer: cert.issuer.text, sha256: sha256Hex(cert.der) },
      time: time.toISOString(),
      lists: lists.map((l) => ({
        file: l.file,
        territory: l.list.schemeInformation.schemeTerritory ?? null,
        accepted: l.accepted,
        reasons: l.reasons,
      })),
      services: matches.map((m) => ({
        territory: m.list.schemeInformation.schemeTerritory ?? null,
        listAccepted: accepted.has(m.list),
        provider: text(m.provider.tspName),
        service: text(m.service.serviceName),
        type: m.service.serviceTypeIdentifier ?? null,
        statusAt: serviceStatusAt(m.service, time)?.serviceStatus ?? null,
        matchedCertificate: sha256Hex(m.certificate.der),
      })),
      qualification: {
        atIssuance: at(q.atIssuance),
        atTime: q.atSigningTime ? at(q.atSigningTime) : null,
        checks: q.checks,
      },
    };
    if (json) io.out(JSON.stringify(doc));
    else {
      const lines = [`${cert.subject.text} (issuer ${cert.issuer.text}) at ${doc.time}`];
      if (doc.services.length === 0) lines.push('  no service of the given lists vouches for it');
      for (const s of doc.services)
        lines.push(
          `  ${s.territory}: ${s.provider} — ${s.service}: ${s.type?.split('/').pop() ?? '?'} ${s.statusAt?.split('/').pop() ?? 'no status at this time'}${s.listAccepted ? '' : ' (list NOT accepted)'}`,
        );
      const d = (x: ReturnType<typeof at>) =>
        x.qualified
          ? `qualified (${x.type}${x.qscd ? ', QSCD' : ''}${x.byEquivalence ? `, by equivalence under ${x.byEquivalence.agreement}` : ''})`
          : 'not qualified';
      lines.push(`  at issuance: ${d(doc.qualification.atIssuance)}`);
      if (doc.qualification.atTime) lines.push(`  at ${doc.time}: ${d(doc.qualification.atTime)}`);
      io.out(lines.join('\n'));
    }
    return matches.some((m) => accepted.has(m.list)) ? 0 : 1;
  }
  if (sub === 'build') return buildCommand(args, io);
  if (sub === 'sync') return syncCommand(args, io);
  throw new UsageError(
    'mutua tl: use "tl show <list>", "tl find <cert> --tl F|DIR" or "tl build <spec.json>"',
  );
}

/** A date in a build spec: an ISO 8601 string. */
function specDate(v: unknown, what: string): Date | undefined {
  if (v === undefined) return undefined;
  const d = typeof v === 'string' ? new Date(v) : undefined;
  if (!d || Number.isNaN(d.getTime())) throw new UsageError(`tl build: ${what} is not an ISO 8601 date`);
  return d;
}

/**
 * `mutua tl build <spec.json> --key signer.p12 [--password-env VAR] --out list.xml`: writes a TS 119 612
 * trusted list or list of lists from a JSON spec (the fields of `TrustedListSpec` of @mutua/trust-list,
 * with certificate file paths — relative to the spec — where DER is expected, and ISO dates), and signs
 * it with the PKCS#12 key (enveloped XAdES-B over the whole list). For regions without a
 * machine-readable list: e.g. the MERCOSUR members' roots as one list of lists.
 */
async function buildCommand(args: ParsedArgs, io: Io): Promise<number> {
  const [specFile] = args.positional;
  const keyFile = one(args, 'key');
  const out = one(args, 'out');
  if (!specFile || !keyFile || !out)
    throw new UsageError('mutua tl build <spec.json> --key signer.p12 --out list.xml');
  const base = dirname(specFile);
  let spec: Record<string, unknown>;
  try {
    spec = JSON.parse(readFileSync(specFile, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw e;
    throw new UsageError(`${specFile}: not a JSON list spec: ${(e as Error).message}`);
  }
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec))
    throw new UsageError(`${specFile}: a list spec is a JSON object`);
  const der = (paths: unknown, what: string): Uint8Array[] => {
    if (!Array.isArray(paths)) throw new UsageError(`tl build: ${what} must be a list of certificate files`);
    return paths.flatMap((p) => parseCertificates(readInput(join(base, String(p)))).map((c) => c.der));
  };
  type Service = Record<string, unknown> & { history?: Record<string, unknown>[] };
  const service = (sv: Service, where: string): TrustedListServiceSpec => ({
    ...(sv as object),
    certificates: der(sv.certificates ?? [], `${where}.certificates`),
    ...(sv.statusStartingTime !== undefined
      ? { statusStartingTime: specDate(sv.statusStartingTime, `${where}.statusStartingTime`)! }
      : {}),
    ...(sv.history
      ? { history: sv.history.map((h, i) => service(h as Service, `${where}.history[${i}]`)) }
      : {}),
  });
  const providers = ((spec.providers ?? []) as { name: string; services: Service[] }[]).map((p, i) => ({
    name: p.name,
    services: p.services.map((sv, k) => service(sv, `providers[${i}].services[${k}]`)),
  }));
  const pointers = ((spec.pointers ?? []) as Record<string, unknown>[]).map(
    (p, i) =>
      ({
        ...p,
        certificates: der(p.certificates ?? [], `pointers[${i}].certificates`),
      }) as unknown as TrustedListPointerSpec,
  );
  const issueDate = specDate(spec.issueDate, 'issueDate');
  const nextUpdate = specDate(spec.nextUpdate, 'nextUpdate');
  const xml = buildTrustedList({
    ...(spec as TrustedListSpec),
    providers,
    pointers,
    ...(issueDate ? { issueDate } : {}),
    ...(nextUpdate ? { nextUpdate } : {}),
  });
  const passwordVar = one(args, 'password-env');
  const password = passwordVar ? (process.env[passwordVar] ?? '') : '';
  const p12 = await loadPkcs12(readInput(keyFile), password);
  const signed = await signTrustedList(xml, {
    key: p12.key,
    certificate: p12.certificate.der,
    chain: p12.chain.map((c) => c.der),
  });
  writeFileSync(out, signed);
  const list = parseTrustedList(signed);
  io.out(
    `${out}: ${list.schemeInformation.schemeTerritory ?? '?'} list, sequence ${list.schemeInformation.tslSequenceNumber ?? '?'}, ${list.trustServiceProviders.length} provider(s), ${list.schemeInformation.pointersToOtherTSL.length} pointer(s), signed by "${p12.certificate.subject.text}" (SHA-256 ${sha256Hex(p12.certificate.der)}: the certificate to announce)`,
  );
  return 0;
}

/**
 * Keeps accepted lists as files in `dir` (`<key>.xml`), replaced atomically: written next to the old one,
 * then renamed over it.
 */
function fileStorage(dir: string): TrustedListStorage {
  mkdirSync(dir, { recursive: true });
  const path = (key: string) => join(dir, `${key.replace(/[^A-Za-z0-9._-]/g, '_')}.xml`);
  return {
    async read(key) {
      return existsSync(path(key)) ? new Uint8Array(readFileSync(path(key))) : undefined;
    },
    async write(key, bytes) {
      const tmp = `${path(key)}.${process.pid}.tmp`;
      writeFileSync(tmp, bytes);
      renameSync(tmp, path(key));
    },
  };
}

/**
 * `mutua tl sync --lotl URL --oj-cert F|DIR… --cache DIR [--territory XX]… [--allow-host H]…`: downloads
 * the LOTL (validated through its pivots from the Official Journal certificates) and the lists it points
 * to into the cache, each replacing the cached one only when it validates and is newer; unchanged lists
 * (by their `.sha2`) are not downloaded again. The lists already in the cache are restored first, so a
 * rollback is refused across runs. Exit code 0 when every list is installed or unchanged.
 */
async function syncCommand(args: ParsedArgs, io: Io): Promise<number> {
  const lotlUrl = one(args, 'lotl');
  const cache = one(args, 'cache');
  const oj = loadCertificates(many(args, 'oj-cert'));
  if (!lotlUrl || !cache || oj.length === 0)
    throw new UsageError('mutua tl sync --lotl URL --oj-cert F|DIR --cache DIR');
  const storage = fileStorage(cache);
  const store = new TrustedListStore({ storage, crypto: nodeCryptoEngine });
  // What the cache holds is trusted only once verified again: the LOTL against the OJ certificates'
  // chain is re-validated by the sync itself; here the cached LOTL is restored with the OJ certificates
  // and the cached national lists with what the restored LOTL announces.
  await store.restore('LOTL', oj);
  const cachedLotl = store.get('LOTL');
  if (cachedLotl)
    for (const p of trustedListPointers(cachedLotl.list))
      if (p.schemeTerritory) await store.restore(p.schemeTerritory, p.certificates);
  const allowHosts = many(args, 'allow-host');
  const fetcher = createHttpFetcher({
    timeoutMs: 30_000,
    maxBytes: 32 * 1024 * 1024,
    ...(allowHosts.length ? { allowHosts } : {}),
    allowPrivateAddresses: args.flags.has('allow-private'),
  });
  const tty = Boolean(process.stderr.isTTY);
  const territories = many(args, 'territory');
  const results = await syncTrustedLists({
    lotlUrl,
    officialJournalCertificates: oj,
    fetcher,
    store,
    crypto: nodeCryptoEngine,
    ...(territories.length ? { territories } : {}),
    onProgress: (done, total, key) => {
      if (tty) process.stderr.write(`\r[${done}/${total}] ${key.padEnd(8)}`);
    },
  });
  if (tty) process.stderr.write('\n');
  if (one(args, 'format') === 'json')
    io.out(JSON.stringify({ schema: JSON_SCHEMAS.tlSync, cache, lists: results }));
  else
    io.out(
      results
        .map(
          (r) =>
            `${r.key.padEnd(6)} ${r.outcome.padEnd(9)} ${r.sequenceNumber ?? ''} ${r.url}${r.reasons.length ? `\n         ${r.reasons.join('; ')}` : ''}`,
        )
        .join('\n'),
    );
  return results.every((r) => r.outcome === 'installed' || r.outcome === 'unchanged') ? 0 : 1;
}
