import { OID_BY_HASH, der } from '@mutua/core';
import { bytesEqual } from './bytes';
import { SigningError, type SigningHash } from './sign';
import { parseTimeStampResponse } from './timestamp';

/** Options of {@link timeStampRequest}. */
export interface TimeStampRequestOptions {
  /** The nonce (a positive integer); none when absent. */
  readonly nonce?: bigint;
  /** The TSA policy OID asked for (reqPolicy). */
  readonly policy?: string;
  /** Ask the TSA to include its certificate (certReq, default true). */
  readonly certReq?: boolean;
}

/**
 * Encodes an RFC 3161 TimeStampReq (§2.4.1) for a message imprint: what is POSTed to a TSA as
 * `application/timestamp-query`.
 *
 * @example
 * ```ts
 * import { timeStampRequest } from '@mutua/cades';
 * const req = timeStampRequest(new Uint8Array(32), 'SHA-256', { nonce: 42n });
 * req[0]; // 0x30
 * req.length; // 60 (version, SHA-256 imprint, nonce, certReq)
 * ```
 */
export function timeStampRequest(
  imprint: Uint8Array,
  hash: SigningHash,
  options: TimeStampRequestOptions = {},
): Uint8Array {
  return der.seq(
    der.int(1),
    der.seq(der.seq(der.oid(OID_BY_HASH[hash])), der.octets(imprint)),
    options.policy !== undefined ? der.oid(options.policy) : undefined,
    options.nonce !== undefined ? der.int(options.nonce) : undefined,
    options.certReq === false ? undefined : der.bool(true),
  );
}

/** Options of {@link httpTimestamp}. */
export interface HttpTimestampOptions {
  /** The `fetch` to use (default `globalThis.fetch`): pass one that adds authentication, a proxy, … */
  readonly fetch?: typeof fetch;
  /** The TSA policy OID to ask for. */
  readonly policy?: string;
  /** Send a random nonce and check that the response echoes it (default true). */
  readonly nonce?: boolean;
  /** More HTTP headers (an Authorization header for TSAs that require one). */
  readonly headers?: Readonly<Record<string, string>>;
}

function randomNonce(): bigint {
  const b = new Uint8Array(8);
  globalThis.crypto.getRandomValues(b);
  let n = 0n;
  for (const x of b) n = (n << 8n) | BigInt(x);
  return n || 1n;
}

/**
 * A time-stamp function for {@link signCades} that asks an RFC 3161 TSA over HTTP (RFC 3161 §3.4: POST
 * of a TimeStampReq as `application/timestamp-query`), checks the answer (status granted, same imprint,
 * same nonce) and returns the token.
 *
 * @throws {@link SigningError} `TSA_HTTP_ERROR`, `TSA_REJECTED` or `TSA_BAD_RESPONSE` (when called).
 * @example
 * ```ts
 * import { httpTimestamp, signCades } from '@mutua/cades';
 * import { children, decodeInteger, decodeOctetString, der, parseDer } from '@mutua/core';
 * import { createTsa, timestampToken } from '@mutua/testkit';
 * const tsa = await createTsa(pki);
 * // A stand-in TSA: reads the TimeStampReq and answers with a granted TimeStampResp.
 * const fakeTsa = (async (_url: string, init?: RequestInit) => {
 *   const [, messageImprint, nonce] = children(parseDer(new Uint8Array(init!.body as ArrayBuffer)));
 *   const imprint = decodeOctetString(children(messageImprint!)[1]!);
 *   const token = await timestampToken({ tsa, digest: imprint, nonce: decodeInteger(nonce!) });
 *   return new Response(der.seq(der.seq(der.int(0)), token) as BufferSource, { status: 200 });
 * }) as typeof fetch;
 * const p7s = await signCades({
 *   content: new TextEncoder().encode('hello'),
 *   certificate: leaf.der,
 *   key: leaf.key.privateKey,
 *   timestamp: httpTimestamp('https://tsa.example.com/tsr', { fetch: fakeTsa }),
 * });
 * p7s.length > 1000; // true
 * ```
 */
export function httpTimestamp(
  url: string,
  options: HttpTimestampOptions = {},
): (imprint: Uint8Array, hash: SigningHash) => Promise<Uint8Array> {
  return async (imprint, hash) => {
    const doFetch = options.fetch ?? globalThis.fetch;
    const nonce = options.nonce === false ? undefined : randomNonce();
    const body = timeStampRequest(imprint, hash, {
      ...(nonce !== undefined ? { nonce } : {}),
      ...(options.policy !== undefined ? { policy: options.policy } : {}),
    });
    const res = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query', ...options.headers },
      body: body.slice().buffer as ArrayBuffer,
    });
    if (!res.ok) throw new SigningError('TSA_HTTP_ERROR', `the TSA answered HTTP ${res.status}`);
    let resp: ReturnType<typeof parseTimeStampResponse>;
    try {
      resp = parseTimeStampResponse(new Uint8Array(await res.arrayBuffer()));
    } catch (e) {
      throw new SigningError('TSA_BAD_RESPONSE', 'the TSA answer is not a TimeStampResp', { cause: e });
    }
    if ((resp.status !== 0 && resp.status !== 1) || !resp.token) {
      const why = resp.statusStrings.length ? `: ${resp.statusStrings.join('; ')}` : '';
      throw new SigningError('TSA_REJECTED', `the TSA refused the request (status ${resp.status})${why}`);
    }
    const tst = resp.token.tstInfo;
    if (tst.messageImprint.hash !== hash || !bytesEqual(tst.messageImprint.hashedMessage, imprint))
      throw new SigningError('TSA_BAD_RESPONSE', 'the TSA time-stamped another imprint');
    if (nonce !== undefined && tst.nonce !== nonce)
      throw new SigningError('TSA_BAD_RESPONSE', 'the TSA answer does not echo the nonce');
    if (options.policy !== undefined && tst.policy !== options.policy)
      throw new SigningError('TSA_BAD_RESPONSE', `the TSA used policy ${tst.policy}, not ${options.policy}`);
    return resp.token.signedData.der;
  };
}
