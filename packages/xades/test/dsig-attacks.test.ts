/**
 * The XML-DSig attack classes of ../shared/research/attack-catalog.md (X1–X4, X6, X9), each built in code
 * from a good signature made with the testkit and `signXml`, next to the good case it is derived from.
 */
import { nodeCryptoEngine } from '@mutua/core/node';
import { createTestPki } from '@mutua/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  C14N_ALGORITHMS,
  type VerifiedReference,
  type XmlDocument,
  type XmlElement,
  XmlError,
  XMLDSIG_URIS,
  findSignatures,
  indexIds,
  parseXml,
  signXml,
  verifySignatureValue,
  verifyXmlSignature,
} from '../src/index';

const crypto = nodeCryptoEngine;
let key: CryptoKey;
let certDer: Uint8Array;
let publicKey: Parameters<typeof verifySignatureValue>[1];

beforeAll(async () => {
  const pki = await createTestPki({ keySpec: 'P-256' });
  key = pki.endEntity.key.privateKey;
  certDer = pki.endEntity.der;
  publicKey = pki.endEntity.cert.publicKey;
});

async function verify(xml: string, which = 0, detached?: (uri: string) => Uint8Array | undefined) {
  const doc = parseXml(xml);
  const sig = findSignatures(doc)[which]!;
  const v = await verifyXmlSignature(doc, sig, { crypto, detached });
  const value = await verifySignatureValue(v, publicKey, crypto);
  return { doc, v, value };
}

const failed = (checks: readonly { status: string; id: string; subIndication?: string }[]) =>
  checks.filter((c) => c.status === 'failed' || c.status === 'indeterminate');

/** The element a nodes target designates. */
function apexOf(r: VerifiedReference | undefined): XmlDocument | XmlElement | undefined {
  return r?.target?.kind === 'nodes' ? r.target.apex : undefined;
}

function byAttr(doc: XmlDocument, name: string, value: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    if (e.getAttribute(name) === value) out.push(e);
    for (const c of e.elements()) walk(c);
  };
  walk(doc.root);
  return out;
}

const SIGNATURE = /<ds:Signature[\s\S]*<\/ds:Signature>/;
const ISSUER = '<Issuer>idp.example</Issuer>';
const ORIGINAL = '<Assertion ID="assert"><Subject>alice</Subject></Assertion>';
const EVIL = '<Assertion ID="evil-a"><Subject>mallory</Subject></Assertion>';

