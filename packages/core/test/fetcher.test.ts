import { existsSync, readFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import * as der from '../src/asn1/write';
import { FetchError } from '../src/errors';
import { OID } from '../src/oids';
import { caIssuersUrls, fetchIssuerCertificates } from '../src/net/aia';
import { createMemoryCache } from '../src/net/cache';
import {
  DEFAULT_ACCEPT,
  type FetchImpl,
  type FetchResult,
  type Fetcher,
  NO_NETWORK,
  createHttpFetcher,
} from '../src/net/fetcher';
import { checkUrl, matchesAny, parseIpv4, parseIpv6, privateHostReason } from '../src/net/host-policy';
import { type Certificate, parseCertificate } from '../src/x509/certificate';
import { toPem } from '../src/x509/input';

// ---------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------

interface Call {
  url: string;
  init: RequestInit;
}

/** A fake fetch that records every call and answers with `handler`. No network is ever touched. */
function fakeFetch(handler: (url: string, init: RequestInit, n: number) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const impl: FetchImpl = async (url, init) => {
    calls.push({ url, init });
    return handler(url, init, calls.length);
  };
  return { impl, calls };
}

const ok = (body: Uint8Array | string = 'ok', headers: Record<string, string> = {}) =>
  new Response(typeof body === 'string' ? body : new Uint8Array(body), { status: 200, headers });

const redirect = (status: number, location: string) => new Response(null, { status, headers: { location } });

async function fetchError(p: Promise<unknown>): Promise<FetchError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(FetchError);
    return e as FetchError;
  }
  throw new Error('expected a FetchError, got a result');
}

async function expectCode(p: Promise<unknown>, code: string): Promise<FetchError> {
  const e = await fetchError(p);
  expect(e.code, e.message).toBe(code);
  return e;
}

const PKITS = '/work/shared/corpus/pkits/certs';
const haveCorpus =
  existsSync(`${PKITS}/GoodCACert.crt`) && existsSync(`${PKITS}/ValidCertificatePathTest1EE.crt`);
const loadCert = (name: string) => parseCertificate(new Uint8Array(readFileSync(`${PKITS}/${name}`)));

/** A certificate with its AIA caIssuers replaced by `uris`. */
function withAia(cert: Certificate, uris: string[]): Certificate {
  const authorityInfoAccess = uris.map((value) => ({
    method: OID.adCaIssuers,
    location: { type: 'uniformResourceIdentifier' as const, value },
  }));
  return { ...cert, ext: { ...cert.ext, authorityInfoAccess } };
}

/** A PKCS#7 SignedData certs-only bundle (`.p7c`) holding `certs`. */
function p7c(certs: Certificate[]): Uint8Array {
  const signedData = der.seq(
    der.int(1),
    der.set(),
    der.seq(der.oid('1.2.840.113549.1.7.1')),
    der.ctx(0, ...certs.map((c) => c.der)),
    der.set(),
  );
  return der.seq(der.oid(OID.signedData), der.ctx(0, signedData));
}

// ---------------------------------------------------------------------------------------------------
// NO_NETWORK
// ---------------------------------------------------------------------------------------------------

describe('NO_NETWORK', () => {
  it('refuses every call, naming the URL and the purpose', async () => {
    const e = await expectCode(
      NO_NETWORK.fetch('http://crl.example.com/ca.crl', { purpose: 'crl' }),
      'NETWORK_DISABLED',
    );
    expect(e.message).toContain('http://crl.example.com/ca.crl');
    expect(e.message).toContain('crl');
    await expectCode(NO_NETWORK.fetch('https://ocsp.example.com/'), 'NETWORK_DISABLED');
  });
});

// ---------------------------------------------------------------------------------------------------
// Scheme, URL and host rules
// ---------------------------------------------------------------------------------------------------

