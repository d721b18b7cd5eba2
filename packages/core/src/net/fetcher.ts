/**
 * The one network door of Mutua. Every download (AIA issuer certificates, CRLs, OCSP, trusted lists)
 * goes through a {@link Fetcher}. The default everywhere is {@link NO_NETWORK}, which refuses every call:
 * network access is off unless the caller turns it on with {@link createHttpFetcher}, and then it is
 * bounded by time, size, scheme and host rules.
 *
 * Only web-platform globals are used (`fetch`, `AbortController`, `URL`, `setTimeout`), so this module
 * runs unchanged in Node 20+ and browsers.
 *
 * @packageDocumentation
 */
import { FetchError } from '../errors';
import type { FetchCache } from './cache';
import { type HostPattern, type HostRules, SUPPORTED_SCHEMES, checkUrl } from './host-policy';

/** Why a download is made; used for default `Accept` headers, error messages and audit notes. */
export type FetchPurpose = 'aia' | 'crl' | 'ocsp' | 'trusted-list';

/** One request through a {@link Fetcher}. */
export interface FetchRequest {
  /** `GET` (default) or `POST` (OCSP). */
  readonly method?: 'GET' | 'POST';
  /** Request body, for `POST`. */
  readonly body?: Uint8Array;
  /** `Content-Type` of the body, for example `application/ocsp-request`. */
  readonly contentType?: string;
  /** `Accept` header; defaults to the media types usual for the purpose. */
  readonly accept?: string;
  /** Why the download is made. */
  readonly purpose: FetchPurpose;
}

/** A successful (2xx) response, read in full. */
export interface FetchResult {
  /** The final URL, after any redirects. */
  readonly url: string;
  /** The HTTP status of the final response (2xx). */
  readonly status: number;
  /** The `Content-Type` header of the final response, or `''`. */
  readonly contentType: string;
  /** The response body (at most `maxBytes`). */
  readonly body: Uint8Array;
  /** True when the result came from a {@link FetchCache} rather than the network. */
  readonly fromCache: boolean;
  /** When the body was downloaded (for cached results: the original download time). */
  readonly fetchedAt: Date;
}

/**
 * The network door. Implementations must only ever reject with {@link FetchError}.
 *
 * @example
 * ```ts
 * import { type Fetcher, NO_NETWORK, createHttpFetcher } from '@mutua/core';
 * const allowNetwork = true; // for example from a --allow-network flag
 * const fetcher: Fetcher = allowNetwork ? createHttpFetcher({ timeoutMs: 5000 }) : NO_NETWORK;
 * const res = await fetcher.fetch('http://ca.example.com/crl/ca1.crl', { purpose: 'crl' });
 * ```
 */
export interface Fetcher {
  /** Downloads `url`; without `req`, a `GET` (which {@link createHttpFetcher} labels purpose `aia`). */
  fetch(url: string, req?: FetchRequest): Promise<FetchResult>;
}

/**
 * The default fetcher: refuses every call with `FetchError('NETWORK_DISABLED')`, naming the URL and
 * purpose so that reports can say what would have been downloaded.
 *
 * @example
 * ```ts
 * import { NO_NETWORK } from '@mutua/core';
 * const refused = NO_NETWORK.fetch('http://ca.example.com/ca.crt', { purpose: 'aia' }); // always rejects
 * await refused.catch((e) => e.code); // 'NETWORK_DISABLED' (a FetchError)
 * ```
 */
export const NO_NETWORK: Fetcher = Object.freeze({
  fetch(url: string, req?: FetchRequest): Promise<FetchResult> {
    const purpose = req?.purpose ?? 'unspecified';
    return Promise.reject(
      new FetchError(
        'NETWORK_DISABLED',
        `Network access is disabled: refused ${purpose} download of ${url} (pass a fetcher from createHttpFetcher to enable it)`,
      ),
    );
  },
});

/** The subset of the global `fetch` that {@link createHttpFetcher} uses; inject a fake in tests. */
export type FetchImpl = (url: string, init: RequestInit) => Promise<Response>;

