import { type Certificate, type CrlReason, OID, toPem } from '@mutua/core';
import {
  type BuiltCertificate,
  type CertificateOptions,
  type IdentityInput,
  buildCertificate,
  wholeSeconds,
} from './certificate';
import {
  type BuiltCrl,
  type CrlOptions,
  type RevokedEntryInput,
  type SerialInput,
  buildCrl,
  serialOf,
} from './crl';
import type { ExtensionsInput } from './extensions';
import { type KeyPool, type KeySpec, type TestKey, generateKeyPair, keyPool } from './keys';
import type { NameInput } from './name';
import {
  type BuiltOcspResponse,
  type CertStatusInput,
  type CertificateRef,
  type OcspResponseOptions,
  buildOcspResponse,
} from './ocsp';

/**
 * The certificate policy OID the test PKIs assert by default (under the ITU-T "example" arc 2.999).
 *
 * @example
 * ```ts
 * import { TEST_POLICY_OID, createTestPki } from '@mutua/testkit';
 * const pki = await createTestPki({ policies: [TEST_POLICY_OID, '2.999.1.2'] });
 * ```
 */
export const TEST_POLICY_OID = '2.999.1.1';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Options of {@link TestCertificateAuthority.issue}: any certificate option, all optional. */
export interface IssueOptions extends Omit<CertificateOptions, 'issuer' | 'subject' | 'identity'> {
  /** Subject (default: a natural person under the PKI's organisation). */
  readonly subject?: NameInput;
  /** Identity preset: its subject is used unless `subject` is given; extensions merge under `extensions`. */
  readonly identity?: IdentityInput;
  /**
   * Start from the CA's defaults (policies, CRLDP, AIA, keyUsage digitalSignature+nonRepudiation) —
   * `true` by default. With `false` only the given extensions (and key identifiers) are written.
   */
  readonly defaults?: boolean;
}

/** Options of {@link TestCertificateAuthority.issueCa}. */
export interface IssueCaOptions extends IssueOptions {
  /** Short label used in URLs and key-pool labels (default `ca<n>`). */
  readonly label?: string;
  /** pathLenConstraint (default none). */
  readonly pathLen?: number;
}

/** How a revocation is recorded. */
export interface RevokeOptions {
  /** Default: two hours before the PKI's reference date. */
  readonly date?: Date;
  readonly reason?: CrlReason;
  readonly invalidityDate?: Date;
}

/** Options of {@link TestCertificateAuthority.ocsp}. */
export interface CaOcspOptions extends Omit<OcspResponseOptions, 'responses'> {
  /** Force a status instead of the one recorded by `revoke`. */
  readonly status?: CertStatusInput;
  readonly hash?: 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';
  readonly thisUpdate?: Date;
  readonly nextUpdate?: Date | null;
}

interface PkiContext {
  readonly name: string;
  readonly referenceDate: Date;
  readonly baseUrl: string;
  readonly keySpec: KeySpec;
  readonly pool: KeyPool | undefined;
  readonly policies: readonly string[];
  readonly country: string;
  readonly cas: TestCertificateAuthority[];
}

async function obtainKey(ctx: PkiContext, spec: KeySpec | undefined, label: string): Promise<TestKey> {
  const s = spec ?? ctx.keySpec;
  return ctx.pool ? ctx.pool.get(s, `${ctx.name}/${label}`) : generateKeyPair(s);
}

function mergeExtensions(...parts: (ExtensionsInput | undefined)[]): ExtensionsInput {
  const out: Record<string, unknown> = {};
  for (const p of parts) {
    if (!p) continue;
    for (const [k, v] of Object.entries(p)) {
      if (v === undefined) continue;
      if (k === 'critical') out[k] = { ...(out[k] as object | undefined), ...(v as object) };
      else if (k === 'raw') out[k] = [...((out[k] as unknown[] | undefined) ?? []), ...(v as unknown[])];
      else out[k] = v;
    }
  }
  return out as ExtensionsInput;
}

