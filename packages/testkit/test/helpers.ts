/**
 * Test-only decoders for the structures core does not parse yet (CRL, OCSP), and signature checks
 * against both crypto engines.
 */
import {
  type Certificate,
  type CryptoEngine,
  type PublicKeyInfo,
  SeqReader,
  Tag,
  UnsupportedAlgorithm,
  children,
  createWebCryptoEngine,
  decodeBitString,
  decodeInteger,
  decodeOctetString,
  decodeOid,
  decodeTime,
  explicitInner,
  parseAlgorithmIdentifier,
  parseDer,
  resolveSignatureAlgorithm,
  tlvBytes,
  tlvValue,
  type Tlv,
  type AlgorithmIdentifier,
} from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';

export const engines: readonly CryptoEngine[] = [createWebCryptoEngine(), nodeCryptoEngine];

/** Verifies `signature` over `data` with both engines; returns their statuses. */
export async function verifyBoth(
  alg: AlgorithmIdentifier,
  publicKey: PublicKeyInfo,
  data: Uint8Array,
  signature: Uint8Array,
): Promise<string[]> {
  const scheme = resolveSignatureAlgorithm(alg);
  if (scheme instanceof UnsupportedAlgorithm) throw new Error(scheme.reason);
  return Promise.all(
    engines.map(async (e) => (await e.verify({ scheme, publicKey, data, signature })).status),
  );
}

/** Verifies a certificate's signature with its issuer's key, with both engines. */
export function verifyCert(cert: Certificate, issuer: Certificate | PublicKeyInfo): Promise<string[]> {
  const pk = 'publicKey' in issuer && 'tbsDer' in issuer ? issuer.publicKey : (issuer as PublicKeyInfo);
  return verifyBoth(cert.signatureAlgorithm, pk, cert.tbsDer, cert.signatureValue);
}

interface RawExt {
  oid: string;
  critical: boolean;
  value: Uint8Array;
}

function extensions(t: Tlv): RawExt[] {
  return children(t).map((e) => {
    const r = new SeqReader(e, 'Extension');
    const oid = decodeOid(r.next('extnID'));
    const c = r.optional(Tag.BOOLEAN);
    const value = decodeOctetString(r.next('extnValue'));
    return { oid, critical: !!c && tlvValue(c)[0] !== 0, value };
  });
}

export interface ParsedCrl {
  version: number;
  tbsDer: Uint8Array;
  innerAlg: AlgorithmIdentifier;
  signatureAlgorithm: AlgorithmIdentifier;
  signature: Uint8Array;
  issuerDer: Uint8Array;
  thisUpdate: Date;
  nextUpdate?: Date;
  entries: { serial: bigint; date: Date; extensions: RawExt[] }[];
  extensions: RawExt[];
}

export function parseCrl(der: Uint8Array): ParsedCrl {
  const r = new SeqReader(parseDer(der), 'CertificateList');
  const tbs = r.next('tbs', Tag.SEQUENCE);
  const signatureAlgorithm = parseAlgorithmIdentifier(r.next('alg', Tag.SEQUENCE));
  const signature = decodeBitString(r.next('sig')).bytes;
  r.end();
  const t = new SeqReader(tbs, 'TBSCertList');
  const v = t.optional(Tag.INTEGER);
  const innerAlg = parseAlgorithmIdentifier(t.next('signature', Tag.SEQUENCE));
  const issuer = t.next('issuer', Tag.SEQUENCE);
  const thisUpdate = decodeTime(t.next('thisUpdate'));
  let nextUpdate: Date | undefined;
  const nu = t.optional(Tag.UTCTime) ?? t.optional(Tag.GeneralizedTime);
  if (nu) nextUpdate = decodeTime(nu);
  const revoked = t.optional(Tag.SEQUENCE);
  const ext = t.optionalContext(0);
  t.end();
  return {
    version: v ? Number(decodeInteger(v)) + 1 : 1,
    tbsDer: tlvBytes(tbs),
    innerAlg,
    signatureAlgorithm,
    signature,
    issuerDer: tlvBytes(issuer),
    thisUpdate,
    ...(nextUpdate ? { nextUpdate } : {}),
    entries: revoked
      ? children(revoked).map((e) => {
          const er = new SeqReader(e, 'entry');
          const serial = decodeInteger(er.next('serial'));
          const date = decodeTime(er.next('date'));
          const x = er.optional(Tag.SEQUENCE);
          return { serial, date, extensions: x ? extensions(x) : [] };
        })
      : [],
    extensions: ext ? extensions(explicitInner(ext, 'crlExtensions')) : [],
  };
}

