import { type KeyObject, generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDer } from '../src/asn1/der';
import * as w from '../src/asn1/write';
import { nodeCryptoEngine } from '../src/crypto/node-engine';
import { MutuaError } from '../src/errors';
import { checkRevocation } from '../src/revocation/check';
import { type CertificateList, parseCrl } from '../src/revocation/crl';
import { type OcspResponse, buildOcspRequest, parseOcspResponse } from '../src/revocation/ocsp';
import type { IssuerInfo, RevocationContext, RevocationStatus } from '../src/revocation/types';
import { STRICT_POLICY, type ValidationPolicy, parseValidationPolicy } from '../src/validation/policy';
import { type Certificate, parseCertificate } from '../src/x509/certificate';
import { parsePublicKeyInfo } from '../src/x509/public-key';

const dir = '/work/shared/corpus/pkits';
const TIME = new Date('2022-05-01T00:00:00Z');
const crypto = nodeCryptoEngine;

interface PkitsCase {
  id: string;
  name: string;
  cert: string;
  other_certs: string[];
  crls?: string[];
  error?: { class: string };
}

const certCache = new Map<string, Certificate>();
const crlCache = new Map<string, CertificateList>();
const loadCert = (f: string) => {
  let c = certCache.get(f);
  if (!c) {
    c = parseCertificate(readFileSync(join(dir, 'certs', f)));
    certCache.set(f, c);
  }
  return c;
};
const loadCrl = (f: string) => {
  let c = crlCache.get(f);
  if (!c) {
    c = parseCrl(readFileSync(join(dir, 'crls', f)));
    crlCache.set(f, c);
  }
  return c;
};

async function signedBy(cert: Certificate, key: Certificate): Promise<boolean> {
  const { resolveSignatureAlgorithm, UnsupportedAlgorithm } = await import('../src/crypto/algorithms');
  const scheme = resolveSignatureAlgorithm(cert.signatureAlgorithm);
  if (scheme instanceof UnsupportedAlgorithm) return false;
  const o = await crypto.verify({
    scheme,
    publicKey: key.publicKey,
    data: cert.tbsDer,
    signature: cert.signatureValue,
  });
  return o.status === 'valid';
}

/** The certificate among `pool` that issued `cert` (by name, then by signature, as a path builder would). */
async function issuerOf(cert: Certificate, pool: readonly Certificate[]): Promise<Certificate | undefined> {
  for (const c of pool) {
    if (c !== cert && c.subject.key === cert.issuer.key && (await signedBy(cert, c))) return c;
  }
  return undefined;
}

const issuerInfo = (c: Certificate): IssuerInfo => ({
  name: c.subject,
  publicKey: c.publicKey,
  certificate: c,
});

/**
 * A small stand-in for the path validator: builds the chain of `cert` to the PKITS trust anchor by
 * signature and checks the revocation of every certificate on it (signer paths recurse, bounded).
 */
class MiniValidator {
  readonly ta = loadCert('TrustAnchorRootCertificate.crt');
  readonly pool: Certificate[];
  readonly crls: CertificateList[];
  private readonly inProgress = new Set<Certificate>();

  constructor(
    c: PkitsCase,
    readonly policy: ValidationPolicy = STRICT_POLICY,
    readonly ocspResponses: OcspResponse[] = [],
  ) {
    this.pool = [...c.other_certs.map(loadCert), this.ta];
    this.crls = [...(c.crls ?? []).map(loadCrl), loadCrl('TrustAnchorRootCRL.crl')];
  }

  ctx(cert: Certificate, issuer: Certificate, depth: number): RevocationContext {
    return {
      certificate: cert,
      issuer: issuerInfo(issuer),
      time: TIME,
      crls: this.crls,
      ocspResponses: this.ocspResponses,
      certificatePool: this.pool,
      policy: this.policy,
      crypto,
      validateSignerPath: async (signer) => this.signerPath(signer, depth + 1),
    };
  }