/**
 * A CA of a test PKI: its certificate and key, the URLs it publishes, the revocations it has recorded,
 * and methods to issue certificates, revoke them and produce CRLs and OCSP responses.
 *
 * @example
 * ```ts
 * import { createTestPki } from '@mutua/testkit';
 * const pki = await createTestPki();
 * const ca = pki.issuingCa;
 * const leaf = await ca.issue({ subject: { CN: 'Bob' } });
 * ca.revoke(leaf, { reason: 'keyCompromise' });
 * const crl = await ca.crl();
 * const ocsp = await ca.ocsp(leaf);
 * ```
 */
export class TestCertificateAuthority implements BuiltCertificate {
  readonly der: Uint8Array;
  readonly cert: Certificate;
  readonly key: TestKey;
  readonly name: Uint8Array;
  readonly keyIdentifier: Uint8Array;
  /** The URLs this CA's issued certificates point to. */
  readonly urls: { readonly crl: string; readonly ocsp: string; readonly caIssuers: string };
  /** Revocations recorded with {@link TestCertificateAuthority.revoke}, by serial. */
  readonly revocations = new Map<bigint, RevokedEntryInput>();
  private issued = 0;
  private crlNumber = 0n;

  /** @internal Use {@link createTestPki} or {@link TestCertificateAuthority.issueCa}. */
  constructor(
    built: BuiltCertificate,
    readonly label: string,
    private readonly ctx: PkiContext,
  ) {
    this.der = built.der;
    this.cert = built.cert;
    this.key = built.key;
    this.name = built.name;
    this.keyIdentifier = built.keyIdentifier;
    this.urls = {
      crl: `${ctx.baseUrl}/crl/${label}.crl`,
      ocsp: `${ctx.baseUrl}/ocsp/${label}`,
      caIssuers: `${ctx.baseUrl}/certs/${label}.cer`,
    };
    ctx.cas.push(this);
  }

  /** PEM text of the CA certificate. */
  pem(): string {
    return toPem(this.der);
  }

  /** The extensions this CA puts in what it issues by default (policies, CRLDP, AIA). */
  defaultExtensions(): ExtensionsInput {
    return {
      ...(this.ctx.policies.length ? { certificatePolicies: this.ctx.policies } : {}),
      crlDistributionPoints: [this.urls.crl],
      authorityInfoAccess: { ocsp: this.urls.ocsp, caIssuers: this.urls.caIssuers },
    };
  }

  /**
   * Issues an end-entity certificate. Defaults: a natural person subject, keyUsage digitalSignature +
   * nonRepudiation, the PKI's policies, CRLDP and AIA of this CA, validity from 30 days before to 335
   * days after the reference date, and a pooled key of the PKI's key spec.
   *
   * @example
   * ```ts
   * import { euLegalPerson } from '@mutua/testkit';
   * const seal = await ca.issue({ identity: euLegalPerson(), extensions: { keyUsage: ['digitalSignature'] } });
   * ```
   */
  async issue(options: IssueOptions = {}): Promise<BuiltCertificate> {
    const n = this.issued++;
    const ref = this.ctx.referenceDate.getTime();
    const subject = options.subject ??
      options.identity?.subject ?? [
        ['C', this.ctx.country],
        ['O', this.ctx.name],
        ['CN', `Test Person ${n + 1}`],
        ['GN', 'Test'],
        ['SN', `Person ${n + 1}`],
      ];
    const extensions = mergeExtensions(
      options.defaults === false
        ? undefined
        : { keyUsage: ['digitalSignature', 'nonRepudiation'], ...this.defaultExtensions() },
      options.identity?.extensions,
      options.extensions,
    );
    const key = options.key ?? (await obtainKey(this.ctx, options.keySpec, `${this.label}/ee${n}`));
    const { identity: _identity, defaults: _defaults, ...rest } = options;
    return buildCertificate({
      notBefore: new Date(ref - 30 * DAY),
      notAfter: new Date(ref + 335 * DAY),
      ...rest,
      subject,
      key,
      issuer: this,
      extensions,
    });
  }