/** Options of {@link createHttpFetcher}. */
export interface HttpFetcherOptions {
  /** Budget for the whole download, every redirect hop and the body included (default 10 000 ms). */
  readonly timeoutMs?: number;
  /** Largest body accepted, in bytes (default 10 MiB). The body is streamed and the download aborted once exceeded. */
  readonly maxBytes?: number;
  /** Schemes allowed, with the colon (default `['http:', 'https:']`). Only `http:` and `https:` may be listed. */
  readonly allowedSchemes?: readonly string[];
  /** When set, only hosts matching one of these may be contacted (see {@link matchesAny}). */
  readonly allowHosts?: readonly HostPattern[];
  /** Hosts never contacted, checked before `allowHosts`. */
  readonly denyHosts?: readonly HostPattern[];
  /** Allow literal loopback/private/link-local/… addresses and private names (default false). */
  readonly allowPrivateAddresses?: boolean;
  /** Most redirects followed; each hop is re-checked against every rule (default 3). */
  readonly maxRedirects?: number;
  /** Cache for successful `GET` responses. */
  readonly cache?: FetchCache;
  /** The `fetch` to use (default the global `fetch`). */
  readonly fetchImpl?: FetchImpl;
  /** `User-Agent` header to send (default: none; browsers may ignore it). */
  readonly userAgent?: string;
}

interface HttpConfig {
  readonly rules: HostRules;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly maxRedirects: number;
  readonly cache: FetchCache | undefined;
  readonly fetchImpl: FetchImpl;
  readonly userAgent: string | undefined;
}

/** Default `Accept` header per purpose. */
export const DEFAULT_ACCEPT: Readonly<Record<FetchPurpose, string>> = {
  aia: 'application/pkix-cert, application/pkcs7-mime, application/x-pkcs7-certificates, application/x-x509-ca-cert, */*;q=0.1',
  crl: 'application/pkix-crl, application/x-pkcs7-crl, */*;q=0.1',
  ocsp: 'application/ocsp-response',
  'trusted-list': 'application/vnd.etsi.tsl+xml, application/xml, text/xml, */*;q=0.1',
};

/**
 * Creates a {@link Fetcher} over HTTP(S) with the `fetch` of the runtime, bounded by the options.
 *
 * Every refusal or failure is a {@link FetchError} with a specific code: `INVALID_URL`,
 * `SCHEME_NOT_ALLOWED`, `HOST_NOT_ALLOWED`, `PRIVATE_ADDRESS`, `TOO_LARGE`, `TIMEOUT`, `HTTP_STATUS`
 * (non-2xx final status, or a redirect without `Location`), `TOO_MANY_REDIRECTS`, `OPAQUE_REDIRECT`
 * (a browser hid a redirect target, so it cannot be re-checked and is not followed), `NETWORK_ERROR`
 * (the runtime's `fetch` failed), `INVALID_OPTIONS` (bad options, thrown here).
 *
 * Redirects are followed by hand (`redirect: 'manual'`), so each hop is checked against the scheme,
 * host and private-address rules before it is contacted. Requests carry no cookies or credentials
 * (`credentials: 'omit'`) and no referrer. The URL actually fetched is the one the WHATWG `URL` parser
 * produced and the rules checked, so odd IPv4 spellings such as `http://0x7f.1` are seen as `127.0.0.1`.
 *
 * **Limits of the private-address rule.** Only *literal* addresses and well-known private names are
 * refused. A hostname that resolves to a private address (including DNS rebinding) can only be caught by
 * the runtime's resolver, which this layer cannot see in browsers. Use `allowHosts` where that matters;
 * a Node adapter with a resolve-then-connect check could be added later.
 *
 * @throws {@link FetchError} `INVALID_OPTIONS` or `SCHEME_NOT_ALLOWED` when the options are unusable.
 * @example
 * ```ts
 * import { createHttpFetcher, createMemoryCache } from '@mutua/core';
 * const fetcher = createHttpFetcher({
 *   timeoutMs: 5000,
 *   maxBytes: 2 * 1024 * 1024,
 *   allowHosts: ['*.example.com', /\.gob\.cl$/],
 *   cache: createMemoryCache(),
 * });
 * const { body, contentType } = await fetcher.fetch('http://ca.example.com/crl/ca1.crl', { purpose: 'crl' });
 * ```
 */
export function createHttpFetcher(options: HttpFetcherOptions = {}): Fetcher {
  const config = resolveOptions(options);
  return {
    fetch: (url, req) => fetchWithRules(config, url, req ?? { purpose: 'aia' }),
  };
}

function resolveOptions(o: HttpFetcherOptions): HttpConfig {
  const allowedSchemes = o.allowedSchemes ?? SUPPORTED_SCHEMES;
  const bad = allowedSchemes.find((s) => !SUPPORTED_SCHEMES.includes(s));
  if (bad !== undefined) {
    throw new FetchError(
      'SCHEME_NOT_ALLOWED',
      `createHttpFetcher: scheme ${bad} can never be allowed (only http:, https:)`,
    );
  }
  return {
    rules: {
      allowedSchemes,
      allowPrivateAddresses: o.allowPrivateAddresses ?? false,
      ...(o.allowHosts ? { allowHosts: o.allowHosts } : {}),
      ...(o.denyHosts ? { denyHosts: o.denyHosts } : {}),
    },
    timeoutMs: positiveNumber(o.timeoutMs, 10_000, 'timeoutMs'),
    maxBytes: positiveNumber(o.maxBytes, 10 * 1024 * 1024, 'maxBytes'),
    maxRedirects: nonNegativeInteger(o.maxRedirects, 3, 'maxRedirects'),
    cache: o.cache,
    fetchImpl: o.fetchImpl ?? globalFetch,
    userAgent: o.userAgent,
  };
}

