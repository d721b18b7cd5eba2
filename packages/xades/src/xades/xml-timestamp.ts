import {
  TSA_NEEDS_EXTERNAL_POE,
  TSA_PASSAGE_OF_TIME,
  type TimestampType,
  type TimestampVerification,
} from '@mutua/cades';
import {
  type Certificate,
  type CertificateList,
  type CertificateValidationResult,
  type CheckResult,
  type CryptoEngine,
  Indication,
  OID,
  type OcspResponse,
  STRICT_POLICY,
  SubIndication,
  type TrustAnchor,
  type ValidationPolicy,
  checkCryptoConstraints,
  validateCertificate,
} from '@mutua/core';
import { SIGNATURE_METHODS } from '../dsig/methods';
import { verifySignatureValue } from '../dsig/signature-value';
import { DSIG_NS } from '../dsig/types';
import { verifyXmlSignature } from '../dsig/verify';
import { OASIS_DSS_NS, XML_TIMESTAMP_TOKEN_TYPE } from '../sign/xml-timestamp';
import type { XmlDocument, XmlElement } from '../xml/tree';
import { textOf } from './properties';

/** Options of {@link verifyXmlTimestamp}. */
export interface VerifyXmlTimestampOptions {
  readonly type: TimestampType;
  /** Exactly the bytes the time-stamp must cover; undefined when they cannot be computed. */
  readonly covered: Uint8Array | undefined;
  /** Why `covered` is undefined. */
  readonly unavailableReason?: string;
  /** More certificates for the TSA's path (the signature's CertificateValues, …). */
  readonly certificates?: readonly Certificate[];
  readonly trustAnchors: readonly TrustAnchor[];
  readonly crls?: readonly CertificateList[];
  readonly ocspResponses?: readonly OcspResponse[];
  readonly policy?: ValidationPolicy;
  readonly crypto: CryptoEngine;
  /** When the TSA is judged (default now). */
  readonly validationTime?: Date;
  /** A proof of existence from a later archive time-stamp (see `verifyTimestampToken`). */
  readonly poe?: Date;
}

const format = (message: string): CheckResult => ({
  id: 'timestamp.format',
  status: 'failed',
  message,
  subIndication: SubIndication.FORMAT_FAILURE,
});

function dssChild(e: XmlElement | undefined, localName: string): XmlElement | undefined {
  return e?.elements(localName, OASIS_DSS_NS)[0];
}

/**
 * The time an XML time-stamp asserts (`dss:TstInfo/dss:CreationTime`), when it can be read: orders it
 * among a signature's time-stamps before it is verified.
 *
 * @example
 * ```ts
 * import { parseXml, xmlTimestampTime } from '@mutua/xades';
 * const ns = 'urn:oasis:names:tc:dss:1.0:core:schema';
 * const x = parseXml(`<X><dss:Timestamp xmlns:dss="${ns}"><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:Object><dss:TstInfo><dss:CreationTime>2025-06-01T12:00:00Z</dss:CreationTime></dss:TstInfo></ds:Object></ds:Signature></dss:Timestamp></X>`).root;
 * xmlTimestampTime(x)?.toISOString(); // '2025-06-01T12:00:00.000Z'
 * ```
 */
export function xmlTimestampTime(xmlTimeStamp: XmlElement): Date | undefined {
  const tst = tstInfoOf(xmlTimeStamp);
  const text = textOf(dssChild(tst?.tstInfo, 'CreationTime')).trim();
  if (!text) return undefined;
  const t = new Date(text);
  return Number.isNaN(t.getTime()) ? undefined : t;
}

function tstInfoOf(
  xmlTimeStamp: XmlElement,
): { signature: XmlElement; object: XmlElement; tstInfo: XmlElement } | undefined {
  const signature = dssChild(xmlTimeStamp, 'Timestamp')?.elements('Signature', DSIG_NS)[0];
  if (!signature) return undefined;
  for (const object of signature.elements('Object', DSIG_NS)) {
    const tstInfo = dssChild(object, 'TstInfo');
    if (tstInfo) return { signature, object, tstInfo };
  }
  return undefined;
}