  async signerPath(signer: Certificate, depth: number): Promise<{ ok: boolean; reason?: string }> {
    if (depth > 4) return { ok: false, reason: 'too deep' };
    if (this.inProgress.has(signer)) return { ok: false, reason: 'circular' };
    this.inProgress.add(signer);
    try {
      const results = await this.chain(signer, depth);
      const bad = results.find((r) => r.status.status !== 'good');
      return bad ? { ok: false, reason: `${bad.cert.subject.text}: ${bad.status.status}` } : { ok: true };
    } finally {
      this.inProgress.delete(signer);
    }
  }

  /** Revocation status of every certificate from `cert` up to (not including) the trust anchor. */
  async chain(cert: Certificate, depth = 0): Promise<{ cert: Certificate; status: RevocationStatus }[]> {
    const out: { cert: Certificate; status: RevocationStatus }[] = [];
    let cur = cert;
    for (let i = 0; i < 6 && cur !== this.ta; i++) {
      const issuer = await issuerOf(cur, this.pool);
      if (!issuer) throw new Error(`no issuer for ${cur.subject.text}`);
      out.push({ cert: cur, status: await checkRevocation(this.ctx(cur, issuer, depth)) });
      cur = issuer;
    }
    return out;
  }
}

/** Summarises a chain like a path validator would: any revoked wins, then any unknown. */
function summarise(results: { status: RevocationStatus }[]): {
  status: string;
  problem?: string;
  notes: string[];
} {
  const notes = results.flatMap((r) => r.status.notes);
  const revoked = results.find((r) => r.status.status === 'revoked');
  if (revoked) return { status: 'revoked', notes };
  const unknown = results.find((r) => r.status.status === 'unknown');
  if (unknown && unknown.status.status === 'unknown')
    return { status: 'unknown', problem: unknown.status.problem, notes };
  return { status: 'good', notes };
}

const REVOCATION_SECTIONS = /^(404|405|414|415)/;
/** Revocation-related cases of other sections, and 4.1.1 as the plain "GoodCA" case. */
const EXTRA_IDS = new Set(['40101', '40703', '40704', '40705']);

const haveCorpus = existsSync(join(dir, 'pkits.json'));
if (!haveCorpus) console.warn(`revocation.test: PKITS corpus not found at ${dir}; PKITS tests skipped`);

