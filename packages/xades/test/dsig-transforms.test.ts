/**
 * Reference dereferencing and the whitelisted transforms, each checked against a digest computed by hand
 * with node:crypto over the canonical form the XML-DSig specification prescribes.
 */
import { createHash } from 'node:crypto';
import { nodeCryptoEngine } from '@mutua/core/node';
import { createTestPki } from '@mutua/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  C14N_ALGORITHMS,
  DSIG_NS,
  XMLDSIG_URIS,
  canonicalizeToString,
  findSignatures,
  parseXml,
  signXml,
  verifySignatureValue,
  verifyXmlSignature,
} from '../src/index';

const crypto = nodeCryptoEngine;
let key: CryptoKey;
let publicKey: Parameters<typeof verifySignatureValue>[1];
beforeAll(async () => {
  const pki = await createTestPki({ keySpec: 'RSA-2048' });
  key = pki.endEntity.key.privateKey;
  publicKey = pki.endEntity.cert.publicKey;
});

const sha256 = (s: string | Uint8Array) => createHash('sha256').update(s).digest('base64');

/** A Signature with one hand-written Reference (DigestValue given), signed so SignatureValue is real. */
async function withReference(document: string, reference: string, objects = ''): Promise<string> {
  const { xml } = await signXml({
    content: { kind: 'enveloped', document },
    key,
    objects: objects ? [{ content: objects }] : [],
  });
  // Replace the generated reference by the hand-written one (SignatureValue then no longer matches,
  // which these tests do not look at: they are about the reference).
  return xml.replace(/<ds:Reference[\s\S]*<\/ds:Reference>/, reference);
}

const ref = (uri: string | undefined, transforms: string[], digest: string, extra = '') =>
  `<ds:Reference${uri === undefined ? '' : ` URI="${uri}"`}${extra}>${
    transforms.length ? `<ds:Transforms>${transforms.join('')}</ds:Transforms>` : ''
  }<ds:DigestMethod Algorithm="${XMLDSIG_URIS.SHA256}"/><ds:DigestValue>${digest}</ds:DigestValue></ds:Reference>`;
const t = (alg: string, inner = '') => `<ds:Transform Algorithm="${alg}">${inner}</ds:Transform>`;

async function check(xml: string, detached?: (uri: string) => Uint8Array | undefined) {
  const doc = parseXml(xml);
  // the Signature signXml appended: the last one (some documents here hold another before it)
  const v = await verifyXmlSignature(doc, findSignatures(doc).at(-1)!, { crypto, detached });
  return { doc, v, r: v.references[0]! };
}

describe('dereferencing', () => {
  const DOC = '<!-- before --><Doc><A Id="a">x<!-- c -->y</A></Doc>';

  it('"" is the document without comments, #xpointer(/) with them (kept by a WithComments c14n)', async () => {
    const enveloped = t(XMLDSIG_URIS.ENVELOPED_SIGNATURE);
    const noComments = sha256('<Doc><A Id="a">xy</A></Doc>');
    expect((await check(await withReference(DOC, ref('', [enveloped], noComments)))).r.intact).toBe(true);
    const withComments = sha256('<!-- before -->\n<Doc><A Id="a">x<!-- c -->y</A></Doc>');
    const wc = t(C14N_ALGORITHMS.C14N_10_WITH_COMMENTS);
    expect(
      (await check(await withReference(DOC, ref('#xpointer(/)', [enveloped, wc], withComments)))).r.intact,
    ).toBe(true);
    // "" with a WithComments c14n: the comments were already dropped by the URI
    expect((await check(await withReference(DOC, ref('', [enveloped, wc], noComments)))).r.intact).toBe(true);
  });

  it("#id drops comments, #xpointer(id('id')) keeps them; both give the element", async () => {
    const wc = t(C14N_ALGORITHMS.EXC_C14N_WITH_COMMENTS);
    const bare = await check(await withReference(DOC, ref('#a', [wc], sha256('<A Id="a">xy</A>'))));
    expect(bare.r.intact).toBe(true);
    expect(bare.r.element?.localName).toBe('A');
    const xp = await check(
      await withReference(DOC, ref("#xpointer(id('a'))", [wc], sha256('<A Id="a">x<!-- c -->y</A>'))),
    );
    expect(xp.r.intact).toBe(true);
    expect(xp.r.element?.localName).toBe('A');
  });

  it('a node-set left at the end is canonicalised with C14N 1.0 (inclusive, no comments)', async () => {
    const doc = '<Doc xmlns:p="urn:p"><A Id="a">x<!-- c --></A></Doc>';
    const r = await check(await withReference(doc, ref('#a', [], sha256('<A xmlns:p="urn:p" Id="a">x</A>'))));
    expect(r.r.intact).toBe(true);
  });

  it('a Reference without URI is the content the application gives for ""; otherwise not found', async () => {
    const bytes = new TextEncoder().encode('implícito');
    const xml = await withReference('<Doc/>', ref(undefined, [], sha256(bytes)));
    expect((await check(xml)).r).toMatchObject({ found: false, uri: undefined });
    expect((await check(xml, (u) => (u === '' ? bytes : undefined))).r).toMatchObject({
      found: true,
      intact: true,
    });
  });

  it('unsupported XPointers are not found', async () => {
    const r = await check(await withReference('<Doc/>', ref('#xpointer(//A)', [], sha256(''))));
    expect(r.r).toMatchObject({ found: false, intact: false });
  });
});