describe('X1 signature wrapping (the eight XSW variants)', () => {
  let responseSigned: string; // <Response ID="resp">…<ds:Signature/></Response>, Reference #resp
  let assertionSigned: string; // the Signature inside the Assertion, Reference #assert
  let S: string; // the Signature element's text in each
  let A: string;

  beforeAll(async () => {
    responseSigned = (
      await signXml({
        content: {
          kind: 'enveloped',
          document: `<Response ID="resp">${ISSUER}${ORIGINAL}</Response>`,
          uri: '#resp',
        },
        key,
        certificates: [certDer],
      })
    ).xml;
    S = SIGNATURE.exec(responseSigned)![0];
    assertionSigned = (
      await signXml({
        content: {
          kind: 'enveloped',
          document: `<Response ID="resp">${ISSUER}${ORIGINAL}</Response>`,
          uri: '#assert',
          insert: (d, s) => d.replace('</Subject></Assertion>', `</Subject>${s}</Assertion>`),
        },
        key,
        certificates: [certDer],
      })
    ).xml;
    A = SIGNATURE.exec(assertionSigned)![0];
  });

  const withObject = (sig: string, content: string) =>
    sig.replace(/<\/ds:Signature>$/, `<ds:Object>${content}</ds:Object></ds:Signature>`);
  const originalResponse = () => `<Response ID="resp">${ISSUER}${ORIGINAL}</Response>`;
  const signedAssertion = () => `<Assertion ID="assert"><Subject>alice</Subject>${A}</Assertion>`;

  it('the good cases verify, and the target is what was signed', async () => {
    const r = await verify(responseSigned);
    expect(failed(r.v.checks)).toEqual([]);
    expect(r.value.intact).toBe(true);
    expect(apexOf(r.v.references[0])).toBe(r.doc.root);
    const a = await verify(assertionSigned);
    expect(failed(a.v.checks)).toEqual([]);
    expect(a.value.intact).toBe(true);
    expect(apexOf(a.v.references[0])).toBe(byAttr(a.doc, 'ID', 'assert')[0]);
    // the target excludes the enveloped Signature
    const t = a.v.references[0]?.target;
    expect(t?.kind === 'nodes' && t.exclude).toEqual([a.v.signature]);
  });

  /** Each variant: the attacked document, and what the verifier must say. */
  const variants: [string, () => string, 'target' | 'not-intact' | 'duplicate-id'][] = [
    // XSW1: evil Response; the original moved into the Signature's Object. Its digest holds (the
    // enveloped-signature transform prunes below the referenced element, as Santuario/DSS do): what
    // protects is that the target is the moved original.
    [
      'XSW1',
      () => `<Response ID="evil">${ISSUER}${EVIL}${withObject(S, originalResponse())}</Response>`,
      'target',
    ],
    // XSW2: evil Response; the original as a sibling before the Signature.
    ['XSW2', () => `<Response ID="evil">${ISSUER}${EVIL}${originalResponse()}${S}</Response>`, 'target'],
    // XSW3: an evil Assertion before the signed one.
    ['XSW3', () => `<Response ID="resp">${ISSUER}${EVIL}${signedAssertion()}</Response>`, 'target'],
    // XSW4: the evil Assertion wraps the signed one.
    [
      'XSW4',
      () =>
        `<Response ID="resp">${ISSUER}<Assertion ID="evil-a"><Subject>mallory</Subject>${signedAssertion()}</Assertion></Response>`,
      'target',
    ],
    // XSW5: the evil Assertion carries the Signature; the original (signature removed) comes after it.
    [
      'XSW5',
      () =>
        `<Response ID="resp">${ISSUER}<Assertion ID="evil-a"><Subject>mallory</Subject>${A}</Assertion>${ORIGINAL}</Response>`,
      'target',
    ],
    // XSW6: the evil Assertion carries the Signature, the original (with a copy of it) in its Object.
    [
      'XSW6',
      () =>
        `<Response ID="resp">${ISSUER}<Assertion ID="evil-a"><Subject>mallory</Subject>${withObject(A, signedAssertion())}</Assertion></Response>`,
      'duplicate-id',
    ],
    // XSW7: the original hidden in an Extensions element, the evil Assertion where it was.
    [
      'XSW7',
      () => `<Response ID="resp">${ISSUER}<Extensions>${signedAssertion()}</Extensions>${EVIL}</Response>`,
      'target',
    ],
    // XSW8: the evil Assertion carries the Signature, the original (signature removed) in its Object.
    [
      'XSW8',
      () =>
        `<Response ID="resp">${ISSUER}<Assertion ID="evil-a"><Subject>mallory</Subject>${withObject(A, ORIGINAL)}</Assertion></Response>`,
      'target',
    ],
    // The same with the original altered on its way: the digest breaks.
    [
      'XSW8 altered',
      () =>
        `<Response ID="resp">${ISSUER}<Assertion ID="evil-a"><Subject>mallory</Subject>${withObject(A, ORIGINAL.replace('alice', 'alicia'))}</Assertion></Response>`,
      'not-intact',
    ],
  ];

  it.each(variants)('%s', async (name, build, expected) => {
    const xml = build();
    const signedId = name === 'XSW1' || name === 'XSW2' ? 'resp' : 'assert';
    const doc = parseXml(xml);
    // verify the signature the attacker means the application to trust: the one holding the reference
    const sigs = findSignatures(doc);
    const outer = sigs[0]!;
    const v = await verifyXmlSignature(doc, outer, { crypto });
    const evil = byAttr(doc, 'ID', signedId === 'resp' ? 'evil' : 'evil-a')[0];
    if (expected === 'duplicate-id') {
      expect(v.structureValid).toBe(false);
      expect(v.checks[0]).toMatchObject({
        id: 'xmldsig.structure',
        status: 'failed',
        subIndication: 'FORMAT_FAILURE',
      });
      expect(v.checks[0]?.message).toMatch(/ID "/);
      expect(v.references).toEqual([]);
      return;
    }
    const ref = v.references[0]!;
    expect((await verifySignatureValue(v, publicKey, crypto)).intact).toBe(true); // SignedInfo untouched
    if (expected === 'not-intact') {
      expect(ref.intact).toBe(false);
      expect(failed(ref.checks)[0]).toMatchObject({ subIndication: 'HASH_FAILURE' });
      return;
    }
    expect(ref.intact).toBe(true);
    const signed = byAttr(doc, 'ID', signedId);
    expect(signed).toHaveLength(1);
    expect(apexOf(ref)).toBe(signed[0]); // the moved original …
    expect(apexOf(ref)).not.toBe(evil); // … never the look-alike where the application looks
    expect(ref.element).toBe(signed[0]);
  });

  it('a moved element whose new context changes its inclusive canonical form is not intact', async () => {
    // Signed with inclusive C14N 1.0, which renders the namespaces in scope (here xmlns:ds of the Object).
    const inclusive = (
      await signXml({
        content: { kind: 'detached', files: [] },
        references: [{ uri: '#assert', transforms: [C14N_ALGORITHMS.C14N_10] }],
        objects: [{ content: ORIGINAL }],
        key,
      })
    ).xml;
    expect((await verify(inclusive)).v.references[0]?.intact).toBe(true);
    // Move the Assertion out of the ds:Object (where xmlns:ds was in scope) into an Extensions element.
    const sig = SIGNATURE.exec(inclusive)![0].replace(`<ds:Object>${ORIGINAL}</ds:Object>`, '');
    const moved = `<Response xmlns:x="urn:x"><Extensions>${ORIGINAL}</Extensions>${sig}</Response>`;
    const r = await verify(moved);
    expect(r.v.references[0]).toMatchObject({ found: true, intact: false });
  });
});

describe('X2 duplicate IDs', () => {
  it('refuses a document where two elements carry the same ID (Id, ID, id, xml:id, wsu:Id)', async () => {
    const { xml } = await signXml({
      content: { kind: 'enveloped', document: '<Doc><Data Id="d1">pay 10</Data></Doc>', uri: '#d1' },
      key,
    });
    const good = await verify(xml);
    expect(good.v.references[0]?.intact).toBe(true);
    const wsu = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
    for (const lookAlike of [
      '<Data Id="d1">pay 1000</Data>',
      '<Data ID="d1">x</Data>',
      '<Data id="d1"/>',
      '<x xml:id="d1"/>',
      `<x xmlns:wsu="${wsu}" wsu:Id="d1"/>`,
    ]) {
      const attacked = xml.replace('<Doc>', `<Doc>${lookAlike}`);
      const r = await verify(attacked);
      expect(r.v.structureValid, lookAlike).toBe(false);
      expect(r.v.checks[0]).toMatchObject({
        id: 'xmldsig.structure',
        status: 'failed',
        subIndication: 'FORMAT_FAILURE',
      });
      expect(r.v.references).toEqual([]);
      expect(() => indexIds(r.doc)).toThrow(XmlError);
    }
  });

  it('indexIds: DUPLICATE_ID, and the same value twice on one element is not ambiguous', () => {
    try {
      indexIds(parseXml('<r><a Id="x"/><b><c id="x"/></b></r>'));
      expect.unreachable();
    } catch (e) {
      expect((e as XmlError).code).toBe('DUPLICATE_ID');
    }
    expect(indexIds(parseXml('<r><a Id="x" ID="x"/></r>')).get('x')?.localName).toBe('a');
    // a prefixed Id in another namespace is not an ID
    expect(indexIds(parseXml('<r xmlns:p="urn:p"><a p:Id="x"/></r>')).size).toBe(0);
  });
});

describe('X3 a second or a nested SignedInfo', () => {
  let xml: string;
  beforeAll(async () => {
    xml = (await signXml({ content: { kind: 'enveloped', document: '<Doc><Data>1</Data></Doc>' }, key })).xml;
  });
  const signedInfo = () => /<ds:SignedInfo>[\s\S]*<\/ds:SignedInfo>/.exec(xml)![0];

  it('refuses a second SignedInfo after the first, inside an Object, or before the first', async () => {
    const attacks = [
      xml.replace('</ds:SignedInfo>', `</ds:SignedInfo>${signedInfo()}`),
      xml.replace('</ds:Signature>', `<ds:Object>${signedInfo()}</ds:Object></ds:Signature>`),
      xml.replace(
        '<ds:SignedInfo>',
        `${signedInfo().replace('<ds:Reference', '<ds:Reference Id="evil"')}<ds:SignedInfo>`,
      ),
      xml.replace('<ds:CanonicalizationMethod', `${signedInfo()}<ds:CanonicalizationMethod`),
    ];
    for (const a of attacks) {
      const r = await verify(a);
      expect(r.v.structureValid).toBe(false);
      expect(r.v.signedInfo).toBeUndefined();
      expect(r.v.checks[0]).toMatchObject({
        id: 'xmldsig.structure',
        status: 'failed',
        subIndication: 'FORMAT_FAILURE',
      });
      expect(r.value.check).toMatchObject({ status: 'failed', subIndication: 'FORMAT_FAILURE' });
    }
    expect((await verify(xml)).v.structureValid).toBe(true);
  });

  it('refuses a Signature whose first element is not SignedInfo, or without SignatureValue', async () => {
    for (const a of [
      xml.replace('<ds:SignedInfo>', '<ds:KeyInfo/><ds:SignedInfo>'),
      xml.replace(/<ds:SignatureValue[^>]*>[^<]*<\/ds:SignatureValue>/, ''),
      xml.replace('</ds:Signature>', '<Evil/></ds:Signature>'),
    ]) {
      expect((await verify(a)).v.structureValid).toBe(false);
    }
  });

  it('a counter-signature nested in an Object keeps its own SignedInfo (not counted as a second one)', async () => {
    const inner = SIGNATURE.exec(
      (await signXml({ content: { kind: 'enveloping', content: '<c/>' }, key, id: 'counter' })).xml,
    )![0];
    const outer = (
      await signXml({ content: { kind: 'enveloping', content: '<a/>' }, key, objects: [{ content: inner }] })
    ).xml;
    const r = await verify(outer);
    expect(r.v.structureValid).toBe(true);
    expect(findSignatures(r.doc)).toHaveLength(2);
    expect((await verify(outer, 1)).v.structureValid).toBe(true);
  });
});

describe('X4 comment injection', () => {
  it('a comment inside DigestValue or SignatureValue is ignored: the value still verifies', async () => {
    const { xml } = await signXml({
      content: { kind: 'enveloped', document: '<Doc><Data>1</Data></Doc>' },
      key,
    });
    const attacked = xml
      .replace(/<ds:DigestValue>(.{6})/, '<ds:DigestValue>$1<!-- x -->')
      .replace(/(<ds:SignatureValue[^>]*>)(.{6})/, '$1$2<!---->');
    expect(attacked).not.toBe(xml);
    // SignedInfo is canonicalised without comments, so the signature is over the same bytes.
    const r = await verify(attacked);
    expect(failed(r.v.checks)).toEqual([]);
    expect(r.value.intact).toBe(true);
  });

  it('a comment injected in signed text does not change the digest (comments are not signed), and the target says what is signed', async () => {
    const { xml } = await signXml({
      content: {
        kind: 'enveloped',
        document: '<Doc><NameID Id="n">admin@example.org.evil.com</NameID></Doc>',
        uri: '#n',
      },
      key,
    });
    const attacked = xml.replace('admin@example.org.evil.com', 'admin@example.org<!---->.evil.com');
    const r = await verify(attacked);
    expect(r.v.references[0]?.intact).toBe(true);
    const target = apexOf(r.v.references[0]) as XmlElement;
    // A reader taking the first text node would read 'admin@example.org'; the whole text is what is signed.
    expect(target.children[0]?.kind === 'text' && target.children[0].value).toBe('admin@example.org');
    expect(target.textContent).toBe('admin@example.org.evil.com');
  });

  it('with #xpointer(id()) and a WithComments canonicalisation, comments are signed: injecting one breaks the digest', async () => {
    const { xml } = await signXml({
      content: { kind: 'detached', files: [] },
      references: [{ uri: "#xpointer(id('n'))", transforms: [C14N_ALGORITHMS.EXC_C14N_WITH_COMMENTS] }],
      objects: [{ content: '<NameID Id="n">admin</NameID>' }],
      key,
    });
    expect((await verify(xml)).v.references[0]?.intact).toBe(true);
    const r = await verify(xml.replace('>admin<', '>ad<!---->min<'));
    expect(r.v.references[0]).toMatchObject({ found: true, intact: false });
  });
});

describe('X9 transform abuse, methods', () => {
  it('refuses XSLT, unknown transforms and general XPath without running them', async () => {
    for (const t of [XMLDSIG_URIS.XSLT, 'urn:unknown']) {
      const { xml } = await signXml({
        content: { kind: 'detached', files: [] },
        references: [{ uri: '#o', transforms: [C14N_ALGORITHMS.EXC_C14N] }],
        objects: [{ content: '<a Id="o"/>' }],
        key,
      });
      const attacked = xml.replace(
        `<ds:Transform Algorithm="${C14N_ALGORITHMS.EXC_C14N}"/>`,
        `<ds:Transform Algorithm="${t}"><xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform"/></ds:Transform>`,
      );
      const r = await verify(attacked);
      const ref = r.v.references[0]!;
      expect(ref.intact).toBe(false);
      expect(ref.checks.find((c) => c.id === 'xmldsig.transforms')).toMatchObject({
        status: 'failed',
        subIndication: 'FORMAT_FAILURE',
      });
      expect(ref.checks.find((c) => c.id === 'xmldsig.reference')).toMatchObject({ status: 'failed' });
    }
    const general = await signXml({
      content: { kind: 'detached', files: [] },
      references: [{ uri: '#o', transforms: [XMLDSIG_URIS.XPATH] }],
      objects: [{ content: '<a Id="o"/>' }],
      key,
    }).catch((e: Error) => e);
    // signXml uses the verifier's transforms: an XPath without a supported expression is refused there too
    expect(general).toBeInstanceOf(Error);
  });

  it('refuses more than maxTransforms transforms (default 5)', async () => {
    const six = Array(6).fill(C14N_ALGORITHMS.EXC_C14N) as string[];
    const { xml } = await signXml({
      content: { kind: 'detached', files: [] },
      references: [{ uri: '#o', transforms: six }],
      objects: [{ content: '<a Id="o"/>' }],
      key,
    });
    const r = await verify(xml);
    expect(r.v.references[0]?.intact).toBe(false);
    expect(r.v.checks.find((c) => c.id === 'xmldsig.transforms')?.message).toMatch(
      /6 transforms, more than the 5/,
    );
    const doc = parseXml(xml);
    const relaxed = await verifyXmlSignature(doc, findSignatures(doc)[0]!, {
      crypto,
      limits: { maxTransforms: 6 },
    });
    expect(relaxed.references[0]?.intact).toBe(true);
  });

  it('refuses more references than maxReferences', async () => {
    const { xml } = await signXml({
      content: { kind: 'enveloping', content: '<a/>' },
      references: [{ uri: '#o' }, { uri: '#o' }],
      objects: [{ content: '<b Id="o"/>' }],
      key,
    });
    const doc = parseXml(xml);
    const v = await verifyXmlSignature(doc, findSignatures(doc)[0]!, {
      crypto,
      limits: { maxReferences: 2 },
    });
    expect(v.structureValid).toBe(false);
    expect(v.checks[0]?.message).toMatch(/3 references, more than the 2/);
  });

  it('refuses HMAC and reports unknown signature and canonicalisation methods', async () => {
    const { xml } = await signXml({ content: { kind: 'enveloping', content: '<a/>' }, key });
    const method = /<ds:SignatureMethod Algorithm="([^"]*)"/.exec(xml)![1]!;
    const hmac = await verify(xml.replace(method, 'http://www.w3.org/2001/04/xmldsig-more#hmac-sha256'));
    expect(hmac.v.checks.find((c) => c.id === 'xmldsig.signatureMethod')).toMatchObject({
      status: 'failed',
      subIndication: 'FORMAT_FAILURE',
    });
    expect(hmac.v.structureValid).toBe(false);
    expect(hmac.value.check).toMatchObject({ status: 'failed' });
    const unknown = await verify(xml.replace(method, 'urn:rot13'));
    expect(unknown.v.checks.find((c) => c.id === 'xmldsig.signatureMethod')).toMatchObject({
      status: 'indeterminate',
      subIndication: 'CRYPTO_CONSTRAINTS_FAILURE',
    });
    expect(unknown.value.check).toMatchObject({
      status: 'indeterminate',
      subIndication: 'CRYPTO_CONSTRAINTS_FAILURE',
    });
    const c14n = await verify(
      xml.replace(
        `<ds:CanonicalizationMethod Algorithm="${C14N_ALGORITHMS.EXC_C14N}"`,
        `<ds:CanonicalizationMethod Algorithm="${XMLDSIG_URIS.XSLT}"`,
      ),
    );
    expect(c14n.v.checks.find((c) => c.id === 'xmldsig.canonicalizationMethod')).toMatchObject({
      status: 'failed',
    });
    expect(c14n.v.canonicalSignedInfo).toBeUndefined();
  });
});