describe.skipIf(!haveCorpus)('checkRevocation on NIST PKITS', () => {
  const cases: PkitsCase[] = haveCorpus ? JSON.parse(readFileSync(join(dir, 'pkits.json'), 'utf8')) : [];
  const selected = cases.filter(
    (c) =>
      (REVOCATION_SECTIONS.test(c.id) || EXTRA_IDS.has(c.id)) && c.error?.class !== 'PathValidationError',
  );

  it('selects the revocation cases', () => {
    expect(selected.length).toBeGreaterThan(60);
  });

  for (const c of selected) {
    const expected = c.error?.class ?? 'OK';
    it(`${c.id} ${c.name} → ${expected}`, async () => {
      const v = new MiniValidator(c);
      const r = summarise(await v.chain(loadCert(c.cert)));
      const detail = `${r.status}${r.problem ? `/${r.problem}` : ''}\n  ${r.notes.join('\n  ')}`;
      switch (expected) {
        case 'OK':
          expect(r.status, detail).toBe('good');
          break;
        case 'RevokedError':
          expect(r.status, detail).toBe('revoked');
          break;
        case 'InsufficientRevinfoError':
          expect(r.status, detail).toBe('unknown');
          // 4.15.10: the complete CRL is past its nextUpdate and the current delta needs a newer base CRL
          // that is not available: the evidence is missing (no-info), not merely old.
          expect(r.problem, detail).toBe('no-info');
          break;
        case 'StaleRevinfoError':
          expect(r.status, detail).toBe('unknown');
          expect(r.problem, detail).toBe('stale');
          break;
        default:
          throw new Error(`unexpected class ${expected}`);
      }
    });
  }

  it('reports the revocation date and reason of InvalidRevokedEETest3', async () => {
    const ee = loadCert('InvalidRevokedEETest3EE.crt');
    const v = new MiniValidator({
      id: '40403',
      name: '',
      cert: '',
      other_certs: ['GoodCACert.crt'],
      crls: ['GoodCACRL.crl'],
    });
    const s = await checkRevocation(v.ctx(ee, loadCert('GoodCACert.crt'), 0));
    expect(s.status).toBe('revoked');
    if (s.status !== 'revoked') return;
    expect(s.revocationDate.toISOString()).toBe('2010-01-01T08:30:01.000Z');
    expect(s.reason).toBe('keyCompromise');
    expect(s.sources[0]?.type).toBe('crl');
    expect(s.notes.join('\n')).toMatch(/revoked on 2010-01-01T08:30:01Z/);
  });

  it('treats a revocation dated after the validation time as not yet revoked', async () => {
    const ee = loadCert('InvalidRevokedEETest3EE.crt');
    const ca = loadCert('GoodCACert.crt');
    const v = new MiniValidator({
      id: '',
      name: '',
      cert: '',
      other_certs: ['GoodCACert.crt'],
      crls: ['GoodCACRL.crl'],
    });
    // Between the CRL's thisUpdate (2010-01-01 08:30:00) and the revocation date (08:30:01).
    const ctx = { ...v.ctx(ee, ca, 0), time: new Date('2010-01-01T08:30:00.500Z') };
    const s = await checkRevocation(ctx);
    expect(s.status).toBe('good');
    expect(s.notes.join('\n')).toMatch(/after the validation time/);
  });

  it('does not use a CRL issued after the validation time to say good', async () => {
    const ee = loadCert('ValidCertificatePathTest1EE.crt');
    const v = new MiniValidator({
      id: '',
      name: '',
      cert: '',
      other_certs: ['GoodCACert.crt'],
      crls: ['GoodCACRL.crl'],
    });
    const ctx = { ...v.ctx(ee, loadCert('GoodCACert.crt'), 0), time: new Date('2009-06-01T00:00:00Z') };
    const s = await checkRevocation(ctx);
    expect(s.status).toBe('unknown');
  });

  it('applies policy maxAgeSeconds', async () => {
    const ee = loadCert('ValidCertificatePathTest1EE.crt');
    const c: PkitsCase = {
      id: '',
      name: '',
      cert: '',
      other_certs: ['GoodCACert.crt'],
      crls: ['GoodCACRL.crl'],
    };
    const strictAge = parseValidationPolicy({ version: 1, name: 't', revocation: { maxAgeSeconds: 86400 } });
    const s = await checkRevocation(new MiniValidator(c, strictAge).ctx(ee, loadCert('GoodCACert.crt'), 0));
    expect(s.status === 'unknown' && s.problem).toBe('stale');
    // A stale CRL still proves a (non-hold) revocation that happened before the validation time.
    const revoked = loadCert('InvalidRevokedEETest3EE.crt');
    const r = await checkRevocation(
      new MiniValidator(c, strictAge).ctx(revoked, loadCert('GoodCACert.crt'), 0),
    );
    expect(r.status).toBe('revoked');
  });

  it('with no CRL at all says unknown/no-info', async () => {
    const ee = loadCert('InvalidMissingCRLTest1EE.crt');
    const v = new MiniValidator({ id: '', name: '', cert: '', other_certs: ['NoCRLCACert.crt'], crls: [] });
    const s = await checkRevocation({ ...v.ctx(ee, loadCert('NoCRLCACert.crt'), 0), crls: [] });
    expect(s).toMatchObject({ status: 'unknown', problem: 'no-info' });
    expect(s.notes.length).toBeGreaterThan(0);
  });

  it('finds entries in the indirect CRL with certificateIssuer carried over (RFC 5280 §5.3.3)', () => {
    const crl = loadCrl('indirectCRLCA5CRL.crl');
    const entries = crl.revokedCertificates;
    expect(crl.hasCertificateIssuerEntries).toBe(true);
    expect(crl.issuingDistributionPoint?.indirectCRL).toBe(true);
    const issuerOfEntry = (hex: string) => {
      const e = entries.find((x) => x.serialHex === hex);
      const g = e?.certificateIssuer?.[0];
      return g?.type === 'directoryName' ? g.value.text : 'CRL issuer';
    };
    expect(issuerOfEntry('01')).toBe('CRL issuer');
    expect(issuerOfEntry('03')).toMatch(/indirectCRL CA6/);
    expect(issuerOfEntry('07')).toMatch(/indirectCRL CA7/);
    expect(issuerOfEntry('0b')).toMatch(/OU=indirectCRL CA5/);
  });

  it('parses delta CRL fields', () => {
    const delta = loadCrl('deltaCRLCA1deltaCRL.crl');
    const base = loadCrl('deltaCRLCA1CRL.crl');
    expect(delta.deltaCRLIndicator).toBe(1n);
    expect(delta.crlNumber).toBe(5n);
    expect(base.freshestCRL?.length).toBe(1);
    expect(delta.findRevoked('04')[0]?.reasonCode).toBe('removeFromCRL');
    expect(base.findRevoked('04')[0]?.reasonCode).toBe('certificateHold');
    expect(base.authorityKeyIdentifier?.keyIdentifier?.length).toBe(20);
  });

  it('flags unknown critical extensions', () => {
    expect(loadCrl('UnknownCRLExtensionCACRL.crl').hasUnknownCriticalExtension).toBe(true);
    expect(loadCrl('UnknownCRLEntryExtensionCACRL.crl').hasUnknownCriticalEntryExtension).toBe(true);
    expect(loadCrl('GoodCACRL.crl').hasUnknownCriticalExtension).toBe(false);
  });
});