describe('createHttpFetcher: schemes and URLs', () => {
  it.each([
    'file:///etc/passwd',
    'data:application/pkix-cert;base64,MAA=',
    'ftp://ftp.example.com/ca.crt',
    'ldap://ldap.example.com/cn=CA?cACertificate',
    'javascript:alert(1)',
    'blob:https://example.com/uuid',
    'ws://example.com/',
  ])('refuses %s with SCHEME_NOT_ALLOWED before any fetch', async (url) => {
    const { impl, calls } = fakeFetch(() => ok());
    await expectCode(
      createHttpFetcher({ fetchImpl: impl }).fetch(url, { purpose: 'aia' }),
      'SCHEME_NOT_ALLOWED',
    );
    expect(calls).toHaveLength(0);
  });

  it('can be narrowed to https only, and never widened beyond http(s)', async () => {
    const { impl } = fakeFetch(() => ok());
    const httpsOnly = createHttpFetcher({ fetchImpl: impl, allowedSchemes: ['https:'] });
    await expectCode(httpsOnly.fetch('http://ca.example.com/', { purpose: 'aia' }), 'SCHEME_NOT_ALLOWED');
    await expect(httpsOnly.fetch('https://ca.example.com/', { purpose: 'aia' })).resolves.toMatchObject({
      status: 200,
    });
    expect(() => createHttpFetcher({ allowedSchemes: ['https:', 'file:'] })).toThrow(FetchError);
  });

  it('refuses unparseable URLs and URLs with credentials', async () => {
    const { impl, calls } = fakeFetch(() => ok());
    const f = createHttpFetcher({ fetchImpl: impl });
    await expectCode(f.fetch('not a url', { purpose: 'aia' }), 'INVALID_URL');
    await expectCode(f.fetch('/relative/ca.crt', { purpose: 'aia' }), 'INVALID_URL');
    await expectCode(f.fetch('http://user:secret@ca.example.com/', { purpose: 'aia' }), 'INVALID_URL');
    expect(calls).toHaveLength(0);
  });

  it('rejects bad options', () => {
    expect(() => createHttpFetcher({ timeoutMs: 0 })).toThrow(FetchError);
    expect(() => createHttpFetcher({ maxBytes: -1 })).toThrow(FetchError);
    expect(() => createHttpFetcher({ maxRedirects: 1.5 })).toThrow(FetchError);
  });
});

