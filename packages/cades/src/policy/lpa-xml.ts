import { type HashName, OID_BY_HASH, StructureError, base64Decode } from '@mutua/core';
import { type Lpa, type LpaEntry, type PolicyDigestValue, asMutuaError } from './lpa';

const XML_HASHES: Readonly<Record<string, HashName>> = {
  'http://www.w3.org/2000/09/xmldsig#sha1': 'SHA-1',
  'http://www.w3.org/2001/04/xmldsig-more#sha224': 'SHA-224',
  'http://www.w3.org/2001/04/xmlenc#sha256': 'SHA-256',
  'http://www.w3.org/2001/04/xmldsig-more#sha384': 'SHA-384',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'SHA-512',
};

const MAX_TEXT = 16 * 1024 * 1024;

function xmlUnescape(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-fA-F]{1,6});/g, (_, h: string) =>
      String.fromCodePoint(Math.min(Number.parseInt(h, 16), 0x10ffff)),
    )
    .replace(/&#(\d{1,7});/g, (_, d: string) => String.fromCodePoint(Math.min(Number(d), 0x10ffff)))
    .replace(/&amp;/g, '&')
    .trim();
}

/**
 * Every element with local name `name` (any prefix) in `xml`: its attributes text and its content
 * (up to the first closing tag after it; the LPA elements do not nest). Linear in the text: the closing
 * tags are found once, so hostile input with thousands of unclosed tags cannot make it quadratic.
 */
function elements(xml: string, name: string): { attrs: string; body: string }[] {
  const open = new RegExp(`<(?:[\\w.-]+:)?${name}(\\s[^>]*?)?(/?)>`, 'g');
  const close = new RegExp(`</(?:[\\w.-]+:)?${name}\\s*>`, 'g');
  const closes = [...xml.matchAll(close)].map((m) => [m.index, m.index + m[0].length] as const);
  const out: { attrs: string; body: string }[] = [];
  let c = 0;
  let from = 0;
  for (const m of xml.matchAll(open)) {
    if (m.index < from) continue;
    const attrs = m[1] ?? '';
    const start = m.index + m[0].length;
    if (m[2] === '/') {
      out.push({ attrs, body: '' });
      continue;
    }
    while (c < closes.length && closes[c]![0] < start) c++;
    const end = closes[c];
    if (!end) break;
    out.push({ attrs, body: xml.slice(start, end[0]) });
    from = end[1];
    c++;
  }
  return out;
}

function text(xml: string, name: string): string | undefined {
  const e = elements(xml, name)[0];
  return e ? xmlUnescape(e.body.replace(/<[^>]*>/g, '')) : undefined;
}

function date(s: string | undefined, what: string): Date | undefined {
  if (s === undefined || s === '') return undefined;
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) throw new StructureError('BAD_TIME', `${what}: malformed dateTime "${s}"`);
  return d;
}

function formatOf(uri: string | undefined): 'der' | 'xml' | 'txt' {
  if (uri && /\.der$/i.test(uri)) return 'der';
  if (uri && /\.xml$/i.test(uri)) return 'xml';
  return 'txt';
}

/**
 * Reads an ICP-Brasil approved-policy list in XML (`LPA_XAdES.xml`, namespace
 * `http://www.iti.gov.br/LPA/v2#`, and the older `LPA.xml`) into the same shape as {@link parseLpa}.
 * A tolerant text extraction, not an XML parser: element prefixes are ignored, a DOCTYPE is refused,
 * and the enveloped XMLDSig signature of the list is neither read nor verified.
 *
 * @example
 * ```ts
 * import { parseLpaXml } from '@mutua/cades';
 * const lpa = parseLpaXml(`<lpa:ApprovedSignaturePoliciesList xmlns:lpa="http://www.iti.gov.br/LPA/v2#">
 *   <lpa:Version>2</lpa:Version><lpa:NextUpdate>2025-09-10T00:00:00.000Z</lpa:NextUpdate>
 *   <lpa:PolicyInfo>
 *     <lpa:SigningPeriod><lpa:NotBefore>2012-09-21T00:00:00.000Z</lpa:NotBefore></lpa:SigningPeriod>
 *     <lpa:policyOID><XAdES:Identifier xmlns:XAdES="http://uri.etsi.org/01903/v1.3.2#">urn:oid:2.16.76.1.7.1.6.2</XAdES:Identifier></lpa:policyOID>
 *     <lpa:PolicyDigestAndURI><lpa:PolicyURI>http://politicas.icpbrasil.gov.br/PA_AD_RB_v2.xml</lpa:PolicyURI>
 *       <lpa:PolicyDigest><lpa:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
 *         <lpa:DigestValue>AAECAw==</lpa:DigestValue></lpa:PolicyDigest></lpa:PolicyDigestAndURI>
 *   </lpa:PolicyInfo>
 * </lpa:ApprovedSignaturePoliciesList>`);
 * lpa.version; // 2
 * lpa.entries[0]?.policyOid; // '2.16.76.1.7.1.6.2'
 * lpa.entries[0]?.digests[0]?.hash; // 'SHA-256'
 * lpa.entries[0]?.digests[0]?.value; // [0, 1, 2, 3]
 * lpa.entries[0]?.digests[0]?.format; // 'xml'
 * ```
 */
