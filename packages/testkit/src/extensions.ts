import { OID, REASON_NAMES, type ReasonName, der } from '@mutua/core';
import { type GeneralNameInput, encodeGeneralName, encodeGeneralNames } from './general-name';
import { type QcStatementsInput, encodeQcStatements } from './qc-statements';

/** KeyUsage bit names (RFC 5280 §4.2.1.3). */
export type KeyUsageName =
  | 'digitalSignature'
  | 'nonRepudiation'
  | 'keyEncipherment'
  | 'dataEncipherment'
  | 'keyAgreement'
  | 'keyCertSign'
  | 'cRLSign'
  | 'encipherOnly'
  | 'decipherOnly';

const KEY_USAGE_BITS: Record<KeyUsageName, number> = {
  digitalSignature: 0,
  nonRepudiation: 1,
  keyEncipherment: 2,
  dataEncipherment: 3,
  keyAgreement: 4,
  keyCertSign: 5,
  cRLSign: 6,
  encipherOnly: 7,
  decipherOnly: 8,
};

/** Extended key usage short names; any dotted OID is accepted too. */
export type ExtKeyUsageName =
  | 'serverAuth'
  | 'clientAuth'
  | 'codeSigning'
  | 'emailProtection'
  | 'timeStamping'
  | 'OCSPSigning'
  | 'any';

const EKU: Record<ExtKeyUsageName, string> = {
  serverAuth: OID.kpServerAuth,
  clientAuth: OID.kpClientAuth,
  codeSigning: OID.kpCodeSigning,
  emailProtection: OID.kpEmailProtection,
  timeStamping: OID.kpTimeStamping,
  OCSPSigning: OID.kpOCSPSigning,
  any: OID.anyExtendedKeyUsage,
};

/** A certificate policy: its OID, with optional CPS URI(s) and user notice. */
export interface PolicyInput {
  readonly oid: string;
  readonly cps?: string | readonly string[];
  readonly userNotice?: {
    readonly explicitText?: string;
    /** Encoding of explicitText (default UTF8String, as RFC 6818 recommends). */
    readonly explicitTextType?: 'utf8' | 'ia5' | 'visible' | 'bmp';
    readonly organization?: string;
    readonly noticeNumbers?: readonly number[];
  };
}

/** A GeneralSubtree: a base name (see {@link GeneralNameInput}) with optional minimum/maximum. */
export type SubtreeInput =
  | GeneralNameInput
  | { readonly base: GeneralNameInput; readonly minimum?: number; readonly maximum?: number };

/** One DistributionPoint: a URL string is shorthand for `{ fullName: [url] }`. */
export type DistributionPointInput =
  | string
  | {
      readonly fullName?: readonly (GeneralNameInput | string)[];
      /** nameRelativeToCRLIssuer: the RDN's SET DER. */
      readonly relativeName?: Uint8Array;
      readonly reasons?: readonly ReasonName[];
      readonly cRLIssuer?: readonly GeneralNameInput[];
    };

/** A raw extension: `value` is the extnValue content (the DER of the extension's own type). */
export interface RawExtension {
  readonly oid: string;
  readonly critical?: boolean;
  readonly value: Uint8Array;
}

/** AuthorityKeyIdentifier fields (RFC 5280 §4.2.1.1). */
export interface AuthorityKeyIdInput {
  readonly keyIdentifier?: Uint8Array;
  readonly authorityCertIssuer?: readonly GeneralNameInput[];
  readonly authorityCertSerialNumber?: bigint | number;
}

/** Subject directory attributes (RFC 3739 §3.2.2), plus raw attributes. */
export interface SubjectDirectoryAttributesInput {
  readonly dateOfBirth?: Date;
  readonly placeOfBirth?: string;
  readonly gender?: 'M' | 'F' | 'm' | 'f';
  readonly countryOfCitizenship?: readonly string[];
  readonly countryOfResidence?: readonly string[];
  /** Further attributes: `values` are complete DER values. */
  readonly raw?: readonly { readonly type: string; readonly values: readonly Uint8Array[] }[];
}