export interface ParsedOcsp {
  status: number;
  tbsDer?: Uint8Array;
  signatureAlgorithm?: AlgorithmIdentifier;
  signature?: Uint8Array;
  responderId?: { byName?: Uint8Array; byKey?: Uint8Array };
  producedAt?: Date;
  responses: {
    hashOid: string;
    issuerNameHash: Uint8Array;
    issuerKeyHash: Uint8Array;
    serial: bigint;
    status: 'good' | 'revoked' | 'unknown';
    revocationTime?: Date;
    reason?: number;
    thisUpdate: Date;
    nextUpdate?: Date;
  }[];
  extensions: RawExt[];
  certs: Uint8Array[];
}

export function parseOcsp(der: Uint8Array): ParsedOcsp {
  const r = new SeqReader(parseDer(der), 'OCSPResponse');
  const status = Number(decodeInteger(r.next('status')));
  const rb = r.optionalContext(0);
  r.end();
  if (!rb) return { status, responses: [], extensions: [], certs: [] };
  const rbr = new SeqReader(explicitInner(rb, 'responseBytes'), 'ResponseBytes');
  const type = decodeOid(rbr.next('type'));
  if (type !== '1.3.6.1.5.5.7.48.1.1') throw new Error(`not basic: ${type}`);
  const basic = new SeqReader(parseDer(decodeOctetString(rbr.next('response'))), 'BasicOCSPResponse');
  const tbs = basic.next('tbsResponseData', Tag.SEQUENCE);
  const signatureAlgorithm = parseAlgorithmIdentifier(basic.next('alg', Tag.SEQUENCE));
  const signature = decodeBitString(basic.next('sig')).bytes;
  const certsNode = basic.optionalContext(0);
  basic.end();
  const t = new SeqReader(tbs, 'ResponseData');
  const rid = t.optionalContext(1) ?? t.optionalContext(2);
  if (!rid) throw new Error('no responderID');
  const inner = explicitInner(rid, 'responderID');
  const responderId = rid.tag === 1 ? { byName: tlvBytes(inner) } : { byKey: decodeOctetString(inner) };
  const producedAt = decodeTime(t.next('producedAt'));
  const responses = children(t.next('responses', Tag.SEQUENCE)).map((sr) => {
    const s = new SeqReader(sr, 'SingleResponse');
    const id = new SeqReader(s.next('certID', Tag.SEQUENCE), 'CertID');
    const hashOid = decodeOid(new SeqReader(id.next('alg', Tag.SEQUENCE), 'alg').next('oid'));
    const issuerNameHash = decodeOctetString(id.next('nameHash'));
    const issuerKeyHash = decodeOctetString(id.next('keyHash'));
    const serial = decodeInteger(id.next('serial'));
    const st = s.next('certStatus');
    let revocationTime: Date | undefined;
    let reason: number | undefined;
    if (st.tag === 1) {
      const rr = new SeqReader(st, 'RevokedInfo');
      revocationTime = decodeTime(rr.next('time'));
      const rc = rr.optionalContext(0);
      if (rc) reason = Number(decodeInteger(explicitInner(rc, 'reason')));
    }
    const thisUpdate = decodeTime(s.next('thisUpdate'));
    const nu = s.optionalContext(0);
    return {
      hashOid,
      issuerNameHash,
      issuerKeyHash,
      serial,
      status: (['good', 'revoked', 'unknown'] as const)[st.tag]!,
      thisUpdate,
      ...(revocationTime ? { revocationTime } : {}),
      ...(reason !== undefined ? { reason } : {}),
      ...(nu ? { nextUpdate: decodeTime(explicitInner(nu, 'nextUpdate')) } : {}),
    };
  });
  const ext = t.optionalContext(1);
  return {
    status,
    tbsDer: tlvBytes(tbs),
    signatureAlgorithm,
    signature,
    responderId,
    producedAt,
    responses,
    extensions: ext ? extensions(explicitInner(ext, 'responseExtensions')) : [],
    certs: certsNode ? children(explicitInner(certsNode, 'certs')).map(tlvBytes) : [],
  };
}

export const hex = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
