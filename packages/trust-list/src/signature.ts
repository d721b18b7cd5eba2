import {
  type Certificate,
  type CryptoEngine,
  Indication,
  SubIndication,
  createWebCryptoEngine,
  parseCertificate,
} from '@mutua/core';
import {
  type XmlSignatureVerification,
  findQualifyingProperties,
  findSignatures,
  identifySigningCertificate,
  readQualifyingProperties,
  verifySignatureValue,
  verifyXmlSignature,
} from '@mutua/xades';
import { TrustedListCertificate } from './certificates';
import type { TrustedList } from './model';

const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

/**
 * Options of {@link verifyTrustedListSignature}.
 *
 * @example
 * ```ts
 * import type { VerifyTrustedListSignatureOptions } from '@mutua/trust-list';
 * import { nodeCryptoEngine } from '@mutua/core/node';
 * const options: VerifyTrustedListSignatureOptions = { announcedCertificates: [leafDer], crypto: nodeCryptoEngine };
 * options.announcedCertificates.length; // 1
 * ```
 */
export interface VerifyTrustedListSignatureOptions {
  /**
   * The certificates announced for this list: the pointing LOTL's ServiceDigitalIdentities for a
   * national list; for a LOTL, those of the Official Journal or of the last validated pivot.
   */
  readonly announcedCertificates: readonly (Uint8Array | Certificate | TrustedListCertificate)[];
  /** The crypto engine (default WebCrypto). */
  readonly crypto?: CryptoEngine;
  /** When to evaluate `signerValidity` (default now). The verdict does not depend on it. */
  readonly time?: Date;
}

/**
 * The signature verdict of a trusted list.
 *
 * @example
 * ```ts
 * import type { TrustedListSignatureVerification } from '@mutua/trust-list';
 * const v: TrustedListSignatureVerification = { indication: 'INDETERMINATE', subIndication: 'NO_CERTIFICATE_CHAIN_FOUND', reasons: ['not announced'] };
 * v.indication; // 'INDETERMINATE'
 * ```
 */