describe('createHttpFetcher: private addresses', () => {
  // WHATWG URL (what fetch uses) canonicalises IPv4 spellings (hex, octal, short, single number) to
  // dotted quads and IPv6 to compressed lowercase, so the checks see `url.hostname` in canonical form.
  const refused = [
    'http://127.0.0.1/',
    'http://127.0.0.1./ca.crt',
    'http://127.255.255.254:8080/',
    'http://[::1]/',
    'http://[0:0:0:0:0:0:0:1]/',
    'http://10.0.0.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:10.1.2.3]/',
    'http://[::ffff:169.254.169.254]/',
    'http://0x7f.1/',
    'http://0x7f.0.0.0x1/',
    'http://2130706433/',
    'http://017700000001/',
    'http://127.1/',
    'http://%31%32%37.0.0.1/',
    'http://0.0.0.0/',
    'http://0/',
    'http://100.64.0.1/',
    'http://172.16.5.4/',
    'http://172.31.255.255/',
    'http://192.168.1.1/',
    'http://224.0.0.1/',
    'http://255.255.255.255/',
    'http://[::]/',
    'http://[fe80::1]/',
    'http://[fc00::1]/',
    'http://[fd12:3456:789a::1]/',
    'http://[ff02::1]/',
    'http://[64:ff9b::a9fe:a9fe]/',
    'http://[2002:7f00:1::1]/',
    'http://localhost/',
    'http://LOCALHOST./',
    'http://ca.localhost/',
    'http://printer.local/',
    'http://metadata.google.internal/computeMetadata/v1/',
    'https://127.0.0.1:8443/',
  ];
  it.each(refused)('refuses %s with PRIVATE_ADDRESS before any fetch', async (url) => {
    const { impl, calls } = fakeFetch(() => ok());
    await expectCode(
      createHttpFetcher({ fetchImpl: impl }).fetch(url, { purpose: 'aia' }),
      'PRIVATE_ADDRESS',
    );
    expect(calls).toHaveLength(0);
  });

  it.each([
    'http://ca.example.com/ca.crt',
    'http://192.0.2.10/ca.crt',
    'http://172.32.0.1/',
    'http://[2001:db8::1]/',
    'http://[::ffff:192.0.2.1]/',
    'http://local.example.com/',
    'http://internal-ca.example.com/',
  ])('lets %s through to fetch', async (url) => {
    const { impl, calls } = fakeFetch(() => ok());
    await createHttpFetcher({ fetchImpl: impl }).fetch(url, { purpose: 'aia' });
    expect(calls).toHaveLength(1);
  });

  it('fetches the canonical URL that was checked, when private addresses are allowed', async () => {
    const { impl, calls } = fakeFetch(() => ok());
    const f = createHttpFetcher({ fetchImpl: impl, allowPrivateAddresses: true });
    const res = await f.fetch('http://0x7f.1/ca.crt', { purpose: 'aia' });
    expect(calls[0]?.url).toBe('http://127.0.0.1/ca.crt');
    expect(res.url).toBe('http://127.0.0.1/ca.crt');
  });

  it('classifies literals directly', () => {
    expect(parseIpv4('0x7f.1')).toBe(0x7f000001);
    expect(parseIpv4('2130706433')).toBe(0x7f000001);
    expect(parseIpv4('0177.0.0.01')).toBe(0x7f000001);
    expect(parseIpv4('256.1.1.1')).toBeUndefined();
    expect(parseIpv4('ca.example.com')).toBeUndefined();
    expect(parseIpv6('::ffff:7f00:1')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]);
    expect(parseIpv6('::ffff:127.0.0.1')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]);
    expect(parseIpv6('1:2:3:4:5:6:7:8:9')).toBeUndefined();
    expect(parseIpv6('1::2::3')).toBeUndefined();
    expect(privateHostReason('[::ffff:7f00:1]')).toMatch(/IPv4-mapped.*loopback/);
    expect(privateHostReason('[2001:db8::1]')).toBeUndefined();
    expect(privateHostReason('8.8.8.8')).toBeUndefined();
    expect(privateHostReason('[::ffff:808:808]')).toBeUndefined();
  });
});