describe('tampering', () => {
  it('altered content: the reference is not intact (HASH_FAILURE); the signature value still verifies', async () => {
    const { xml } = await signXml({
      content: { kind: 'enveloped', document: '<Doc><Valor>100</Valor></Doc>' },
      key,
    });
    const r = await verify(xml.replace('>100<', '>900<'));
    expect(r.v.references[0]).toMatchObject({ found: true, intact: false });
    expect(failed(r.v.checks)).toEqual([
      expect.objectContaining({ id: 'xmldsig.reference', subIndication: 'HASH_FAILURE' }),
    ]);
    expect(r.value.intact).toBe(true);
  });

  it('altered SignedInfo: the signature value fails (SIG_CRYPTO_FAILURE)', async () => {
    const { xml } = await signXml({
      content: { kind: 'enveloping', content: '<a/>' },
      key,
      references: [{ uri: '#o', id: 'r1' }],
      objects: [{ content: '<b Id="o"/>' }],
    });
    const r = await verify(xml.replace('Id="r1"', 'Id="r2"'));
    expect(r.value.check).toMatchObject({
      id: 'xmldsig.signatureValue',
      status: 'failed',
      subIndication: 'SIG_CRYPTO_FAILURE',
    });
  });

  it('an ECDSA value of the wrong length is refused', async () => {
    const { xml } = await signXml({ content: { kind: 'enveloping', content: '<a/>' }, key });
    const r = await verify(xml.replace(/(<ds:SignatureValue[^>]*>)([^<]*)</, '$1AAAA$2<'));
    expect(r.value.check.message).toMatch(/not 64/);
  });

  it('detached content missing: SIGNED_DATA_NOT_FOUND; wrong content: HASH_FAILURE', async () => {
    const bytes = new TextEncoder().encode('contrato');
    const { xml } = await signXml({
      content: { kind: 'detached', files: [{ uri: 'contrato.txt', bytes }] },
      key,
    });
    const missing = await verify(xml);
    expect(missing.v.references[0]).toMatchObject({ found: false, intact: false });
    expect(missing.v.references[0]?.target).toBeUndefined();
    expect(failed(missing.v.checks)).toEqual([
      expect.objectContaining({
        id: 'xmldsig.reference',
        status: 'indeterminate',
        subIndication: 'SIGNED_DATA_NOT_FOUND',
      }),
    ]);
    const wrong = await verify(xml, 0, () => new TextEncoder().encode('contrato alterado'));
    expect(wrong.v.references[0]).toMatchObject({ found: true, intact: false });
    const right = await verify(xml, 0, (uri) => (uri === 'contrato.txt' ? bytes : undefined));
    expect(right.v.references[0]?.target).toEqual({ kind: 'octets', bytes });
  });

  it('a same-document reference to an ID that does not exist is not found', async () => {
    const { xml } = await signXml({
      content: { kind: 'enveloping', content: '<a/>' },
      key,
      references: [{ uri: '#o' }],
      objects: [{ content: '<b Id="o"/>' }],
    });
    const r = await verify(xml.replace('<b Id="o"/>', '<b Id="p"/>'));
    expect(r.v.references[1]).toMatchObject({ found: false, intact: false });
  });
});