function positiveNumber(v: number | undefined, fallback: number, what: string): number {
  if (v === undefined) return fallback;
  if (!(v > 0))
    throw new FetchError('INVALID_OPTIONS', `createHttpFetcher: ${what} must be positive, got ${v}`);
  return v;
}

function nonNegativeInteger(v: number | undefined, fallback: number, what: string): number {
  if (v === undefined) return fallback;
  if (!Number.isInteger(v) || v < 0) {
    throw new FetchError(
      'INVALID_OPTIONS',
      `createHttpFetcher: ${what} must be a non-negative integer, got ${v}`,
    );
  }
  return v;
}

/** Calls the global `fetch` at call time (never unbound, which browsers reject as an illegal invocation). */
function globalFetch(url: string, init: RequestInit): Promise<Response> {
  if (typeof globalThis.fetch !== 'function') {
    return Promise.reject(new FetchError('NETWORK_ERROR', 'This runtime has no global fetch'));
  }
  return globalThis.fetch(url, init);
}

async function fetchWithRules(cfg: HttpConfig, url: string, req: FetchRequest): Promise<FetchResult> {
  const first = checkUrl(url, cfg.rules);
  const key = cacheKey(cfg, first, req);
  const hit = key === undefined ? undefined : await cacheGet(cfg.cache, key);
  if (hit) return hit;
  const result = await download(cfg, first, req);
  if (key !== undefined) await cacheSet(cfg.cache, key, result);
  return result;
}

/** Only `GET` responses are cached (POST bodies, such as OCSP requests with nonces, are not). */
function cacheKey(cfg: HttpConfig, url: URL, req: FetchRequest): string | undefined {
  if (!cfg.cache || (req.method ?? 'GET') !== 'GET') return undefined;
  return `GET ${url.href}`;
}

/** A failing cache is treated as a miss: the cache may speed things up, never break them. */
async function cacheGet(cache: FetchCache | undefined, key: string): Promise<FetchResult | undefined> {
  try {
    return await cache?.get(key);
  } catch {
    return undefined;
  }
}

async function cacheSet(cache: FetchCache | undefined, key: string, value: FetchResult): Promise<void> {
  try {
    await cache?.set(key, value);
  } catch {
    // ignored: see cacheGet
  }
}

/** One download's abort plumbing: a single controller for the timeout and the size cap. */
interface Deadline {
  readonly signal: AbortSignal;
  /** Settles like `p`, or rejects with the abort reason as soon as the download is aborted. */
  race<T>(p: Promise<T>): Promise<T>;
  abort(reason: FetchError): void;
  dispose(): void;
}

function startDeadline(ms: number, what: () => string): Deadline {
  const controller = new AbortController();
  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
  });
  aborted.catch(() => undefined);
  const timer = setTimeout(() => {
    controller.abort(new FetchError('TIMEOUT', `Timed out after ${ms} ms: ${what()}`));
  }, ms);
  return {
    signal: controller.signal,
    race: (p) => Promise.race([p, aborted]),
    abort: (reason) => controller.abort(reason),
    dispose: () => clearTimeout(timer),
  };
}

/** Mutable state of one download as it hops through redirects. */
interface Hop {
  url: URL;
  method: 'GET' | 'POST';
  body: Uint8Array | undefined;
  count: number;
}

async function download(cfg: HttpConfig, first: URL, req: FetchRequest): Promise<FetchResult> {
  const hop: Hop = { url: first, method: req.method ?? 'GET', body: req.body, count: 0 };
  const describe = () => `${req.purpose} download of ${hop.url.href}`;
  const deadline = startDeadline(cfg.timeoutMs, describe);
  try {
    for (;;) {
      const res = await send(cfg, hop, req, deadline);
      if (res.type === 'opaqueredirect') {
        throw new FetchError(
          'OPAQUE_REDIRECT',
          `The runtime hid a redirect target, not followed: ${describe()}`,
        );
      }
      if (REDIRECT_STATUSES.has(res.status)) {
        await discardBody(res);
        followRedirect(cfg, hop, res);
        continue;
      }
      if (res.status < 200 || res.status > 299) {
        await discardBody(res);
        throw new FetchError('HTTP_STATUS', `HTTP ${res.status} for ${describe()}`);
      }
      const body = await readCapped(res, cfg.maxBytes, deadline, describe);
      return {
        url: hop.url.href,
        status: res.status,
        contentType: res.headers.get('content-type') ?? '',
        body,
        fromCache: false,
        fetchedAt: new Date(),
      };
    }
  } catch (e) {
    throw asFetchError(e, deadline.signal, describe);
  } finally {
    deadline.dispose();
  }
}

