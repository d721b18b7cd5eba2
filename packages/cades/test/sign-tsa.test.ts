import {
  Indication,
  children,
  decodeInteger,
  decodeOctetString,
  decodeOid,
  der,
  parseDer,
  trustAnchorFromCertificate,
} from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';
import {
  type TestPki,
  type TimestampTokenOptions,
  createTestPki,
  createTsa,
  timestampToken,
} from '@mutua/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { httpTimestamp, signCades, timeStampRequest, verifyCades } from '../src/index';

const content = new TextEncoder().encode('time-stamped by a TSA over HTTP');
let pki: TestPki;
let tsaCert: Awaited<ReturnType<typeof createTsa>>;

beforeAll(async () => {
  pki = await createTestPki({ name: 'CAdES TSA Client Tests', keySpec: 'P-256' });
  tsaCert = await createTsa(pki);
});

interface Seen {
  url?: string;
  headers?: Headers;
}

/** A fake TSA: answers the TimeStampReq it receives; `edit` spoils the answer for negative tests. */
function fakeTsa(
  seen: Seen,
  edit: { status?: number; http?: number; token?: Partial<TimestampTokenOptions> } = {},
): typeof fetch {
  return (async (url: string, init?: RequestInit) => {
    seen.url = url;
    seen.headers = new Headers(init?.headers);
    if (edit.http) return new Response('no', { status: edit.http });
    const [, mi, nonce] = children(parseDer(new Uint8Array(init!.body as ArrayBuffer)));
    const [alg, hashed] = children(mi!);
    const hash = decodeOid(children(alg!)[0]!) === '2.16.840.1.101.3.4.2.3' ? 'SHA-512' : 'SHA-256';
    if (edit.status !== undefined)
      return new Response(der.seq(der.seq(der.int(edit.status), der.seq(der.utf8('busy')))) as BufferSource);
    const token = await timestampToken({
      tsa: tsaCert,
      digest: decodeOctetString(hashed!),
      hash,
      nonce: decodeInteger(nonce!),
      ...edit.token,
    });
    return new Response(der.seq(der.seq(der.int(0)), token) as BufferSource);
  }) as typeof fetch;
}

describe('httpTimestamp', () => {
  it('POSTs a TimeStampReq and makes a CAdES-BASELINE-T that verifies', async () => {
    const seen: Seen = {};
    const p7s = await signCades({
      content,
      certificate: pki.endEntity.der,
      chain: [pki.issuingCa.der],
      key: pki.endEntity.key.privateKey,
      timestampHash: 'SHA-512',
      timestamp: httpTimestamp('https://tsa.example.com/', {
        fetch: fakeTsa(seen),
        headers: { authorization: 'Bearer x' },
      }),
    });
    expect(seen.url).toBe('https://tsa.example.com/');
    expect(seen.headers?.get('content-type')).toBe('application/timestamp-query');
    expect(seen.headers?.get('authorization')).toBe('Bearer x');
    const report = await verifyCades(p7s, {
      trustAnchors: [trustAnchorFromCertificate(pki.root.cert)],
      crls: [(await pki.crl(pki.root)).der, (await pki.crl()).der],
      crypto: nodeCryptoEngine,
    });
    expect(report.signatures[0]!.format).toBe('CAdES-BASELINE-T');
    expect(report.signatures[0]!.indication).toBe(Indication.TOTAL_PASSED);
  });

  it('refuses an HTTP error, a rejection, another nonce, another imprint', async () => {
    const imprint = new Uint8Array(32).fill(1);
    const call = (edit: Parameters<typeof fakeTsa>[1]) =>
      httpTimestamp('https://tsa.example.com/', { fetch: fakeTsa({}, edit) })(imprint, 'SHA-256');
    await expect(call({ http: 500 })).rejects.toMatchObject({ code: 'TSA_HTTP_ERROR' });
    await expect(call({ status: 2 })).rejects.toMatchObject({ code: 'TSA_REJECTED', message: /busy/ });
    await expect(call({ token: { nonce: 7n } })).rejects.toMatchObject({ code: 'TSA_BAD_RESPONSE' });
    await expect(call({ token: { digest: new Uint8Array(32) } })).rejects.toMatchObject({
      code: 'TSA_BAD_RESPONSE',
    });
    expect((await call({})).length).toBeGreaterThan(100);
  });

  it('timeStampRequest encodes the optional fields', () => {
    const req = children(
      parseDer(timeStampRequest(new Uint8Array(48), 'SHA-384', { policy: '2.999.1', certReq: false })),
    );
    expect(req).toHaveLength(3); // version, imprint, policy; no nonce, no certReq
  });
});
