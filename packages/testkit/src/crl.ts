import { type Certificate, type CrlReason, OID, type ReasonName, der, toPem } from '@mutua/core';
import {
  type BuiltCertificate,
  type IssuerInput,
  resolveIssuer,
  signStructure,
  wholeSeconds,
} from './certificate';
import {
  type AuthorityKeyIdInput,
  type DistributionPointInput,
  type RawExtension,
  encodeAuthorityKeyIdentifier,
  encodeDistributionPoints,
  encodeExtension,
  encodeReasonFlags,
} from './extensions';
import { type GeneralNameInput, encodeGeneralName, encodeGeneralNames } from './general-name';
import type { SignatureOptions } from './keys';

/**
 * CRLReason name → ENUMERATED value (the inverse of core's `CRL_REASON_CODES`).
 *
 * @example
 * ```ts
 * import { CRL_REASON_VALUES } from '@mutua/testkit';
 * CRL_REASON_VALUES.keyCompromise; // 1
 * ```
 */
export const CRL_REASON_VALUES: Readonly<Record<CrlReason, number>> = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  removeFromCRL: 8,
  privilegeWithdrawn: 9,
  aACompromise: 10,
};

/** Identifies a certificate by serial: the serial itself, or a built or parsed certificate. */
export type SerialInput = bigint | number | BuiltCertificate | Certificate;

/**
 * The serial number a {@link SerialInput} designates.
 *
 * @example
 * ```ts
 * import { serialOf } from '@mutua/testkit';
 * serialOf(leaf) === leaf.cert.serialNumber; // true
 * ```
 */
export function serialOf(s: SerialInput): bigint {
  if (typeof s === 'bigint') return s;
  if (typeof s === 'number') return BigInt(s);
  return 'cert' in s ? s.cert.serialNumber : s.serialNumber;
}

/** One revokedCertificates entry. */
export interface RevokedEntryInput {
  readonly serial: SerialInput;
  /** revocationDate. Default: the CRL's thisUpdate. */
  readonly date?: Date;
  /** reasonCode entry extension (omitted when absent). */
  readonly reason?: CrlReason;
  /** invalidityDate entry extension. */
  readonly invalidityDate?: Date;
  /** certificateIssuer entry extension (indirect CRLs); always critical. */
  readonly certificateIssuer?: readonly GeneralNameInput[];
  /** Further entry extensions. */
  readonly extensions?: readonly RawExtension[];
}

/** IssuingDistributionPoint (RFC 5280 §5.2.5). Always written critical. */
export interface IssuingDistributionPointInput {
  /** fullName: URL strings or GeneralNames. */
  readonly fullName?: readonly (GeneralNameInput | string)[];
  readonly onlyContainsUserCerts?: boolean;
  readonly onlyContainsCACerts?: boolean;
  readonly onlySomeReasons?: readonly ReasonName[];
  readonly indirectCRL?: boolean;
  readonly onlyContainsAttributeCerts?: boolean;
}

/**
 * Options of {@link buildCrl}. Defaults: version 2, thisUpdate one hour ago, nextUpdate seven days after
 * thisUpdate, cRLNumber 1, AuthorityKeyIdentifier from the issuer's key.
 */
export interface CrlOptions {
  /** The CRL issuer (a CA certificate, a delegated CRL signer, or a name + key). */
  readonly issuer: IssuerInput;
  readonly thisUpdate?: Date;
  /** `null` omits nextUpdate (RFC 5280 requires it; for negative tests). */
  readonly nextUpdate?: Date | null;
  readonly revoked?: readonly RevokedEntryInput[];
  /** cRLNumber; `null` omits it. Default 1. */
  readonly crlNumber?: bigint | number | null;
  /** deltaCRLIndicator (BaseCRLNumber): makes this a delta CRL. */
  readonly deltaCrlIndicator?: bigint | number;
  readonly issuingDistributionPoint?: IssuingDistributionPointInput;
  /** freshestCRL: where to find delta CRLs. */
  readonly freshestCrl?: readonly DistributionPointInput[];
  /** Explicit value or fields, or `false` to omit. Default: the issuer's key identifier. */
  readonly authorityKeyIdentifier?: Uint8Array | AuthorityKeyIdInput | false;
  /** Further CRL extensions, written last. */
  readonly extensions?: readonly RawExtension[];
  /** 1 or 2 (default 2). A v1 CRL gets no extensions unless `extensions` is given. */
  readonly version?: 1 | 2;
  readonly signature?: SignatureOptions;
  readonly tamper?: {
    /** Flip one bit of the signature. */
    readonly signature?: boolean;
    /** Write this issuer name instead of the issuer's subject name. */
    readonly issuerName?: Uint8Array;
    /** Outer signatureAlgorithm different from the inner one. */
    readonly outerSignatureAlgorithm?: Uint8Array;
  };
}

/** A CRL built by the testkit. */
export interface BuiltCrl {
  readonly der: Uint8Array;
  readonly thisUpdate: Date;
  readonly nextUpdate?: Date;
  /** The serials listed, in order. */
  readonly revokedSerials: readonly bigint[];
  /** PEM (`X509 CRL`). */
  pem(): string;
}

const DAY = 86_400_000;

