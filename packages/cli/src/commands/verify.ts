import { createReadStream, readFileSync } from 'node:fs';
import { type CadesSignatureReport, type CadesVerification, verifyCades } from '@mutua/cades';
import { type PadesRevisionReport, type PadesSignatureReport, verifyPades } from '@mutua/pades';
import { type XadesSignatureReport, verifyXades } from '@mutua/xades';
import {
  Indication,
  MutuaError,
  type Recognition,
  type TrustAnchor,
  STRICT_POLICY,
  parseRecognitionPolicy,
  recognizeSignature,
} from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';
import { type ParsedArgs, UsageError, many, one } from '../args';
import { type Io, listFiles, readInput } from '../io';
import {
  loadCertificates,
  loadCrls,
  loadOcsp,
  loadPolicy,
  loadSignaturePolicies,
  loadTrustAnchors,
} from '../load';
import { JSON_SCHEMAS, sha256Hex } from '../report';
import {
  type QualificationAtTime,
  type TrustedList,
  TrustServiceIndex,
  qualifyCertificate,
  trustAnchorsFromList,
} from '@mutua/trust-list';
import { judgeList, tlAcceptance } from './tl';

/** Options of `mutua verify` that take a value. */
export const VERIFY_VALUED = [
  'detached',
  'trust',
  'intermediate',
  'crl',
  'ocsp',
  'time',
  'policy',
  'signature-policy',
  'trust-source',
  'tl',
  'announced',
  'tl-acceptance',
  'recognition-policy',
  'format',
];

/** What a file's bytes look like. */
export type DetectedFormat = 'cms' | 'pdf' | 'xml' | 'unknown';

/** Detects the signature format from the content, never from the file name. */
export function detectFormat(bytes: Uint8Array): DetectedFormat {
  let i = 0;
  while (
    i < bytes.length &&
    i < 64 &&
    (bytes[i] === 0x20 ||
      bytes[i] === 0x0a ||
      bytes[i] === 0x0d ||
      bytes[i] === 0x09 ||
      bytes[i] === 0xef ||
      bytes[i] === 0xbb ||
      bytes[i] === 0xbf)
  )
    i++;
  const head = new TextDecoder('latin1').decode(bytes.subarray(i, i + 16));
  if (head.startsWith('%PDF-')) return 'pdf';
  if (head.startsWith('<')) return 'xml';
  if (bytes[i] === 0x30 || /^(-----BEGIN|MI)/.test(head)) return 'cms';
  return 'unknown';
}

/** Which trusted list a verdict rests on: enough to fetch the same one again and check it is the same. */
interface TrustedListIdentity {
  readonly file: string;
  readonly territory: string | null;
  readonly sequenceNumber: number | null;
  readonly issued: string | null;
  readonly sha256: string;
  /** Set when only a relaxed `--tl-acceptance` let the list in. */
  readonly relaxed: string | null;
}

/** A signature report of any format. */
type AnySignatureReport = CadesSignatureReport | XadesSignatureReport | PadesSignatureReport;

/** The CMS-level report of a signature (a PDF signature's CMS, or the signature itself). */
const cmsLevel = (s: AnySignatureReport): CadesSignatureReport | XadesSignatureReport | undefined =>
  'coverage' in s ? s.cades : s;

/** What a verified file is, whatever its format: the CLI reports CMS, XML and PDF signatures alike. */
interface Verified {
  readonly container: 'CMS' | 'XML' | 'PDF';
  readonly detached: boolean | null;
  readonly signatures: readonly AnySignatureReport[];
  readonly problems: readonly string[];
  /** For a PDF: its revisions, oldest first, and what closes each. */
  readonly revisions?: readonly PadesRevisionReport[];
  /** Per signature, in order: its recognition under `--recognition-policy`. */
  readonly recognitions?: readonly Recognition[];
  /** Per signature, in order: the signer's qualification from the `--tl` lists. */
  readonly qualifications?: readonly (QualificationAtTime | undefined)[];
  /** The trusted lists the verdicts rest on (`--tl`), identified so that the verdict can be reproduced. */
  readonly trustedLists?: readonly TrustedListIdentity[];
}