export interface TrustedListSignatureVerification {
  /** TOTAL_PASSED only when the one enveloped signature covers the whole list, is intact and its signer is announced. */
  readonly indication: Indication;
  /** Why it is not TOTAL_PASSED (EN 319 102-1 vocabulary: FORMAT_FAILURE, HASH_FAILURE, SIG_CRYPTO_FAILURE, NO_SIGNING_CERTIFICATE_FOUND, NO_CERTIFICATE_CHAIN_FOUND…). */
  readonly subIndication?: SubIndication;
  /** The certificate whose key verified the signature value (or that the signature names), when found. */
  readonly signer?: Certificate;
  /** Whether the signer is among the announced certificates (matched by DER). */
  readonly signerAnnounced?: boolean;
  /** The signer certificate's validity at `time`, kept apart from the verdict (see the function's notes). */
  readonly signerValidity?: {
    readonly time: Date;
    readonly valid: boolean;
    readonly notBefore: Date;
    readonly notAfter: Date;
  };
  /** Every reason, in the order the checks ran (the first explains the verdict). */
  readonly reasons: readonly string[];
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

function asCertificate(c: Uint8Array | Certificate | TrustedListCertificate): Certificate | undefined {
  try {
    if (c instanceof Uint8Array) return parseCertificate(c);
    if (c instanceof TrustedListCertificate) return c.certificate;
    return c;
  } catch {
    return undefined; // an announced value that is not a certificate cannot sign anything
  }
}

/** The one reference that signs the whole list: URI "" or "#<root Id>", with the enveloped transform. */
function wholeListReference(list: TrustedList, v: XmlSignatureVerification) {
  return v.references.find(
    (r) =>
      r.target?.kind === 'nodes' &&
      (r.target.apex === list.document || r.target.apex === list.document.root) &&
      (r.uri === '' || (list.id !== undefined && r.uri === `#${list.id}`)) &&
      r.transforms.includes(ENVELOPED),
  );
}

/**
 * Verifies the signature of a trusted list: exactly one enveloped XML signature (@mutua/xades), a
 * Reference that covers the whole list (URI "" or the root's `#Id`, with the enveloped-signature
 * transform), every reference intact, the signature value verified with the signer's key, and the
 * signer — named by the XAdES SigningCertificate(V2), else the KeyInfo or announced certificate whose
 * key verifies the value — among the `announcedCertificates` (by DER). Unsigned or twice-signed lists
 * are TOTAL_FAILED/FORMAT_FAILURE, altered ones TOTAL_FAILED/HASH_FAILURE, an unannounced signer
 * INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND.
 *
 * The verdict is about integrity and the announced signer, not about the signer certificate's validity
 * today: the announcement (by the LOTL, the Official Journal or a pivot) is what makes the certificate
 * trusted for this list, and lists kept for old signatures were signed by certificates long expired
 * (EU DSS reports TOTAL_PASSED for them too). The validity at `time` is given apart, in `signerValidity`,
 * for a policy that wants it.
 *
 * @example
 * ```ts
 * import { buildTrustedList, parseTrustedList, verifyTrustedListSignature } from '@mutua/trust-list';
 * import { signXades } from '@mutua/xades';
 * import { nodeCryptoEngine } from '@mutua/core/node';
 * const signed = await signXades({
 *   content: { kind: 'enveloped', document: buildTrustedList({ territory: 'BR' }) },
 *   key: leaf.key.privateKey,
 *   certificate: leaf.der,
 * });
 * const list = parseTrustedList(signed.bytes);
 * const ok = await verifyTrustedListSignature(list, { announcedCertificates: [leaf.der], crypto: nodeCryptoEngine });
 * ok.indication; // 'TOTAL_PASSED'
 * const other = await verifyTrustedListSignature(list, { announcedCertificates: [caDer], crypto: nodeCryptoEngine });
 * [other.indication, other.subIndication]; // ['INDETERMINATE', 'NO_CERTIFICATE_CHAIN_FOUND']
 * ```
 */
export async function verifyTrustedListSignature(
  list: TrustedList,
  options: VerifyTrustedListSignatureOptions,
): Promise<TrustedListSignatureVerification> {
  const crypto = options.crypto ?? createWebCryptoEngine();
  const reasons: string[] = [];
  const fail = (
    indication: Indication,
    subIndication: SubIndication,
    reason: string,
    extra: Partial<TrustedListSignatureVerification> = {},
  ): TrustedListSignatureVerification => ({
    indication,
    subIndication,
    ...extra,
    reasons: [...reasons, reason],
  });

  const signatures = findSignatures(list.document);
  if (signatures.length !== 1)
    return fail(
      Indication.TOTAL_FAILED,
      SubIndication.FORMAT_FAILURE,
      `Number of signatures must be equal to 1 (currently: ${signatures.length})`,
    );
  const signature = signatures[0]!;
  if (signature.parent !== list.document.root)
    return fail(
      Indication.TOTAL_FAILED,
      SubIndication.FORMAT_FAILURE,
      'the ds:Signature is not a child of the list’s root (not enveloped)',
    );
  const v = await verifyXmlSignature(list.document, signature, { crypto });
  if (!v.structureValid)
    return fail(
      Indication.TOTAL_FAILED,
      SubIndication.FORMAT_FAILURE,
      v.checks.find((c) => c.status !== 'passed' && c.status !== 'info')?.message ??
        'the XML signature is malformed',
    );
  const whole = wholeListReference(list, v);
  if (!whole)
    return fail(
      Indication.TOTAL_FAILED,
      SubIndication.FORMAT_FAILURE,
      'no Reference covers the whole list (URI "" or the root’s #Id, with the enveloped-signature transform)',
    );
  const announced = options.announcedCertificates.map(asCertificate).filter((c): c is Certificate => !!c);
  const candidates = [...v.keyInfoCertificates, ...announced];
  let signer: Certificate | undefined;
  const qp = findQualifyingProperties(signature);
  const props = qp ? readQualifyingProperties(qp) : undefined;
  if (props?.signingCertificate) {
    const m = await identifySigningCertificate(props.signingCertificate.refs, candidates, crypto);
    signer = m.certificate;
    if (!signer) reasons.push(m.check.message);
  } else {
    for (const c of candidates)
      if ((await verifySignatureValue(v, c.publicKey, crypto)).intact) {
        signer = c;
        break;
      }
  }
  const time = options.time ?? new Date();
  const signerValidity = signer && {
    time,
    valid: signer.notBefore <= time && time <= signer.notAfter,
    notBefore: signer.notBefore,
    notAfter: signer.notAfter,
  };
  const known = signer && signerValidity ? { signer, signerValidity } : {};
  // The signer is identified first so that an altered list still names who signed it (as DSS does).
  for (const r of v.references) {
    if (!r.found)
      return fail(
        Indication.INDETERMINATE,
        SubIndication.SIGNED_DATA_NOT_FOUND,
        `Reference ${r.uri ?? '(no URI)'} could not be resolved`,
        known,
      );
    if (!r.intact)
      return fail(
        Indication.TOTAL_FAILED,
        SubIndication.HASH_FAILURE,
        r === whole
          ? 'the list was altered after signing: the digest of the whole-list Reference does not match'
          : `the digest of Reference ${r.uri ?? '(no URI)'} does not match`,
        known,
      );
  }

  if (!signer)
    return fail(
      Indication.INDETERMINATE,
      SubIndication.NO_SIGNING_CERTIFICATE_FOUND,
      'no certificate at hand (KeyInfo, announced) is the signer',
    );

  const sv = await verifySignatureValue(v, signer.publicKey, crypto);
  if (!sv.intact)
    return fail(
      sv.check.status === 'failed' ? Indication.TOTAL_FAILED : Indication.INDETERMINATE,
      (sv.check.subIndication as SubIndication | undefined) ?? SubIndication.SIG_CRYPTO_FAILURE,
      sv.check.message,
      { signer, signerValidity },
    );
  const signerAnnounced = announced.some((a) => sameBytes(a.der, signer.der));
  if (!signerAnnounced)
    return fail(
      Indication.INDETERMINATE,
      SubIndication.NO_CERTIFICATE_CHAIN_FOUND,
      `the list is signed by "${signer.subject.text}", which is not among the ${announced.length} certificate(s) announced for it`,
      { signer, signerAnnounced, signerValidity },
    );
  return {
    indication: Indication.TOTAL_PASSED,
    signer,
    signerAnnounced,
    signerValidity,
    reasons: [...reasons, `signed by the announced "${signer.subject.text}"`],
  };
}

/**
 * How strictly a trusted list must be signed to be used (attack catalogue T1–T4). Only the default makes a
 * list a trust source by itself; the relaxed ones exist for diagnosis and for lists whose signer cannot
 * be announced yet, and every list they let in is reported as accepted under them.
 *
 * @example
 * ```ts
 * import type { TrustedListAcceptance } from '@mutua/trust-list';
 * const strict: TrustedListAcceptance = 'announced-signer';
 * strict; // 'announced-signer'
 * ```
 */
export type TrustedListAcceptance =
  /** Default: exactly one enveloped signature over the whole list, intact, by a certificate announced for it. */
  | 'announced-signer'
  /** Also a list whose one signature is intact but whose signer is not announced (who signed it is then unproven). */
  | 'intact-signature'
  /** Any list that parses — unsigned, altered, signed twice — as EU DSS loads them by default. Never in production. */
  | 'unverified';

/** The outcome of {@link acceptTrustedList}. */
export interface TrustedListAcceptanceDecision {
  readonly accepted: boolean;
  /** Set when the list is accepted only because the acceptance was relaxed: what the default would have refused, and why. */
  readonly relaxed?: string;
}

/**
 * Whether a list whose signature was verified may be used under an acceptance level, and, when that is
 * only because the level is relaxed, the statement to report with every verdict that rests on it.
 *
 * @example
 * ```ts
 * import { acceptTrustedList } from '@mutua/trust-list';
 * const unannounced = { indication: 'INDETERMINATE', subIndication: 'NO_CERTIFICATE_CHAIN_FOUND', signerAnnounced: false, reasons: ['signed by "CN=X", not announced'] } as const;
 * acceptTrustedList(unannounced).accepted; // false
 * acceptTrustedList(unannounced, 'intact-signature').relaxed; // 'accepted under the relaxed acceptance "intact-signature": signed by "CN=X", not announced'
 * ```
 */
export function acceptTrustedList(
  v: TrustedListSignatureVerification,
  acceptance: TrustedListAcceptance = 'announced-signer',
): TrustedListAcceptanceDecision {
  if (v.indication === Indication.TOTAL_PASSED) return { accepted: true };
  const intactButUnannounced = v.signerAnnounced === false;
  if (acceptance === 'unverified' || (acceptance === 'intact-signature' && intactButUnannounced))
    return {
      accepted: true,
      relaxed: `accepted under the relaxed acceptance "${acceptance}": ${v.reasons[v.reasons.length - 1] ?? v.subIndication ?? v.indication}`,
    };
  return { accepted: false };
}
