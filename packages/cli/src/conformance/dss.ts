import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { basename } from 'node:path';
import { type CadesVerification, type VerifyCadesOptions, verifyCades } from '@mutua/cades';
import { type XadesVerification, verifyXades } from '@mutua/xades';
import { type PadesVerification, verifyPades } from '@mutua/pades';
import { type HashName, base64Decode, parseCertificates, trustAnchorFromCertificate } from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';
import { type ConformanceEntry, type ConformanceReport, makeReport } from './types';

/** The labels of a DSS corpus entry (see ../shared/corpus/dss/README.md). */
interface DssSummary {
  signatureIntact?: boolean | null;
  bLevelValid?: boolean | null;
  referencesFound?: boolean | null;
  referencesIntact?: boolean | null;
  timestampsIntact?: boolean | null;
  timestampCount?: number | null;
  indication?: string | null;
  subIndication?: string | null;
  indicationNot?: string[] | null;
}

/** One entry of the DSS manifest. */
export interface DssEntry {
  id: string;
  path: string;
  format: string;
  detachedContent: string[] | null;
  detachedContentDigests?: { algorithm: string; base64?: string; ofInlineContent?: string }[] | null;
  signingCertificates?: string[] | null;
  trustAnchors: string[] | null;
  validationTime: string | null;
  expected: {
    signatures: number | null;
    minSignatures?: number | null;
    summary: DssSummary | null;
    basis: string;
    outcome: string;
  };
  /** The manifest's independent integrity check with a native tool (openssl, pdfsig, xmlsec1). */
  oracle?: { tool?: string; integrity?: 'ok' | 'broken' | 'inconclusive' } | null;
}

const DSS_HASH: Record<string, HashName> = {
  SHA1: 'SHA-1',
  SHA224: 'SHA-224',
  SHA256: 'SHA-256',
  SHA384: 'SHA-384',
  SHA512: 'SHA-512',
  'SHA3-256': 'SHA3-256',
  'SHA3-384': 'SHA3-384',
  'SHA3-512': 'SHA3-512',
};

const LATER: Record<string, string> = {
  asic: 'ASiC containers are not scheduled yet (no issue covers them; the ZIP reader they need is in @mutua/core)',
  jades: 'JAdES is not scheduled yet',
};

async function optionsFor(root: string, e: DssEntry): Promise<VerifyCadesOptions> {
  const certs = (paths: string[] | null | undefined) =>
    (paths ?? []).flatMap((p) => parseCertificates(readFileSync(join(root, p))));
  const digest = e.detachedContentDigests?.[0];
  const hash = digest ? DSS_HASH[digest.algorithm.replace(/-/g, '').replace(/^SHA3/, 'SHA3-')] : undefined;
  let detachedContent: VerifyCadesOptions['detachedContent'];
  if (digest?.base64 && hash) detachedContent = { digests: { [hash]: base64Decode(digest.base64) } };
  else if (digest?.ofInlineContent && hash && e.detachedContent?.length) {
    // The DSS test handed over only a digest of this content (a DigestDocument): do the same.
    const file =
      e.detachedContent.find((f) => f.endsWith(`/${digest.ofInlineContent}`)) ?? e.detachedContent[0]!;
    const bytes = new Uint8Array(readFileSync(join(root, file)));
    detachedContent = { digests: { [hash]: await nodeCryptoEngine.digest(hash, bytes) } };
  } else if (e.detachedContent?.[0]) {
    detachedContent = new Uint8Array(readFileSync(join(root, e.detachedContent[0])));
  }
  return {
    trustAnchors: certs(e.trustAnchors).map((c) => trustAnchorFromCertificate(c, 'DSS test trust anchor')),
    certificates: certs(e.signingCertificates),
    ...(e.validationTime ? { time: new Date(e.validationTime) } : {}),
    ...(detachedContent ? { detachedContent } : {}),
    crypto: nodeCryptoEngine,
  };
}

/** The XAdES counterpart of {@link optionsFor}: detached files are given by the name the Reference uses. */
function xadesOptionsFor(root: string, e: DssEntry, cades: VerifyCadesOptions) {
  const files = (e.detachedContent ?? []).map((p) => ({
    name: basename(p),
    bytes: new Uint8Array(readFileSync(join(root, p))),
  }));
  return {
    trustAnchors: cades.trustAnchors,
    ...(cades.certificates ? { certificates: cades.certificates } : {}),
    ...(cades.time ? { time: cades.time } : {}),
    crypto: nodeCryptoEngine,
    // A Reference names its file by a URI; match it by file name (URL-decoded), or take the only one.
    detached: (uri: string) => {
      let name = uri;
      try {
        name = decodeURIComponent(uri);
      } catch {
        // keep the URI as written
      }
      return (files.find((f) => f.name === basename(name)) ?? (files.length === 1 ? files[0] : undefined))
        ?.bytes;
    },
  };
}