/** Names of the typed extensions, for {@link ExtensionsInput.critical}. */
export type ExtensionName =
  | 'basicConstraints'
  | 'keyUsage'
  | 'extKeyUsage'
  | 'subjectKeyIdentifier'
  | 'authorityKeyIdentifier'
  | 'certificatePolicies'
  | 'policyMappings'
  | 'policyConstraints'
  | 'inhibitAnyPolicy'
  | 'nameConstraints'
  | 'subjectAltName'
  | 'issuerAltName'
  | 'subjectDirectoryAttributes'
  | 'crlDistributionPoints'
  | 'freshestCrl'
  | 'authorityInfoAccess'
  | 'subjectInfoAccess'
  | 'qcStatements'
  | 'ocspNoCheck';

/**
 * Certificate extensions with typed, convenient inputs. Every field is optional; absent fields are not
 * written, except the key identifiers, which {@link buildCertificate} computes by default (pass `false`
 * to omit them). Criticality follows RFC 5280 practice (basicConstraints, keyUsage, nameConstraints,
 * policyConstraints and inhibitAnyPolicy critical; the rest not) and can be overridden per extension
 * in `critical`. `raw` extensions are appended last, so they can also duplicate a typed one.
 *
 * @example
 * ```ts
 * import type { ExtensionsInput } from '@mutua/testkit';
 * const ext: ExtensionsInput = {
 *   basicConstraints: { cA: true, pathLen: 0 },
 *   keyUsage: ['keyCertSign', 'cRLSign'],
 *   certificatePolicies: [{ oid: '2.999.1', cps: 'https://pki.test/cps' }],
 *   crlDistributionPoints: ['http://pki.test/root.crl'],
 *   critical: { certificatePolicies: true },
 * };
 * ```
 */
export interface ExtensionsInput {
  readonly basicConstraints?: { readonly cA: boolean; readonly pathLen?: number };
  readonly keyUsage?: readonly KeyUsageName[];
  readonly extKeyUsage?: readonly (ExtKeyUsageName | (string & {}))[];
  /** Explicit value, or `false` to omit. Default: SHA-1 of the subject public key (RFC 5280 §4.2.1.2 method 1). */
  readonly subjectKeyIdentifier?: Uint8Array | false;
  /** Explicit key id or fields, or `false` to omit. Default: the issuer's key identifier. */
  readonly authorityKeyIdentifier?: Uint8Array | AuthorityKeyIdInput | false;
  readonly certificatePolicies?: readonly (string | PolicyInput)[];
  readonly policyMappings?: readonly {
    readonly issuerDomainPolicy: string;
    readonly subjectDomainPolicy: string;
  }[];
  readonly policyConstraints?: {
    readonly requireExplicitPolicy?: number;
    readonly inhibitPolicyMapping?: number;
  };
  readonly inhibitAnyPolicy?: number;
  readonly nameConstraints?: {
    readonly permitted?: readonly SubtreeInput[];
    readonly excluded?: readonly SubtreeInput[];
  };
  readonly subjectAltName?: readonly GeneralNameInput[];
  readonly issuerAltName?: readonly GeneralNameInput[];
  readonly subjectDirectoryAttributes?: SubjectDirectoryAttributesInput;
  readonly crlDistributionPoints?: readonly DistributionPointInput[];
  readonly freshestCrl?: readonly DistributionPointInput[];
  /** AIA: OCSP responder URL(s) and CA issuer certificate URL(s). */
  readonly authorityInfoAccess?: {
    readonly ocsp?: string | readonly string[];
    readonly caIssuers?: string | readonly string[];
  };
  readonly subjectInfoAccess?: readonly { readonly method: string; readonly location: GeneralNameInput }[];
  readonly qcStatements?: QcStatementsInput;
  readonly ocspNoCheck?: boolean;
  /** Criticality overrides for the typed extensions. */
  readonly critical?: Partial<Record<ExtensionName, boolean>>;
  /** Extensions written as given, after the typed ones. */
  readonly raw?: readonly RawExtension[];
}

const DEFAULT_CRITICAL: ReadonlySet<ExtensionName> = new Set<ExtensionName>([
  'basicConstraints',
  'keyUsage',
  'nameConstraints',
  'policyConstraints',
  'inhibitAnyPolicy',
]);

