import { MutuaError, OID_BY_HASH, der } from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';
import { describe, expect, it } from 'vitest';
import { createPolicyStore, parseLpa, parseLpaXml, parseSignaturePolicy, policyDigest } from '../src';

const gt = (iso: string) => der.generalizedTime(new Date(iso));
const sha256 = OID_BY_HASH['SHA-256'];
const otherHash = (value: Uint8Array, oid = sha256) => der.seq(der.seq(der.oid(oid)), der.octets(value));

function v2Entry(oid: string, digest: Uint8Array, revoked?: string): Uint8Array {
  return der.seq(
    der.seq(gt('2018-05-14T00:00:00Z'), gt('2029-03-02T00:00:00Z')),
    ...(revoked ? [gt(revoked)] : []),
    der.oid(oid),
    der.ia5(`http://politicas.example/${oid}.der`),
    otherHash(digest),
  );
}

/** A minimal but complete ICP-Brasil-shaped policy, with a trust point and algorithm constraints. */
function policy(opts: { trustCert?: Uint8Array; withHash?: boolean } = {}): Uint8Array {
  const signerRules = der.seq(
    der.seq(der.oid('1.2.840.113549.1.9.3'), der.oid('1.2.840.113549.1.9.4')),
    der.seq(der.oid('1.2.840.113549.1.9.16.2.14')),
    der.ctx(1, der.enumerated(1)),
  );
  const trust = opts.trustCert
    ? [der.ctx(1, der.seq(der.seq(der.seq(opts.trustCert, der.ctx(0, der.int(3)))), der.seq()))]
    : [];
  const rules = der.seq(
    der.ctx(0, der.seq(signerRules, der.seq(der.seq()))),
    ...trust,
    der.ctx(2, der.seq()),
    der.ctx(4, der.seq(der.ctx(0, der.seq(der.seq(der.oid('1.2.840.10045.4.3.2'), der.int(256)))))),
  );
  const info = der.seq(
    der.oid('2.16.76.1.7.1.1.2.3'),
    gt('2018-05-14T00:00:00Z'),
    der.seq(der.ctx(4, der.seq(der.set(der.seq(der.oid('2.5.4.10'), der.utf8('ICP-Brasil')))))),
    der.utf8('Test policy'),
    der.seq(
      der.seq(gt('2018-05-14T00:00:00Z'), gt('2029-03-02T00:00:00Z')),
      rules,
      der.seq(der.seq(der.seq(der.seq(der.oid('1.2.840.113549.1.9.16.6.1'))))),
    ),
  );
  return der.seq(der.seq(der.oid(sha256)), info, ...(opts.withHash ? [der.octets(new Uint8Array(32))] : []));
}

function expectMutuaError(f: () => unknown): MutuaError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(MutuaError);
    return e as MutuaError;
  }
  throw new Error('expected a MutuaError');
}