// -------------------------------------------------------------------------------------------------
// OCSP, with responses built and signed here (no PKITS data needed)
// -------------------------------------------------------------------------------------------------

const enc = new TextEncoder();
const dn = (cn: string) => w.seq(w.set(w.seq(w.oid('2.5.4.3'), w.utf8(cn))));

/** A bare certificate whose only use is to be checked (its own signature is never verified here). */
function makeCert(serial: bigint, issuerDer: Uint8Array, spki: Uint8Array): Certificate {
  const alg = w.seq(w.oid('1.2.840.10045.4.3.2'));
  const validity = w.seq(
    w.generalizedTime(new Date('2020-01-01Z')),
    w.generalizedTime(new Date('2030-01-01Z')),
  );
  const tbs = w.seq(w.ctx(0, w.int(2)), w.int(serial), alg, issuerDer, validity, dn('Subject'), spki);
  return parseCertificate(w.seq(tbs, alg, w.bits(new Uint8Array(64))));
}

interface OcspFixture {
  issuer: IssuerInfo;
  cert: Certificate;
  response(opts: {
    status?: 'good' | 'revoked' | 'unknown';
    revokedAt?: Date;
    thisUpdate?: Date;
    nextUpdate?: Date;
    serial?: bigint;
    corruptSignature?: boolean;
    byKey?: boolean;
    /** Sign with a delegated responder certificate issued by the CA (with or without id-kp-OCSPSigning). */
    delegated?: { eku: boolean };
  }): OcspResponse;
}