describe('KeyInfo and programmer errors', () => {
  it('a KeyInfo certificate that does not parse is skipped with a warning; the others are kept', async () => {
    const { xml } = await signXml({
      content: { kind: 'enveloping', content: '<a/>' },
      key,
      certificates: [certDer, certDer],
    });
    const broken = xml.replace(/<ds:X509Certificate>[^<]*</, '<ds:X509Certificate>AAAA<');
    const r = await verify(broken);
    expect(r.v.keyInfoCertificates).toHaveLength(1);
    expect(r.v.checks.filter((c) => c.id === 'xmldsig.keyInfo').map((c) => c.status)).toEqual([
      'warning',
      'info',
    ]);
    expect(r.v.structureValid).toBe(true);
  });

  it('throws only for programmer errors: not a ds:Signature, no crypto engine', async () => {
    const doc = parseXml('<a/>');
    await expect(verifyXmlSignature(doc, doc.root, { crypto })).rejects.toThrow(TypeError);
    const { xml } = await signXml({ content: { kind: 'enveloping', content: '<a/>' }, key });
    const d = parseXml(xml);
    await expect(
      verifyXmlSignature(d, findSignatures(d)[0]!, {} as Parameters<typeof verifyXmlSignature>[2]),
    ).rejects.toThrow(TypeError);
  });
});

