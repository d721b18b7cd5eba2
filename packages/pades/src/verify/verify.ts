/**
 * `verifyPades`: EN 319 102-1 validation of every signature and document time-stamp of a PDF.
 */
import {
  CMS_OID,
  type CadesSignatureReport,
  type CadesVerification,
  type SignedData,
  type SignerInfo,
  type TimestampReport,
  type TimestampVerification,
  collectValidationData,
  missingValidationData,
  parseSignedData,
  parseTimeStampToken,
  summarizeSigner,
  timestampProves,
  verifyCades,
  verifySignerInfo,
  verifyTimestampToken,
} from '@mutua/cades';
import {
  type BasicValidationOutcome,
  type Certificate,
  type CertificateValidationResult,
  type CheckResult,
  type CryptoEngine,
  type HashName,
  Indication,
  MutuaError,
  STRICT_POLICY,
  SubIndication,
  HASH_BY_OID,
  type Tlv,
  checkCryptoConstraints,
  createWebCryptoEngine,
  decideChecks,
  digestStream,
  parseCertificate,
  parseCrl,
  parseOcspResponse,
  validateCertificate,
  validateWithTime,
} from '@mutua/core';
import { analyzeModifications } from '../modifications/analyze';
import { PdfDocument, readPdf } from '../pdf/document';
import { PdfError, type PdfProblem } from '../pdf/errors';
import { type SignatureCoverage, signatureCoverage, signedRanges } from '../pdf/ranges';
import { type PdfSignature, findSignatures } from '../pdf/signatures';
import { rsaSha1Certificates, verifyRsaSha1 } from './rsa-sha1';
import type {
  PadesClaims,
  PadesCoverage,
  PadesFormat,
  PadesLegacyFormat,
  PadesModifications,
  PadesSignatureReport,
  PadesTimestampReport,
  PadesVerification,
  VerifyPadesOptions,
} from './types';
import {
  type DocumentSecurityStore,
  type PdfValidationData,
  adbeRevocationData,
  mergeValidationData,
  readDocumentSecurityStores,
  trimmedName,
} from './validation-data';

type Kind = PadesSignatureReport['kind'];
type Verdict = { indication: Indication; subIndication?: SubIndication };
type Family = 'cades' | 'pkcs7' | 'pkcs7-sha1' | 'rsa-sha1' | 'rfc3161' | 'unknown';

const FAMILY: Readonly<Record<string, Family>> = {
  'ETSI.CAdES.detached': 'cades',
  'PBAD.PAdES': 'cades',
  'adbe.pkcs7.detached': 'pkcs7',
  'adbe.pkcs7.sha1': 'pkcs7-sha1',
  'adbe.x509.rsa_sha1': 'rsa-sha1',
  'ETSI.RFC3161': 'rfc3161',
};

interface Item {
  readonly sig: PdfSignature;
  readonly id: string;
  readonly kind: Kind;
  readonly filter?: string;
  readonly subFilter?: string;
  readonly family: Family;
  readonly coverage: SignatureCoverage;
  /** The revision it signs (its dictionary's, else where its ranges end). */
  readonly revision: number;
  /** Digest of its byte ranges, computed once per hash (streamed views of the file). */
  readonly digest: (hash: HashName) => Promise<Uint8Array | undefined>;
}

interface DocTimestamp {
  readonly item: Item;
  readonly verification?: TimestampVerification;
  readonly report: TimestampReport;
  readonly proves: boolean;
  readonly time?: Date;
}

interface Context {
  readonly pdf: PdfDocument;
  readonly options: VerifyPadesOptions;
  readonly crypto: CryptoEngine;
  readonly time: Date;
  readonly all: readonly PdfSignature[];
  readonly stores: readonly DocumentSecurityStore[];
  readonly given: PdfValidationData;
  readonly docTimestamps: DocTimestamp[];
}

const rank = (i: Indication) => (i === Indication.TOTAL_FAILED ? 2 : i === Indication.INDETERMINATE ? 1 : 0);

/** The more severe of two verdicts; the first one wins between equals. */
function worse(a: Verdict, b: Verdict): Verdict {
  return rank(b.indication) > rank(a.indication) ? b : a;
}

const PASSED: Verdict = { indication: Indication.TOTAL_PASSED };
const formatFailure: Verdict = {
  indication: Indication.TOTAL_FAILED,
  subIndication: SubIndication.FORMAT_FAILURE,
};

/**
 * Parses a PDF date (`D:YYYYMMDDHHmmSSOHH'mm'`, ISO 32000-2 §7.9.4), such as a signature's `/M`;
 * `undefined` when it is not one.
 *
 * @example
 * ```ts
 * import { parsePdfDate } from '@mutua/pades';
 * parsePdfDate("D:20261122120000-03'00'")?.toISOString(); // '2026-11-22T15:00:00.000Z'
 * parsePdfDate('ayer'); // undefined
 * ```
 */
export function parsePdfDate(text: string | undefined): Date | undefined {
  if (!text) return undefined;
  const m = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?'?$/.exec(
    text.trim(),
  );
  if (!m) return undefined;
  const n = (s: string | undefined, d: number) => (s === undefined ? d : Number(s));
  const utc = Date.UTC(n(m[1], 0), n(m[2], 1) - 1, n(m[3], 1), n(m[4], 0), n(m[5], 0), n(m[6], 0));
  const sign = m[7] === '-' ? -1 : m[7] === '+' ? 1 : 0;
  const offset = sign * (n(m[8], 0) * 60 + n(m[9], 0)) * 60_000;
  const d = new Date(utc - offset);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function coverageOf(c: SignatureCoverage): PadesCoverage {
  return {
    revision: c.revision,
    revisions: c.revisionCount,
    wholeDocument: c.coversWholeDocument,
    signedBytes: c.signedBytes,
    unsignedBytes: c.unsignedBytes,
  };
}

function timestampReportOf(v: TimestampVerification, attribute: string): TimestampReport {
  const computed = v.checks.some(
    (c) => c.id === 'timestamp.messageImprint' && (c.status === 'passed' || c.status === 'failed'),
  );
  return {
    type: v.type,
    attribute,
    ...(v.time ? { time: v.time } : {}),
    intact: v.intact && computed,
    messageImprintMatches: v.messageImprintMatches,
    indication: v.indication,
    ...(v.subIndication ? { subIndication: v.subIndication } : {}),
    checks: v.checks,
  };
}

function genTimeOf(token: Uint8Array | Tlv): Date | undefined {
  try {
    return parseTimeStampToken(token).tstInfo.genTime;
  } catch (e) {
    if (e instanceof MutuaError) return undefined;
    throw e;
  }
}

/**
 * Validation data for path validation: what the caller gave and every `/DSS` of the document (raw
 * material only: certificates are hints and revocation data is signed, so its place does not matter).
 */
function validationData(ctx: Context): PdfValidationData {
  return mergeValidationData(ctx.given, ...ctx.stores.filter((s) => s.present));
}

/** What the `/DSS` of the revisions after `revision` (up to `upTo`) holds: what counts for the LT level. */
function dssAfter(ctx: Context, revision: number, upTo = Number.POSITIVE_INFINITY): PdfValidationData {
  return mergeValidationData(
    ...ctx.stores.filter((s) => s.present && s.revision > revision && s.revision <= upTo),
  );
}