  /**
   * Issues a subordinate CA (basicConstraints cA, keyCertSign + cRLSign, the PKI's policies, CRLDP and
   * AIA of this CA) and registers it in the PKI.
   *
   * @example
   * ```ts
   * const sub = await pki.root.issueCa({ label: 'qualified', pathLen: 0 });
   * ```
   */
  async issueCa(options: IssueCaOptions = {}): Promise<TestCertificateAuthority> {
    const label = options.label ?? `ca${this.ctx.cas.length}`;
    const ref = this.ctx.referenceDate.getTime();
    const extensions = mergeExtensions(
      options.defaults === false
        ? undefined
        : {
            basicConstraints: {
              cA: true,
              ...(options.pathLen !== undefined ? { pathLen: options.pathLen } : {}),
            },
            keyUsage: ['keyCertSign', 'cRLSign'],
            ...this.defaultExtensions(),
          },
      options.identity?.extensions,
      options.extensions,
    );
    const key = options.key ?? (await obtainKey(this.ctx, options.keySpec, label));
    const { identity: _identity, defaults: _defaults, label: _label, pathLen: _pathLen, ...rest } = options;
    const built = await buildCertificate({
      notBefore: new Date(ref - 3 * 365 * DAY),
      notAfter: new Date(ref + 7 * 365 * DAY),
      ...rest,
      subject: options.subject ??
        options.identity?.subject ?? [
          ['C', this.ctx.country],
          ['O', this.ctx.name],
          ['CN', `${this.ctx.name} ${label}`],
        ],
      key,
      issuer: this,
      extensions,
    });
    return new TestCertificateAuthority(built, label, this.ctx);
  }

  /**
   * Issues a delegated OCSP responder certificate (EKU OCSPSigning, id-pkix-ocsp-nocheck, keyUsage
   * digitalSignature), to pass as `responder` to {@link TestCertificateAuthority.ocsp}.
   *
   * @example
   * ```ts
   * const responder = await ca.issueOcspResponder();
   * const resp = await ca.ocsp(leaf, { responder });
   * ```
   */
  async issueOcspResponder(options: IssueOptions = {}): Promise<BuiltCertificate> {
    const ref = this.ctx.referenceDate.getTime();
    return this.issue({
      subject: [
        ['C', this.ctx.country],
        ['O', this.ctx.name],
        ['CN', `${this.ctx.name} ${this.label} OCSP Responder`],
      ],
      notBefore: new Date(ref - 7 * DAY),
      notAfter: new Date(ref + 30 * DAY),
      ...options,
      defaults: false,
      extensions: mergeExtensions(
        { keyUsage: ['digitalSignature'], extKeyUsage: ['OCSPSigning'], ocspNoCheck: true },
        options.extensions,
      ),
    });
  }

  /**
   * Records a revocation; later {@link TestCertificateAuthority.crl} and {@link TestCertificateAuthority.ocsp}
   * calls report it.
   *
   * @example
   * ```ts
   * ca.revoke(leaf, { date: new Date('2025-01-01T00:00:00Z'), reason: 'keyCompromise' });
   * ```
   */
  revoke(target: SerialInput, options: RevokeOptions = {}): void {
    const serial = serialOf(target);
    this.revocations.set(serial, {
      serial,
      date: wholeSeconds(options.date ?? new Date(this.ctx.referenceDate.getTime() - 2 * HOUR)),
      ...(options.reason ? { reason: options.reason } : {}),
      ...(options.invalidityDate ? { invalidityDate: options.invalidityDate } : {}),
    });
  }

  /** Forgets a recorded revocation (as after removeFromCRL). */
  unrevoke(target: SerialInput): void {
    this.revocations.delete(serialOf(target));
  }

  /**
   * A CRL of this CA listing the recorded revocations. Defaults: thisUpdate one hour before the
   * reference date, nextUpdate seven days after it, an increasing cRLNumber.
   *
   * @example
   * ```ts
   * const crl = await ca.crl();
   * const stale = await ca.crl({
   *   thisUpdate: new Date('2020-01-01T00:00:00Z'),
   *   nextUpdate: new Date('2020-01-08T00:00:00Z'),
   * });
   * ```
   */
  async crl(options: Partial<CrlOptions> = {}): Promise<BuiltCrl> {
    const ref = this.ctx.referenceDate.getTime();
    this.crlNumber += 1n;
    return buildCrl({
      thisUpdate: new Date(ref - HOUR),
      nextUpdate: new Date(ref + 7 * DAY),
      crlNumber: this.crlNumber,
      revoked: [...this.revocations.values()],
      ...options,
      issuer: options.issuer ?? this,
    });
  }