describe('parseLpa', () => {
  it('reads a v2 list with revocation dates and a version', () => {
    const lpa = parseLpa(
      der.seq(
        der.int(2),
        der.seq(
          v2Entry('2.16.76.1.7.1.1.1', new Uint8Array(32).fill(1)),
          v2Entry('2.16.76.1.7.1.1.2', new Uint8Array(32).fill(2), '2020-01-01T00:00:00Z'),
        ),
        gt('2025-09-10T00:00:00Z'),
      ),
    );
    expect(lpa.format).toBe('v2');
    expect(lpa.version).toBe(2);
    expect(lpa.entries).toHaveLength(2);
    expect(lpa.entries[1]?.revocationDate).toEqual(new Date('2020-01-01T00:00:00Z'));
    expect(lpa.entries[0]?.policyUri).toBe('http://politicas.example/2.16.76.1.7.1.1.1.der');
    expect(lpa.entries[0]?.signingPeriod.notAfter).toEqual(new Date('2029-03-02T00:00:00Z'));
  });

  it('reads a v1 list (name, field of application, per-rendition URIs and digests)', () => {
    const entry = der.seq(
      der.printable('POLITICA X'),
      der.utf8('Uso geral'),
      der.seq(gt('2008-10-31T00:00:00Z')),
      der.seq(
        der.ctxPrim(0, new TextEncoder().encode('http://p.example')),
        der.ctxPrim(1, new TextEncoder().encode('http://p.example/X.der')),
      ),
      der.seq(
        der.ctx(0, otherHash(new Uint8Array(20), OID_BY_HASH['SHA-1'])),
        der.ctx(1, otherHash(new Uint8Array(20).fill(9), OID_BY_HASH['SHA-1'])),
      ),
    );
    const lpa = parseLpa(der.seq(der.seq(entry), gt('2016-06-01T00:00:00Z')));
    expect(lpa.format).toBe('v1');
    const e = lpa.entries[0]!;
    expect(e.policyOid).toBeUndefined();
    expect(e.name).toBe('POLITICA X');
    expect(e.fieldOfApplication).toBe('Uso geral');
    expect(e.policyUri).toBe('http://p.example/X.der');
    expect(e.uris.txt).toBe('http://p.example');
    expect(e.digests.map((d) => [d.format, d.hash])).toEqual([
      ['txt', 'SHA-1'],
      ['der', 'SHA-1'],
    ]);
    expect(e.signingPeriod.notAfter).toBeUndefined();
    // v1 entries have no OID, so a store takes none of them.
    expect(createPolicyStore().addLpa(lpa, 'v1')).toBe(0);
  });

  it.each([
    ['not DER', new Uint8Array([0x30, 0x85, 1])],
    ['empty', new Uint8Array(0)],
    ['not a SEQUENCE', der.int(1)],
    ['no policyInfos', der.seq()],
    ['policyInfos not a SEQUENCE', der.seq(der.int(1), der.int(2))],
    [
      'entry without a digest',
      der.seq(der.seq(der.seq(der.seq(gt('2018-01-01T00:00:00Z')), der.oid('1.2')))),
    ],
    [
      'entry without a signing period',
      der.seq(der.seq(der.seq(der.oid('1.2'), otherHash(new Uint8Array(1))))),
    ],
    ['unexpected field', der.seq(der.seq(der.seq(der.bool(true))))],
    ['bad time', der.seq(der.seq(der.seq(der.seq(der.ia5('yesterday')), otherHash(new Uint8Array(1)))))],
    ['trailing bytes', new Uint8Array([...der.seq(der.seq()), 0])],
  ])('fails with a MutuaError on %s', (_name, bytes) => {
    expectMutuaError(() => parseLpa(bytes));
  });
});