function encodeIdp(idp: IssuingDistributionPointInput): Uint8Array {
  const flag = (n: number, v: boolean | undefined) =>
    v ? der.ctxPrim(n, new Uint8Array([0xff])) : undefined;
  return der.seq(
    idp.fullName ? der.ctx(0, der.implicitConstructed(0, encodeGeneralNames(idp.fullName))) : undefined,
    flag(1, idp.onlyContainsUserCerts),
    flag(2, idp.onlyContainsCACerts),
    idp.onlySomeReasons ? der.implicitPrimitive(3, encodeReasonFlags(idp.onlySomeReasons)) : undefined,
    flag(4, idp.indirectCRL),
    flag(5, idp.onlyContainsAttributeCerts),
  );
}

function encodeEntry(e: RevokedEntryInput, defaultDate: Date): Uint8Array {
  const exts: Uint8Array[] = [];
  if (e.reason)
    exts.push(encodeExtension({ oid: OID.reasonCode, value: der.enumerated(CRL_REASON_VALUES[e.reason]) }));
  if (e.invalidityDate) {
    exts.push(
      encodeExtension({
        oid: OID.invalidityDate,
        value: der.generalizedTime(wholeSeconds(e.invalidityDate)),
      }),
    );
  }
  if (e.certificateIssuer) {
    exts.push(
      encodeExtension({
        oid: OID.certificateIssuer,
        critical: true,
        value: der.seq(...e.certificateIssuer.map(encodeGeneralName)),
      }),
    );
  }
  for (const x of e.extensions ?? []) exts.push(encodeExtension(x));
  return der.seq(
    der.int(serialOf(e.serial)),
    der.time(wholeSeconds(e.date ?? defaultDate)),
    exts.length ? der.seq(...exts) : undefined,
  );
}

/**
 * Builds and signs an X.509 CRL (RFC 5280 §5).
 *
 * @example
 * ```ts
 * import { buildCrl } from '@mutua/testkit';
 * const crl = await buildCrl({
 *   issuer: ca,
 *   revoked: [{ serial: leaf, date: new Date('2025-01-10T00:00:00Z'), reason: 'keyCompromise' }],
 *   crlNumber: 7,
 * });
 * ```
 */
export async function buildCrl(options: CrlOptions): Promise<BuiltCrl> {
  const issuer = await resolveIssuer(options.issuer);
  const version = options.version ?? 2;
  const thisUpdate = wholeSeconds(options.thisUpdate ?? new Date(Date.now() - 3_600_000));
  const nextUpdate =
    options.nextUpdate === null
      ? undefined
      : wholeSeconds(options.nextUpdate ?? new Date(thisUpdate.getTime() + 7 * DAY));
  const revoked = options.revoked ?? [];

  const exts: Uint8Array[] = [];
  if (version === 2) {
    const aki = options.authorityKeyIdentifier ?? issuer.keyIdentifier;
    if (aki) {
      const fields = aki instanceof Uint8Array ? { keyIdentifier: aki } : aki;
      exts.push(
        encodeExtension({ oid: OID.authorityKeyIdentifier, value: encodeAuthorityKeyIdentifier(fields) }),
      );
    }
    const num = options.crlNumber === undefined ? 1 : options.crlNumber;
    if (num !== null) exts.push(encodeExtension({ oid: OID.cRLNumber, value: der.int(num) }));
    if (options.deltaCrlIndicator !== undefined) {
      exts.push(
        encodeExtension({
          oid: OID.deltaCRLIndicator,
          critical: true,
          value: der.int(options.deltaCrlIndicator),
        }),
      );
    }
    if (options.issuingDistributionPoint) {
      exts.push(
        encodeExtension({
          oid: OID.issuingDistributionPoint,
          critical: true,
          value: encodeIdp(options.issuingDistributionPoint),
        }),
      );
    }
    if (options.freshestCrl) {
      exts.push(
        encodeExtension({ oid: OID.freshestCRL, value: encodeDistributionPoints(options.freshestCrl) }),
      );
    }
  }
  for (const x of options.extensions ?? []) exts.push(encodeExtension(x));

  const tamper = options.tamper ?? {};
  const tbs = der.seq(
    version === 2 ? der.int(1) : undefined,
    issuer.key.algorithmIdentifier(options.signature),
    tamper.issuerName ?? issuer.name,
    der.time(thisUpdate),
    nextUpdate ? der.time(nextUpdate) : undefined,
    revoked.length ? der.seq(...revoked.map((e) => encodeEntry(e, thisUpdate))) : undefined,
    exts.length ? der.ctx(0, der.seq(...exts)) : undefined,
  );
  const crlDer = await signStructure(tbs, issuer.key, {
    ...(options.signature ? { signature: options.signature } : {}),
    ...(tamper.signature ? { tamperSignature: true } : {}),
    ...(tamper.outerSignatureAlgorithm ? { outerAlgorithm: tamper.outerSignatureAlgorithm } : {}),
  });
  return {
    der: crlDer,
    thisUpdate,
    ...(nextUpdate ? { nextUpdate } : {}),
    revokedSerials: revoked.map((e) => serialOf(e.serial)),
    pem: () => toPem(crlDer, 'X509 CRL'),
  };
}

/** Re-exported from `@mutua/core` for convenience: CRLReason names. */
export type { CrlReason } from '@mutua/core';