/**
 * Encodes one Extension (`SEQUENCE { extnID, critical DEFAULT FALSE, extnValue }`).
 *
 * @example
 * ```ts
 * import { der } from '@mutua/core';
 * import { encodeExtension } from '@mutua/testkit';
 * const ext = encodeExtension({ oid: '2.999.5', critical: true, value: der.nul() });
 * ```
 */
export function encodeExtension(e: RawExtension): Uint8Array {
  return der.seq(der.oid(e.oid), e.critical ? der.bool(true) : undefined, der.octets(e.value));
}

/**
 * Encodes a KeyUsage BIT STRING.
 *
 * @example
 * ```ts
 * import { encodeKeyUsage } from '@mutua/testkit';
 * encodeKeyUsage(['digitalSignature', 'nonRepudiation']); // [0x03, 0x02, 0x06, 0xc0]
 * ```
 */
export function encodeKeyUsage(usages: readonly KeyUsageName[]): Uint8Array {
  return der.namedBits(usages.map((u) => KEY_USAGE_BITS[u]));
}

/**
 * Encodes a ReasonFlags BIT STRING from reason names.
 *
 * @example
 * ```ts
 * import { encodeReasonFlags } from '@mutua/testkit';
 * encodeReasonFlags(['keyCompromise', 'cACompromise']); // [0x03, 0x02, 0x05, 0x60] (a BIT STRING)
 * ```
 */
export function encodeReasonFlags(reasons: readonly ReasonName[]): Uint8Array {
  return der.namedBits(reasons.map((r) => REASON_NAMES.indexOf(r)));
}

/**
 * Encodes `CRLDistributionPoints` (also the value of freshestCRL).
 *
 * @example
 * ```ts
 * import { encodeDistributionPoints } from '@mutua/testkit';
 * encodeDistributionPoints(['http://pki.test/ca.crl']);
 * ```
 */
export function encodeDistributionPoints(points: readonly DistributionPointInput[]): Uint8Array {
  return der.seq(
    ...points.map((p) => {
      const dp = typeof p === 'string' ? { fullName: [p] } : p;
      const name = dp.fullName
        ? der.ctx(0, der.implicitConstructed(0, encodeGeneralNames(dp.fullName)))
        : dp.relativeName
          ? der.ctx(0, der.implicitConstructed(1, dp.relativeName))
          : undefined;
      return der.seq(
        name,
        dp.reasons ? der.implicitPrimitive(1, encodeReasonFlags(dp.reasons)) : undefined,
        dp.cRLIssuer
          ? der.implicitConstructed(2, der.seq(...dp.cRLIssuer.map(encodeGeneralName)))
          : undefined,
      );
    }),
  );
}

/**
 * Encodes an AuthorityKeyIdentifier value.
 *
 * @example
 * ```ts
 * import { encodeAuthorityKeyIdentifier } from '@mutua/testkit';
 * encodeAuthorityKeyIdentifier({ keyIdentifier: ca.keyIdentifier, authorityCertSerialNumber: 1n });
 * ```
 */
export function encodeAuthorityKeyIdentifier(aki: AuthorityKeyIdInput): Uint8Array {
  return der.seq(
    aki.keyIdentifier ? der.ctxPrim(0, aki.keyIdentifier) : undefined,
    aki.authorityCertIssuer
      ? der.implicitConstructed(1, der.seq(...aki.authorityCertIssuer.map(encodeGeneralName)))
      : undefined,
    aki.authorityCertSerialNumber !== undefined
      ? der.implicitPrimitive(2, der.int(aki.authorityCertSerialNumber))
      : undefined,
  );
}

function encodePolicies(policies: readonly (string | PolicyInput)[]): Uint8Array {
  return der.seq(
    ...policies.map((p) => {
      const pol = typeof p === 'string' ? { oid: p } : p;
      const qualifiers: Uint8Array[] = [];
      for (const uri of typeof pol.cps === 'string' ? [pol.cps] : (pol.cps ?? [])) {
        qualifiers.push(der.seq(der.oid(OID.qtCps), der.ia5(uri)));
      }
      const un = pol.userNotice;
      if (un) {
        const ref =
          un.organization !== undefined
            ? der.seq(der.utf8(un.organization), der.seq(...(un.noticeNumbers ?? []).map((n) => der.int(n))))
            : undefined;
        const text =
          un.explicitText === undefined
            ? undefined
            : displayText(un.explicitText, un.explicitTextType ?? 'utf8');
        qualifiers.push(der.seq(der.oid(OID.qtUnotice), der.seq(ref, text)));
      }
      return der.seq(der.oid(pol.oid), qualifiers.length ? der.seq(...qualifiers) : undefined);
    }),
  );
}