/** What we observed of a XAdES file, in the manifest's vocabulary. */
function observeXades(v: XadesVerification) {
  // Counter-signatures are signatures of their own here, as in DSS's diagnostic data.
  const sigs = v.signatures;
  const timestamps = sigs.flatMap((s) => s.timestamps);
  return {
    signatures: sigs.length,
    signatureIntact: sigs.length > 0 && sigs.every((s) => s.signatureIntact),
    referencesFound: sigs.every((s) => s.referencesFound),
    referencesIntact: sigs.every((s) => s.referencesIntact),
    bLevelValid: sigs.every((s) => s.signatureIntact && s.referencesIntact && s.signedDataBound),
    timestampsIntact: timestamps.every((t) => t.intact && t.messageImprintMatches),
    timestampCount: timestamps.length,
    indication: sigs[0]?.indication ?? null,
    subIndication: sigs[0]?.subIndication ?? null,
    formats: sigs.map((s) => s.format),
  };
}

/**
 * What we observed of a PDF, in the manifest's vocabulary: its signatures (document time-stamps and
 * usage-rights signatures aside, as in DSS's diagnostic data), their byte ranges as the references, and
 * every time-stamp — those in the CMS and the document time-stamps.
 */
function observePades(v: PadesVerification) {
  const sigs = v.signatures.filter((s) => s.kind === 'signature');
  const docTimestamps = v.signatures.filter((s) => s.kind === 'document-timestamp');
  const cmsTimestamps = sigs.flatMap((s) => s.timestamps.filter((t) => t.source === 'cms'));
  return {
    signatures: sigs.length,
    signatureIntact: sigs.length > 0 && sigs.every((s) => s.signatureIntact),
    referencesFound: sigs.every((s) => s.checks.some((c) => c.id === 'pades.byteRange')),
    referencesIntact: sigs.every((s) => s.referencesIntact),
    bLevelValid: sigs.every((s) => s.signatureIntact && s.referencesIntact),
    timestampsIntact:
      cmsTimestamps.every((t) => t.intact && t.messageImprintMatches) &&
      docTimestamps.every((t) => t.signatureIntact && t.referencesIntact),
    timestampCount: cmsTimestamps.length + docTimestamps.length,
    indication: sigs[0]?.indication ?? null,
    subIndication: sigs[0]?.subIndication ?? null,
    formats: v.signatures.map((s) => s.format),
  };
}

/** What we observed, in the manifest's vocabulary. */
function observe(v: CadesVerification) {
  const sigs = v.signatures;
  const refs = sigs.map((s) => s.checks.find((c) => c.id === 'cms.messageDigest'));
  const timestamps = sigs.flatMap((s) => s.timestamps);
  return {
    signatures: sigs.length,
    signatureIntact: sigs.length > 0 && sigs.every((s) => s.signatureIntact),
    // The message digest is "found" when the signed content was available to compare it with.
    referencesFound: refs.every(
      (c) => c !== undefined && c.status !== 'indeterminate' && c.status !== 'skipped',
    ),
    referencesIntact: refs.every((c) => c?.status === 'passed'),
    timestampsIntact: timestamps.every((t) => t.intact && t.messageImprintMatches),
    timestampCount: timestamps.length,
    indication: sigs[0]?.indication ?? null,
    subIndication: sigs[0]?.subIndication ?? null,
    formats: sigs.map((s) => s.format),
  };
}

type Observed = Omit<ReturnType<typeof observe>, 'formats'> & {
  formats: readonly string[];
  /** B-level technically valid, when the format says more than intact signature and references. */
  bLevelValid?: boolean;
};

/** Compares the asserted labels with what we observed; returns the mismatches. */
function compare(e: DssEntry, o: Observed): string[] {
  const out: string[] = [];
  const x = e.expected;
  const s = x.summary ?? {};
  if (x.signatures !== null && x.signatures !== undefined && o.signatures !== x.signatures) {
    out.push(`signature count: expected ${x.signatures}, got ${o.signatures}`);
  }
  if (x.signatures == null && x.minSignatures && o.signatures < x.minSignatures) {
    out.push(`signature count: expected at least ${x.minSignatures}, got ${o.signatures}`);
  }
  const bool = (label: keyof DssSummary, got: boolean) => {
    const want = s[label];
    if (typeof want === 'boolean' && want !== got) out.push(`${label}: expected ${want}, got ${got}`);
  };
  bool('signatureIntact', o.signatureIntact);
  bool('referencesFound', o.referencesFound);
  bool('referencesIntact', o.referencesIntact);
  bool('bLevelValid', o.bLevelValid ?? (o.signatureIntact && o.referencesIntact));
  bool('timestampsIntact', o.timestampsIntact);
  if (typeof s.timestampCount === 'number' && s.timestampCount !== o.timestampCount) {
    out.push(`timestampCount: expected ${s.timestampCount}, got ${o.timestampCount}`);
  }
  if (s.indication && s.indication !== o.indication)
    out.push(`indication: expected ${s.indication}, got ${o.indication}`);
  if (s.subIndication && s.subIndication !== o.subIndication) {
    out.push(`subIndication: expected ${s.subIndication}, got ${o.subIndication}`);
  }
  if (s.indicationNot?.includes(o.indication ?? '')) out.push(`indication: expected not ${o.indication}`);
  return out;
}