/** Structural checks every kind shares: the byte range, the `/Contents`, the coverage. */
function structureChecks(item: Item): { checks: CheckResult[]; verdict: Verdict } {
  const { sig, coverage } = item;
  const checks: CheckResult[] = [];
  let verdict = PASSED;
  if (sig.byteRange.valid)
    checks.push({
      id: 'pades.byteRange',
      status: 'passed',
      message: `/ByteRange [${sig.byteRange.ranges?.join(' ')}] is two ranges around this signature's /Contents, ending where revision ${coverage.revision} ends`,
    });
  else {
    checks.push({
      id: 'pades.byteRange',
      status: 'failed',
      message: `/ByteRange is not sound (${sig.byteRange.problems.join(', ') || 'missing'}): the signed bytes are not exactly the document around this signature's /Contents (P1, P3)`,
      subIndication: SubIndication.FORMAT_FAILURE,
    });
    verdict = formatFailure;
  }
  if (!sig.cms) {
    checks.push({
      id: 'pades.contents',
      status: 'failed',
      message: '/Contents holds no BER/DER element: there is no signature to verify (P1)',
      subIndication: SubIndication.FORMAT_FAILURE,
    });
    verdict = worse(verdict, formatFailure);
  } else
    checks.push({
      id: 'pades.contents',
      status: sig.paddingNotZero ? 'warning' : 'passed',
      message: sig.paddingNotZero
        ? `/Contents holds a ${sig.cms.length}-byte signature followed by ${sig.padding} bytes that are not zero padding (unsigned bytes)`
        : `/Contents holds a ${sig.cms.length}-byte signature and ${sig.padding} bytes of zero padding`,
    });
  checks.push({
    id: 'pades.coverage',
    status: coverage.coversWholeDocument ? 'passed' : 'info',
    message: coverage.coversWholeDocument
      ? `covers the whole document (revision ${coverage.revision} of ${coverage.revisionCount})`
      : coverage.revision < 0
        ? 'its byte ranges end at no revision'
        : `covers revision ${coverage.revision} of ${coverage.revisionCount}, not the whole document: ${coverage.unsignedBytes} bytes were added after it (see pades.modifications)`,
  });
  return { checks, verdict };
}

function modificationsOf(
  ctx: Context,
  item: Item,
): { modifications?: PadesModifications; claims: PadesClaims; checks: CheckResult[]; verdict: Verdict } {
  const checks: CheckResult[] = [];
  let claims: PadesClaims = {};
  try {
    const report = analyzeModifications(ctx.pdf, item.sig, {
      signatures: ctx.all,
      ...(ctx.options.modificationPolicy ? { policy: ctx.options.modificationPolicy } : {}),
      ...(ctx.options.modificationLimits ? { limits: ctx.options.modificationLimits } : {}),
    });
    const d = report.signedDictionary;
    claims = {
      ...(d.reason !== undefined ? { reason: d.reason } : {}),
      ...(d.location !== undefined ? { location: d.location } : {}),
      ...(d.name !== undefined ? { name: d.name } : {}),
      ...(d.contactInfo !== undefined ? { contactInfo: d.contactInfo } : {}),
      ...(d.signingTime !== undefined ? { m: d.signingTime } : {}),
    };
    const modifications: PadesModifications = {
      verdict: report.verdict,
      summary: report.summary,
      signedRevision: report.signedRevision,
      finalRevision: report.finalRevision,
      ...(report.permissions.docMdp !== undefined ? { docMdp: report.permissions.docMdp } : {}),
      findings: report.findings,
      dictionaryChangedLater: report.dictionaryChangedLater,
    };
    let verdict = PASSED;
    if (report.verdict === 'NOT_PERMITTED') {
      checks.push({
        id: 'pades.modifications',
        status: 'failed',
        message: `${report.summary}. The document shown is not the one signed: EN 319 102-1 has no sub-indication of its own for this, and, as EU DSS does for a signed revision changed in ways it does not permit, it is TOTAL_FAILED with FORMAT_FAILURE`,
        subIndication: SubIndication.FORMAT_FAILURE,
      });
      verdict = formatFailure;
    } else if (report.verdict === 'INDETERMINATE') {
      checks.push({
        id: 'pades.modifications',
        status: 'indeterminate',
        message: `${report.summary}: whether the document shown is the one signed cannot be said`,
        subIndication: SubIndication.SIG_CONSTRAINTS_FAILURE,
      });
      verdict = {
        indication: Indication.INDETERMINATE,
        subIndication: SubIndication.SIG_CONSTRAINTS_FAILURE,
      };
    } else
      checks.push({
        id: 'pades.modifications',
        status: 'passed',
        message:
          report.verdict === 'UNCHANGED'
            ? report.summary
            : `${report.summary} (every change listed in the report's modifications)`,
      });
    if (report.dictionaryChangedLater)
      checks.push({
        id: 'pades.claims',
        status: 'warning',
        message:
          'a later revision shows another signature dictionary (/Reason, /M, /Name…) than the one signed (P9): the claims reported are the signed ones',
      });
    return { modifications, claims, checks, verdict };
  } catch (e) {
    if (!(e instanceof PdfError)) throw e;
    checks.push({
      id: 'pades.modifications',
      status: 'indeterminate',
      message: `modification analysis could not run: ${e.message}`,
      subIndication: SubIndication.SIG_CONSTRAINTS_FAILURE,
    });
    return {
      claims,
      checks,
      verdict: { indication: Indication.INDETERMINATE, subIndication: SubIndication.SIG_CONSTRAINTS_FAILURE },
    };
  }
}

/** The earliest time among proving document time-stamps, if any. */
function earliestProof(proving: readonly { readonly time?: Date }[]): Date | undefined {
  const times = proving.flatMap((d) => (d.time ? [d.time.getTime()] : []));
  return times.length ? new Date(Math.min(...times)) : undefined;
}

/** Verifies the document time-stamps, latest first: a proving later one gives the earlier ones a POE. */
async function verifyDocTimestamps(ctx: Context, items: readonly Item[]): Promise<void> {
  const order = [...items].sort((a, b) => b.revision - a.revision);
  for (const item of order) {
    const attribute = `DocTimeStamp ${item.id} (revision ${item.revision})`;
    const cms = item.sig.cms;
    if (!cms || !item.sig.byteRange.ranges) {
      ctx.docTimestamps.push({
        item,
        proves: false,
        report: {
          type: 'archive',
          attribute,
          intact: false,
          messageImprintMatches: false,
          ...formatFailure,
          checks: [],
        },
      });
      continue;
    }
    const genTime = genTimeOf(cms);
    const later = ctx.docTimestamps
      .filter((d) => d.proves && d.time && d.item.revision > item.revision && genTime && d.time > genTime)
      .map((d) => d.time!.getTime());
    const poe = later.length ? new Date(Math.min(...later)) : undefined;
    const vd = validationData(ctx);
    const verification = await verifyTimestampToken({
      token: cms,
      type: 'archive',
      covered: item.digest,
      certificates: vd.certificates,
      trustAnchors: ctx.options.trustAnchors,
      crls: vd.crls,
      ocspResponses: vd.ocspResponses,
      ...(ctx.options.policy ? { policy: ctx.options.policy } : {}),
      crypto: ctx.crypto,
      validationTime: ctx.time,
      ...(poe ? { poe } : {}),
    });
    const report = timestampReportOf(verification, attribute);
    const proves = timestampProves(report) && item.sig.byteRange.valid;
    ctx.docTimestamps.push({
      item,
      verification,
      report,
      proves,
      ...(verification.time ? { time: verification.time } : {}),
    });
  }
}