describe('X6 Manifest', () => {
  it('verifies the references of a signed Manifest apart from SignedInfo’s', async () => {
    const a = new TextEncoder().encode('anexo A');
    const b = new TextEncoder().encode('anexo B');
    const digest = async (bytes: Uint8Array) =>
      Buffer.from(await crypto.digest('SHA-256', bytes)).toString('base64');
    const manifest = `<ds:Manifest Id="m"><ds:Reference URI="a.txt"><ds:DigestMethod Algorithm="${XMLDSIG_URIS.SHA256}"/><ds:DigestValue>${await digest(a)}</ds:DigestValue></ds:Reference><ds:Reference URI="b.txt"><ds:DigestMethod Algorithm="${XMLDSIG_URIS.SHA256}"/><ds:DigestValue>${await digest(b)}</ds:DigestValue></ds:Reference></ds:Manifest>`;
    const { xml } = await signXml({
      content: { kind: 'detached', files: [] },
      references: [{ uri: '#m', type: XMLDSIG_URIS.MANIFEST_TYPE, transforms: [C14N_ALGORITHMS.EXC_C14N] }],
      objects: [{ content: manifest }],
      key,
    });
    const files: Record<string, Uint8Array> = { 'a.txt': a, 'b.txt': b };
    const good = await verify(xml, 0, (u) => files[u]);
    expect(good.v.references[0]?.intact).toBe(true);
    expect(good.v.references[0]?.manifest?.map((r) => [r.uri, r.intact])).toEqual([
      ['a.txt', true],
      ['b.txt', true],
    ]);
    // A changed annex breaks its Manifest reference only; SignedInfo's reference (to the Manifest) holds.
    const bad = await verify(xml, 0, (u) =>
      u === 'b.txt' ? new TextEncoder().encode('anexo B alterado') : files[u],
    );
    expect(bad.v.references[0]?.intact).toBe(true);
    expect(bad.v.references[0]?.manifest?.map((r) => r.intact)).toEqual([true, false]);
    expect(failed(bad.v.checks)).toEqual([]);
    // A changed Manifest breaks SignedInfo's reference.
    const edited = await verify(xml.replace('URI="b.txt"', 'URI="c.txt"'), 0, (u) => files[u]);
    expect(edited.v.references[0]?.intact).toBe(false);
  });
});
