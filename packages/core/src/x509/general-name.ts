import { type Tlv, children, tlvBytes, tlvValue } from '../asn1/der';
import { SeqReader, decodeOid, decodeString, explicitInner } from '../asn1/read';
import { StructureError } from '../errors';
import { type Name, parseName } from './name';

/** A GeneralName (RFC 5280 §4.2.1.6). */
export type GeneralName =
  | { readonly type: 'otherName'; readonly typeId: string; readonly value: Tlv; readonly text?: string }
  | { readonly type: 'rfc822Name'; readonly value: string }
  | { readonly type: 'dNSName'; readonly value: string }
  | { readonly type: 'x400Address'; readonly der: Uint8Array }
  | { readonly type: 'directoryName'; readonly value: Name }
  | { readonly type: 'ediPartyName'; readonly der: Uint8Array }
  | { readonly type: 'uniformResourceIdentifier'; readonly value: string }
  | { readonly type: 'iPAddress'; readonly value: Uint8Array }
  | { readonly type: 'registeredID'; readonly value: string };

const latin1 = new TextDecoder('latin1');

/**
 * Parses one GeneralName (an implicitly or explicitly context-tagged CHOICE).
 *
 * @example
 * ```ts
 * import { der, parseDer, parseGeneralName } from '@mutua/core';
 * const email = der.ctxPrim(1, new TextEncoder().encode('assinatura@empresa.com.br')); // [1] rfc822Name
 * parseGeneralName(parseDer(email)); // { type: 'rfc822Name', value: 'assinatura@empresa.com.br' }
 * ```
 */
export function parseGeneralName(t: Tlv): GeneralName {
  if (t.cls !== 2) throw new StructureError('WRONG_TAG', 'GeneralName: not context-specific');
  switch (t.tag) {
    case 0: {
      const r = new SeqReader(t, 'otherName');
      const typeId = decodeOid(r.next('type-id'), 'otherName type-id');
      const value = explicitInner(r.next('value'), 'otherName value');
      r.end();
      let text: string | undefined;
      if (!value.constructed && value.cls === 0) text = decodeString(value);
      return text === undefined
        ? { type: 'otherName', typeId, value }
        : { type: 'otherName', typeId, value, text };
    }
    case 1:
      return { type: 'rfc822Name', value: latin1.decode(tlvValue(t)) };
    case 2:
      return { type: 'dNSName', value: latin1.decode(tlvValue(t)) };
    case 3:
      return { type: 'x400Address', der: tlvBytes(t) };
    case 4:
      return { type: 'directoryName', value: parseName(explicitInner(t, 'directoryName'), 'directoryName') };
    case 5:
      return { type: 'ediPartyName', der: tlvBytes(t) };
    case 6:
      return { type: 'uniformResourceIdentifier', value: latin1.decode(tlvValue(t)) };
    case 7:
      return { type: 'iPAddress', value: tlvValue(t) };
    case 8: {
      // registeredID is an implicitly tagged OID: decode the content octets directly.
      const fake = { ...t, cls: 0, tag: 6 };
      return { type: 'registeredID', value: decodeOid(fake, 'registeredID') };
    }
    default:
      throw new StructureError('BAD_GENERAL_NAME', `GeneralName: unknown choice [${t.tag}]`);
  }
}

/**
 * Parses GeneralNames (SEQUENCE OF GeneralName).
 *
 * @example
 * ```ts
 * import { der, generalNameToString, parseDer, parseGeneralNames } from '@mutua/core';
 * const dns = der.ctxPrim(2, new TextEncoder().encode('firma.example.cl')); // [2] dNSName
 * const ip = der.ctxPrim(7, new Uint8Array([10, 0, 0, 1])); // [7] iPAddress
 * const names = der.seq(dns, ip);
 * parseGeneralNames(parseDer(names)).map(generalNameToString); // ['DNS:firma.example.cl', 'IP:10.0.0.1']
 * ```
 */
export function parseGeneralNames(t: Tlv): GeneralName[] {
  return children(t).map(parseGeneralName);
}

/**
 * Text form of a GeneralName, for reports.
 *
 * @example
 * ```ts
 * import { generalNameToString } from '@mutua/core';
 * const crlUrl = { type: 'uniformResourceIdentifier', value: 'http://ca.example.com/ca1.crl' } as const;
 * generalNameToString(crlUrl); // 'URI:http://ca.example.com/ca1.crl'
 * generalNameToString({ type: 'rfc822Name', value: 'ana@example.cl' }); // 'email:ana@example.cl'
 * ```
 */
export function generalNameToString(g: GeneralName): string {
  switch (g.type) {
    case 'otherName':
      return `otherName:${g.typeId}${g.text !== undefined ? `=${g.text}` : ''}`;
    case 'directoryName':
      return `dirName:${g.value.text}`;
    case 'iPAddress':
      return `IP:${formatIp(g.value)}`;
    case 'x400Address':
    case 'ediPartyName':
      return g.type;
    case 'rfc822Name':
      return `email:${g.value}`;
    case 'dNSName':
      return `DNS:${g.value}`;
    case 'uniformResourceIdentifier':
      return `URI:${g.value}`;
    case 'registeredID':
      return `RID:${g.value}`;
  }
}

/**
 * Formats an IPv4/IPv6 address (or address+mask for name constraints).
 *
 * @example
 * ```ts
 * import { formatIp } from '@mutua/core';
 * formatIp(new Uint8Array([192, 168, 0, 1])); // '192.168.0.1'
 * formatIp(new Uint8Array([10, 0, 0, 0, 255, 0, 0, 0])); // '10.0.0.0/255.0.0.0' (a name-constraint subtree)
 * ```
 */
export function formatIp(b: Uint8Array): string {
  if (b.length === 4) return [...b].join('.');
  if (b.length === 8) return `${[...b.subarray(0, 4)].join('.')}/${[...b.subarray(4)].join('.')}`;
  const groups: string[] = [];
  for (let i = 0; i + 1 < b.length && i < 16; i += 2) groups.push(((b[i]! << 8) | b[i + 1]!).toString(16));
  return groups.join(':');
}