const fromCades = (v: CadesVerification): Verified => ({
  container: 'CMS',
  detached: v.detached,
  signatures: v.signatures,
  problems: v.problems,
});

function recognitionJson(r: Recognition) {
  return {
    jurisdiction: r.jurisdiction,
    recognised: r.recognised,
    level: r.rung ?? null,
    levelLabel: r.rungLabel ?? null,
    rule: r.rule ?? null,
    source: r.source ?? null,
    explanation: r.explanation,
    considered: r.considered,
  };
}

function pdfJson(s: PadesSignatureReport) {
  return {
    kind: s.kind,
    fieldName: s.fieldName ?? null,
    subFilter: s.subFilter ?? null,
    coverage: s.coverage,
    modifications: s.modifications
      ? {
          verdict: s.modifications.verdict,
          summary: s.modifications.summary,
          docMdp: s.modifications.docMdp ?? null,
          dictionaryChangedLater: s.modifications.dictionaryChangedLater,
          findings: s.modifications.findings.map((f) => ({
            code: f.code,
            message: f.message,
            permitted: f.permitted,
            reason: f.reason,
          })),
        }
      : null,
    claims: s.claims,
  };
}

function signatureJson(
  s: AnySignatureReport,
  recognition?: Recognition,
  qualification?: QualificationAtTime,
) {
  const digest = s.checks.find((c) => c.id === 'cms.messageDigest');
  const xml = 'references' in s;
  return {
    id: s.id,
    ...('counterSignatureOf' in s && s.counterSignatureOf
      ? { counterSignatureOf: s.counterSignatureOf }
      : {}),
    format: s.format,
    legacyFormat: s.legacyFormat ?? null,
    icpBrasilFormat: ('icpBrasilFormat' in s ? s.icpBrasilFormat : undefined) ?? null,
    indication: s.indication,
    subIndication: s.subIndication ?? null,
    signatureIntact: s.signatureIntact,
    referencesIntact: xml ? s.referencesIntact : digest ? digest.status === 'passed' : null,
    ...(xml
      ? {
          references: s.references.map((r) => ({
            uri: r.uri ?? null,
            type: r.type ?? null,
            found: r.found,
            intact: r.intact,
          })),
        }
      : {}),
    signer: s.signer
      ? {
          subject: s.signer.subject,
          issuer: s.signer.issuer,
          serialNumber: s.signer.serialNumber,
          notBefore: s.signer.notBefore.toISOString(),
          notAfter: s.signer.notAfter.toISOString(),
          identity: s.signer.identity,
        }
      : null,
    trustAnchor: cmsLevel(s)?.trustAnchor ?? null,
    qualification: qualification
      ? {
          time: qualification.time.toISOString(),
          qualified: qualification.qualified,
          qscd: qualification.qscd,
          type: qualification.type,
          byEquivalence: qualification.byEquivalence ?? null,
        }
      : null,
    recognition: recognition ? recognitionJson(recognition) : null,
    signingTime: s.signingTime?.toISOString() ?? null,
    bestSignatureTime: s.bestSignatureTime?.toISOString() ?? null,
    timestamps: s.timestamps.map((t) => ({
      type: t.type,
      time: t.time?.toISOString() ?? null,
      intact: t.intact && t.messageImprintMatches,
      indication: t.indication,
      subIndication: t.subIndication ?? null,
    })),
    policy: cmsLevel(s)?.signaturePolicy ?? null,
    policyQualifiers: cmsLevel(s)?.signaturePolicyQualifiers ?? [],
    ...('coverage' in s ? { pdf: pdfJson(s) } : {}),
    messages: s.checks
      .filter((c) => c.status !== 'passed')
      .map((c) => ({ id: c.id, status: c.status, message: c.message })),
    checks: s.checks.map((c) => ({
      id: c.id,
      status: c.status,
      message: c.message,
      subIndication: c.subIndication ?? null,
    })),
  };
}