function displayText(s: string, type: 'utf8' | 'ia5' | 'visible' | 'bmp'): Uint8Array {
  if (type === 'utf8') return der.utf8(s);
  if (type === 'ia5') return der.ia5(s);
  if (type === 'visible') return der.tlv(0x1a, new TextEncoder().encode(s));
  const b = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    b[2 * i] = s.charCodeAt(i) >> 8;
    b[2 * i + 1] = s.charCodeAt(i) & 0xff;
  }
  return der.tlv(0x1e, b);
}

function encodeSubtrees(n: number, trees: readonly SubtreeInput[]): Uint8Array {
  return der.implicitConstructed(
    n,
    der.seq(
      ...trees.map((t) => {
        const st = 'base' in t ? t : { base: t as GeneralNameInput };
        return der.seq(
          encodeGeneralName(st.base),
          st.minimum ? der.implicitPrimitive(0, der.int(st.minimum)) : undefined,
          st.maximum !== undefined ? der.implicitPrimitive(1, der.int(st.maximum)) : undefined,
        );
      }),
    ),
  );
}

function encodeSda(a: SubjectDirectoryAttributesInput): Uint8Array {
  const attrs: Uint8Array[] = [];
  const attr = (oid: string, ...values: Uint8Array[]) =>
    attrs.push(der.seq(der.oid(oid), der.set(...values)));
  if (a.dateOfBirth) {
    const d = new Date(
      Date.UTC(a.dateOfBirth.getUTCFullYear(), a.dateOfBirth.getUTCMonth(), a.dateOfBirth.getUTCDate(), 12),
    );
    attr(OID.dateOfBirth, der.generalizedTime(d));
  }
  if (a.placeOfBirth !== undefined) attr(OID.placeOfBirth, der.utf8(a.placeOfBirth));
  if (a.gender !== undefined) attr(OID.gender, der.printable(a.gender));
  if (a.countryOfCitizenship)
    attr(OID.countryOfCitizenship, ...a.countryOfCitizenship.map((c) => der.printable(c)));
  if (a.countryOfResidence)
    attr(OID.countryOfResidence, ...a.countryOfResidence.map((c) => der.printable(c)));
  for (const r of a.raw ?? []) attr(r.type, ...r.values);
  return der.seq(...attrs);
}

const list = (x: string | readonly string[] | undefined): readonly string[] =>
  x === undefined ? [] : typeof x === 'string' ? [x] : x;

/** Key identifiers resolved by the certificate builder. */
export interface KeyIdContext {
  /** The subject key identifier to write when `subjectKeyIdentifier` is not given. */
  readonly subjectKeyId?: Uint8Array;
  /** The issuer key identifier to write when `authorityKeyIdentifier` is not given. */
  readonly authorityKeyId?: Uint8Array;
}

/**
 * Encodes typed extensions into a list of `Extension` DERs, in a fixed, conventional order.
 *
 * @example
 * ```ts
 * import { encodeExtensions, keyIdentifier } from '@mutua/testkit';
 * const subjectKeyId = await keyIdentifier(key);
 * const exts = encodeExtensions({ keyUsage: ['digitalSignature'] }, { subjectKeyId });
 * ```
 */
