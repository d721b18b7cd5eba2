import { type CheckResult, Indication, MutuaError, type Tlv } from '@mutua/core';
import {
  type TimestampType,
  type TimestampVerification,
  type VerifyTimestampOptions,
  parseTimeStampToken,
  verifyTimestampToken,
} from './timestamp';
import type { TimestampReport } from './verify';

/**
 * One time-stamp of a signature to judge, whatever the signature format carries it in: an RFC 3161
 * token (`token`), or a time-stamp of another kind (an XML time-stamp) that the format verifies itself
 * (`verify`, given the proof of existence later archive time-stamps give it, and `genTime` to order it).
 */
export type TimestampToJudge = TimestampToJudgeCommon &
  (
    | {
        /** The RFC 3161 token (its bytes, or its located TLV). */
        readonly token: Uint8Array | Tlv;
        readonly verify?: undefined;
      }
    | {
        readonly token?: undefined;
        /** Verifies the time-stamp; `poe` as in `VerifyTimestampOptions`. */
        readonly verify: (poe?: Date) => Promise<TimestampVerification>;
        /** Its time, when it could be read (orders it among the others). */
        readonly genTime?: Date;
      }
  );

/** What every {@link TimestampToJudge} has. */
export interface TimestampToJudgeCommon {
  readonly type: TimestampType;
  /** Where it sits, for the report (an attribute OID for CAdES, `xades:SignatureTimeStamp`, …). */
  readonly attribute: string;
  /** Exactly what it must cover, or a digest function (see `verifyTimestampToken`). */
  readonly covered: VerifyTimestampOptions['covered'];
  /** Why the covered data cannot be computed, when `covered` gives undefined. */
  readonly unavailableReason?: () => string | undefined;
  /** Checks to report with it once verified (how an archive imprint was computed, …). */
  readonly notes?: () => Promise<CheckResult[]>;
}

/** A judged time-stamp: its report and the full verification (TSA path included). */
export interface JudgedTimestamp {
  readonly report: TimestampReport;
  readonly verification: TimestampVerification;
}

/**
 * A time-stamp proves something only when it is intact, covers exactly what it must AND its TSA validates
 * (TOTAL_PASSED): a self-made "TSA" must neither lift a signature's level nor supply a time.
 *
 * @example
 * ```ts
 * import { timestampProves } from '@mutua/cades';
 * timestampProves({ type: 'signature', attribute: 'x', intact: true, messageImprintMatches: true, indication: 'TOTAL_PASSED', checks: [] }); // true
 * timestampProves({ type: 'signature', attribute: 'x', intact: true, messageImprintMatches: false, indication: 'TOTAL_PASSED', checks: [] }); // false
 * ```
 */
export function timestampProves(t: TimestampReport): boolean {
  return t.intact && t.messageImprintMatches && t.indication === Indication.TOTAL_PASSED;
}

/** A token's genTime in ms, or undefined when it does not parse (its own checks say why). */
function genTimeOf(token: Uint8Array | Tlv): number | undefined {
  try {
    return parseTimeStampToken(token).tstInfo.genTime.getTime();
  } catch (e) {
    if (e instanceof MutuaError) return undefined;
    throw e;
  }
}

/**
 * Judges every time-stamp of one signature as EN 319 102-1 §5.6 does, for any format: the latest first,
 * so that a proving archive time-stamp gives the earlier ones a proof of existence (`poe`), which lets a
 * token whose TSA was revoked, or whose algorithms weakened, after that time still prove what it covers.
 * A token whose imprint could not be computed is never reported intact. Reports come back in the order
 * given.
 *
 * @example
 * ```ts
 * import { judgeTimestamps, parseSignedData } from '@mutua/cades';
 * import { nodeCryptoEngine } from '@mutua/core/node';
 * import { createTsa, signCms, timestampToken } from '@mutua/testkit';
 * const si = parseSignedData(await signCms({ content: new Uint8Array([1]), signer: leaf })).signerInfos[0]!;
 * const token = await timestampToken({ tsa: await createTsa(pki), imprint: si.signature, chain: [ca] });
 * const [judged] = await judgeTimestamps(
 *   [{ token, type: 'signature', attribute: 'signature-time-stamp', covered: si.signature }],
 *   { trustAnchors, crls, crypto: nodeCryptoEngine },
 * );
 * judged?.report.intact; // true
 * ```
 */
export async function judgeTimestamps(
  tokens: readonly TimestampToJudge[],
  common: Omit<VerifyTimestampOptions, 'token' | 'type' | 'covered' | 'unavailableReason' | 'poe'>,
  /** `externalPoe`: a proof of existence from outside the signature (a later PDF document time-stamp). */
  more: { readonly externalPoe?: Date } = {},
): Promise<JudgedTimestamp[]> {
  const genTimes = tokens.map((t) => (t.verify ? t.genTime?.getTime() : genTimeOf(t.token)));
  const order = tokens.map((_, i) => i).sort((a, b) => (genTimes[b] ?? -1) - (genTimes[a] ?? -1));
  const out: JudgedTimestamp[] = [];
  const archivePoes: number[] = more.externalPoe ? [more.externalPoe.getTime()] : [];
  for (const i of order) {
    const t = tokens[i]!;
    const genTime = genTimes[i];
    const later = archivePoes.filter((p) => genTime !== undefined && p > genTime);
    const poe = later.length ? new Date(Math.min(...later)) : undefined;
    const verification = t.verify
      ? await t.verify(poe)
      : await verifyTimestampToken({
          ...common,
          token: t.token,
          type: t.type,
          covered: t.covered,
          ...(t.unavailableReason ? { unavailableReason: t.unavailableReason } : {}),
          ...(poe ? { poe } : {}),
        });
    const computed = verification.checks.some(
      (c) => c.id === 'timestamp.messageImprint' && (c.status === 'passed' || c.status === 'failed'),
    );
    const report: TimestampReport = {
      type: verification.type,
      attribute: t.attribute,
      ...(verification.time ? { time: verification.time } : {}),
      intact: verification.intact && computed,
      messageImprintMatches: verification.messageImprintMatches,
      indication: verification.indication,
      ...(verification.subIndication ? { subIndication: verification.subIndication } : {}),
      checks: t.notes ? [...verification.checks, ...(await t.notes())] : verification.checks,
    };
    out[i] = { report, verification };
    if (t.type === 'archive' && verification.time && timestampProves(report))
      archivePoes.push(verification.time.getTime());
  }
  return out;
}
