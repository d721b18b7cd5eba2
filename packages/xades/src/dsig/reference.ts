import { type CheckResult, type CryptoEngine, type HashName, timingSafeEqual } from '@mutua/core';
import { canonicalize, canonicalizeTo } from '../c14n/canonicalize';
import type { XmlElement } from '../xml/tree';
import { decodeBase64 } from './base64';
import { DIGEST_METHODS } from './methods';
import { type FinalData, type TransformContext, type TransformData, runTransforms } from './transforms';
import { DSIG_NS, type VerifiedReference, type XmlSignatureOptions } from './types';
import { XMLDSIG_URIS } from './uris';

/** Limits and inputs shared by every reference of one signature. */
export interface ReferenceContext extends TransformContext {
  readonly options: XmlSignatureOptions;
  readonly maxTransforms: number;
  readonly maxReferences: number;
}

/** Manifests inside manifests are followed this deep, no deeper (a bounded amount of work per signature). */
const MAX_MANIFEST_DEPTH = 2;

const XPOINTER_ID = /^#xpointer\(id\((?:'([^']*)'|"([^"]*)")\)\)$/;

/** What a URI designates before any transform, or why nothing. */
function dereference(uri: string | undefined, ctx: ReferenceContext): TransformData | string {
  const { doc, ids } = ctx;
  if (uri === '') return { kind: 'nodes', doc, apex: doc, exclude: [], comments: false };
  if (uri === '#xpointer(/)') return { kind: 'nodes', doc, apex: doc, exclude: [], comments: true };
  if (uri?.startsWith('#')) {
    const m = XPOINTER_ID.exec(uri);
    if (m === null && uri.startsWith('#xpointer(')) return `XPointer ${uri} is not supported`;
    // A bare name is an NCName, used as written (no percent-decoding, which could throw).
    const id = m ? (m[1] ?? m[2]!) : uri.slice(1);
    const e = ids.get(id);
    if (!e) return `no element has the ID "${id}"`;
    // Bare-name references omit comments, XPointer ones keep them (XML-DSig §4.4.3.3).
    return { kind: 'nodes', doc, apex: e, exclude: [], comments: m !== null };
  }
  const bytes = ctx.options.detached?.(uri ?? '');
  if (bytes === undefined)
    return uri === undefined
      ? 'the Reference has no URI and no content was given for it'
      : `no content for ${uri}`;
  return { kind: 'octets', bytes };
}

async function digestOf(crypto: CryptoEngine, hash: HashName, data: FinalData): Promise<Uint8Array> {
  if (data.kind === 'octets') return crypto.digest(hash, data.bytes);
  const options = { inclusiveNamespaces: data.inclusiveNamespaces };
  if (crypto.createHash) {
    // Canonicalised straight into the hash: a 5 MB document never exists as one canonical buffer.
    const h = crypto.createHash(hash);
    canonicalizeTo(data.set, data.algorithm, (chunk) => h.update(chunk), options);
    return h.digest();
  }
  return crypto.digest(hash, canonicalize(data.set, data.algorithm, options));
}

/** The element children of a Reference, checked against `(Transforms?, DigestMethod, DigestValue)`. */
function parts(
  ref: XmlElement,
): { transforms?: XmlElement; method: XmlElement; value: XmlElement } | undefined {
  const kids = ref.elements();
  const transforms = kids[0]?.localName === 'Transforms' ? kids.shift() : undefined;
  const [method, value, ...rest] = kids;
  if (!method || !value || rest.length > 0) return undefined;
  if (method.localName !== 'DigestMethod' || value.localName !== 'DigestValue') return undefined;
  if ([transforms, method, value].some((e) => e !== undefined && e.namespaceURI !== DSIG_NS))
    return undefined;
  return { transforms, method, value };
}

/**
 * The digest of what a Reference designates, for the signer: the same dereference, transforms and
 * canonicalisation as the verifier, so that what is signed is exactly what is later checked. A string
 * says why it cannot be computed.
 */
export async function digestReference(ref: XmlElement, ctx: ReferenceContext): Promise<Uint8Array | string> {
  const p = parts(ref);
  if (!p) return 'not (Transforms?, DigestMethod, DigestValue)';
  const method = p.method.getAttribute('Algorithm') ?? '';
  const hash = DIGEST_METHODS[method];
  if (!hash) return `digest method ${method} is not supported`;
  const input = dereference(ref.getAttribute('URI'), ctx);
  if (typeof input === 'string') return input;
  const outcome = runTransforms(p.transforms?.elements() ?? [], input, ctx);
  if (!outcome.ok) return outcome.reason;
  return digestOf(ctx.options.crypto, hash, outcome.final);
}

/**
 * Verifies one `ds:Reference`: dereference, transforms, digest, comparison with DigestValue (its text
 * with comments ignored, X4), and the references of a Manifest it designates.
 */