/**
 * Verifies an XML time-stamp (OASIS DSS 1.0 core §5.1, what a XAdES `XMLTimeStamp` holds) the way an
 * RFC 3161 token is verified, and returns the same `TimestampVerification`: the `ds:Signature` is
 * XML-DSig valid; it signs the `dss:TstInfo` (a Reference of Type `…:XMLTimeStampToken` resolving to
 * it); its References without URI cover exactly `covered` (the message imprint); the TSA certificate —
 * a KeyInfo certificate or one given, never trusted by itself — verifies the SignatureValue, has the
 * id-kp-timeStamping extended key usage, and validates at the validation time (or, when only time has
 * passed, at the creation time; after a revocation, at a later archive time-stamp's proof of existence).
 * Never throws for a bad time-stamp.
 *
 * @example
 * ```ts
 * import { createXmlTimestamp, parseXml, verifyXmlTimestamp } from '@mutua/xades';
 * import { nodeCryptoEngine } from '@mutua/core/node';
 * import { createTsa } from '@mutua/testkit';
 * const tsa = await createTsa(pki);
 * const covered = new TextEncoder().encode('c14n(SignatureValue)');
 * const stamp = await createXmlTimestamp({ covered, key: tsa.key.privateKey, certificates: [tsa.der, ca.der] });
 * const doc = parseXml(`<xades:XMLTimeStamp xmlns:xades="http://uri.etsi.org/01903/v1.3.2#">${stamp}</xades:XMLTimeStamp>`);
 * const v = await verifyXmlTimestamp(doc, doc.root, { type: 'signature', covered, trustAnchors, crls, crypto: nodeCryptoEngine });
 * [v.intact, v.messageImprintMatches, v.indication]; // [true, true, 'TOTAL_PASSED']
 * const other = await verifyXmlTimestamp(doc, doc.root, { type: 'signature', covered: new Uint8Array([1]), trustAnchors, crls, crypto: nodeCryptoEngine });
 * [other.messageImprintMatches, other.subIndication]; // [false, 'HASH_FAILURE']
 * ```
 */