function send(cfg: HttpConfig, hop: Hop, req: FetchRequest, deadline: Deadline): Promise<Response> {
  const init: RequestInit = {
    method: hop.method,
    headers: requestHeaders(cfg, hop, req),
    redirect: 'manual',
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
    signal: deadline.signal,
    ...(hop.method === 'POST' && hop.body ? { body: new Uint8Array(hop.body) } : {}),
  };
  return deadline.race(cfg.fetchImpl(hop.url.href, init));
}

function requestHeaders(cfg: HttpConfig, hop: Hop, req: FetchRequest): Record<string, string> {
  const headers: Record<string, string> = { accept: req.accept ?? DEFAULT_ACCEPT[req.purpose] ?? '*/*' };
  if (hop.method === 'POST' && req.contentType) headers['content-type'] = req.contentType;
  if (cfg.userAgent) headers['user-agent'] = cfg.userAgent;
  return headers;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Moves `hop` to the redirect target after checking it against every rule. */
function followRedirect(cfg: HttpConfig, hop: Hop, res: Response): void {
  if (hop.count >= cfg.maxRedirects) {
    throw new FetchError(
      'TOO_MANY_REDIRECTS',
      `More than ${cfg.maxRedirects} redirects, last from ${hop.url.href}`,
    );
  }
  const location = res.headers.get('location');
  if (!location)
    throw new FetchError('HTTP_STATUS', `HTTP ${res.status} without a Location header from ${hop.url.href}`);
  const target = resolveLocation(location, hop.url);
  try {
    hop.url = checkUrl(target, cfg.rules);
  } catch (e) {
    if (e instanceof FetchError) {
      throw new FetchError(e.code, `Redirect from ${hop.url.href} refused: ${e.message}`, { cause: e });
    }
    throw e;
  }
  // As browsers do: 303 always, and 301/302 after a POST, turn into a GET without a body.
  if (res.status === 303 || ((res.status === 301 || res.status === 302) && hop.method === 'POST')) {
    hop.method = 'GET';
    hop.body = undefined;
  }
  hop.count++;
}

function resolveLocation(location: string, base: URL): string {
  try {
    return new URL(location, base).href;
  } catch (e) {
    throw new FetchError(
      'INVALID_URL',
      `Redirect from ${base.href} to an invalid URL ${JSON.stringify(location)}`,
      {
        cause: e,
      },
    );
  }
}

async function discardBody(res: Response): Promise<void> {
  try {
    await res.body?.cancel();
  } catch {
    // nothing to release
  }
}

/** Reads the body through a reader, never holding more than `maxBytes`. */
async function readCapped(
  res: Response,
  maxBytes: number,
  deadline: Deadline,
  describe: () => string,
): Promise<Uint8Array> {
  const tooLarge = () => new FetchError('TOO_LARGE', `Response exceeds ${maxBytes} bytes: ${describe()}`);
  if (declaredLength(res) > maxBytes) {
    await discardBody(res);
    throw tooLarge();
  }
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await deadline.race(reader.read());
      if (done) break;
      const chunk = asBytes(value);
      if (!chunk) throw new FetchError('NETWORK_ERROR', `Body chunk is not bytes: ${describe()}`);
      total += chunk.byteLength;
      if (total > maxBytes) {
        const err = tooLarge();
        deadline.abort(err);
        throw err;
      }
      chunks.push(chunk);
    }
  } catch (e) {
    reader.cancel().catch(() => undefined);
    throw e;
  }
  return concat(chunks, total);
}

/** A stream chunk as bytes (any ArrayBufferView is accepted), or undefined. */
function asBytes(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value;
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return undefined;
}

/** Content-Length when it describes the body as delivered (no content coding), else 0. */
function declaredLength(res: Response): number {
  if (res.headers.get('content-encoding')) return 0;
  const n = Number(res.headers.get('content-length') ?? '');
  return Number.isFinite(n) ? n : 0;
}

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function asFetchError(e: unknown, signal: AbortSignal, describe: () => string): FetchError {
  if (signal.aborted && signal.reason instanceof FetchError) return signal.reason;
  if (e instanceof FetchError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new FetchError('NETWORK_ERROR', `Network error in ${describe()}: ${message}`, { cause: e });
}