export async function verifyReference(
  ref: XmlElement,
  index: number,
  ctx: ReferenceContext,
  depth = 0,
): Promise<VerifiedReference> {
  const uri = ref.getAttribute('URI');
  const type = ref.getAttribute('Type');
  const id = ref.getAttribute('Id');
  const label = `reference ${index} (${uri === undefined ? 'no URI' : `URI "${uri}"`})`;
  const checks: CheckResult[] = [];
  const base = { index, uri, ...(id !== undefined && { id }), ...(type !== undefined && { type }) };
  const p = parts(ref);
  const transformElements = p?.transforms?.elements() ?? [];
  const transforms = transformElements.map((t) => t.getAttribute('Algorithm') ?? '');
  const digestAlgorithm = p?.method.getAttribute('Algorithm') ?? '';
  const result = (
    found: boolean,
    intact: boolean,
    extra: Partial<VerifiedReference> = {},
  ): VerifiedReference => ({
    ...base,
    transforms,
    digestAlgorithm,
    found,
    intact,
    ...extra,
    checks,
  });
  const failed = (subIndication: CheckResult['subIndication'], message: string): void => {
    // Missing data or an algorithm we lack prove nothing either way: INDETERMINATE, not FAILED.
    const indeterminate =
      subIndication === 'SIGNED_DATA_NOT_FOUND' || subIndication === 'CRYPTO_CONSTRAINTS_FAILURE';
    checks.push({
      id: 'xmldsig.reference',
      status: indeterminate ? 'indeterminate' : 'failed',
      message: `${label}: ${message}`,
      subIndication,
    });
  };

  if (!p || transformElements.some((t) => t.localName !== 'Transform' || t.namespaceURI !== DSIG_NS)) {
    failed('FORMAT_FAILURE', 'not (Transforms?, DigestMethod, DigestValue) of XML-DSig');
    return result(false, false);
  }
  if (transformElements.length > ctx.maxTransforms) {
    checks.push({
      id: 'xmldsig.transforms',
      status: 'failed',
      message: `${label}: ${transformElements.length} transforms, more than the ${ctx.maxTransforms} allowed`,
      subIndication: 'FORMAT_FAILURE',
    });
    failed('FORMAT_FAILURE', 'not verified: too many transforms');
    return result(false, false);
  }
  const hash = DIGEST_METHODS[digestAlgorithm];
  if (!hash) {
    failed('CRYPTO_CONSTRAINTS_FAILURE', `digest method ${digestAlgorithm || '(none)'} is not supported`);
    return result(false, false);
  }
  const expected = decodeBase64(p.value.textContent);
  if (!expected) {
    failed('FORMAT_FAILURE', 'DigestValue is not base64');
    return result(false, false);
  }
  const input = dereference(uri, ctx);
  if (typeof input === 'string') {
    failed('SIGNED_DATA_NOT_FOUND', input);
    return result(false, false);
  }
  const element =
    uri?.startsWith('#') && input.kind === 'nodes' && input.apex.kind === 'element' ? input.apex : undefined;
  const withElement = element ? { element } : {};
  const outcome = runTransforms(transformElements, input, ctx);
  if (!outcome.ok) {
    checks.push({
      id: 'xmldsig.transforms',
      status: 'failed',
      message: `${label}: ${outcome.reason}`,
      subIndication: 'FORMAT_FAILURE',
    });
    failed('FORMAT_FAILURE', `not verified: ${outcome.refused ? 'transform refused' : 'transform failed'}`);
    return result(true, false, withElement);
  }
  if (transforms.length > 0)
    checks.push({
      id: 'xmldsig.transforms',
      status: 'passed',
      message: `${label}: ${transforms.join(', ')}`,
    });
  let digest: Uint8Array;
  try {
    digest = await digestOf(ctx.options.crypto, hash, outcome.final);
  } catch (e) {
    failed('CRYPTO_CONSTRAINTS_FAILURE', `${hash} is not available: ${(e as Error).message}`);
    return result(true, false, { target: outcome.target, ...withElement });
  }
  const intact = timingSafeEqual(digest, expected);
  if (intact)
    checks.push({ id: 'xmldsig.reference', status: 'passed', message: `${label}: ${hash} digest matches` });
  else failed('HASH_FAILURE', `the ${hash} digest of what it designates differs from DigestValue`);
  // Only a Manifest this reference really signs is worth verifying.
  const manifest =
    intact &&
    type === XMLDSIG_URIS.MANIFEST_TYPE &&
    element?.localName === 'Manifest' &&
    element.namespaceURI === DSIG_NS
      ? await verifyManifest(element, ctx, depth)
      : undefined;
  return result(true, intact, { target: outcome.target, ...withElement, ...(manifest && { manifest }) });
}

/** The references of a `ds:Manifest`: verified, reported apart (they do not decide SignedInfo's). */
async function verifyManifest(
  manifest: XmlElement,
  ctx: ReferenceContext,
  depth: number,
): Promise<readonly VerifiedReference[] | undefined> {
  const refs = manifest.elements('Reference', DSIG_NS);
  // Deeper manifests, or more references than SignedInfo may hold, are left unverified (undefined).
  if (depth >= MAX_MANIFEST_DEPTH || refs.length > ctx.maxReferences) return undefined;
  const out: VerifiedReference[] = [];
  for (let i = 0; i < refs.length; i++) out.push(await verifyReference(refs[i]!, i, ctx, depth + 1));
  return out;
}