/** The JSON document for one verified file (schema `mutua.cli.verify/1`; one per line in JSON Lines). */
export function verifyJson(file: string, v: Verified | undefined, error?: string) {
  return {
    schema: JSON_SCHEMAS.verify,
    file,
    container: v ? v.container : null,
    detached: v?.detached ?? null,
    signatures:
      v?.signatures.map((s, i) => signatureJson(s, v.recognitions?.[i], v.qualifications?.[i])) ?? [],
    problems: v ? v.problems : [],
    ...(v?.revisions ? { revisions: v.revisions } : {}),
    ...(v?.trustedLists ? { trustedLists: v.trustedLists } : {}),
    ...(error ? { error } : {}),
  };
}

function verifyText(file: string, v: Verified): string {
  const lines = [
    `${file}: ${v.container}, ${v.signatures.length} signature(s)${v.detached ? ', detached' : ''}`,
  ];
  for (const [i, s] of v.signatures.entries()) {
    const verdict = s.subIndication ? `${s.indication} / ${s.subIndication}` : s.indication;
    const icp = 'icpBrasilFormat' in s ? s.icpBrasilFormat : undefined;
    const also = [s.legacyFormat, icp && `ICP-Brasil ${icp}`].filter(Boolean);
    lines.push(`  ${s.id}  ${s.format}${also.length ? ` (${also.join(', ')})` : ''}  ${verdict}`);
    if (s.signer) {
      const id = s.signer.identity;
      const ids = id.identifiers.map((i) => `${i.scheme} ${i.display}`).join(', ');
      lines.push(`      signer: ${s.signer.subject}${ids ? ` [${ids}]` : ''}`);
    }
    if ('coverage' in s) {
      const c = s.coverage;
      lines.push(
        `      ${s.kind}${s.fieldName ? ` in field "${s.fieldName}"` : ''}, ${s.subFilter ?? '?'}: signs revision ${c.revision} of ${c.revisions}${c.wholeDocument ? ' (the whole document)' : ` (not the whole document: ${c.unsignedBytes} bytes added later)`}`,
      );
      if (s.modifications)
        lines.push(`      modifications: ${s.modifications.verdict} — ${s.modifications.summary}`);
      for (const f of s.modifications?.findings ?? [])
        lines.push(`        ${f.permitted ? 'permitted' : 'NOT PERMITTED'} ${f.code}: ${f.message}`);
      const claims = [
        s.claims.reason && `reason "${s.claims.reason}"`,
        s.claims.location && `location "${s.claims.location}"`,
      ]
        .filter(Boolean)
        .join(', ');
      if (claims) lines.push(`      claimed (signed revision): ${claims}`);
    }
    const recognition = v.recognitions?.[i];
    if (recognition) lines.push(`      ${recognition.explanation}`);
    if (s.signingTime) lines.push(`      claimed signing time: ${s.signingTime.toISOString()}`);
    if (s.bestSignatureTime)
      lines.push(`      proven to exist at: ${s.bestSignatureTime.toISOString()} (best-signature-time)`);
    for (const t of s.timestamps) {
      lines.push(
        `      ${t.type}: ${t.time?.toISOString() ?? '?'} ${t.intact && t.messageImprintMatches ? 'intact' : 'NOT intact'}`,
      );
    }
    // The checks that did not pass, and the one that overcame them when a proof of existence did.
    for (const c of s.checks)
      if (c.status !== 'passed' || c.id === 'cades.pastSignatureValidation')
        lines.push(`      ${c.status.padEnd(13)} ${c.id}: ${c.message}`);
  }
  for (const p of v.problems) lines.push(`  problem: ${p}`);
  if (v.revisions) {
    lines.push('  revisions:');
    for (const r of v.revisions)
      lines.push(
        `    ${r.index}: bytes ${r.start}–${r.end}${r.closedBy ? `, closed by ${r.closedBy}` : ''}${r.dss ? ', DSS' : ''}`,
      );
  }
  return lines.join('\n');
}

/**
 * `mutua verify <file|dir>…`: verifies every signature in the given files (CMS / CAdES now; XML and PDF as
 * those formats land), detecting the format from the content. `--format json` prints JSON Lines, one
 * document per file. Exit code 0 only when every signature of every file is TOTAL_PASSED.
 */