export function parseLpaXml(xml: string): Lpa {
  try {
    if (xml.length > MAX_TEXT) throw new StructureError('TOO_LARGE', 'LPA XML: text too large');
    if (/<!DOCTYPE/i.test(xml))
      throw new StructureError('DOCTYPE_REFUSED', 'LPA XML: DOCTYPE is not allowed');
    if (!/<(?:[\w.-]+:)?ApprovedSignaturePoliciesList[\s>]/.test(xml)) {
      throw new StructureError('NOT_AN_LPA', 'LPA XML: no ApprovedSignaturePoliciesList element');
    }
    // Cut out the list's own enveloped XMLDSig signature (one search each way: linear).
    const signature = xml.search(/<(?:[\w.-]+:)?Signature[\s>]/);
    const sigEnd = /<\/(?:[\w.-]+:)?Signature\s*>/g;
    sigEnd.lastIndex = Math.max(signature, 0);
    const endMatch = signature < 0 ? null : sigEnd.exec(xml);
    const withoutSignature =
      signature < 0
        ? xml
        : xml.slice(0, signature) + (endMatch ? xml.slice(endMatch.index + endMatch[0].length) : '');
    const entries: LpaEntry[] = elements(withoutSignature, 'PolicyInfo').map(({ body }, i) => {
      const what = `LPA XML PolicyInfo[${i}]`;
      const period = elements(body, 'SigningPeriod')[0]?.body;
      const notBefore = date(period && text(period, 'NotBefore'), `${what}.NotBefore`);
      if (!notBefore) throw new StructureError('MISSING_FIELD', `${what}: missing SigningPeriod/NotBefore`);
      const oidText = text(body, 'policyOID') ?? text(body, 'PolicyOID') ?? text(body, 'Identifier');
      const policyOid = oidText?.replace(/^urn:oid:/i, '') || undefined;
      const uris: Partial<Record<'der' | 'xml' | 'txt', string>> = {};
      const digests: PolicyDigestValue[] = elements(body, 'PolicyDigestAndURI').map((p) => {
        const uri = text(p.body, 'PolicyURI');
        const format = formatOf(uri);
        if (uri) uris[format] = uri;
        const alg = elements(p.body, 'DigestMethod')[0]?.attrs.match(/Algorithm\s*=\s*["']([^"']*)["']/)?.[1];
        const hash = alg ? XML_HASHES[alg] : undefined;
        const value = text(p.body, 'DigestValue');
        if (value === undefined) throw new StructureError('MISSING_FIELD', `${what}: missing DigestValue`);
        return { hashOid: hash ? OID_BY_HASH[hash] : (alg ?? ''), hash, value: base64Decode(value), format };
      });
      if (digests.length === 0) throw new StructureError('MISSING_FIELD', `${what}: missing PolicyDigest`);
      return {
        policyOid,
        policyUri: uris.xml ?? uris.der ?? uris.txt,
        uris,
        name: text(body, 'PolicyName'),
        fieldOfApplication: text(body, 'FieldOfApplication'),
        signingPeriod: { notBefore, notAfter: date(period && text(period, 'NotAfter'), `${what}.NotAfter`) },
        revocationDate: date(text(body, 'RevocationDate'), `${what}.RevocationDate`),
        digests,
      };
    });
    const version = text(withoutSignature, 'Version');
    return {
      format: entries.length > 0 && entries.every((e) => e.policyOid === undefined) ? 'v1' : 'v2',
      version: version && /^\d+$/.test(version) ? Number(version) : undefined,
      entries,
      nextUpdate: date(text(withoutSignature, 'NextUpdate'), 'LPA XML NextUpdate'),
    };
  } catch (e) {
    throw asMutuaError(e, 'LPA XML');
  }
}