  /**
   * An OCSP response from this CA (or `responder`) about one or more certificates it issued, with the
   * status recorded by {@link TestCertificateAuthority.revoke} (or `status`). producedAt and thisUpdate
   * default to one hour before the reference date, nextUpdate to one day after it.
   *
   * @example
   * ```ts
   * const good = await ca.ocsp(leaf);
   * const unknown = await ca.ocsp(leaf, { status: 'unknown', hash: 'SHA-256', nonce: new Uint8Array([7]) });
   * ```
   */
  async ocsp(
    targets: CertificateRef | readonly CertificateRef[],
    options: CaOcspOptions = {},
  ): Promise<BuiltOcspResponse> {
    const ref = this.ctx.referenceDate.getTime();
    const list = Array.isArray(targets)
      ? (targets as readonly CertificateRef[])
      : [targets as CertificateRef];
    const { status, hash, thisUpdate, nextUpdate, ...rest } = options;
    return buildOcspResponse({
      producedAt: new Date(ref - HOUR),
      ...rest,
      responder: options.responder ?? this,
      responses: list.map((c) => {
        const serial = 'cert' in c ? c.cert.serialNumber : c.serialNumber;
        const rev = this.revocations.get(serial);
        const recorded: CertStatusInput =
          rev && rev.reason !== 'removeFromCRL'
            ? { revoked: rev.date ?? new Date(ref - 2 * HOUR), ...(rev.reason ? { reason: rev.reason } : {}) }
            : 'good';
        return {
          certificate: c,
          issuer: this,
          status: status ?? recorded,
          hash: hash ?? 'SHA-1',
          thisUpdate: thisUpdate ?? new Date(ref - HOUR),
          nextUpdate: nextUpdate === undefined ? new Date(ref + DAY) : nextUpdate,
        };
      }),
    });
  }
}

/** Options of a CA level in {@link createTestPki}. */
export interface CaLevelOptions {
  readonly subject?: NameInput;
  readonly keySpec?: KeySpec;
  readonly key?: TestKey;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  readonly pathLen?: number;
  /** Merged over the level's default extensions. */
  readonly extensions?: ExtensionsInput;
  /** Label used in URLs and key-pool labels. */
  readonly label?: string;
}

/**
 * Options of {@link createTestPki}. Everything is optional.
 *
 * Keys come from {@link keyPool} by default, labelled by PKI `name` and level: two PKIs with the same
 * name share keys (and names); give a different `name` for an independent PKI, or `pool: false` for
 * fresh keys.
 */
export interface TestPkiOptions {
  /** The time validations will be run at; validity periods, CRLs and OCSP responses are placed around it. Default: now. */
  readonly referenceDate?: Date;
  /** Organisation name used in subjects and URLs (default `Mutua Test`). */
  readonly name?: string;
  /** Country of the CA subjects (default `ES`). */
  readonly country?: string;
  /** Key type for every level (default `P-256`, fast; use `RSA-2048` for realistic chains). */
  readonly keySpec?: KeySpec;
  /** Key pool to draw from (default: the shared {@link keyPool}); `false` generates fresh keys. */
  readonly pool?: KeyPool | false;
  /** Base of the CRL/OCSP/caIssuers URLs (default `http://<name-slug>.pki.test`). */
  readonly baseUrl?: string;
  /** Policies asserted by intermediates and end entities (default `[TEST_POLICY_OID]`; `[]` for none). */
  readonly policies?: readonly string[];
  readonly root?: CaLevelOptions;
  /** Number of intermediate CAs, or their options (default 1). The last one issues the end entity. */
  readonly intermediates?: number | readonly CaLevelOptions[];
  /** Options of the default end-entity certificate. */
  readonly endEntity?: IssueOptions;
}