export async function verifyCommand(args: ParsedArgs, io: Io): Promise<number> {
  if (args.positional.length === 0) throw new UsageError('mutua verify: give at least one file or directory');
  const files = args.positional.flatMap((p) => listFiles(p));
  const detached = one(args, 'detached');
  if (detached && files.length !== 1)
    throw new UsageError('mutua verify: --detached goes with exactly one signature file');
  const timeText = one(args, 'time');
  const time = timeText ? new Date(timeText) : new Date();
  if (Number.isNaN(time.getTime())) throw new UsageError(`--time ${timeText}: not an ISO 8601 date`);
  const policy = one(args, 'policy') ? loadPolicy(one(args, 'policy')!) : STRICT_POLICY;
  // --trust-source ID=PATH: anchors tagged with a recognition-policy source id (their `source` is
  // "ID:file:PATH"), so that a verdict can say which jurisdiction's trust it rests on.
  const tagged = many(args, 'trust-source').flatMap((spec) => {
    const m = /^([A-Za-z0-9][\w.-]*)=(.+)$/.exec(spec);
    if (!m)
      throw new UsageError(
        `--trust-source ${spec}: expected ID=PATH (a source id of the recognition policy)`,
      );
    return loadTrustAnchors([m[2]!]).map((a) => ({ ...a, source: `${m[1]}:${a.source ?? ''}` }));
  });
  // --tl [ID=]F|DIR: trusted lists; an accepted one (signed by an --announced certificate) gives the
  // certificates of its services trusted at the validation time, their source "ID:<TSP>" (default ID:
  // "<territory>-tl"). A list that is not accepted gives nothing, and says why on stderr.
  const announced = loadCertificates(many(args, 'announced'));
  const fromLists: TrustAnchor[] = [];
  const acceptedLists: TrustedList[] = [];
  const listIdentities: TrustedListIdentity[] = [];
  const acceptance = tlAcceptance(args);
  for (const spec of many(args, 'tl')) {
    const m = /^([A-Za-z0-9][\w.-]*)=(.+)$/.exec(spec);
    for (const f of listFiles(m ? m[2]! : spec)) {
      const j = await judgeList(f, announced, time, acceptance);
      if (!j.accepted) {
        io.err(
          `mutua verify: trusted list ${f} is not accepted, its services are not used: ${j.reasons.join('; ')}`,
        );
        continue;
      }
      acceptedLists.push(j.list);
      listIdentities.push({
        file: f,
        territory: j.list.schemeInformation.schemeTerritory ?? null,
        sequenceNumber: j.list.schemeInformation.tslSequenceNumber ?? null,
        issued: j.list.schemeInformation.listIssueDateTime?.toISOString() ?? null,
        sha256: sha256Hex(readInput(f)),
        relaxed: j.relaxed ?? null,
      });
      if (j.relaxed)
        io.err(`mutua verify: trusted list ${f} is used although not fully verified: ${j.relaxed}`);
      // With their trust history: a signature proven to exist before a service was withdrawn still ends there.
      fromLists.push(...trustAnchorsFromList(j.list, { history: true, ...(m ? { sourceId: m[1]! } : {}) }));
    }
  }
  const trustAnchors = [...loadTrustAnchors(many(args, 'trust')), ...tagged, ...fromLists];
  const serviceIndex = acceptedLists.length ? new TrustServiceIndex(acceptedLists) : undefined;

  const recognitionPolicyFile = one(args, 'recognition-policy');
  const recognitionPolicy = recognitionPolicyFile
    ? parseRecognitionPolicy(readFileSync(recognitionPolicyFile, 'utf8'))
    : undefined;
  const certificates = loadCertificates(many(args, 'intermediate'));
  const crls = loadCrls(many(args, 'crl'));
  const ocspResponses = loadOcsp(many(args, 'ocsp'));
  const signaturePolicies = many(args, 'signature-policy');
  const policyStore = signaturePolicies.length ? await loadSignaturePolicies(signaturePolicies) : undefined;
  // What every format's verifier is given.
  const common = {
    trustAnchors,
    certificates,
    crls,
    ocspResponses,
    time,
    policy,
    ...(policyStore ? { policyStore } : {}),
    crypto: nodeCryptoEngine,
  };
  const json = one(args, 'format') === 'json';
  // The progress line goes to stderr, so JSON Lines on a redirected stdout get one too; not when both
  // streams share the terminal, where it would tear the JSON lines.
  const progress = files.length > 1 && Boolean(process.stderr.isTTY) && (!json || !process.stdout.isTTY);
  let allPassed = true;
  for (const [k, file] of files.entries()) {
    if (progress) process.stderr.write(`\r[${k + 1}/${files.length}] ${file.slice(-60).padEnd(60)}`);
    const bytes = readInput(file);
    const format = detectFormat(bytes);
    if (format === 'unknown') {
      allPassed = false;
      const why = 'not a signature format Mutua recognises';
      if (json) io.out(JSON.stringify(verifyJson(file, undefined, why)));
      else io.out(`${file}: ${why}`);
      continue;
    }
    try {
      let v: Verified;
      if (format === 'pdf') {
        const p = await verifyPades(bytes, common);
        v = {
          container: 'PDF',
          detached: null,
          signatures: p.signatures,
          problems: p.problems.map((x) => `${x.code}: ${x.message}`),
          revisions: p.revisions,
        };
      } else if (format === 'xml') {
        // A detached XML signature names its data by URI: the one --detached file answers for any URI
        // that is not inside the document (a wrong match only fails that reference's digest).
        const content = detached ? readInput(detached) : undefined;
        const x = await verifyXades(bytes, { ...common, ...(content ? { detached: () => content } : {}) });
        v = {
          container: 'XML',
          detached: content ? true : null,
          signatures: x.signatures,
          problems: x.problems,
        };
      } else {
        v = fromCades(
          await verifyCades(bytes, {
            ...common,
            ...(detached
              ? { detachedContent: createReadStream(detached) as unknown as AsyncIterable<Uint8Array> }
              : {}),
          }),
        );
      }
      // The signer's qualification (TS 119 615) from the accepted lists, at the time that counts.
      if (listIdentities.length) v = { ...v, trustedLists: listIdentities };
      if (serviceIndex)
        v = {
          ...v,
          qualifications: v.signatures.map((s) => {
            if (!s.signer) return undefined;
            const q = qualifyCertificate(s.signer.der, {
              services: serviceIndex,
              signingTime: s.bestSignatureTime ?? time,
            });
            // Qualified only when it was at issuance and still is at the time that counts (as EU DSS).
            const at = q.atSigningTime ?? q.atIssuance;
            return q.atIssuance.qualified ? at : { ...at, qualified: false, qscd: false };
          }),
        };
      if (recognitionPolicy)
        v = {
          ...v,
          recognitions: v.signatures.map((s, i) => {
            const q = v.qualifications?.[i];
            return recognizeSignature(
              {
                indication: s.indication,
                ...(s.subIndication ? { subIndication: s.subIndication } : {}),
                ...(cmsLevel(s)?.trustAnchor?.source
                  ? { trustSource: cmsLevel(s)!.trustAnchor!.source! }
                  : {}),
                time: s.bestSignatureTime ?? time,
                ...(q
                  ? {
                      qualification: {
                        qualified: q.qualified,
                        qscd: q.qscd,
                        type: q.type,
                        ...(q.byEquivalence
                          ? { byEquivalence: { agreement: q.byEquivalence.agreement } }
                          : {}),
                      },
                    }
                  : {}),
              },
              recognitionPolicy,
            );
          }),
        };
      if (v.signatures.length === 0 || v.signatures.some((s) => s.indication !== Indication.TOTAL_PASSED))
        allPassed = false;
      io.out(json ? JSON.stringify(verifyJson(file, v)) : verifyText(file, v));
    } catch (e) {
      if (!(e instanceof MutuaError)) throw e;
      allPassed = false;
      if (json) io.out(JSON.stringify(verifyJson(file, undefined, e.message)));
      else
        io.out(
          `${file}: not a valid ${format === 'xml' ? 'XML' : format === 'pdf' ? 'PDF' : 'CMS'} signature: ${e.message}`,
        );
    }
  }
  if (progress) process.stderr.write('\n');
  return allPassed ? 0 : 1;
}