describe('createHttpFetcher: allowHosts and denyHosts', () => {
  it('only contacts allowed hosts, deny wins over allow', async () => {
    const { impl, calls } = fakeFetch(() => ok());
    const f = createHttpFetcher({
      fetchImpl: impl,
      allowHosts: ['*.example.com', 'CA.Example.ORG', /^ocsp\d*\.gob\.cl$/],
      denyHosts: ['bad.example.com'],
    });
    await f.fetch('http://crl.example.com/x', { purpose: 'crl' });
    await f.fetch('http://ca.example.org./x', { purpose: 'aia' });
    await f.fetch('http://ocsp2.gob.cl/', { purpose: 'ocsp' });
    expect(calls).toHaveLength(3);
    await expectCode(f.fetch('http://example.com/x', { purpose: 'crl' }), 'HOST_NOT_ALLOWED');
    await expectCode(f.fetch('http://evil-example.com/x', { purpose: 'crl' }), 'HOST_NOT_ALLOWED');
    await expectCode(f.fetch('http://bad.example.com/x', { purpose: 'crl' }), 'HOST_NOT_ALLOWED');
    await expectCode(f.fetch('http://ocsp.gob.cl.evil.com/', { purpose: 'ocsp' }), 'HOST_NOT_ALLOWED');
    expect(calls).toHaveLength(3);
  });

  it('does not lift the private-address rule for allow-listed private hosts', () => {
    const rules = { allowedSchemes: ['http:'], allowHosts: ['127.0.0.1'], allowPrivateAddresses: false };
    expect(() => checkUrl('http://127.0.0.1/', rules)).toThrow(/127\.0\.0\.1/);
    expect(checkUrl('http://127.0.0.1/', { ...rules, allowPrivateAddresses: true }).hostname).toBe(
      '127.0.0.1',
    );
    expect(matchesAny('[::1]', ['[::1]'])).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------
// Redirects
// ---------------------------------------------------------------------------------------------------

describe('createHttpFetcher: redirects', () => {
  it('follows redirects manually, re-checking every hop', async () => {
    const { impl, calls } = fakeFetch((url) =>
      url === 'http://a.example.com/ca.crt' ? redirect(301, '/moved/ca.crt') : ok('CERT'),
    );
    const res = await createHttpFetcher({ fetchImpl: impl }).fetch('http://a.example.com/ca.crt', {
      purpose: 'aia',
    });
    expect(calls.map((c) => c.url)).toEqual([
      'http://a.example.com/ca.crt',
      'http://a.example.com/moved/ca.crt',
    ]);
    expect(calls.every((c) => c.init.redirect === 'manual' && c.init.credentials === 'omit')).toBe(true);
    expect(res.url).toBe('http://a.example.com/moved/ca.crt');
    expect(new TextDecoder().decode(res.body)).toBe('CERT');
  });

  it.each([
    ['http://127.0.0.1/ca.crt', 'PRIVATE_ADDRESS'],
    ['http://[::ffff:a9fe:a9fe]/', 'PRIVATE_ADDRESS'],
    ['http://metadata.internal/', 'PRIVATE_ADDRESS'],
    ['file:///etc/passwd', 'SCHEME_NOT_ALLOWED'],
    ['http://other.example.net/ca.crt', 'HOST_NOT_ALLOWED'],
    ['http://[bad', 'INVALID_URL'],
  ])('refuses a redirect to %s (%s) without contacting it', async (target, code) => {
    const { impl, calls } = fakeFetch(() => redirect(302, target));
    const f = createHttpFetcher({
      fetchImpl: impl,
      allowHosts: ['*.example.com', /^127\./, '[::ffff:a9fe:a9fe]', /\.internal$/],
    });
    const e = await expectCode(f.fetch('http://a.example.com/ca.crt', { purpose: 'aia' }), code);
    expect(e.message).toContain('http://a.example.com/ca.crt');
    expect(calls).toHaveLength(1);
  });

  it('stops after maxRedirects', async () => {
    const { impl, calls } = fakeFetch((_, __, n) => redirect(307, `/hop${n}`));
    const f = createHttpFetcher({ fetchImpl: impl, maxRedirects: 2 });
    await expectCode(f.fetch('http://a.example.com/', { purpose: 'crl' }), 'TOO_MANY_REDIRECTS');
    expect(calls).toHaveLength(3);
    const none = createHttpFetcher({ fetchImpl: fakeFetch(() => redirect(302, '/x')).impl, maxRedirects: 0 });
    await expectCode(none.fetch('http://a.example.com/', { purpose: 'crl' }), 'TOO_MANY_REDIRECTS');
  });

  it('keeps POST across 307 and turns it into GET across 303', async () => {
    const body = new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]);
    const { impl, calls } = fakeFetch((url) =>
      url.endsWith('/ocsp')
        ? redirect(307, '/ocsp2')
        : url.endsWith('/ocsp2')
          ? redirect(303, '/result')
          : ok(),
    );
    const f = createHttpFetcher({ fetchImpl: impl });
    await f.fetch('http://ocsp.example.com/ocsp', {
      method: 'POST',
      body,
      contentType: 'application/ocsp-request',
      purpose: 'ocsp',
    });
    expect(calls.map((c) => c.init.method)).toEqual(['POST', 'POST', 'GET']);
    expect(calls[1]?.init.body).toEqual(body);
    expect(calls[2]?.init.body).toBeUndefined();
    expect((calls[0]?.init.headers as Record<string, string>)['content-type']).toBe(
      'application/ocsp-request',
    );
  });

  it('refuses a redirect without Location and an opaque (browser) redirect', async () => {
    const noLocation = fakeFetch(() => new Response(null, { status: 302 }));
    await expectCode(
      createHttpFetcher({ fetchImpl: noLocation.impl }).fetch('http://a.example.com/', { purpose: 'aia' }),
      'HTTP_STATUS',
    );
    const opaque = fakeFetch(() => {
      const r = new Response(null, { status: 200 });
      Object.defineProperty(r, 'type', { value: 'opaqueredirect' });
      Object.defineProperty(r, 'status', { value: 0 });
      return r;
    });
    await expectCode(
      createHttpFetcher({ fetchImpl: opaque.impl }).fetch('http://a.example.com/', { purpose: 'aia' }),
      'OPAQUE_REDIRECT',
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// Size, time, status, errors
// ---------------------------------------------------------------------------------------------------

describe('createHttpFetcher: size and time limits', () => {
  it('aborts a streamed body once it exceeds maxBytes', async () => {
    let pulls = 0;
    let cancelled = false;
    const endless = () =>
      new ReadableStream<Uint8Array>({
        pull(c) {
          pulls++;
          c.enqueue(new Uint8Array(1024));
        },
        cancel() {
          cancelled = true;
        },
      });
    const { impl, calls } = fakeFetch(() => new Response(endless(), { status: 200 }));
    const f = createHttpFetcher({ fetchImpl: impl, maxBytes: 4096 });
    await expectCode(f.fetch('http://crl.example.com/huge.crl', { purpose: 'crl' }), 'TOO_LARGE');
    expect(pulls).toBeLessThan(10);
    await Promise.resolve();
    expect(cancelled).toBe(true);
    expect(calls[0]?.init.signal?.aborted).toBe(true);
  });

  it('accepts a body of exactly maxBytes, in several chunks', async () => {
    const chunks = [new Uint8Array(1000).fill(1), new Uint8Array(1000).fill(2), new Uint8Array(48).fill(3)];
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (const ch of chunks) c.enqueue(ch);
        c.close();
      },
    });
    const { impl } = fakeFetch(() => new Response(stream, { status: 200 }));
    const res = await createHttpFetcher({ fetchImpl: impl, maxBytes: 2048 }).fetch('http://a.example.com/', {
      purpose: 'crl',
    });
    expect(res.body.length).toBe(2048);
    expect(res.body[0]).toBe(1);
    expect(res.body[1500]).toBe(2);
    expect(res.body[2047]).toBe(3);
  });

  it('refuses up front when Content-Length exceeds maxBytes', async () => {
    let pulled = false;
    const stream = new ReadableStream<Uint8Array>(
      {
        pull() {
          pulled = true;
        },
      },
      { highWaterMark: 0 },
    );
    const { impl } = fakeFetch(
      () => new Response(stream, { status: 200, headers: { 'content-length': '999999' } }),
    );
    const f = createHttpFetcher({ fetchImpl: impl, maxBytes: 1000 });
    await expectCode(f.fetch('http://a.example.com/', { purpose: 'trusted-list' }), 'TOO_LARGE');
    expect(pulled).toBe(false);
  });

  it('times out on a body that never arrives', async () => {
    let cancelled = false;
    const stalled = new ReadableStream<Uint8Array>({
      cancel() {
        cancelled = true;
      },
    });
    const { impl } = fakeFetch(() => new Response(stalled, { status: 200 }));
    const started = Date.now();
    const e = await expectCode(
      createHttpFetcher({ fetchImpl: impl, timeoutMs: 50 }).fetch('http://a.example.com/slow', {
        purpose: 'crl',
      }),
      'TIMEOUT',
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(e.message).toContain('http://a.example.com/slow');
    await Promise.resolve();
    expect(cancelled).toBe(true);
  });

  it('times out on a fetch that never answers, even if it ignores the signal', async () => {
    const { impl, calls } = fakeFetch(() => new Promise<Response>(() => undefined));
    await expectCode(
      createHttpFetcher({ fetchImpl: impl, timeoutMs: 30 }).fetch('http://a.example.com/', {
        purpose: 'aia',
      }),
      'TIMEOUT',
    );
    expect(calls[0]?.init.signal?.aborted).toBe(true);
  });

  it('maps HTTP errors and network failures', async () => {
    const notFound = fakeFetch(() => new Response('nope', { status: 404 }));
    const e = await expectCode(
      createHttpFetcher({ fetchImpl: notFound.impl }).fetch('http://a.example.com/x', { purpose: 'aia' }),
      'HTTP_STATUS',
    );
    expect(e.message).toContain('404');
    const failing = fakeFetch(() => {
      throw new TypeError('fetch failed');
    });
    const n = await expectCode(
      createHttpFetcher({ fetchImpl: failing.impl }).fetch('http://a.example.com/x', { purpose: 'aia' }),
      'NETWORK_ERROR',
    );
    expect(n.cause).toBeInstanceOf(TypeError);
  });

  it('sends purpose-specific Accept, and the User-Agent when configured', async () => {
    const { impl, calls } = fakeFetch(() => ok('x', { 'content-type': 'application/pkix-crl' }));
    const f = createHttpFetcher({ fetchImpl: impl, userAgent: 'mutua-test/1' });
    const res = await f.fetch('http://a.example.com/x', { purpose: 'crl' });
    await f.fetch('http://a.example.com/y', { purpose: 'aia', accept: 'application/pkix-cert' });
    const headers = calls.map((c) => c.init.headers as Record<string, string>);
    expect(headers[0]).toMatchObject({ accept: DEFAULT_ACCEPT.crl, 'user-agent': 'mutua-test/1' });
    expect(headers[1]?.accept).toBe('application/pkix-cert');
    expect(res).toMatchObject({ status: 200, contentType: 'application/pkix-crl', fromCache: false });
    expect(res.fetchedAt).toBeInstanceOf(Date);
  });
});

// ---------------------------------------------------------------------------------------------------
// Cache
// ---------------------------------------------------------------------------------------------------

describe('createMemoryCache and the fetcher cache', () => {
  it('serves repeated GETs from the cache, never POSTs', async () => {
    const { impl, calls } = fakeFetch(() => ok('CRL'));
    const f = createHttpFetcher({ fetchImpl: impl, cache: createMemoryCache() });
    const a = await f.fetch('http://crl.example.com/ca.crl', { purpose: 'crl' });
    const b = await f.fetch('http://crl.example.com/ca.crl', { purpose: 'crl' });
    expect(calls).toHaveLength(1);
    expect(a.fromCache).toBe(false);
    expect(b.fromCache).toBe(true);
    expect(b.fetchedAt).toEqual(a.fetchedAt);
    expect(b.body).toEqual(a.body);
    b.body[0] = 0; // callers cannot corrupt the cache
    const c = await f.fetch('http://crl.example.com/ca.crl', { purpose: 'crl' });
    expect(new TextDecoder().decode(c.body)).toBe('CRL');
    const post = { method: 'POST' as const, body: new Uint8Array([1]), purpose: 'ocsp' as const };
    await f.fetch('http://ocsp.example.com/', post);
    await f.fetch('http://ocsp.example.com/', post);
    expect(calls).toHaveLength(3);
  });

  it('still applies the host rules to cached URLs', async () => {
    const cache = createMemoryCache();
    const { impl } = fakeFetch(() => ok('CRL'));
    await createHttpFetcher({ fetchImpl: impl, cache }).fetch('http://crl.example.com/ca.crl', {
      purpose: 'crl',
    });
    const strict = createHttpFetcher({ fetchImpl: impl, cache, denyHosts: ['crl.example.com'] });
    await expectCode(strict.fetch('http://crl.example.com/ca.crl', { purpose: 'crl' }), 'HOST_NOT_ALLOWED');
  });

  it('expires entries, evicts least recently used, and bounds bytes', () => {
    let now = 1_000;
    const cache = createMemoryCache({ maxEntries: 2, maxBytes: 10, ttlMs: 100, now: () => now });
    const entry = (n: number): FetchResult => ({
      url: `http://x/${n}`,
      status: 200,
      contentType: '',
      body: new Uint8Array(n),
      fromCache: false,
      fetchedAt: new Date(0),
    });
    cache.set('a', entry(3));
    cache.set('b', entry(3));
    expect(cache.get('a')?.fromCache).toBe(true); // a is now most recent
    cache.set('c', entry(3)); // evicts b
    expect(cache.get('b')).toBeUndefined();
    expect(cache.size).toBe(2);
    cache.set('d', entry(11)); // larger than maxBytes: not stored
    expect(cache.get('d')).toBeUndefined();
    cache.set('e', entry(8)); // 3 + 3 + 8 > 10: evicts until it fits
    expect(cache.bytes).toBeLessThanOrEqual(10);
    expect(cache.get('e')).toBeDefined();
    cache.set('f', entry(1), new Date(now + 10));
    now += 50;
    expect(cache.get('f')).toBeUndefined(); // its own expiry was earlier than the TTL
    expect(cache.get('e')).toBeDefined();
    now += 60;
    expect(cache.get('e')).toBeUndefined();
    expect(() => createMemoryCache({ maxEntries: 0 })).toThrow(FetchError);
  });

  it('treats a failing cache as a miss', async () => {
    const { impl, calls } = fakeFetch(() => ok());
    const broken = {
      get: () => Promise.reject(new Error('db down')),
      set: () => {
        throw new Error('db down');
      },
    };
    await createHttpFetcher({ fetchImpl: impl, cache: broken }).fetch('http://a.example.com/', {
      purpose: 'aia',
    });
    expect(calls).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------------
// AIA caIssuers chasing
// ---------------------------------------------------------------------------------------------------

/** A Fetcher answering from a map of URL → body; unknown URLs fail like a 404. */
function mapFetcher(bodies: Record<string, Uint8Array | string>): Fetcher & { urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    async fetch(url) {
      urls.push(url);
      const b = bodies[url];
      if (b === undefined) throw new FetchError('HTTP_STATUS', `HTTP 404 for ${url}`);
      return {
        url,
        status: 200,
        contentType: '',
        body: typeof b === 'string' ? new TextEncoder().encode(b) : b,
        fromCache: false,
        fetchedAt: new Date(),
      };
    },
  };
}

describe.skipIf(!haveCorpus)('fetchIssuerCertificates', () => {
  it('reads DER, PEM and PKCS#7, keeps only the issuer, notes every failure', async () => {
    const ca = loadCert('GoodCACert.crt');
    const root = loadCert('TrustAnchorRootCertificate.crt');
    const ee = loadCert('ValidCertificatePathTest1EE.crt');
    expect(ee.ext.authorityInfoAccess).toBeUndefined();
    const none = await fetchIssuerCertificates(ee, NO_NETWORK);
    expect(none.certificates).toEqual([]);
    expect(none.notes.join('\n')).toMatch(/no AIA caIssuers/);

    const fetcher = mapFetcher({
      'http://ca.example.com/ca.der': ca.der,
      'http://ca.example.com/ca.pem': toPem(ca.der),
      'http://ca.example.com/ca.p7c': p7c([root, ca]),
      'http://ca.example.com/root.der': root.der,
      'http://ca.example.com/junk': 'this is not a certificate',
      'http://ca.example.com/empty': new Uint8Array(0),
    });
    for (const path of ['ca.der', 'ca.pem', 'ca.p7c']) {
      const r = await fetchIssuerCertificates(withAia(ee, [`http://ca.example.com/${path}`]), fetcher);
      expect(
        r.certificates.map((c) => c.subject.text),
        path,
      ).toEqual([ca.subject.text]);
    }
    const p7 = await fetchIssuerCertificates(withAia(ee, ['http://ca.example.com/ca.p7c']), fetcher);
    expect(p7.notes.join('\n')).toMatch(/ignored 1 certificate/);

    const messy = withAia(ee, [
      'ldap://ldap.example.com/cn=Good%20CA?cACertificate',
      'http://ca.example.com/missing',
      'http://ca.example.com/junk',
      'http://ca.example.com/empty',
      'http://ca.example.com/root.der',
      'http://ca.example.com/ca.der',
      'http://ca.example.com/ca.der',
    ]);
    expect(caIssuersUrls(messy)).toHaveLength(5);
    const r = await fetchIssuerCertificates(messy, fetcher, { maxUrls: 5 });
    expect(r.certificates).toHaveLength(1);
    const notes = r.notes.join('\n');
    expect(notes).toMatch(/ldap:.*only http and https/);
    expect(notes).toMatch(/missing: download failed: HTTP_STATUS/);
    expect(notes).toMatch(/junk: not a certificate/);
    expect(notes).toMatch(/empty: empty response/);
    expect(notes).toMatch(/root\.der: ignored 1 certificate/);

    const limited = await fetchIssuerCertificates(messy, fetcher, { maxUrls: 2 });
    expect(limited.certificates).toEqual([]);
    expect(limited.notes.join('\n')).toMatch(/Skipped 3 caIssuers URL\(s\) beyond maxUrls=2/);

    const disabled = await fetchIssuerCertificates(withAia(ee, ['http://ca.example.com/ca.der']), NO_NETWORK);
    expect(disabled.certificates).toEqual([]);
    expect(disabled.notes.join('\n')).toMatch(/NETWORK_DISABLED/);
  });

  it('stops at the first URL with a match unless asked to collect all', async () => {
    const ca = loadCert('GoodCACert.crt');
    const ee = loadCert('ValidCertificatePathTest1EE.crt');
    const fetcher = mapFetcher({ 'http://a.example.com/1': ca.der, 'http://b.example.com/2': toPem(ca.der) });
    const cert = withAia(ee, ['http://a.example.com/1', 'http://b.example.com/2']);
    await fetchIssuerCertificates(cert, fetcher);
    expect(fetcher.urls).toEqual(['http://a.example.com/1']);
    const all = await fetchIssuerCertificates(cert, fetcher, { stopAtFirstMatch: false });
    expect(fetcher.urls).toHaveLength(3);
    expect(all.certificates).toHaveLength(1); // same DER twice: deduplicated
  });
});

// ---------------------------------------------------------------------------------------------------
// The one real network test: a server this test starts on 127.0.0.1, closed at the end.
// ---------------------------------------------------------------------------------------------------

describe.skipIf(!haveCorpus)('createHttpFetcher against a local HTTP server', () => {
  it('downloads an issuer certificate over AIA through a redirect, only with allowPrivateAddresses', async () => {
    const ca = loadCert('GoodCACert.crt');
    const ee = loadCert('ValidCertificatePathTest1EE.crt');
    const server: Server = createServer((req, res) => {
      if (req.url === '/aia/GoodCA.crt') {
        res.writeHead(200, { 'content-type': 'application/pkix-cert', 'content-length': ca.der.length });
        res.end(Buffer.from(ca.der));
      } else if (req.url === '/aia/old-location') {
        res.writeHead(302, { location: '/aia/GoodCA.crt' });
        res.end();
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const cert = withAia(ee, [`http://127.0.0.1:${port}/aia/old-location`]);

      const refused = await fetchIssuerCertificates(cert, createHttpFetcher());
      expect(refused.certificates).toEqual([]);
      expect(refused.notes.join('\n')).toMatch(/PRIVATE_ADDRESS/);

      const fetcher = createHttpFetcher({
        allowPrivateAddresses: true,
        timeoutMs: 5000,
        cache: createMemoryCache(),
      });
      const { certificates, notes } = await fetchIssuerCertificates(cert, fetcher);
      expect(notes).toEqual([]);
      expect(certificates).toHaveLength(1);
      expect(certificates[0]?.der).toEqual(ca.der);

      const res = await fetcher.fetch(`http://127.0.0.1:${port}/aia/old-location`, { purpose: 'aia' });
      expect(res.fromCache).toBe(true);
      expect(res.url).toBe(`http://127.0.0.1:${port}/aia/GoodCA.crt`);
      expect(res.contentType).toBe('application/pkix-cert');

      const small = createHttpFetcher({ allowPrivateAddresses: true, maxBytes: 100 });
      await expectCode(
        small.fetch(`http://127.0.0.1:${port}/aia/GoodCA.crt`, { purpose: 'aia' }),
        'TOO_LARGE',
      );
      await expectCode(small.fetch(`http://127.0.0.1:${port}/nope`, { purpose: 'aia' }), 'HTTP_STATUS');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
