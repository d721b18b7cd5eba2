/**
 * Test-only: recomputes the DigestValue of every ds:Reference of every ds:Signature in a document, with
 * this package's parser and canonicaliser, for the same-document references and the transforms trusted
 * lists and XAdES files use (enveloped-signature, the c14n family, `not(ancestor-or-self::ds:Signature)`).
 * It is a cross-check of canonicalisation against real signers, not the verifier (issue 4 builds that).
 */
import { X509Certificate, createHash, verify } from 'node:crypto';
import {
  C14N_ALGORITHMS,
  type C14nNodeSet,
  type XmlDocument,
  type XmlElement,
  canonicalize,
  canonicalizeTo,
  c14nVariant,
} from '../../src/index';

export const DS = 'http://www.w3.org/2000/09/xmldsig#';
const EC = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const XPATH = 'http://www.w3.org/TR/1999/REC-xpath-19991116';

const DIGESTS: Record<string, string> = {
  'http://www.w3.org/2000/09/xmldsig#sha1': 'sha1',
  'http://www.w3.org/2001/04/xmlenc#sha256': 'sha256',
  'http://www.w3.org/2001/04/xmldsig-more#sha384': 'sha384',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'sha512',
};

export interface ReferenceResult {
  readonly uri: string;
  /** `match`/`mismatch`, or why the reference was not attempted. */
  readonly outcome: 'match' | 'mismatch' | 'unsupported';
  readonly detail?: string;
}

export function* allElements(e: XmlElement): Generator<XmlElement> {
  yield e;
  for (const c of e.children) if (c.kind === 'element') yield* allElements(c);
}

function byId(doc: XmlDocument, id: string): XmlElement | undefined {
  for (const e of allElements(doc.root)) {
    for (const a of e.attributes) if (/^(Id|ID|id)$/.test(a.localName) && a.value === id) return e;
  }
  return undefined;
}

export function checkReferences(doc: XmlDocument): ReferenceResult[] {
  const out: ReferenceResult[] = [];
  const signatures = [...allElements(doc.root)].filter(
    (e) => e.localName === 'Signature' && e.namespaceURI === DS,
  );
  for (const sig of signatures) {
    const signedInfo = sig.elements('SignedInfo', DS)[0];
    if (!signedInfo) continue;
    for (const ref of signedInfo.elements('Reference', DS)) out.push(checkReference(doc, sig, ref));
  }
  return out;
}

function checkReference(doc: XmlDocument, sig: XmlElement, ref: XmlElement): ReferenceResult {
  const uri = ref.getAttribute('URI') ?? '(none)';
  const unsupported = (detail: string): ReferenceResult => ({ uri, outcome: 'unsupported', detail });
  let set: C14nNodeSet;
  if (uri === '') set = { apex: doc, comments: false };
  else if (uri === '#xpointer(/)') set = { apex: doc };
  else if (uri.startsWith('#')) {
    const m = /^#xpointer\(id\('([^']*)'\)\)$/.exec(uri);
    const target = byId(doc, m ? m[1]! : uri.slice(1));
    if (!target) return unsupported('no element with that ID');
    set = { apex: target, comments: m !== null };
  } else return unsupported('detached');
  const exclude: XmlElement[] = [];
  let algorithm: string = C14N_ALGORITHMS.C14N_10;
  let inclusiveNamespaces: string[] | undefined;
  for (const t of ref.elements('Transforms', DS)[0]?.elements('Transform', DS) ?? []) {
    const alg = t.getAttribute('Algorithm') ?? '';
    if (alg === ENVELOPED) exclude.push(sig);
    else if (alg === XPATH) {
      const expr = t.elements('XPath', DS)[0]?.textContent.trim();
      if (expr !== 'not(ancestor-or-self::ds:Signature)') return unsupported(`XPath ${expr}`);
      for (const e of allElements(doc.root))
        if (e.localName === 'Signature' && e.namespaceURI === DS) exclude.push(e);
    } else {
      try {
        c14nVariant(alg);
      } catch {
        return unsupported(`transform ${alg}`);
      }
      algorithm = alg;
      const list = t.elements('InclusiveNamespaces', EC)[0]?.getAttribute('PrefixList');
      inclusiveNamespaces = list?.split(/\s+/).filter(Boolean);
    }
  }
  const method = ref.elements('DigestMethod', DS)[0]?.getAttribute('Algorithm') ?? '';
  const hashName = DIGESTS[method];
  if (!hashName) return unsupported(`digest ${method}`);
  const h = createHash(hashName);
  canonicalizeTo({ ...set, exclude }, algorithm, (c) => h.update(c), { inclusiveNamespaces });
  const got = h.digest('base64');
  const want = (ref.elements('DigestValue', DS)[0]?.textContent ?? '').replace(/\s+/g, '');
  return got === want
    ? { uri, outcome: 'match' }
    : { uri, outcome: 'mismatch', detail: `${algorithm} got ${got} want ${want}` };
}

const SIGNATURE_METHODS: Record<string, { hash: string; ecdsa?: boolean; pss?: boolean }> = {
  'http://www.w3.org/2000/09/xmldsig#rsa-sha1': { hash: 'sha1' },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256': { hash: 'sha256' },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384': { hash: 'sha384' },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512': { hash: 'sha512' },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256': { hash: 'sha256', ecdsa: true },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384': { hash: 'sha384', ecdsa: true },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512': { hash: 'sha512', ecdsa: true },
};

/**
 * Checks each ds:Signature's SignatureValue over its canonicalised SignedInfo with the first
 * certificate in its KeyInfo (test-only: the key is not trusted, only used to prove the canonical bytes
 * of SignedInfo are what the signer signed). `undefined` when the method or key is not there.
 */
export function checkSignedInfo(doc: XmlDocument): (boolean | undefined)[] {
  const out: (boolean | undefined)[] = [];
  for (const sig of allElements(doc.root)) {
    if (sig.localName !== 'Signature' || sig.namespaceURI !== DS) continue;
    const signedInfo = sig.elements('SignedInfo', DS)[0];
    const c14n = signedInfo?.elements('CanonicalizationMethod', DS)[0];
    const method =
      SIGNATURE_METHODS[signedInfo?.elements('SignatureMethod', DS)[0]?.getAttribute('Algorithm') ?? ''];
    const certB64 = [...allElements(sig)].find((e) => e.localName === 'X509Certificate')?.textContent;
    const value = sig.elements('SignatureValue', DS)[0]?.textContent;
    if (!signedInfo || !c14n || !method || !certB64 || !value) {
      out.push(undefined);
      continue;
    }
    const prefixes = c14n.elements('InclusiveNamespaces', EC)[0]?.getAttribute('PrefixList');
    const bytes = canonicalize(signedInfo, c14n.getAttribute('Algorithm') ?? '', {
      inclusiveNamespaces: prefixes?.split(/\s+/).filter(Boolean),
    });
    try {
      const key = new X509Certificate(Buffer.from(certB64.replace(/\s+/g, ''), 'base64')).publicKey;
      out.push(
        verify(
          method.hash,
          bytes,
          method.ecdsa ? { key, dsaEncoding: 'ieee-p1363' } : key,
          Buffer.from(value.replace(/\s+/g, ''), 'base64'),
        ),
      );
    } catch {
      out.push(false);
    }
  }
  return out;
}