/** What a token carries itself (its TSA's certificates and revocation data). */
function tokenCarried(token: Uint8Array | Tlv): PdfValidationData {
  try {
    const { signedData } = parseTimeStampToken(token);
    return {
      certificates: signedData.certificates,
      crls: signedData.crls,
      ocspResponses: signedData.ocspResponses,
      problems: [],
    };
  } catch (e) {
    if (e instanceof MutuaError) return { certificates: [], crls: [], ocspResponses: [], problems: [] };
    throw e;
  }
}

interface LevelInput {
  readonly ctx: Context;
  readonly item: Item;
  readonly cades?: CadesSignatureReport;
  readonly notEtsi: boolean;
  readonly signedAttributes: boolean;
  readonly provingDocTimestamps: readonly DocTimestamp[];
  readonly signerPath?: readonly Certificate[];
  /** Paths of the proving signature time-stamps of the CMS, with what each token carries. */
  readonly cmsTsaPaths: readonly { path?: readonly Certificate[]; own: PdfValidationData }[];
  readonly cmsCarried: PdfValidationData;
  /** The signed dictionary has a `/Reason` (TS 102 778-3 §4.4: then the signature is not EPES). */
  readonly hasReason: boolean;
}

/** The level: B, then T, LT, LTA as EN 319 142-1 §6 defines them, from time-stamps that prove. */
function levelOf(l: LevelInput): {
  format: PadesFormat;
  legacyFormat?: PadesLegacyFormat;
  checks: CheckResult[];
} {
  const { item, cades, ctx } = l;
  const checks: CheckResult[] = [];
  const isAdES = cades !== undefined && cades.format !== 'CMS';
  const family = item.family === 'pkcs7' || item.family === 'pkcs7-sha1' ? 'PKCS7' : 'PAdES-BASELINE';
  const etsi =
    !l.notEtsi &&
    cades !== undefined &&
    (family === 'PKCS7' ? l.signedAttributes : isAdES && item.family === 'cades');
  const cmsT = (cades?.timestamps ?? []).some((t) => t.type === 'signature' && timestampProves(t));
  const dtsT = l.provingDocTimestamps.length > 0;
  const t = cmsT || dtsT;
  let ltRevision: number | undefined;
  let missing: string[] = [];
  if (t) {
    const last = ctx.pdf.revisions.length - 1;
    for (let k = Math.max(item.revision, 0); k <= last; k++) {
      const carried = mergeValidationData(l.cmsCarried, dssAfter(ctx, item.revision, k));
      const need: string[] = [];
      if (!l.signerPath) need.push("the signer's certificate path");
      else need.push(...missingValidationData(l.signerPath, carried));
      for (const p of l.cmsTsaPaths)
        need.push(
          ...(p.path
            ? missingValidationData(p.path, mergeValidationData(carried, p.own))
            : ['a TSA certificate path']),
        );
      if (!cmsT) {
        const first = l.provingDocTimestamps.find((d) => d.item.revision <= k);
        if (first) {
          const path = first.verification?.tsaPath;
          need.push(
            ...(path
              ? missingValidationData(path, mergeValidationData(carried, tokenCarried(first.item.sig.cms!)))
              : ['a TSA certificate path']),
          );
        }
      }
      if (need.length === 0) {
        ltRevision = k;
        break;
      }
      missing = need;
    }
  }
  const lt = t && ltRevision !== undefined;
  // A document time-stamp written /Type /Sig (ISO 32000-2 §12.8.5 wants /DocTimeStamp) still proves
  // existence, but is not counted as the archive time-stamp of the LTA level (as EU DSS does).
  const lta =
    lt &&
    l.provingDocTimestamps.some(
      (d) =>
        d.item.revision >= Math.max(ltRevision!, item.revision + 1) &&
        d.item.sig.dictionary.name('Type') !== 'Sig',
    );
  const level = lta ? 'LTA' : lt ? 'LT' : t ? 'T' : 'B';
  const format: PadesFormat = etsi ? (`${family}-${level}` as PadesFormat) : 'PDF-NOT-ETSI';
  if (t && etsi)
    checks.push(
      lt
        ? {
            id: 'pades.validationData',
            status: 'passed',
            message: `every certificate and revocation value of the signer's and its time-stamps' paths is in the CMS${ltRevision! > item.revision ? ` or the /DSS of revision ${ltRevision}` : ''} (LT)`,
          }
        : {
            id: 'pades.validationData',
            status: 'info',
            message: `not LT: neither the CMS nor a later /DSS holds ${[...new Set(missing)].join(', ')}`,
          },
    );
  // TS 102 778-4 (PAdES-LTV): a /DSS after the signature, and a document time-stamp over it.
  const dssLater = ctx.stores.find((s) => s.changed && s.revision > item.revision);
  const ltv =
    dssLater !== undefined && l.provingDocTimestamps.some((d) => d.item.revision >= dssLater.revision);
  const legacyFormat: PadesLegacyFormat | undefined = ltv
    ? 'PAdES-LTV'
    : item.family === 'cades' && isAdES && !l.notEtsi
      ? cades?.signaturePolicy && !l.hasReason
        ? 'PAdES-EPES'
        : 'PAdES-BES'
      : item.family === 'pkcs7' || item.family === 'pkcs7-sha1' || item.family === 'rsa-sha1'
        ? 'PAdES basic'
        : undefined;
  return { format, ...(legacyFormat ? { legacyFormat } : {}), checks };
}

