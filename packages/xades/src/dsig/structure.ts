import type { XmlElement } from '../xml/tree';
import { DSIG_NS } from './types';

/** The parts of a `ds:Signature` whose shape is right, or the first thing wrong with it. */
export type SignatureParts =
  | {
      readonly ok: true;
      readonly signedInfo: XmlElement;
      readonly canonicalizationMethod: XmlElement;
      readonly signatureMethod: XmlElement;
      readonly references: readonly XmlElement[];
      readonly signatureValue: XmlElement;
      readonly keyInfo?: XmlElement;
    }
  | { readonly ok: false; readonly problem: string };

const isDs = (e: XmlElement | undefined, localName: string): e is XmlElement =>
  e !== undefined && e.localName === localName && e.namespaceURI === DSIG_NS;

/** The `ds:SignedInfo` elements that belong to `signature` (nested signatures keep their own). */
function countSignedInfo(signature: XmlElement): number {
  let n = 0;
  const pending: XmlElement[] = [signature];
  for (let e = pending.pop(); e !== undefined; e = pending.pop()) {
    for (const c of e.children) {
      if (c.kind !== 'element') continue;
      if (isDs(c, 'Signature')) continue; // a CounterSignature's own SignedInfo is not ours
      if (isDs(c, 'SignedInfo')) n++;
      pending.push(c);
    }
  }
  return n;
}

/**
 * Checks the XML-DSig shape of a Signature (X3: exactly one SignedInfo, and it is the first element
 * child; a second one anywhere inside, even nested in an Object, is refused rather than ignored):
 * `(SignedInfo, SignatureValue, KeyInfo?, Object*)`, and SignedInfo is
 * `(CanonicalizationMethod, SignatureMethod, Reference+)`.
 */
export function signatureParts(signature: XmlElement, maxReferences: number): SignatureParts {
  const fail = (problem: string): SignatureParts => ({ ok: false, problem });
  const kids = signature.elements();
  const [signedInfo, signatureValue, ...rest] = kids;
  if (!isDs(signedInfo, 'SignedInfo')) return fail('the first element of the Signature is not ds:SignedInfo');
  const count = countSignedInfo(signature);
  if (count !== 1) return fail(`the Signature holds ${count} ds:SignedInfo elements, not exactly one`);
  if (!isDs(signatureValue, 'SignatureValue'))
    return fail('ds:SignedInfo is not followed by ds:SignatureValue');
  const keyInfo = isDs(rest[0], 'KeyInfo') ? rest.shift() : undefined;
  const stray = rest.find((e): boolean => !isDs(e, 'Object'));
  if (stray) return fail(`<${stray.name}> where only ds:Object may follow`);
  const [c14n, method, ...references] = signedInfo.elements();
  if (!isDs(c14n, 'CanonicalizationMethod'))
    return fail('the first element of SignedInfo is not ds:CanonicalizationMethod');
  if (!isDs(method, 'SignatureMethod'))
    return fail('ds:CanonicalizationMethod is not followed by ds:SignatureMethod');
  if (references.length === 0) return fail('SignedInfo has no ds:Reference');
  const other = references.find((e): boolean => !isDs(e, 'Reference'));
  if (other) return fail(`<${other.name}> among the references of SignedInfo`);
  if (references.length > maxReferences)
    return fail(`SignedInfo has ${references.length} references, more than the ${maxReferences} allowed`);
  return {
    ok: true,
    signedInfo,
    canonicalizationMethod: c14n,
    signatureMethod: method,
    references,
    signatureValue,
    ...(keyInfo && { keyInfo }),
  };
}