export async function verifyXmlTimestamp(
  doc: XmlDocument,
  xmlTimeStamp: XmlElement,
  options: VerifyXmlTimestampOptions,
): Promise<TimestampVerification> {
  const { type, crypto } = options;
  const fail = (check: CheckResult, time?: Date): TimestampVerification => ({
    type,
    ...(time ? { time } : {}),
    intact: false,
    messageImprintMatches: false,
    indication: Indication.TOTAL_FAILED,
    subIndication: check.subIndication ?? SubIndication.FORMAT_FAILURE,
    checks: [check],
  });
  // 1. The structure: dss:Timestamp / ds:Signature / ds:Object / dss:TstInfo with a CreationTime.
  const parts = tstInfoOf(xmlTimeStamp);
  if (!parts) return fail(format('no dss:Timestamp with a ds:Signature holding a dss:TstInfo'));
  const time = xmlTimestampTime(xmlTimeStamp);
  if (!time) return fail(format('the dss:TstInfo has no valid dss:CreationTime'));
  const checks: CheckResult[] = [];

  // 2. XML-DSig core validation; References without URI are the time-stamped data.
  const covered = options.covered;
  const v = await verifyXmlSignature(doc, parts.signature, {
    crypto,
    detached: (uri) => (uri === '' ? covered : undefined),
  });
  if (!v.structureValid) {
    const why = v.checks.find((c) => c.status === 'failed');
    return fail(format(`the time-stamp's ds:Signature is malformed: ${why?.message ?? 'structure'}`), time);
  }
  // 3. It signs its TstInfo: exactly one XMLTimeStampToken reference, resolving to the TstInfo's Object.
  const tokenRefs = v.references.filter((r) => r.type === XML_TIMESTAMP_TOKEN_TYPE);
  const tokenRef = tokenRefs[0];
  if (
    tokenRefs.length !== 1 ||
    !tokenRef ||
    (tokenRef.element !== parts.object && tokenRef.element !== parts.tstInfo)
  )
    return fail(
      format(
        `the time-stamp's signature must sign its dss:TstInfo through exactly one Reference of Type ${XML_TIMESTAMP_TOKEN_TYPE} (found ${tokenRefs.length}, ${tokenRef ? 'resolving elsewhere' : 'none'})`,
      ),
      time,
    );
  const dataRefs = v.references.filter((r) => r !== tokenRef);
  const otherRefs = dataRefs.filter((r) => r.uri !== undefined);
  const imprintRefs = dataRefs.filter((r) => r.uri === undefined);
  let messageImprintMatches = false;
  if (imprintRefs.length !== 1 || otherRefs.length > 0)
    checks.push(
      format(
        `an XML time-stamp over XAdES data has exactly one Reference without URI (the time-stamped data) besides its TstInfo; this one has ${imprintRefs.length}, and ${otherRefs.length} other`,
      ),
    );
  else if (covered === undefined)
    checks.push({
      id: 'timestamp.messageImprint',
      status: 'indeterminate',
      message: `the ${type} time-stamped data is not available${options.unavailableReason ? `: ${options.unavailableReason}` : ''}`,
      subIndication: SubIndication.SIGNED_DATA_NOT_FOUND,
    });
  else {
    messageImprintMatches = imprintRefs[0]!.intact;
    checks.push(
      messageImprintMatches
        ? {
            id: 'timestamp.messageImprint',
            status: 'passed',
            message: `${imprintRefs[0]!.digestAlgorithm} of the ${type} time-stamped data matches`,
          }
        : {
            id: 'timestamp.messageImprint',
            status: 'failed',
            message: `the digest of the Reference without URI is not that of the ${type} time-stamped data: the time-stamp covers something else`,
            subIndication: SubIndication.HASH_FAILURE,
          },
    );
  }
  const tstIntact = tokenRef.intact;
  checks.push(
    tstIntact
      ? { id: 'timestamp.tstInfo', status: 'passed', message: 'the dss:TstInfo is signed and intact' }
      : {
          id: 'timestamp.tstInfo',
          status: 'failed',
          message: 'the dss:TstInfo was changed after the TSA signed it',
          subIndication: SubIndication.HASH_FAILURE,
        },
  );

  // 4. The TSA: the certificate whose key verifies the SignatureValue, with id-kp-timeStamping.
  let tsa: Certificate | undefined;
  let valueCheck: CheckResult | undefined;
  for (const c of [...v.keyInfoCertificates, ...(options.certificates ?? [])]) {
    const r = await verifySignatureValue(v, c.publicKey, crypto);
    if (r.intact) {
      tsa = c;
      valueCheck = { ...r.check, id: 'timestamp.signature' };
      break;
    }
  }
  if (!tsa)
    checks.push({
      id: 'timestamp.signature',
      status: 'failed',
      message: 'no certificate at hand verifies the time-stamp’s SignatureValue',
      subIndication: SubIndication.SIG_CRYPTO_FAILURE,
    });
  else if (valueCheck) checks.push(valueCheck);
  const intact = tstIntact && tsa !== undefined;

  let path: CertificateValidationResult | undefined;
  let ownEnd = checks.length;
  if (tsa) {
    const eku = tsa.ext.extKeyUsage ?? [];
    checks.push(
      eku.includes(OID.kpTimeStamping)
        ? {
            id: 'timestamp.extendedKeyUsage',
            status: 'passed',
            message: 'the TSA certificate is for time-stamping',
          }
        : {
            id: 'timestamp.extendedKeyUsage',
            status: 'failed',
            message: `the TSA certificate lacks the extended key usage ${OID.kpTimeStamping}`,
            subIndication: SubIndication.SIG_CONSTRAINTS_FAILURE,
          },
    );
    // 5. The TSA's path at the validation time; when only time passed, at the creation time; after a
    //    revocation or a weakened algorithm, only at a later archive time-stamp's proof of existence.
    const now = options.validationTime ?? new Date();
    const policy = options.policy ?? STRICT_POLICY;
    const scheme = v.signatureMethod ? SIGNATURE_METHODS[v.signatureMethod] : undefined;
    const judgeAt = async (at: Date, pastValidation: boolean) => {
      const r = await validateCertificate({
        target: tsa!,
        intermediates: [...v.keyInfoCertificates, ...(options.certificates ?? [])].filter((c) => c !== tsa),
        trustAnchors: options.trustAnchors,
        crls: options.crls ?? [],
        ocspResponses: options.ocspResponses ?? [],
        time: at,
        ...(pastValidation ? { pastValidation: true } : {}),
        policy,
        crypto,
      });
      const weak = scheme ? checkCryptoConstraints(policy, scheme, tsa!.publicKey, at) : undefined;
      if (weak && r.indication === Indication.TOTAL_PASSED)
        return {
          ...r,
          indication: Indication.INDETERMINATE,
          subIndication: SubIndication.CRYPTO_CONSTRAINTS_FAILURE_NO_POE,
          checks: [
            ...r.checks,
            {
              id: 'timestamp.cryptoConstraints',
              status: 'indeterminate' as const,
              message: `${weak} (at ${at.toISOString()})`,
              subIndication: SubIndication.CRYPTO_CONSTRAINTS_FAILURE_NO_POE,
            },
          ],
        };
      return r;
    };
    path = await judgeAt(now, false);
    ownEnd = checks.length;
    checks.push(...path.checks);
    const sub = path.subIndication;
    if (path.indication === Indication.INDETERMINATE && sub) {
      const at =
        TSA_PASSAGE_OF_TIME.has(sub) && time < now
          ? { time, what: 'its creation time' }
          : TSA_NEEDS_EXTERNAL_POE.has(sub) && options.poe && options.poe < now
            ? { time: options.poe, what: 'the proof of existence a later archive time-stamp gives it' }
            : undefined;
      if (at) {
        const past = await judgeAt(at.time, true);
        const ok = past.indication === Indication.TOTAL_PASSED;
        checks.push({
          id: 'timestamp.pastValidation',
          status: ok ? 'passed' : 'indeterminate',
          message: `the TSA certificate does not validate at ${now.toISOString()} (${sub}), ${ok ? 'but does' : 'nor'} at ${at.what}, ${at.time.toISOString()}`,
          ...(ok ? {} : { subIndication: sub }),
        });
        if (ok) path = past;
      } else if (TSA_NEEDS_EXTERNAL_POE.has(sub))
        checks.push({
          id: 'timestamp.pastValidation',
          status: 'indeterminate',
          message: `the TSA certificate does not validate at ${now.toISOString()} (${sub}) and no later time-stamp proves the time-stamp existed before that happened`,
          subIndication: sub,
        });
    }
  }

  // The verdict: a broken structure or signature fails; a wrong imprint fails; then the TSA decides.
  // (The time-stamp's own checks come first; the path's verdict is the last one reached, at the
  // validation time or at the earlier time it was judged at.)
  const own = checks.slice(0, ownEnd);
  const ownFailed = own.find((c) => c.status === 'failed');
  const ownOpen = own.find((c) => c.status === 'indeterminate');
  const verdict: { indication: Indication; subIndication?: SubIndication } = ownFailed
    ? {
        indication: Indication.TOTAL_FAILED,
        subIndication: ownFailed.subIndication ?? SubIndication.FORMAT_FAILURE,
      }
    : path && path.indication !== Indication.TOTAL_PASSED
      ? { indication: path.indication, ...(path.subIndication ? { subIndication: path.subIndication } : {}) }
      : ownOpen
        ? {
            indication: Indication.INDETERMINATE,
            ...(ownOpen.subIndication ? { subIndication: ownOpen.subIndication } : {}),
          }
        : { indication: Indication.TOTAL_PASSED };
  return {
    type,
    time,
    intact,
    messageImprintMatches,
    ...verdict,
    checks,
    ...(tsa ? { tsaCertificate: tsa } : {}),
    ...(path?.best && path.indication === Indication.TOTAL_PASSED
      ? { tsaPath: path.best.path.certificates, tsaTrustAnchor: path.best.path.anchor }
      : {}),
  };
}