/**
 * A test PKI: root → intermediate(s) → end entity, with helpers to issue, revoke and publish status.
 */
export interface TestPki {
  readonly referenceDate: Date;
  readonly root: TestCertificateAuthority;
  readonly intermediates: readonly TestCertificateAuthority[];
  /** The CA that issued `endEntity` (the last intermediate, or the root when there is none). */
  readonly issuingCa: TestCertificateAuthority;
  readonly endEntity: BuiltCertificate;
  /** End entity first, root last. */
  readonly chain: readonly Certificate[];
  /** The CAs of the PKI, including those added with `issueCa`. */
  readonly cas: readonly TestCertificateAuthority[];
  /** Issues an end-entity certificate from `by` (default the issuing CA). */
  issue(options?: IssueOptions & { readonly by?: TestCertificateAuthority }): Promise<BuiltCertificate>;
  /** Records a revocation with the CA that issued `target` (found by issuer name; default the issuing CA). */
  revoke(target: CertificateRef | SerialInput, options?: RevokeOptions): void;
  /** The CA of this PKI that issued a certificate (by issuer name and key identifier), if any. */
  issuerOf(cert: CertificateRef): TestCertificateAuthority | undefined;
  /** A CRL from `ca` (default the issuing CA). */
  crl(ca?: TestCertificateAuthority, options?: Partial<CrlOptions>): Promise<BuiltCrl>;
  /** An OCSP response about `cert` from the CA that issued it. */
  ocsp(cert: CertificateRef, options?: CaOcspOptions): Promise<BuiltOcspResponse>;
  /**
   * What the PKI's URLs serve: a fresh CRL for a CRLDP URL, the CA certificate for a caIssuers URL,
   * `undefined` otherwise (OCSP URLs need a request: use `ocsp`). Handy for mocking a fetcher.
   */
  fetch(url: string): Promise<Uint8Array | undefined>;
}

function slug(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
}

/**
 * Creates a test PKI: a root, intermediates (one by default) and an end-entity certificate, all valid at
 * `referenceDate`, with policies, CRLDP and AIA URLs, and methods to issue, revoke, and produce CRLs and
 * OCSP responses.
 *
 * @example
 * ```ts
 * import { createTestPki } from '@mutua/testkit';
 * const pki = await createTestPki({ referenceDate: new Date('2025-06-01T00:00:00Z') });
 * const [leaf, ca, root] = pki.chain;
 * pki.revoke(pki.endEntity, { reason: 'keyCompromise' });
 * const crl = await pki.crl();
 * const rsa = await createTestPki({ name: 'RSA PKI', keySpec: 'RSA-2048', intermediates: 2 });
 * ```
 */