export function encodeExtensions(input: ExtensionsInput, ids: KeyIdContext = {}): Uint8Array[] {
  const out: Uint8Array[] = [];
  const add = (name: ExtensionName, oid: string, value: Uint8Array) => {
    out.push(encodeExtension({ oid, critical: input.critical?.[name] ?? DEFAULT_CRITICAL.has(name), value }));
  };
  const bc = input.basicConstraints;
  if (bc) {
    add(
      'basicConstraints',
      OID.basicConstraints,
      der.seq(bc.cA ? der.bool(true) : undefined, bc.pathLen !== undefined ? der.int(bc.pathLen) : undefined),
    );
  }
  if (input.keyUsage) add('keyUsage', OID.keyUsage, encodeKeyUsage(input.keyUsage));
  if (input.extKeyUsage) {
    add(
      'extKeyUsage',
      OID.extKeyUsage,
      der.seq(...input.extKeyUsage.map((e) => der.oid(EKU[e as ExtKeyUsageName] ?? e))),
    );
  }
  const ski = input.subjectKeyIdentifier ?? ids.subjectKeyId;
  if (ski) add('subjectKeyIdentifier', OID.subjectKeyIdentifier, der.octets(ski));
  const aki = input.authorityKeyIdentifier ?? ids.authorityKeyId;
  if (aki) {
    const fields = aki instanceof Uint8Array ? { keyIdentifier: aki } : aki;
    add('authorityKeyIdentifier', OID.authorityKeyIdentifier, encodeAuthorityKeyIdentifier(fields));
  }
  if (input.certificatePolicies)
    add('certificatePolicies', OID.certificatePolicies, encodePolicies(input.certificatePolicies));
  if (input.policyMappings) {
    add(
      'policyMappings',
      OID.policyMappings,
      der.seq(
        ...input.policyMappings.map((m) =>
          der.seq(der.oid(m.issuerDomainPolicy), der.oid(m.subjectDomainPolicy)),
        ),
      ),
    );
  }
  const pc = input.policyConstraints;
  if (pc) {
    add(
      'policyConstraints',
      OID.policyConstraints,
      der.seq(
        pc.requireExplicitPolicy !== undefined
          ? der.implicitPrimitive(0, der.int(pc.requireExplicitPolicy))
          : undefined,
        pc.inhibitPolicyMapping !== undefined
          ? der.implicitPrimitive(1, der.int(pc.inhibitPolicyMapping))
          : undefined,
      ),
    );
  }
  if (input.inhibitAnyPolicy !== undefined)
    add('inhibitAnyPolicy', OID.inhibitAnyPolicy, der.int(input.inhibitAnyPolicy));
  const nc = input.nameConstraints;
  if (nc) {
    add(
      'nameConstraints',
      OID.nameConstraints,
      der.seq(
        nc.permitted ? encodeSubtrees(0, nc.permitted) : undefined,
        nc.excluded ? encodeSubtrees(1, nc.excluded) : undefined,
      ),
    );
  }
  if (input.subjectAltName)
    add('subjectAltName', OID.subjectAltName, der.seq(...input.subjectAltName.map(encodeGeneralName)));
  if (input.issuerAltName)
    add('issuerAltName', OID.issuerAltName, der.seq(...input.issuerAltName.map(encodeGeneralName)));
  if (input.subjectDirectoryAttributes) {
    add(
      'subjectDirectoryAttributes',
      OID.subjectDirectoryAttributes,
      encodeSda(input.subjectDirectoryAttributes),
    );
  }
  if (input.crlDistributionPoints) {
    add(
      'crlDistributionPoints',
      OID.cRLDistributionPoints,
      encodeDistributionPoints(input.crlDistributionPoints),
    );
  }
  if (input.freshestCrl) add('freshestCrl', OID.freshestCRL, encodeDistributionPoints(input.freshestCrl));
  const aia = input.authorityInfoAccess;
  if (aia) {
    const ads = [
      ...list(aia.ocsp).map((u) => der.seq(der.oid(OID.adOcsp), encodeGeneralName({ uri: u }))),
      ...list(aia.caIssuers).map((u) => der.seq(der.oid(OID.adCaIssuers), encodeGeneralName({ uri: u }))),
    ];
    add('authorityInfoAccess', OID.authorityInfoAccess, der.seq(...ads));
  }
  if (input.subjectInfoAccess) {
    add(
      'subjectInfoAccess',
      OID.subjectInfoAccess,
      der.seq(
        ...input.subjectInfoAccess.map((a) => der.seq(der.oid(a.method), encodeGeneralName(a.location))),
      ),
    );
  }
  if (input.qcStatements) add('qcStatements', OID.qcStatements, encodeQcStatements(input.qcStatements));
  if (input.ocspNoCheck) add('ocspNoCheck', OID.ocspNoCheck, der.nul());
  for (const r of input.raw ?? []) out.push(encodeExtension(r));
  return out;
}