async function ocspFixture(): Promise<OcspFixture> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }));
  const issuerNameDer = dn('OCSP Test CA');
  const issuerName = parseCertificate(makeCertDer(issuerNameDer)).issuer;
  const pk = parsePublicKeyInfo(parseDer(spki));
  const issuer: IssuerInfo = { name: issuerName, publicKey: pk };
  const cert = makeCert(0x1234n, issuerNameDer, spki);
  const nameHash = await crypto.digest('SHA-1', issuerNameDer);
  const keyHash = await crypto.digest('SHA-1', pk.publicKey);
  return {
    issuer,
    cert,
    response(o) {
      const certId = w.seq(
        w.seq(w.oid('1.3.14.3.2.26'), w.nul()),
        w.octets(nameHash),
        w.octets(keyHash),
        w.int(o.serial ?? 0x1234n),
      );
      const status =
        o.status === 'revoked'
          ? w.implicitConstructed(
              1,
              w.seq(w.generalizedTime(o.revokedAt ?? new Date('2021-01-01Z')), w.ctx(0, w.enumerated(1))),
            )
          : o.status === 'unknown'
            ? w.ctxPrim(2, new Uint8Array())
            : w.ctxPrim(0, new Uint8Array());
      const single = w.seq(
        certId,
        status,
        w.generalizedTime(o.thisUpdate ?? new Date('2022-04-30T00:00:00Z')),
        o.nextUpdate === undefined
          ? w.ctx(0, w.generalizedTime(new Date('2022-05-07T00:00:00Z')))
          : w.ctx(0, w.generalizedTime(o.nextUpdate)),
      );
      const delegate = o.delegated
        ? makeResponderCert(issuerNameDer, privateKey, o.delegated.eku)
        : undefined;
      const responder = delegate
        ? w.ctx(1, dn('OCSP Responder'))
        : o.byKey
          ? w.ctx(2, w.octets(keyHash))
          : w.ctx(1, issuerNameDer);
      const nonce = w.seq(w.seq(w.oid('1.3.6.1.5.5.7.48.1.2'), w.octets(w.octets(enc.encode('nonce')))));
      const tbs = w.seq(
        responder,
        w.generalizedTime(new Date('2022-04-30T00:00:00Z')),
        w.seq(single),
        w.ctx(1, nonce),
      );
      const sig = new Uint8Array(nodeSign('sha256', tbs, delegate?.privateKey ?? privateKey));
      if (o.corruptSignature) sig[sig.length - 3]! ^= 1;
      const certs = delegate ? w.ctx(0, w.seq(delegate.der)) : undefined;
      const basic = w.seq(tbs, w.seq(w.oid('1.2.840.10045.4.3.2')), w.bits(sig), certs);
      const der = w.seq(w.enumerated(0), w.ctx(0, w.seq(w.oid('1.3.6.1.5.5.7.48.1.1'), w.octets(basic))));
      return parseOcspResponse(der);
    },
  };
}

/** A delegated OCSP responder certificate, really signed by the CA's key. */
function makeResponderCert(
  issuerDer: Uint8Array,
  caKey: KeyObject,
  eku: boolean,
): { der: Uint8Array; privateKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }));
  const alg = w.seq(w.oid('1.2.840.10045.4.3.2'));
  const validity = w.seq(
    w.generalizedTime(new Date('2020-01-01Z')),
    w.generalizedTime(new Date('2030-01-01Z')),
  );
  const ekuExt = w.seq(
    w.oid('2.5.29.37'),
    w.octets(w.seq(w.oid(eku ? '1.3.6.1.5.5.7.3.9' : '1.3.6.1.5.5.7.3.2'))),
  );
  const tbs = w.seq(
    w.ctx(0, w.int(2)),
    w.int(77n),
    alg,
    issuerDer,
    validity,
    dn('OCSP Responder'),
    spki,
    w.ctx(3, w.seq(ekuExt)),
  );
  const sig = new Uint8Array(nodeSign('sha256', tbs, caKey));
  return { der: w.seq(tbs, alg, w.bits(sig)), privateKey };
}

function makeCertDer(issuerDer: Uint8Array): Uint8Array {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }));
  return makeCert(1n, issuerDer, spki).der;
}

function ocspCtx(
  f: OcspFixture,
  responses: OcspResponse[],
  policy: ValidationPolicy = STRICT_POLICY,
): RevocationContext {
  return {
    certificate: f.cert,
    issuer: f.issuer,
    time: TIME,
    crls: [],
    ocspResponses: responses,
    certificatePool: [],
    policy,
    crypto,
    validateSignerPath: async () => ({ ok: false, reason: 'not expected' }),
  };
}