/** The two byte ranges in one buffer (a copy: only for a SignerInfo that signs the content itself). */
async function joinRanges(pdf: PdfDocument, sig: PdfSignature): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const p of signedRanges(pdf, sig)) parts.push(p);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function bytesEqual(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  return !!a && !!b && a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Checks about the document time-stamps that cover a signature, and its best-signature-time. */
function docTimestampEvidence(ctx: Context, item: Item) {
  const after = ctx.docTimestamps
    .filter((d) => d.item.revision > item.revision && d.item.revision >= 0)
    .sort((a, b) => a.item.revision - b.item.revision);
  const checks: CheckResult[] = after.map((d) =>
    d.proves
      ? {
          id: 'pades.documentTimestamp',
          status: 'passed',
          message: `document time-stamp ${d.item.id} (revision ${d.item.revision}) at ${d.time?.toISOString()} covers this signature: a proof that it existed then`,
        }
      : {
          id: 'pades.documentTimestamp',
          status: 'warning',
          message: `document time-stamp ${d.item.id} (revision ${d.item.revision}) gives no proof of existence (${d.report.subIndication ?? d.report.indication}${!d.report.messageImprintMatches ? ': it does not cover its byte ranges' : ''})`,
        },
  );
  const timestamps: PadesTimestampReport[] = after.map((d) => ({
    ...d.report,
    source: 'document-timestamp',
    revision: d.item.revision,
    id: d.item.id,
  }));
  const proving = after.filter((d) => d.proves && d.time);
  return { checks, timestamps, proving };
}

async function verifySignature(ctx: Context, item: Item): Promise<PadesSignatureReport> {
  const { pdf, options, crypto, time } = ctx;
  const { sig } = item;
  const structure = structureChecks(item);
  const checks = [...structure.checks];
  let verdict = structure.verdict;
  const known = FAMILY[item.subFilter ?? ''] !== undefined;
  checks.push(
    known
      ? { id: 'pades.subFilter', status: 'passed', message: `SubFilter ${item.subFilter}` }
      : {
          id: 'pades.subFilter',
          status: 'warning',
          message: `SubFilter ${item.subFilter ?? '(none)'} is not one ISO 32000 or PAdES defines: verified as a detached CMS`,
        },
  );
  const isSignature = item.kind === 'signature';
  const mods = isSignature ? modificationsOf(ctx, item) : undefined;
  const claims: PadesClaims = mods?.claims ?? {
    ...(sig.reason !== undefined ? { reason: sig.reason } : {}),
    ...(sig.location !== undefined ? { location: sig.location } : {}),
    ...(sig.name !== undefined ? { name: sig.name } : {}),
    ...(sig.contactInfo !== undefined ? { contactInfo: sig.contactInfo } : {}),
    ...(sig.signingTime !== undefined ? { m: sig.signingTime } : {}),
  };
  const evidence = isSignature
    ? docTimestampEvidence(ctx, item)
    : { checks: [], timestamps: [] as PadesTimestampReport[], proving: [] as DocTimestamp[] };
  const finish = (r: {
    format: PadesFormat;
    legacyFormat?: PadesLegacyFormat;
    verdict: Verdict;
    signatureIntact: boolean;
    referencesIntact: boolean;
    signer?: PadesSignatureReport['signer'];
    signingTime?: Date;
    bestSignatureTime?: Date;
    cmsTimestamps?: readonly TimestampReport[];
    cades?: CadesSignatureReport;
    checks: readonly CheckResult[];
  }): PadesSignatureReport => {
    let v = r.verdict;
    const all = [...r.checks];
    if (mods) {
      all.push(...mods.checks);
      v = worse(v, mods.verdict);
    }
    if (item.kind === 'usage-rights')
      all.push({
        id: 'pades.usageRights',
        status: 'info',
        message:
          'a usage-rights signature (/Perms /UR3) enables viewer features: it signs the document for nobody and grants no DocMDP permission (P15); reported for information',
      });
    const signingTime = r.signingTime ?? parsePdfDate(claims.m);
    return {
      id: item.id,
      kind: item.kind,
      ...(sig.fieldName !== undefined ? { fieldName: sig.fieldName } : {}),
      ...(item.filter !== undefined ? { filter: item.filter } : {}),
      ...(item.subFilter !== undefined ? { subFilter: item.subFilter } : {}),
      format: item.kind === 'usage-rights' ? 'PDF-USAGE-RIGHTS' : r.format,
      ...(r.legacyFormat && item.kind === 'signature' ? { legacyFormat: r.legacyFormat } : {}),
      indication: v.indication,
      ...(v.subIndication ? { subIndication: v.subIndication } : {}),
      signatureIntact: r.signatureIntact,
      referencesIntact: r.referencesIntact,
      ...(r.signer ? { signer: r.signer } : {}),
      ...(signingTime ? { signingTime } : {}),
      ...(r.bestSignatureTime ? { bestSignatureTime: r.bestSignatureTime } : {}),
      timestamps: [
        ...(r.cmsTimestamps ?? []).map((t): PadesTimestampReport => ({ ...t, source: 'cms' })),
        ...evidence.timestamps,
      ],
      coverage: coverageOf(item.coverage),
      ...(mods?.modifications ? { modifications: mods.modifications } : {}),
      claims,
      ...(r.cades ? { cades: r.cades } : {}),
      checks: all,
    };
  };

  const bestOf = (cmsBest: Date | undefined) => {
    const times = [
      ...(cmsBest ? [cmsBest.getTime()] : []),
      ...evidence.proving.map((d) => d.time!.getTime()),
    ];
    return times.length ? new Date(Math.min(...times)) : undefined;
  };

  const cms = sig.cms;
  if (!cms)
    return finish({
      format: 'PDF-NOT-ETSI',
      verdict,
      signatureIntact: false,
      referencesIntact: false,
      checks: [...checks, ...evidence.checks],
    });
  const vdAfter = validationData(ctx);

  if (item.family === 'rsa-sha1') {
    // ISO 32000-1 §12.8.3.2: a bare PKCS#1 signature over the SHA-1 of the ranges, the certificate in /Cert.
    const certs = rsaSha1Certificates(pdf, sig.dictionary, Math.max(item.revision, 0));
    const sha1 = await item.digest('SHA-1');
    const outcome = sha1
      ? verifyRsaSha1(cms, certs[0], sha1)
      : { status: 'unsupported' as const, message: 'the byte ranges could not be hashed' };
    const intact = outcome.status === 'valid';
    checks.push({
      id: 'pades.rsaSha1',
      status: intact ? 'passed' : outcome.status === 'invalid' ? 'failed' : 'indeterminate',
      message: `adbe.x509.rsa_sha1: ${outcome.message}`,
      ...(intact
        ? {}
        : {
            subIndication:
              outcome.status === 'invalid' ? SubIndication.SIG_CRYPTO_FAILURE : SubIndication.FORMAT_FAILURE,
          }),
    });
    if (!intact)
      verdict = worse(
        verdict,
        outcome.status === 'invalid'
          ? { indication: Indication.TOTAL_FAILED, subIndication: SubIndication.SIG_CRYPTO_FAILURE }
          : { indication: Indication.INDETERMINATE, subIndication: SubIndication.FORMAT_FAILURE },
      );
    let signer: PadesSignatureReport['signer'];
    const signerCert = certs[0];
    if (signerCert) {
      signer = summarizeSigner(signerCert);
      const pathAt = (at: Date, past: boolean) =>
        validateCertificate({
          target: signerCert,
          intermediates: [...certs.slice(1), ...vdAfter.certificates],
          trustAnchors: options.trustAnchors,
          crls: vdAfter.crls,
          ocspResponses: vdAfter.ocspResponses,
          time: at,
          ...(past ? { pastValidation: true } : {}),
          ...(options.policy ? { policy: options.policy } : {}),
          crypto,
        });
      const path = await pathAt(time, false);
      checks.push(...path.checks);
      let pathVerdict: Verdict = {
        indication: path.indication,
        ...(path.subIndication ? { subIndication: path.subIndication } : {}),
      };
      // Validation with time: a later document time-stamp proves the signature existed at its genTime.
      const proven = bestOf(undefined);
      if (proven) {
        const wt = await validateWithTime<BasicValidationOutcome>({
          basic: { ...pathVerdict, signatureIntact: intact },
          validationTime: time,
          bestSignatureTime: proven,
          signerNotBefore: signerCert.notBefore,
          revalidate: async (at) => ({ ...(await pathAt(at, true)), signatureIntact: intact }),
          checkPrefix: 'pades',
        });
        checks.push(...wt.checks);
        pathVerdict = wt.failure ?? {
          indication: wt.result.indication,
          ...(wt.result.subIndication ? { subIndication: wt.result.subIndication } : {}),
        };
      }
      verdict = worse(verdict, pathVerdict);
    }
    // The algorithm (RSA with SHA-1) against the policy's cryptographic constraints, at the earliest time
    // a later document time-stamp proves the signature existed, else at the validation time.
    const proven = bestOf(undefined);
    const cryptoAt = proven ?? time;
    const weak = signerCert
      ? checkCryptoConstraints(
          options.policy ?? STRICT_POLICY,
          { kind: 'RSA-PKCS1', hash: 'SHA-1' },
          signerCert.publicKey,
          cryptoAt,
        )
      : undefined;
    if (weak) {
      checks.push({
        id: 'pades.rsaSha1Algorithm',
        status: 'indeterminate',
        message: `adbe.x509.rsa_sha1: ${weak} (judged at ${cryptoAt.toISOString()}${proven ? ', proven by a document time-stamp' : ''})`,
        subIndication: SubIndication.CRYPTO_CONSTRAINTS_FAILURE_NO_POE,
      });
      if (verdict.indication === Indication.TOTAL_PASSED)
        verdict = {
          indication: Indication.INDETERMINATE,
          subIndication: SubIndication.CRYPTO_CONSTRAINTS_FAILURE_NO_POE,
        };
    } else if (signerCert)
      checks.push({
        id: 'pades.rsaSha1Algorithm',
        status: 'passed',
        message: `adbe.x509.rsa_sha1: RSA with SHA-1 is acceptable at ${cryptoAt.toISOString()} under the policy`,
      });
    return finish({
      format: 'PDF-NOT-ETSI',
      legacyFormat: 'PAdES basic',
      verdict,
      signatureIntact: intact,
      referencesIntact: intact && leavesOutOnlyASignatureValue(pdf.bytes, sig),
      ...(signer ? { signer } : {}),
      checks: [...checks, ...evidence.checks],
    });
  }

  let sd: SignedData;
  // A CMS that cannot be read or verified: the signature is not a PDF signature Mutua can judge.
  const cmsFailure = (message: string) => {
    checks.push({ id: 'pades.cms', status: 'failed', message, subIndication: SubIndication.FORMAT_FAILURE });
    return finish({
      format: 'PDF-NOT-ETSI',
      verdict: worse(verdict, formatFailure),
      signatureIntact: false,
      referencesIntact: false,
      checks: [...checks, ...evidence.checks],
    });
  };
  try {
    sd = parseSignedData(cms);
  } catch (e) {
    if (!(e instanceof MutuaError)) throw e;
    return cmsFailure(`/Contents is not a CMS SignedData: ${e.message}`);
  }
  const si: SignerInfo | undefined = sd.signerInfos[0];
  const adbe = si ? adbeRevocationData(si) : undefined;
  const vd = adbe ? mergeValidationData(vdAfter, adbe) : vdAfter;
  const sha1Family = item.family === 'pkcs7-sha1';
  const r = sig.byteRange.ranges;
  const rangesUsable = r !== undefined && r[0] + r[1] <= pdf.bytes.length && r[2] + r[3] <= pdf.bytes.length;
  // A SignerInfo without signed attributes signs the content itself, and a crypto engine verifies a
  // signature over bytes, not over a digest: only then are the two ranges joined into one buffer.
  const joined =
    !sha1Family && rangesUsable && sd.signerInfos.some((x) => x.signedAttributes === undefined)
      ? await joinRanges(pdf, sig)
      : undefined;
  let report: CadesVerification;
  try {
    report = await verifyCades(sd, {
      trustAnchors: options.trustAnchors,
      certificates: vd.certificates,
      crls: vd.crls,
      ocspResponses: vd.ocspResponses,
      time,
      crypto,
      ...(options.policy ? { policy: options.policy } : {}),
      ...(options.policyStore ? { policyStore: options.policyStore } : {}),
      ...(!sha1Family && rangesUsable ? { detachedContent: joined ?? signedRanges(pdf, sig) } : {}),
      // A later proving document time-stamp is a proof of existence for the CMS's own time-stamps too.
      ...(earliestProof(evidence.proving) ? { poe: earliestProof(evidence.proving)! } : {}),
    });
  } catch (e) {
    if (!(e instanceof MutuaError)) throw e;
    return cmsFailure(`the CMS cannot be verified: ${e.message}`);
  }
  const top = report.signatures.filter((s) => s.counterSignatureOf === undefined);
  const cades = top[0];
  let notEtsi = false;
  let contentOk = true;
  let rangesDigestClaimed: boolean | undefined;
  if (top.length !== 1) {
    notEtsi = true;
    checks.push({
      id: 'pades.cmsSigners',
      status: 'failed',
      message: `the CMS has ${top.length} SignerInfos: a PDF signature has exactly one, or which signer signed is ambiguous (P11)`,
      subIndication: SubIndication.FORMAT_FAILURE,
    });
    verdict = worse(verdict, formatFailure);
  }
  if (sha1Family) {
    // ISO 32000-1 §12.8.3.3.1: the CMS encapsulates the SHA-1 digest of the ranges.
    contentOk = bytesEqual(sd.content, await item.digest('SHA-1'));
    checks.push(
      contentOk
        ? {
            id: 'pades.sha1Digest',
            status: 'passed',
            message: 'the CMS encapsulates the SHA-1 digest of the byte ranges (adbe.pkcs7.sha1)',
          }
        : {
            id: 'pades.sha1Digest',
            status: 'failed',
            message:
              'the CMS does not encapsulate the SHA-1 digest of the byte ranges: it signs another document',
            subIndication: SubIndication.HASH_FAILURE,
          },
    );
    if (!contentOk)
      verdict = worse(verdict, {
        indication: Indication.TOTAL_FAILED,
        subIndication: SubIndication.HASH_FAILURE,
      });
  } else if (!report.detached) {
    notEtsi = true;
    const own = sd.content ? await crypto.digest('SHA-256', sd.content) : undefined;
    contentOk = bytesEqual(own, await item.digest('SHA-256'));
    // The CMS signs its own content, so its message-digest was checked against that: whether it is the
    // digest of the byte ranges is asked separately, and reported as the references' integrity.
    if (!contentOk && si) rangesDigestClaimed = await messageDigestMatches(si, item);
    checks.push(
      contentOk
        ? {
            id: 'pades.cmsDetached',
            status: 'warning',
            message:
              'the CMS encapsulates the signed bytes instead of being detached (not ETSI): they are exactly the byte ranges',
          }
        : {
            id: 'pades.cmsDetached',
            status: 'failed',
            message:
              'the CMS encapsulates content that is not the byte ranges: what it signs is not this document (P11)',
            subIndication: SubIndication.FORMAT_FAILURE,
          },
    );
    if (!contentOk) verdict = worse(verdict, formatFailure);
  }
  if (!cades)
    return finish({
      format: 'PDF-NOT-ETSI',
      verdict: worse(verdict, formatFailure),
      signatureIntact: false,
      referencesIntact: false,
      checks: [...checks, ...evidence.checks],
    });

  // Validation with time and long-term validation (EN 319 102-1 §5.5, §5.6): document time-stamps of later
  // revisions cover this signature, so their genTime is a proof of existence as good as a signature
  // time-stamp's; the earliest proving one is the best-signature-time when earlier than the CMS's own.
  const best = bestOf(cades.bestSignatureTime);
  let cadesVerdict: Verdict = {
    indication: cades.indication,
    ...(cades.subIndication ? { subIndication: cades.subIndication } : {}),
  };
  const content = sha1Family ? sd.content : joined;
  const cvd = si ? collectValidationData(si) : undefined;
  const signerOptions =
    si && cvd
      ? {
          signerInfo: si,
          contentType: sd.contentType,
          digest: async (hash: HashName) =>
            sha1Family && content ? crypto.digest(hash, content) : sha1Family ? undefined : item.digest(hash),
          ...(content ? { content } : {}),
          certificates: [
            ...sd.certificates,
            ...cvd.certificates,
            ...vd.certificates,
            ...options.trustAnchors.flatMap((a) => (a.certificate ? [a.certificate] : [])),
          ],
          trustAnchors: options.trustAnchors,
          crls: [...sd.crls, ...cvd.crls, ...vd.crls],
          ocspResponses: [...sd.ocspResponses, ...cvd.ocspResponses, ...vd.ocspResponses],
          ...(options.policy ? { policy: options.policy } : {}),
          crypto,
        }
      : undefined;

  // ISO 32000-1 §12.8.3.3 lets an adbe.pkcs7.* CMS go without signed attributes (it then signs the content
  // itself) and without a signing-certificate attribute (the SignerIdentifier names the certificate): that
  // makes it no AdES — its level says so — but neither a format failure nor a signer not found. Those two
  // checks are reported as warnings, the signer's path (which @mutua/cades does not validate after them)
  // is validated here, and the verdict is that of the other checks and the path.
  let cadesChecks = cades.checks;
  const pkcs7 = item.family === 'pkcs7' || item.family === 'pkcs7-sha1';
  const relaxed = new Set(
    cades.checks.filter(
      (c) =>
        pkcs7 &&
        ((c.id === 'cms.signedAttributes' && c.status === 'failed') ||
          (c.id === 'cms.signingCertificate' && c.status === 'indeterminate')),
    ),
  );
  const relaxedSubs = new Set([...relaxed].map((c) => c.subIndication));
  // Only the relaxed path below validates the signer's certificate here: parsed for it alone.
  const signerCert = cades.signer && relaxed.size > 0 ? parseCertificate(cades.signer.der) : undefined;
  const signerPathAt = async (at: Date, past: boolean) =>
    validateCertificate({
      target: signerCert!,
      intermediates: signerOptions?.certificates ?? [],
      trustAnchors: options.trustAnchors,
      crls: signerOptions?.crls ?? [],
      ocspResponses: signerOptions?.ocspResponses ?? [],
      time: at,
      ...(past ? { pastValidation: true } : {}),
      ...(options.policy ? { policy: options.policy } : {}),
      crypto,
    });
  let relaxedPath: CertificateValidationResult | undefined;
  let ownVerdict: Verdict | undefined;
  if (
    relaxed.size > 0 &&
    signerCert &&
    cades.signatureIntact &&
    cades.subIndication !== undefined &&
    relaxedSubs.has(cades.subIndication) &&
    !cades.checks.some(
      (c) => !relaxed.has(c) && c.subIndication !== undefined && relaxedSubs.has(c.subIndication),
    )
  ) {
    const own = cades.checks.map(
      (c): CheckResult =>
        relaxed.has(c)
          ? {
              id: c.id,
              status: 'warning',
              message: `${c.message}; ISO 32000-1 allows it for ${item.subFilter} (PAdES basic), so it is reported, not failed`,
            }
          : c,
    );
    ownVerdict = decideChecks(own, Object.values(SubIndication));
    relaxedPath = await signerPathAt(time, false);
    cadesChecks = [...own, ...relaxedPath.checks];
    cadesVerdict = worse(ownVerdict, {
      indication: relaxedPath.indication,
      ...(relaxedPath.subIndication ? { subIndication: relaxedPath.subIndication } : {}),
    });
  }

  // Validation with time and long-term validation (EN 319 102-1 §5.5, §5.6), beyond what the CMS's own
  // time-stamps gave it in @mutua/cades.
  const withTimeChecks: CheckResult[] = [];
  let pathTime: { time: Date; past: boolean } = { time, past: false };
  if (
    signerOptions &&
    best &&
    (relaxedPath !== undefined || !cades.bestSignatureTime || best < cades.bestSignatureTime) &&
    top.length === 1
  ) {
    const wt = await validateWithTime<BasicValidationOutcome>({
      basic: { ...cadesVerdict, signatureIntact: cades.signatureIntact },
      validationTime: time,
      bestSignatureTime: best,
      signerNotBefore: cades.signer?.notBefore,
      revalidate: relaxedPath
        ? async (at) => {
            const p = await signerPathAt(at, true);
            return {
              ...worse(ownVerdict ?? PASSED, {
                indication: p.indication,
                ...(p.subIndication ? { subIndication: p.subIndication } : {}),
              }),
              signatureIntact: cades.signatureIntact,
              checks: p.checks,
            };
          }
        : (at) => verifySignerInfo({ ...signerOptions, time: at, pastValidation: true }),
      checkPrefix: 'pades',
    });
    withTimeChecks.push(...wt.checks);
    if (wt.failure) cadesVerdict = wt.failure;
    else if (wt.result.indication !== cadesVerdict.indication) {
      cadesVerdict = {
        indication: wt.result.indication,
        ...(wt.result.subIndication ? { subIndication: wt.result.subIndication } : {}),
      };
      pathTime = { time: best, past: true };
    }
  }
  verdict = worse(verdict, cadesVerdict);

  // The paths the LT level needs data for: the signer's, and the TSAs' of the CMS's proving time-stamps.
  const cmsT = cades.timestamps.some((t) => t.type === 'signature' && timestampProves(t));
  let signerPath: readonly Certificate[] | undefined;
  const cmsTsaPaths: { path?: readonly Certificate[]; own: PdfValidationData }[] = [];
  if (signerOptions && si && (cmsT || evidence.proving.length > 0)) {
    signerPath = relaxedPath
      ? (pathTime.past ? await signerPathAt(pathTime.time, true) : relaxedPath).best?.path.certificates
      : (
          await verifySignerInfo({
            ...signerOptions,
            time: pathTime.time,
            ...(pathTime.past ? { pastValidation: true } : {}),
          })
        ).path?.best?.path.certificates;
    for (const attr of si.unsignedAttributes) {
      if (attr.type !== CMS_OID.signatureTimeStampToken) continue;
      for (const value of attr.values) {
        const v = await verifyTimestampToken({
          token: value,
          type: 'signature',
          covered: si.signature,
          certificates: signerOptions.certificates,
          trustAnchors: options.trustAnchors,
          crls: signerOptions.crls,
          ocspResponses: signerOptions.ocspResponses,
          ...(options.policy ? { policy: options.policy } : {}),
          crypto,
          validationTime: time,
        });
        if (timestampProves(timestampReportOf(v, 'signature-time-stamp')))
          cmsTsaPaths.push({ ...(v.tsaPath ? { path: v.tsaPath } : {}), own: tokenCarried(value) });
      }
    }
  }
  const level = levelOf({
    ctx,
    item,
    cades,
    notEtsi,
    signedAttributes: si?.signedAttributes !== undefined,
    provingDocTimestamps: evidence.proving,
    ...(signerPath ? { signerPath } : {}),
    cmsTsaPaths,
    hasReason: claims.reason !== undefined,
    cmsCarried: {
      certificates: [...sd.certificates, ...(cvd?.certificates ?? [])],
      crls: [...sd.crls, ...(cvd?.crls ?? []), ...(adbe?.crls ?? [])],
      ocspResponses: [...sd.ocspResponses, ...(cvd?.ocspResponses ?? []), ...(adbe?.ocspResponses ?? [])],
      problems: [],
    },
  });
  // The /VRI key is the SHA-1 of the CMS: computed only when a later /DSS has a /VRI to look it up in.
  const vriStores = ctx.stores.filter((s) => s.revision > item.revision && s.vri.size > 0);
  const vriKey =
    vriStores.length > 0
      ? Array.from(new Uint8Array(await crypto.digest('SHA-1', cms)), (b) => b.toString(16).padStart(2, '0'))
          .join('')
          .toUpperCase()
      : '';
  const vriAt = vriStores.find((s) => s.vri.has(vriKey));
  if (vriAt)
    checks.push({
      id: 'pades.vri',
      status: 'info',
      message: `the /DSS of revision ${vriAt.revision} has a /VRI entry for this signature (${vriKey})`,
    });
  const digestCheck = cades.checks.find((c) => c.id === 'cms.messageDigest');
  // The references are the bytes /ByteRange names: intact when they hash to what the CMS signed and what they
  // leave out is one signature value (a hex string) — even where that string is not this dictionary's
  // /Contents or the CMS is not detached: those are format failures, reported and failed by their own
  // checks (pades.byteRange, pades.cmsDetached), as EU DSS separates them. Ranges that leave out anything
  // else (a wrapping attack's hidden objects, P3) are not intact, whatever they hash to.
  const referencesIntact =
    leavesOutOnlyASignatureValue(pdf.bytes, sig) &&
    (rangesDigestClaimed ??
      (contentOk && (digestCheck ? digestCheck.status === 'passed' : cades.signatureIntact)));
  const signatureIntact = cades.signatureIntact && contentOk;
  return finish({
    format: level.format,
    ...(level.legacyFormat ? { legacyFormat: level.legacyFormat } : {}),
    verdict,
    signatureIntact,
    referencesIntact,
    ...(cades.signer ? { signer: cades.signer } : {}),
    ...(cades.signingTime ? { signingTime: cades.signingTime } : {}),
    ...(best ? { bestSignatureTime: best } : {}),
    cmsTimestamps: cades.timestamps,
    cades,
    checks: [...cadesChecks, ...checks, ...evidence.checks, ...withTimeChecks, ...level.checks],
  });
}

function reportDocTimestamp(ctx: Context, d: DocTimestamp): PadesSignatureReport {
  const { item } = d;
  const structure = structureChecks(item);
  const checks = [...structure.checks];
  let verdict = structure.verdict;
  const v = d.verification;
  if (v) {
    checks.push(...v.checks);
    verdict = worse(verdict, {
      indication: v.indication,
      ...(v.subIndication ? { subIndication: v.subIndication } : {}),
    });
  }
  const later = docTimestampEvidence(ctx, item);
  checks.push(...later.checks);
  checks.push(
    d.proves
      ? {
          id: 'pades.docTimestamp',
          status: 'passed',
          message: `the document time-stamp proves that revisions 0–${item.revision} existed at ${d.time?.toISOString()}`,
        }
      : {
          id: 'pades.docTimestamp',
          status: 'warning',
          message: `the document time-stamp proves nothing (${d.report.subIndication ?? d.report.indication}${!d.report.messageImprintMatches ? ': it does not cover its byte ranges (copied or altered, P12)' : ''})`,
        },
  );
  if (item.sig.dictionary.name('Type') === 'Sig')
    checks.push({
      id: 'pades.docTimestampType',
      status: 'warning',
      message:
        'the document time-stamp is written /Type /Sig instead of /DocTimeStamp (ISO 32000-2 §12.8.5): it proves existence, but does not count as the archive time-stamp of PAdES-BASELINE-LTA',
    });
  const mods = modificationsOf(ctx, item);
  checks.push(...mods.checks);
  verdict = worse(verdict, mods.verdict);
  const genTime = v?.time;
  return {
    id: item.id,
    kind: 'document-timestamp',
    ...(item.sig.fieldName !== undefined ? { fieldName: item.sig.fieldName } : {}),
    ...(item.filter !== undefined ? { filter: item.filter } : {}),
    ...(item.subFilter !== undefined ? { subFilter: item.subFilter } : {}),
    format: 'PDF-DOC-TIMESTAMP',
    indication: verdict.indication,
    ...(verdict.subIndication ? { subIndication: verdict.subIndication } : {}),
    signatureIntact: d.report.intact && d.report.messageImprintMatches,
    referencesIntact: leavesOutOnlyASignatureValue(ctx.pdf.bytes, item.sig) && d.report.messageImprintMatches,
    ...(v?.tsaCertificate ? { signer: summarizeSigner(v.tsaCertificate) } : {}),
    ...(genTime ? { signingTime: genTime } : {}),
    ...(d.proves && genTime ? { bestSignatureTime: genTime } : {}),
    timestamps: later.timestamps,
    coverage: coverageOf(item.coverage),
    ...(mods.modifications ? { modifications: mods.modifications } : {}),
    claims: mods.claims,
    checks,
  };
}

/**
 * Verifies every signature and document time-stamp of a PDF as EN 319 102-1 says (basic validation,
 * validation with time, long-term validation), in the report vocabulary of `verifyCades`:
 *
 * - the `/ByteRange` and `/Contents` of each (P1, P3), and which revision it signs, of how many;
 * - the CMS through `verifyCades`, the byte ranges given as a stream of views of the file (never
 *   copied): `ETSI.CAdES.detached`, `PBAD.PAdES`, `adbe.pkcs7.detached` (detached, one SignerInfo, P11),
 *   `adbe.pkcs7.sha1` (the CMS encapsulates the SHA-1 of the ranges), `adbe.x509.rsa_sha1` (a PKCS#1
 *   signature checked here, never PASSED: SHA-1); document time-stamps through `verifyTimestampToken`;
 * - modification analysis (`analyzeModifications`): a change the signature does not permit makes it
 *   TOTAL_FAILED/FORMAT_FAILURE; an analysis that could not finish, INDETERMINATE;
 * - long-term validation: the `/DSS` of later revisions (and Adobe's revocation archival attribute) gives
 *   validation data; document time-stamps of later revisions, judged latest first (each proving one a
 *   proof of existence for the earlier ones), give the best-signature-time, and past signature
 *   validation runs at it;
 * - levels B, T, LT, LTA (EN 319 142-1) reached only through time-stamps that prove something.
 *
 * Throws a `PdfError` only for a PDF that cannot be read; a bad signature never throws.
 *
 * @example
 * ```ts
 * import { nodeCryptoEngine } from '@mutua/core/node';
 * import { createPdf, verifyPades } from '@mutua/pades';
 * const sig = '<< /Type /Sig /SubFilter /ETSI.CAdES.detached /ByteRange [0 1 2 3] /Contents <3000> >>';
 * const catalog = '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>';
 * const bytes = await createPdf({ objects: { 1: catalog, 4: '<< /FT /Sig /T (S) /V 5 0 R >>', 5: sig } });
 * const report = await verifyPades(bytes, { trustAnchors: [], crypto: nodeCryptoEngine });
 * report.signatures.map((s) => [s.id, s.kind, s.indication, s.subIndication]); // [['S0', 'signature', 'TOTAL_FAILED', 'FORMAT_FAILURE']]
 * report.revisions.length; // 1
 * ```
 */
export async function verifyPades(
  input: Uint8Array | PdfDocument,
  options: VerifyPadesOptions,
): Promise<PadesVerification> {
  const crypto = options.crypto ?? createWebCryptoEngine();
  const time = options.time ?? new Date();
  const pdf = input instanceof PdfDocument ? input : await readPdf(input, options.read);
  const all = findSignatures(pdf);
  const stores = await readDocumentSecurityStores(pdf);
  const problems: PdfProblem[] = [];
  for (const s of stores)
    for (const p of s.problems)
      problems.push({ code: 'DSS_UNREADABLE', message: `revision ${s.revision}: ${p}` });
  const given: PdfValidationData = {
    certificates: options.certificates ?? [],
    crls: (options.crls ?? []).map((c) => (c instanceof Uint8Array ? parseCrl(c) : c)),
    ocspResponses: (options.ocspResponses ?? []).map((o) =>
      o instanceof Uint8Array ? parseOcspResponse(o) : o,
    ),
    problems: [],
  };
  const removed = all.filter((s) => !s.inFinalRevision);
  for (const s of removed)
    problems.push({
      code: 'SIGNATURE_NOT_IN_FINAL_REVISION',
      message: `the signature of ${s.fieldName ?? 'a field'} (revision ${s.revision}) is no longer in the document a viewer shows`,
    });
  const shown = all
    .filter((s) => s.inFinalRevision)
    .map((sig) => ({ sig, coverage: signatureCoverage(pdf, sig) }))
    .sort(
      (a, b) =>
        (a.coverage.revision < 0 ? Number.MAX_SAFE_INTEGER : a.coverage.revision) -
          (b.coverage.revision < 0 ? Number.MAX_SAFE_INTEGER : b.coverage.revision) ||
        (a.sig.kind === 'usage-rights' ? 1 : 0) - (b.sig.kind === 'usage-rights' ? 1 : 0),
    );
  const items: Item[] = shown.map(({ sig, coverage }, i) => {
    const rev = Math.max(sig.revision, 0);
    const subFilter = trimmedName(pdf, sig.dictionary, 'SubFilter', rev);
    const filter = trimmedName(pdf, sig.dictionary, 'Filter', rev);
    // ICP-Brasil producers write PBAD.PAdES in /Filter or /SubFilter.
    const family = FAMILY[subFilter ?? ''] ?? (filter === 'PBAD.PAdES' ? 'cades' : 'unknown');
    const kind: Kind =
      sig.kind === 'usage-rights'
        ? 'usage-rights'
        : sig.kind === 'doc-timestamp' || family === 'rfc3161'
          ? 'document-timestamp'
          : 'signature';
    const cache = new Map<HashName, Promise<Uint8Array | undefined>>();
    const digest = (hash: HashName) => {
      let d = cache.get(hash);
      if (!d) {
        d = (async () => {
          if (!sig.byteRange.ranges) return undefined;
          try {
            return (await digestStream(crypto, [hash], signedRanges(pdf, sig)))[hash];
          } catch (e) {
            if (e instanceof PdfError) return undefined;
            throw e;
          }
        })();
        cache.set(hash, d);
      }
      return d;
    };
    return {
      sig,
      id: `S${i}`,
      kind,
      ...(filter !== undefined ? { filter } : {}),
      ...(subFilter !== undefined ? { subFilter } : {}),
      family,
      coverage,
      revision: sig.revision >= 0 ? sig.revision : coverage.revision,
      digest,
    };
  });
  const ctx: Context = { pdf, options, crypto, time, all, stores, given, docTimestamps: [] };
  await verifyDocTimestamps(
    ctx,
    items.filter((i) => i.kind === 'document-timestamp'),
  );
  const signatures: PadesSignatureReport[] = [];
  for (const item of items) {
    if (item.kind === 'document-timestamp') {
      const d = ctx.docTimestamps.find((x) => x.item === item)!;
      signatures.push(reportDocTimestamp(ctx, d));
    } else signatures.push(await verifySignature(ctx, item));
  }
  const revisions = pdf.revisions.map((r) => {
    const closing = items.find((i) => i.coverage.revision === r.index && i.kind !== 'usage-rights');
    return {
      index: r.index,
      start: r.start,
      end: r.end,
      size: r.end - r.start,
      ...(closing ? { closedBy: closing.id } : {}),
      dss: stores[r.index]?.changed ?? false,
    };
  });
  return { signatures, revisions, problems: [...pdf.problems, ...problems], validationTime: time };
}

/** Whether the signer's message-digest attribute is the digest of the byte ranges (exactly one value). */
async function messageDigestMatches(si: SignerInfo, item: Item): Promise<boolean> {
  const hash = HASH_BY_OID[si.digestAlgorithm.oid];
  const md = (si.signedAttributes ?? []).filter((a) => a.type === CMS_OID.messageDigest);
  const value = md.length === 1 && md[0]!.values.length === 1 ? md[0]!.values[0]! : undefined;
  if (!hash || !value || value.buf[value.start] !== 0x04 || value.constructed) return false;
  return bytesEqual(value.buf.subarray(value.valueStart, value.valueEnd), await item.digest(hash));
}

/**
 * Whether the gap between the two byte ranges is exactly one PDF hex string (`<`, hex digits and white
 * space, `>`): then the ranges leave out a signature value and nothing else. A sound /ByteRange always
 * does (its gap is this dictionary's /Contents); an unsound one may still (another signature's /Contents).
 */
function leavesOutOnlyASignatureValue(bytes: Uint8Array, sig: PdfSignature): boolean {
  if (sig.byteRange.valid) return true;
  const r = sig.byteRange.ranges;
  if (!r) return false;
  const from = r[0] + r[1];
  const to = r[2];
  if (r[0] !== 0 || to - from < 2 || to > bytes.length || bytes[from] !== 0x3c || bytes[to - 1] !== 0x3e)
    return false;
  for (let i = from + 1; i < to - 1; i++) {
    const b = bytes[i]!;
    const hex = (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x66);
    if (!hex && b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09 && b !== 0x0c && b !== 0x00)
      return false;
  }
  return true;
}