describe('parseSignaturePolicy', () => {
  it('extracts the policy rules', () => {
    const cert = der.seq(der.int(1), der.utf8('not really a certificate'));
    const doc = parseSignaturePolicy(policy({ trustCert: cert, withHash: true }));
    expect(doc.policyOid).toBe('2.16.76.1.7.1.1.2.3');
    expect(doc.hash).toBe('SHA-256');
    expect(doc.dateOfIssue).toEqual(new Date('2018-05-14T00:00:00Z'));
    expect(doc.issuerName).toContain('ICP-Brasil');
    expect(doc.fieldOfApplication).toBe('Test policy');
    expect(doc.commonRules.mandatedSignedAttributes).toEqual([
      '1.2.840.113549.1.9.3',
      '1.2.840.113549.1.9.4',
    ]);
    expect(doc.commonRules.mandatedUnsignedAttributes).toEqual(['1.2.840.113549.1.9.16.2.14']);
    expect(doc.commonRules.verifierMandatedUnsignedAttributes).toEqual([]);
    expect(doc.commonRules.mandatedCertificateInfo).toBe(1);
    expect(doc.commonRules.signerTrustPoints).toEqual([
      { certificate: cert, pathLengthConstraint: 3, acceptablePolicies: undefined },
    ]);
    expect(doc.commonRules.timeStampTrustPoints).toEqual([]);
    expect(doc.commonRules.algorithmConstraints).toEqual({
      signer: [{ algorithm: '1.2.840.10045.4.3.2', minKeyLength: 256 }],
    });
    expect(doc.commitmentRules[0]?.commitmentTypes).toEqual(['1.2.840.113549.1.9.16.6.1']);
    expect(doc.signPolicyHash).toEqual(new Uint8Array(32));
    expect(doc.notes).toEqual([]);
  });

  it('computes the digest over the file, signPolicyInfo, or hash alg + info', async () => {
    const bytes = policy();
    const doc = parseSignaturePolicy(bytes);
    const whole = await policyDigest(doc, 'SHA-256', nodeCryptoEngine);
    expect(whole).toEqual(await nodeCryptoEngine.digest('SHA-256', bytes));
    expect(await policyDigest(bytes, 'SHA-256', nodeCryptoEngine)).toEqual(whole);
    const info = await policyDigest(doc, 'SHA-256', nodeCryptoEngine, { over: 'signPolicyInfo' });
    const input = await policyDigest(doc, 'SHA-256', nodeCryptoEngine, { over: 'signPolicyHashInput' });
    expect(info).not.toEqual(whole);
    const header = bytes[1]! & 0x80 ? 2 + (bytes[1]! & 0x7f) : 2; // no signPolicyHash: alg + info is the content
    expect(input).toEqual(await nodeCryptoEngine.digest('SHA-256', bytes.subarray(header)));
  });

  it('fails with a MutuaError on every truncation and on structural damage', () => {
    const good = policy({ trustCert: der.seq(der.int(1)), withHash: true });
    for (let n = 0; n < good.length; n += 7)
      expectMutuaError(() => parseSignaturePolicy(good.subarray(0, n)));
    expect(expectMutuaError(() => parseSignaturePolicy(der.seq(der.seq(der.oid(sha256))))).code).toBe(
      'MISSING_FIELD',
    );
    expectMutuaError(() => parseSignaturePolicy(der.seq(der.seq(der.int(1)), der.seq())));
    expectMutuaError(() =>
      parseSignaturePolicy(
        der.seq(der.seq(der.oid(sha256)), der.seq(der.oid('1.2'), der.utf8('not a date'))),
      ),
    );
  });

  it('never throws anything but a MutuaError when bytes are flipped', () => {
    const good = policy({ trustCert: der.seq(der.int(1)), withHash: true });
    for (let i = 0; i < good.length; i++) {
      const bad = good.slice();
      bad[i] = bad[i]! ^ 0x5a;
      try {
        parseSignaturePolicy(bad);
      } catch (e) {
        expect(e, `byte ${i}`).toBeInstanceOf(MutuaError);
      }
      try {
        parseLpa(bad);
      } catch (e) {
        expect(e, `byte ${i}`).toBeInstanceOf(MutuaError);
      }
    }
  });
});

describe('PolicyStore', () => {
  const d1 = new Uint8Array(32).fill(1);
  const d2 = new Uint8Array(32).fill(2);

  it('keeps historical digests per OID and says which source a match came from', () => {
    const store = createPolicyStore();
    store.add('1.2.3', { digests: [{ hash: 'SHA-256', value: d1 }], source: 'old' });
    store.add('1.2.3', { digests: [{ hash: 'SHA-256', value: d2 }], source: 'new' });
    store.add('1.2.3', { digests: [{ hash: 'SHA-256', value: d1 }], source: 'again' }); // duplicate merged
    expect(store.get('1.2.3')?.digests).toHaveLength(2);
    expect(store.get('1.2.3')?.sources).toEqual(['old', 'new', 'again']);
    const a = store.lookup('1.2.3', 'SHA-256', d1);
    expect(a.status === 'match' && a.source).toBe('old');
    const b = store.lookup('1.2.3', 'SHA-256', d2);
    expect(b.status === 'match' && b.source).toBe('new');
    const c = store.lookup('1.2.3', 'SHA-1', new Uint8Array(20));
    expect(c.status === 'mismatch' && c.reason).toBe('no-digest-for-hash');
    expect(store.lookup('1.2.3', 'SHA-256', new Uint8Array(31)).status).toBe('mismatch');
    expect(store.lookup('9.9', 'SHA-256', d1)).toEqual({ status: 'unknown', oid: '9.9' });
    expect(store.oids()).toEqual(['1.2.3']);
  });

  it('loads an LPA and keeps the document when one is added', async () => {
    const bytes = policy();
    const doc = parseSignaturePolicy(bytes);
    const digest = await policyDigest(doc, 'SHA-256', nodeCryptoEngine);
    const lpa = parseLpa(der.seq(der.seq(v2Entry(doc.policyOid, digest)), gt('2025-09-10T00:00:00Z')));
    const store = createPolicyStore();
    expect(store.addLpa(lpa, 'LPA_CAdES.der')).toBe(1);
    store.add(doc.policyOid, { digests: [], document: doc, source: 'file' });
    const r = store.lookup(doc.policyOid, 'SHA-256', digest);
    expect(r.status).toBe('match');
    if (r.status === 'match') {
      expect(r.source).toBe('LPA_CAdES.der');
      expect(r.record.document?.policyOid).toBe(doc.policyOid);
      expect(r.record.signingPeriod?.notAfter).toEqual(new Date('2029-03-02T00:00:00Z'));
      expect(r.record.uri).toContain(doc.policyOid);
    }
  });

  it('copies digests so a caller mutating its array cannot change the store', () => {
    const store = createPolicyStore();
    const v = new Uint8Array(32).fill(3);
    store.add('1.2', { digests: [{ hash: 'SHA-256', value: v }], source: 's' });
    v[0] = 0;
    expect(store.lookup('1.2', 'SHA-256', new Uint8Array(32).fill(3)).status).toBe('match');
  });
});