describe('OCSP', () => {
  it('parses a response', async () => {
    const f = await ocspFixture();
    const r = f.response({});
    expect(r.responseStatus).toBe('successful');
    expect(r.basic?.responses[0]?.certId.serialHex).toBe('1234');
    expect(r.basic?.responderId.type).toBe('byName');
    expect(new TextDecoder().decode(r.basic?.nonce)).toBe('nonce');
  });

  it('parses non-successful statuses', () => {
    expect(parseOcspResponse(w.seq(w.enumerated(3))).responseStatus).toBe('tryLater');
  });

  it('good, signed by the issuer (byName and byKey)', async () => {
    const f = await ocspFixture();
    for (const byKey of [false, true]) {
      const s = await checkRevocation(ocspCtx(f, [f.response({ byKey })]));
      expect(s.status, s.notes.join('\n')).toBe('good');
      expect(s.sources[0]?.type).toBe('ocsp');
    }
  });

  it('revoked', async () => {
    const f = await ocspFixture();
    const s = await checkRevocation(ocspCtx(f, [f.response({}), f.response({ status: 'revoked' })]));
    expect(s).toMatchObject({ status: 'revoked', reason: 'keyCompromise' });
  });

  it('revoked after the validation time is good at the validation time', async () => {
    const f = await ocspFixture();
    const s = await checkRevocation(
      ocspCtx(f, [f.response({ status: 'revoked', revokedAt: new Date('2022-06-01Z') })]),
    );
    expect(s.status).toBe('good');
  });

  it('unknown', async () => {
    const f = await ocspFixture();
    const s = await checkRevocation(ocspCtx(f, [f.response({ status: 'unknown' })]));
    expect(s).toMatchObject({ status: 'unknown', problem: 'unknown-ocsp' });
  });

  it('rejects a bad signature, another serial and stale responses', async () => {
    const f = await ocspFixture();
    const bad = await checkRevocation(
      ocspCtx(f, [f.response({ corruptSignature: true, status: 'revoked' })]),
    );
    expect(bad).toMatchObject({ status: 'unknown', problem: 'no-info' });
    expect(bad.notes.join('\n')).toMatch(/signature/);
    const other = await checkRevocation(ocspCtx(f, [f.response({ serial: 99n })]));
    expect(other).toMatchObject({ status: 'unknown', problem: 'no-info' });
    const stale = await checkRevocation(
      ocspCtx(f, [f.response({ thisUpdate: new Date('2022-01-01Z'), nextUpdate: new Date('2022-01-08Z') })]),
    );
    expect(stale).toMatchObject({ status: 'unknown', problem: 'stale' });
    const future = await checkRevocation(ocspCtx(f, [f.response({ thisUpdate: new Date('2022-05-02Z') })]));
    expect(future.status).toBe('unknown');
  });

  it('accepts a delegated responder issued by the CA with id-kp-OCSPSigning, and only that', async () => {
    const f = await ocspFixture();
    const seen: string[] = [];
    const ctx = (r: OcspResponse): RevocationContext => ({
      ...ocspCtx(f, [r]),
      validateSignerPath: async (signer, purpose) => {
        seen.push(`${purpose}:${signer.subject.text}`);
        return { ok: true };
      },
    });
    const ok = await checkRevocation(ctx(f.response({ delegated: { eku: true }, status: 'revoked' })));
    expect(ok.status, ok.notes.join('\n')).toBe('revoked');
    expect(seen).toEqual(['ocsp:CN=OCSP Responder']);
    const noEku = await checkRevocation(ctx(f.response({ delegated: { eku: false }, status: 'revoked' })));
    expect(noEku.status).toBe('unknown');
    expect(noEku.notes.join('\n')).toMatch(/OCSPSigning/);
  });

  it('builds a request', async () => {
    const f = await ocspFixture();
    const req = await buildOcspRequest(crypto, f.cert, f.issuer, { nonce: enc.encode('n') });
    expect(parseDer(req).constructed).toBe(true);
  });
});

