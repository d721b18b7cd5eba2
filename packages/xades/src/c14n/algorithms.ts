import { XmlError } from '../xml/errors';

/**
 * The canonicalisation algorithm URIs Mutua implements (XML-DSig `CanonicalizationMethod` and
 * `Transform` values).
 *
 * @example
 * ```ts
 * import { C14N_ALGORITHMS } from '@mutua/xades';
 * C14N_ALGORITHMS.EXC_C14N; // 'http://www.w3.org/2001/10/xml-exc-c14n#'
 * ```
 */
export const C14N_ALGORITHMS = Object.freeze({
  /** Canonical XML 1.0, comments removed. */
  C14N_10: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
  /** Canonical XML 1.0 with comments. */
  C14N_10_WITH_COMMENTS: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments',
  /** Canonical XML 1.1, comments removed. */
  C14N_11: 'http://www.w3.org/2006/12/xml-c14n11',
  /** Canonical XML 1.1 with comments. */
  C14N_11_WITH_COMMENTS: 'http://www.w3.org/2006/12/xml-c14n11#WithComments',
  /** Exclusive XML Canonicalization 1.0, comments removed. */
  EXC_C14N: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  /** Exclusive XML Canonicalization 1.0 with comments. */
  EXC_C14N_WITH_COMMENTS: 'http://www.w3.org/2001/10/xml-exc-c14n#WithComments',
} as const);

/**
 * One of the `C14N_ALGORITHMS` URIs.
 *
 * @example
 * ```ts
 * import { type C14nAlgorithm, C14N_ALGORITHMS } from '@mutua/xades';
 * const algorithm: C14nAlgorithm = C14N_ALGORITHMS.C14N_11;
 * algorithm; // 'http://www.w3.org/2006/12/xml-c14n11'
 * ```
 */
export type C14nAlgorithm = (typeof C14N_ALGORITHMS)[keyof typeof C14N_ALGORITHMS];

/**
 * Which family of rules an algorithm follows, and whether it keeps comments.
 *
 * @example
 * ```ts
 * import { type C14nVariant, c14nVariant } from '@mutua/xades';
 * const v: C14nVariant = c14nVariant('http://www.w3.org/2001/10/xml-exc-c14n#');
 * v.version; // 'exclusive'
 * v.withComments; // false
 * ```
 */
export interface C14nVariant {
  /** `'1.0'` and `'1.1'` are inclusive; `'exclusive'` is Exclusive XML Canonicalization 1.0. */
  readonly version: '1.0' | '1.1' | 'exclusive';
  /** Comments in the node-set are output. */
  readonly withComments: boolean;
}

const VARIANTS: Readonly<Record<string, C14nVariant>> = {
  [C14N_ALGORITHMS.C14N_10]: { version: '1.0', withComments: false },
  [C14N_ALGORITHMS.C14N_10_WITH_COMMENTS]: { version: '1.0', withComments: true },
  [C14N_ALGORITHMS.C14N_11]: { version: '1.1', withComments: false },
  [C14N_ALGORITHMS.C14N_11_WITH_COMMENTS]: { version: '1.1', withComments: true },
  [C14N_ALGORITHMS.EXC_C14N]: { version: 'exclusive', withComments: false },
  [C14N_ALGORITHMS.EXC_C14N_WITH_COMMENTS]: { version: 'exclusive', withComments: true },
};

/**
 * The variant an algorithm URI names; an unknown URI is an `XmlError` `UNSUPPORTED_ALGORITHM` (a
 * verifier must not guess: XSLT or XPath in place of a canonicalisation method is refused here).
 *
 * @example
 * ```ts
 * import { c14nVariant } from '@mutua/xades';
 * c14nVariant('http://www.w3.org/2006/12/xml-c14n11#WithComments'); // { version: '1.1', withComments: true }
 * ```
 */
export function c14nVariant(algorithm: string): C14nVariant {
  const v = VARIANTS[algorithm];
  if (!v) throw new XmlError('UNSUPPORTED_ALGORITHM', `unknown canonicalisation algorithm ${algorithm}`);
  return v;
}