describe('parseLpaXml', () => {
  const info = (digest: string, extra = '') =>
    `<PolicyInfo><SigningPeriod><NotBefore>2012-01-01T00:00:00Z</NotBefore></SigningPeriod>${extra}` +
    '<XAdES:Identifier Qualifier="OIDAsURN">urn:oid:1.2.3</XAdES:Identifier><PolicyDigestAndURI>' +
    '<PolicyURI>http://p.example/a.xml</PolicyURI><PolicyDigest>' +
    `<ds:DigestMethod Algorithm="http://www.w3.org/2000/09/xmldsig#sha1"/>${digest}</PolicyDigest></PolicyDigestAndURI></PolicyInfo>`;
  const list = (body: string) =>
    `<?xml version="1.0"?><ApprovedSignaturePoliciesList xmlns="lpa">${body}<NextUpdate>2016-06-01T00:00:00Z</NextUpdate>` +
    '<ds:Signature><ds:SignedInfo><PolicyInfo>not a policy</PolicyInfo></ds:SignedInfo></ds:Signature></ApprovedSignaturePoliciesList>';

  it('reads entries and ignores the enveloped signature', () => {
    const lpa = parseLpaXml(
      list(
        info(
          '<ds:DigestValue>AQID</ds:DigestValue>',
          '<RevocationDate>2013-01-01T00:00:00Z</RevocationDate>',
        ),
      ),
    );
    expect(lpa.entries).toHaveLength(1);
    const e = lpa.entries[0]!;
    expect(e.policyOid).toBe('1.2.3');
    expect(e.revocationDate).toEqual(new Date('2013-01-01T00:00:00Z'));
    expect(e.digests).toEqual([
      { hashOid: '1.3.14.3.2.26', hash: 'SHA-1', value: new Uint8Array([1, 2, 3]), format: 'xml' },
    ]);
    expect(lpa.nextUpdate).toEqual(new Date('2016-06-01T00:00:00Z'));
  });

  it('finds the entries when the signature comes first', () => {
    const text = `<lpa:ApprovedSignaturePoliciesList><ds:Signature>x</ds:Signature>${info('<DigestValue>AQID</DigestValue>')}</lpa:ApprovedSignaturePoliciesList>`;
    expect(parseLpaXml(text).entries.map((e) => e.policyOid)).toEqual(['1.2.3']);
  });

  it.each([
    [
      'a DOCTYPE',
      `<!DOCTYPE x [<!ENTITY a "b">]>${list(info('<DigestValue>AQID</DigestValue>'))}`,
      'DOCTYPE_REFUSED',
    ],
    ['not an LPA', '<html></html>', 'NOT_AN_LPA'],
    ['no digest value', list(info('')), 'MISSING_FIELD'],
    ['bad base64', list(info('<DigestValue>@@@</DigestValue>')), 'BAD_BASE64'],
    [
      'bad date',
      list(info('<DigestValue>AQID</DigestValue>').replace('2012-01-01T00:00:00Z', 'soon')),
      'BAD_TIME',
    ],
  ])('fails with a MutuaError on %s', (_name, text, code) => {
    expect(expectMutuaError(() => parseLpaXml(text)).code).toBe(code);
  });
});