// -------------------------------------------------------------------------------------------------
// Robustness: malformed input only ever throws MutuaError subclasses
// -------------------------------------------------------------------------------------------------

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function mutations(seed: Uint8Array, n: number, random: () => number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const m = seed.slice();
    const kind = i % 4;
    if (kind === 0) out.push(seed.subarray(0, Math.floor(random() * seed.length)));
    else if (kind === 1) {
      for (let k = 0; k < 1 + Math.floor(random() * 4); k++)
        m[Math.floor(random() * m.length)] = Math.floor(random() * 256);
      out.push(m);
    } else if (kind === 2) {
      const p = Math.floor(random() * m.length);
      m[p] = m[p]! ^ (1 << Math.floor(random() * 8));
      out.push(m);
    } else
      out.push(Uint8Array.from({ length: Math.floor(random() * 200) }, () => Math.floor(random() * 256)));
  }
  return out;
}

function expectOnlyMutuaErrors(parse: () => void): void {
  try {
    parse();
  } catch (e) {
    if (!(e instanceof MutuaError)) throw new Error(`non-Mutua error: ${(e as Error)?.stack ?? String(e)}`);
  }
}

describe('parsers on malformed input', () => {
  const random = rng(42);
  const crlSeeds: Uint8Array[] = haveCorpus
    ? [
        'GoodCACRL.crl',
        'indirectCRLCA5CRL.crl',
        'deltaCRLCA1deltaCRL.crl',
        'distributionPoint2CACRL.crl',
        'UnknownCRLEntryExtensionCACRL.crl',
      ].map((f) => readFileSync(join(dir, 'crls', f)))
    : [];

  it.skipIf(!haveCorpus)('parseCrl throws only MutuaError', () => {
    for (const seed of crlSeeds) {
      for (const m of mutations(new Uint8Array(seed), 400, random)) {
        expectOnlyMutuaErrors(() => {
          const crl = parseCrl(m);
          void crl.revokedCertificates;
          crl.findRevoked('02');
        });
      }
    }
  });

  it('parseOcspResponse throws only MutuaError', async () => {
    const f = await ocspFixture();
    const seeds = [
      f.response({}).der,
      f.response({ status: 'revoked' }).der,
      f.response({ status: 'unknown', byKey: true }).der,
    ];
    for (const seed of seeds) {
      for (const m of mutations(seed, 600, random)) expectOnlyMutuaErrors(() => parseOcspResponse(m));
    }
  });
});

describe.skipIf(!haveCorpus)('large CRLs', () => {
  // Speed is measured in `pnpm bench`, never asserted here.
  it('indexes a CRL with 100 000 entries and finds an entry by serial', () => {
    const base = readFileSync(join(dir, 'crls', 'GoodCACRL.crl'));
    const src = parseCrl(base);
    const entries: Uint8Array[] = [];
    for (let i = 1; i <= 100_000; i++) {
      entries.push(
        w.seq(
          w.int(BigInt(i) * 7919n),
          w.time(new Date('2015-01-01Z')),
          w.seq(w.seq(w.oid('2.5.29.21'), w.octets(w.enumerated(1)))),
        ),
      );
    }
    const tbs = w.seq(
      w.int(1),
      src.tbsSignatureAlgorithm.der,
      src.issuer.der,
      w.time(src.thisUpdate),
      w.time(src.nextUpdate!),
      w.seq(...entries),
    );
    const der = w.seq(tbs, src.signatureAlgorithm.der, w.bits(src.signatureValue));
    const crl = parseCrl(der);
    const hit = crl.findRevoked(
      (7919n * 500n)
        .toString(16)
        .padStart(2, '0')
        .replace(/^(.(..)*)$/, '0$1'),
    );
    expect(crl.revokedCount).toBe(100_000);
    expect(hit[0]?.serialNumber).toBe(7919n * 500n);
  });
});