export async function createTestPki(options: TestPkiOptions = {}): Promise<TestPki> {
  const name = options.name ?? 'Mutua Test';
  const referenceDate = wholeSeconds(options.referenceDate ?? new Date());
  const ref = referenceDate.getTime();
  const ctx: PkiContext = {
    name,
    referenceDate,
    baseUrl: (options.baseUrl ?? `http://${slug(name) || 'pki'}.pki.test`).replace(/\/$/, ''),
    keySpec: options.keySpec ?? 'P-256',
    pool: options.pool === false ? undefined : (options.pool ?? keyPool),
    policies: options.policies ?? [TEST_POLICY_OID],
    country: options.country ?? 'ES',
    cas: [],
  };

  const r = options.root ?? {};
  const rootLabel = r.label ?? 'root';
  const levels: readonly CaLevelOptions[] =
    typeof options.intermediates === 'number' || options.intermediates === undefined
      ? Array.from({ length: options.intermediates ?? 1 }, () => ({}))
      : options.intermediates;
  const levelLabel = (lvl: CaLevelOptions, i: number) => lvl.label ?? `ca${i + 1}`;
  // Generate the pooled keys of every level at once (RSA generation is slow; in parallel it costs one).
  const lastLabel = levels.length ? levelLabel(levels[levels.length - 1]!, levels.length - 1) : rootLabel;
  if (ctx.pool) {
    await Promise.all([
      r.key ? undefined : obtainKey(ctx, r.keySpec, rootLabel),
      ...levels.map((l, i) => (l.key ? undefined : obtainKey(ctx, l.keySpec, levelLabel(l, i)))),
      options.endEntity?.key ? undefined : obtainKey(ctx, options.endEntity?.keySpec, `${lastLabel}/ee0`),
    ]);
  }
  const rootKey = r.key ?? (await obtainKey(ctx, r.keySpec, rootLabel));
  const rootBuilt = await buildCertificate({
    subject: r.subject ?? [
      ['C', ctx.country],
      ['O', name],
      ['CN', `${name} Root CA`],
    ],
    key: rootKey,
    notBefore: r.notBefore ?? new Date(ref - 5 * 365 * DAY),
    notAfter: r.notAfter ?? new Date(ref + 15 * 365 * DAY),
    extensions: mergeExtensions(
      {
        basicConstraints: { cA: true, ...(r.pathLen !== undefined ? { pathLen: r.pathLen } : {}) },
        keyUsage: ['keyCertSign', 'cRLSign'],
      },
      r.extensions,
    ),
  });
  const root = new TestCertificateAuthority(rootBuilt, rootLabel, ctx);

  const intermediates: TestCertificateAuthority[] = [];
  let parent = root;
  for (const [i, lvl] of levels.entries()) {
    const label = levelLabel(lvl, i);
    const ca = await parent.issueCa({
      label,
      ...(lvl.subject ? { subject: lvl.subject } : {}),
      ...(lvl.keySpec ? { keySpec: lvl.keySpec } : {}),
      ...(lvl.key ? { key: lvl.key } : {}),
      ...(lvl.pathLen !== undefined ? { pathLen: lvl.pathLen } : {}),
      ...(lvl.extensions ? { extensions: lvl.extensions } : {}),
      notBefore: lvl.notBefore ?? new Date(ref - (3 * 365 - i) * DAY),
      notAfter: lvl.notAfter ?? new Date(ref + (7 * 365 - i) * DAY),
    });
    intermediates.push(ca);
    parent = ca;
  }
  const issuingCa = parent;
  const endEntity = await issuingCa.issue(options.endEntity ?? {});

  const issuerOf = (c: CertificateRef): TestCertificateAuthority | undefined => {
    const cert = 'cert' in c ? c.cert : c;
    const aki = cert.ext.authorityKeyIdentifier?.keyIdentifier;
    return ctx.cas.find(
      (ca) => ca.cert.subject.key === cert.issuer.key && (!aki || equalBytes(aki, ca.keyIdentifier)),
    );
  };

  return {
    referenceDate,
    root,
    intermediates,
    issuingCa,
    endEntity,
    chain: [endEntity.cert, ...[...intermediates].reverse().map((c) => c.cert), root.cert],
    cas: ctx.cas,
    issue: ({ by, ...o } = {}) => (by ?? issuingCa).issue(o),
    revoke(target, o) {
      const isCert = typeof target === 'object' && ('cert' in target || 'tbsDer' in target);
      const ca = isCert ? (issuerOf(target as CertificateRef) ?? issuingCa) : issuingCa;
      ca.revoke(target as SerialInput, o);
    },
    issuerOf,
    crl: (ca, o) => (ca ?? issuingCa).crl(o),
    async ocsp(cert, o) {
      const ca = issuerOf(cert);
      if (!ca) throw new Error('ocsp: the certificate was not issued by a CA of this PKI');
      return ca.ocsp(cert, o);
    },
    async fetch(url) {
      for (const ca of ctx.cas) {
        if (url === ca.urls.crl) return (await ca.crl()).der;
        if (url === ca.urls.caIssuers) return ca.der;
      }
      return undefined;
    },
  };
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * OID of the anyPolicy policy, for `policies: [ANY_POLICY]` in test PKIs.
 *
 * @example
 * ```ts
 * import { ANY_POLICY, createTestPki } from '@mutua/testkit';
 * const pki = await createTestPki({ policies: [ANY_POLICY] });
 * ```
 */
export const ANY_POLICY: string = OID.anyPolicy;