describe('transforms', () => {
  it('base64 decodes the text of the node-set', async () => {
    const payload = new TextEncoder().encode('conteúdo binário');
    const b64 = Buffer.from(payload).toString('base64');
    const xml = await withReference(
      `<Doc><Data Id="d">${b64.slice(0, 8)}\n${b64.slice(8)}</Data></Doc>`,
      ref('#d', [t(XMLDSIG_URIS.BASE64)], sha256(payload)),
    );
    const r = await check(xml);
    expect(r.r.intact).toBe(true);
    expect(r.r.target).toEqual({ kind: 'octets', bytes: new Uint8Array(payload) });
  });

  it('XPath Filter 2.0 subtract of every Signature, and of here()/ancestor::ds:Signature[1]', async () => {
    const doc =
      '<Doc><A>1</A><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="other"><ds:SignedInfo/></ds:Signature></Doc>';
    const want = sha256('<Doc><A>1</A></Doc>');
    const f2 = (filter: string, expr: string) =>
      t(
        XMLDSIG_URIS.XPATH_FILTER2,
        `<f:XPath xmlns:f="${XMLDSIG_URIS.XPATH_FILTER2}" Filter="${filter}">${expr}</f:XPath>`,
      );
    for (const expr of ['/descendant::ds:Signature', '//ds:Signature', '/*/ds:Signature']) {
      const r = await check(
        await withReference(doc, ref('', [f2('subtract', expr), t(C14N_ALGORITHMS.EXC_C14N)], want)),
      );
      expect(r.r.intact, expr).toBe(true);
    }
    // only this Signature removed: the other one stays
    const here = await check(
      await withReference(
        doc,
        ref(
          '',
          [f2('subtract', 'here()/ancestor::ds:Signature[1]'), t(C14N_ALGORITHMS.EXC_C14N)],
          sha256(
            '<Doc><A>1</A><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="other"><ds:SignedInfo></ds:SignedInfo></ds:Signature></Doc>',
          ),
        ),
      ),
    );
    expect(here.r.intact).toBe(true);
    // an unsupported expression or filter is refused
    const refused = await check(await withReference(doc, ref('', [f2('subtract', '//A[1]')], want)));
    expect(refused.r.checks.find((c) => c.id === 'xmldsig.transforms')?.status).toBe('failed');
    const union = await check(await withReference(doc, ref('', [f2('union', '/')], want)));
    expect(union.r.intact).toBe(false);
  });

  it("XPath Filter 2.0 intersect with id('x')/node() leaves the element's own tag out", async () => {
    const f2 = t(
      XMLDSIG_URIS.XPATH_FILTER2,
      `<f:XPath xmlns:f="${XMLDSIG_URIS.XPATH_FILTER2}" Filter="intersect">id('d')/node()</f:XPath>`,
    );
    const r = await check(
      await withReference('<Doc><D Id="d"><x>1</x>t</D></Doc>', ref('#d', [f2], sha256('<x>1</x>t'))),
    );
    expect(r.r.intact).toBe(true);
  });

  it('XPath 1.0: not(ancestor-or-self::ds:Signature) removes every Signature; other expressions are refused', async () => {
    const doc = '<Doc><A>1</A></Doc>';
    const xp = (e: string) => t(XMLDSIG_URIS.XPATH, `<ds:XPath>${e}</ds:XPath>`);
    const want = sha256('<Doc><A>1</A></Doc>');
    expect(
      (await check(await withReference(doc, ref('', [xp('not(ancestor-or-self::ds:Signature)')], want)))).r
        .intact,
    ).toBe(true);
    const spec =
      'count(ancestor-or-self::ds:Signature | here()/ancestor::ds:Signature[1]) &gt; count(ancestor-or-self::ds:Signature)';
    expect((await check(await withReference(doc, ref('', [xp(spec)], want)))).r.intact).toBe(true);
    // a prefix not bound to XML-DSig is not XML-DSig's Signature
    const other = await check(
      await withReference(
        doc,
        ref(
          '',
          [t(XMLDSIG_URIS.XPATH, '<ds:XPath xmlns:x="urn:x">not(ancestor-or-self::x:Signature)</ds:XPath>')],
          want,
        ),
      ),
    );
    expect(other.r.checks.find((c) => c.id === 'xmldsig.transforms')?.status).toBe('failed');
    const evil = await check(await withReference(doc, ref('', [xp('document("http://evil/")')], want)));
    expect(evil.r.intact).toBe(false);
  });

  it('InclusiveNamespaces PrefixList is honoured in transforms and in SignedInfo', async () => {
    const doc = '<Doc xmlns:p="urn:p"><A Id="a">1</A></Doc>';
    const exc = t(
      C14N_ALGORITHMS.EXC_C14N,
      '<ec:InclusiveNamespaces xmlns:ec="http://www.w3.org/2001/10/xml-exc-c14n#" PrefixList="p"/>',
    );
    const r = await check(
      await withReference(doc, ref('#a', [exc], sha256('<A xmlns:p="urn:p" Id="a">1</A>'))),
    );
    expect(r.r.intact).toBe(true);
    const { xml } = await signXml({ content: { kind: 'enveloped', document: doc }, key });
    const si = parseXml(
      xml.replace(
        `<ds:CanonicalizationMethod Algorithm="${C14N_ALGORITHMS.EXC_C14N}"/>`,
        `<ds:CanonicalizationMethod Algorithm="${C14N_ALGORITHMS.EXC_C14N}"><ec:InclusiveNamespaces xmlns:ec="http://www.w3.org/2001/10/xml-exc-c14n#" PrefixList="p"/></ds:CanonicalizationMethod>`,
      ),
    );
    const v = await verifyXmlSignature(si, findSignatures(si)[0]!, { crypto });
    expect(new TextDecoder().decode(v.canonicalSignedInfo)).toMatch(
      /^<ds:SignedInfo xmlns:ds="[^"]*" xmlns:p="urn:p">/,
    );
  });

  it('the canonical SignedInfo is what the signer signed, for every c14n method', async () => {
    for (const c14n of Object.values(C14N_ALGORITHMS)) {
      const { xml } = await signXml({
        content: { kind: 'enveloped', document: '<Doc xmlns:p="urn:p"><!--c--><A/></Doc>' },
        key,
        canonicalizationMethod: c14n,
      });
      const doc = parseXml(xml);
      const v = await verifyXmlSignature(doc, findSignatures(doc)[0]!, { crypto });
      expect(v.canonicalizationMethod).toBe(c14n);
      const signedInfo = findSignatures(doc)[0]!.elements('SignedInfo', DSIG_NS)[0]!;
      expect(new TextDecoder().decode(v.canonicalSignedInfo)).toBe(canonicalizeToString(signedInfo, c14n));
      expect((await verifySignatureValue(v, publicKey, crypto)).intact, c14n).toBe(true);
      expect(v.references[0]?.intact).toBe(true);
    }
  });

  it('digest methods sha1 … sha512 and sha3; an unknown one is indeterminate', async () => {
    const uris: Record<string, string> = {
      'http://www.w3.org/2000/09/xmldsig#sha1': 'sha1',
      'http://www.w3.org/2001/04/xmldsig-more#sha224': 'sha224',
      'http://www.w3.org/2001/04/xmlenc#sha256': 'sha256',
      'http://www.w3.org/2001/04/xmldsig-more#sha384': 'sha384',
      'http://www.w3.org/2001/04/xmlenc#sha512': 'sha512',
      'http://www.w3.org/2007/05/xmldsig-more#sha3-256': 'sha3-256',
    };
    const bytes = new TextEncoder().encode('abc');
    for (const [uri, node] of Object.entries(uris)) {
      const { xml } = await signXml({
        content: { kind: 'detached', files: [{ uri: 'f', bytes }] },
        key,
        digestMethod: uri,
        crypto,
      });
      const r = await check(xml, () => bytes);
      expect(r.r.intact, uri).toBe(true);
      expect(r.r.digestAlgorithm).toBe(uri);
      const digest = /<ds:DigestValue>([^<]*)</.exec(xml)![1];
      expect(digest).toBe(createHash(node).update('abc').digest('base64'));
    }
    const { xml } = await signXml({ content: { kind: 'enveloping', content: '<a/>' }, key });
    const md5 = await check(xml.replace(XMLDSIG_URIS.SHA256, 'http://www.w3.org/2001/04/xmldsig-more#md5'));
    expect(md5.r.checks[0]).toMatchObject({
      status: 'indeterminate',
      subIndication: 'CRYPTO_CONSTRAINTS_FAILURE',
    });
  });
});
