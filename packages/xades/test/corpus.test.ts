/**
 * Cross-check of parsing and canonicalisation against real signers: for every ds:Reference of the
 * trusted lists and DSS XAdES files in ../shared/corpus (read in place, never copied; skipped when
 * absent), the DigestValue is recomputed (enveloped-signature, exc-c14n / c14n 1.0 / 1.1, the
 * `not(ancestor-or-self::ds:Signature)` XPath) and the SignatureValue is checked over the canonical
 * SignedInfo with the KeyInfo certificate. A mismatch must be explained by the file having been altered.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DOMParser } from '@xmldom/xmldom';
import { ExclusiveCanonicalization } from 'xml-crypto';
import { describe, expect, it } from 'vitest';
import { C14N_ALGORITHMS, XmlError, canonicalizeToString, parseXml } from '../src/index';
import { DS, allElements, checkReferences, checkSignedInfo } from './helpers/references';

const corpus = fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));
const TL = `${corpus}trusted-lists/`;
const DSS = `${corpus}dss/`;

interface TlEntry {
  path: string;
  kind: string;
  notes?: string;
}

// Trusted lists DSS keeps as valid ones but whose content was edited after signing: the SignedProperties
// and SignedInfo still verify, the whole-document reference does not, and xml-crypto produces the very
// same canonical bytes as we do (checked below), so the difference is in the file, not in the c14n.
const EDITED_AFTER_SIGNING = [
  'dss-tsl-validation/fr-65-docusign.xml',
  'dss-tsl-validation/tsl-sk-minimal-dss-1911.xml',
];

describe.skipIf(!existsSync(`${TL}manifest.json`))('trusted lists of the shared corpus', () => {
  const entries = JSON.parse(readFileSync(`${TL}manifest.json`, 'utf8')) as TlEntry[];

  it('reproduces the reference digests and SignedInfo signatures of every intact list', () => {
    let refs = 0;
    let matched = 0;
    let intactRefs = 0;
    let intactMatched = 0;
    let signatures = 0;
    let verified = 0;
    const unexplained: string[] = [];
    for (const e of entries) {
      let doc: ReturnType<typeof parseXml>;
      try {
        doc = parseXml(readFileSync(TL + e.path));
      } catch (err) {
        // The empty, not-parsable and not-conform lists are broken on purpose.
        expect(err, e.path).toBeInstanceOf(XmlError);
        expect(e.kind, e.path).toBe('broken');
        continue;
      }
      for (const r of checkReferences(doc)) {
        if (r.outcome === 'unsupported') continue;
        refs++;
        if (r.outcome === 'match') matched++;
        if (e.kind === 'broken') continue;
        intactRefs++;
        if (r.outcome === 'match') intactMatched++;
        else if (!EDITED_AFTER_SIGNING.includes(e.path)) unexplained.push(`${e.path} ${r.uri}`);
      }
      for (const ok of checkSignedInfo(doc)) {
        signatures++;
        if (ok) verified++;
        else if (e.kind !== 'broken') unexplained.push(`${e.path} SignatureValue`);
      }
    }
    console.info(
      `trusted lists: ${matched}/${refs} reference digests (${intactMatched}/${intactRefs} in lists not marked broken), ${verified}/${signatures} SignedInfo signatures`,
    );
    expect(unexplained).toEqual([]);
    expect(matched).toBeGreaterThanOrEqual(140);
  });

  it('gives the same exclusive canonical bytes as xml-crypto on the lists edited after signing and FR', () => {
    for (const path of [...EDITED_AFTER_SIGNING, 'dss-tsl-validation/lotlCache/FR.xml']) {
      const bytes = readFileSync(TL + path);
      const dom = new DOMParser().parseFromString(bytes.toString('utf8'), 'text/xml');
      const domSig = dom.getElementsByTagNameNS(DS, 'Signature')[0]!;
      domSig.parentNode!.removeChild(domSig);
      const theirs = new ExclusiveCanonicalization().process(dom.documentElement as never, {}).toString();
      const doc = parseXml(bytes);
      const sig = [...allElements(doc.root)].find(
        (x) => x.localName === 'Signature' && x.namespaceURI === DS,
      )!;
      const ours = canonicalizeToString(
        { apex: doc, exclude: [sig], comments: false },
        C14N_ALGORITHMS.EXC_C14N,
      );
      expect(ours === theirs, path).toBe(true);
    }
  });
});

interface DssEntry {
  path: string;
  format: string;
  expected?: { summary?: { referencesIntact?: boolean | null } | null };
  oracle?: { verdict?: string };
}

describe.skipIf(!existsSync(`${DSS}manifest.json`))('XAdES files of the DSS corpus', () => {
  const entries = (JSON.parse(readFileSync(`${DSS}manifest.json`, 'utf8')) as { entries: DssEntry[] })
    .entries;

  it('agrees with xmlsec1 and with DSS on every same-document reference it recomputes', () => {
    const seen = new Set<string>();
    let refs = 0;
    let matched = 0;
    let signatures = 0;
    let verified = 0;
    const disagreements: string[] = [];
    for (const e of entries) {
      if (e.format !== 'xades' || !e.path.endsWith('.xml') || seen.has(e.path)) continue;
      seen.add(e.path);
      let doc: ReturnType<typeof parseXml>;
      try {
        doc = parseXml(readFileSync(DSS + e.path));
      } catch (err) {
        expect(err, e.path).toBeInstanceOf(XmlError); // malformed-xades.xml, xades-with-dtd-injection.xml
        continue;
      }
      const results = checkReferences(doc);
      const sigs = checkSignedInfo(doc);
      refs += results.filter((r) => r.outcome !== 'unsupported').length;
      matched += results.filter((r) => r.outcome === 'match').length;
      signatures += sigs.filter((s) => s !== undefined).length;
      verified += sigs.filter((s) => s === true).length;
      const mismatch = results.some((r) => r.outcome === 'mismatch');
      const intact = e.oracle?.verdict === 'verified' || e.expected?.summary?.referencesIntact === true;
      if (intact && mismatch) disagreements.push(`${e.path}: a reference mismatch in a file labelled intact`);
      if (e.oracle?.verdict === 'verified' && sigs.includes(false))
        disagreements.push(`${e.path}: SignedInfo`);
    }
    console.info(
      `DSS XAdES: ${matched}/${refs} same-document reference digests, ${verified}/${signatures} SignedInfo signatures`,
    );
    expect(disagreements).toEqual([]);
    expect(matched).toBeGreaterThanOrEqual(170);
  });
});