/**
 * Runs the DSS manifest: every CAdES, XAdES and PAdES entry is verified with `@mutua/cades`,
 * `@mutua/xades` or `@mutua/pades` (trust anchors, detached
 * content or digests, external signing certificates and validation time as the entry gives them) and its
 * integrity labels compared: signature count, signature intact, references found and intact, B-level
 * technically valid, time-stamp count and intactness, and the indication where DSS asserts one. Other
 * formats are reported as not run, with the issue that covers them. Unlabelled entries are not scored.
 */
export async function runDss(manifestPath: string, entries: DssEntry[]): Promise<ConformanceReport> {
  const root = dirname(manifestPath);
  const out: ConformanceEntry[] = [];
  let brokenReportedIntact = 0;
  let contestedIntact = 0;
  for (const e of entries) {
    if (e.format !== 'cades' && e.format !== 'xades' && e.format !== 'pades') {
      out.push({
        id: e.id,
        status: 'not-run',
        expected: e.expected.outcome,
        actual: null,
        reason: LATER[e.format] ?? `format ${e.format}`,
      });
      continue;
    }
    if (e.expected.basis === 'none') {
      out.push({
        id: e.id,
        status: 'not-run',
        expected: null,
        actual: null,
        reason: 'unlabelled: DSS asserts nothing about this file',
      });
      continue;
    }
    let o: Observed;
    try {
      const bytes = new Uint8Array(readFileSync(join(root, e.path)));
      const opts = await optionsFor(root, e);
      o =
        e.format === 'xades'
          ? observeXades(await verifyXades(bytes, xadesOptionsFor(root, e, opts)))
          : e.format === 'pades'
            ? observePades(
                await verifyPades(bytes, {
                  trustAnchors: opts.trustAnchors,
                  ...(opts.certificates ? { certificates: opts.certificates } : {}),
                  ...(opts.time ? { time: opts.time } : {}),
                  crypto: nodeCryptoEngine,
                }),
              )
            : observe(await verifyCades(bytes, opts));
    } catch (err) {
      const expectedBroken = e.expected.outcome === 'not-intact' || e.expected.outcome === 'TOTAL_FAILED';
      out.push({
        id: e.id,
        status: expectedBroken ? 'agreed' : 'disagreed',
        expected: e.expected.outcome,
        actual: { error: (err as Error).message },
        reason: `${e.path}: rejected as malformed: ${(err as Error).message}`,
      });
      continue;
    }
    const mismatches = compare(e, o);
    const saysIntact =
      (e.expected.summary?.signatureIntact === false && o.signatureIntact) ||
      (e.expected.summary?.referencesIntact === false && o.referencesIntact);
    // Reporting intact what DSS reports broken is critical (never excusable), unless the manifest's own
    // independent oracle found it intact too: then the label is contested, and the disagreement needs a
    // written reason like any other.
    const contested = saysIntact && e.oracle?.integrity === 'ok';
    const falseIntact = saysIntact && !contested;
    if (falseIntact) brokenReportedIntact++;
    if (contested) contestedIntact++;
    out.push({
      id: e.id,
      status: mismatches.length ? 'disagreed' : 'agreed',
      ...(falseIntact ? { critical: true } : {}),
      expected: {
        outcome: e.expected.outcome,
        signatures: e.expected.signatures,
        summary: e.expected.summary,
      },
      actual: o,
      reason: mismatches.length
        ? `${e.path}: ${mismatches.join('; ')}${contested ? ` (the manifest's oracle, ${e.oracle?.tool ?? 'a native tool'}, also found it intact)` : ''}`
        : `${e.path}: ${o.formats.join(', ')}`,
    });
  }
  const share = (format: string, label: string) => {
    const scored = out.filter(
      (x) => entries.find((e) => e.id === x.id)?.format === format && x.status !== 'not-run',
    );
    const agreed = scored.filter((x) => x.status === 'agreed').length;
    return `${label}: ${agreed}/${scored.length} labelled entries agree (${scored.length ? ((100 * agreed) / scored.length).toFixed(1) : '0'}%)`;
  };
  return makeReport('dss', out, [
    share('cades', 'CAdES'),
    share('xades', 'XAdES'),
    share('pades', 'PAdES'),
    `entries whose signature or references DSS reports broken that Mutua reports intact: ${brokenReportedIntact} (must be 0)${contestedIntact ? `; ${contestedIntact} more where the manifest's independent oracle also found them intact (listed above, each with its reason)` : ''}`,
  ]);
}
