import { type Certificate, type CryptoEngine, Indication, SubIndication } from '@mutua/core';
import type { TrustedListCertificate } from './certificates';
import type { TrustedList } from './model';
import { parseTrustedList } from './parse';
import { listOfTrustedListsPointers, pivotUrls } from './pointers';
import { type TrustedListSignatureVerification, verifyTrustedListSignature } from './signature';

/**
 * Options of {@link validatePivotChain}.
 *
 * @example
 * ```ts
 * import type { PivotChainOptions } from '@mutua/trust-list';
 * const options: PivotChainOptions = { officialJournalCertificates: [leafDer], pivots: () => undefined };
 * options.officialJournalCertificates.length; // 1
 * ```
 */
export interface PivotChainOptions {
  /** The LOTL signing certificates announced in the Official Journal (the starting trust). */
  readonly officialJournalCertificates: readonly (Uint8Array | Certificate | TrustedListCertificate)[];
  /** The Official Journal URL of that announcement, when known: pivots listed after it are older ones. */
  readonly officialJournalUrl?: string;
  /** Serves a pivot's bytes by URL (offline map, cache, or a fetcher); `undefined` when unavailable. */
  readonly pivots: (
    url: string,
  ) => Uint8Array | string | undefined | Promise<Uint8Array | string | undefined>;
  /** The crypto engine (default WebCrypto). */
  readonly crypto?: CryptoEngine;
  /** Passed on to each signature verification (signer validity only). */
  readonly time?: Date;
}

/**
 * One pivot of the chain, oldest first.
 *
 * @example
 * ```ts
 * import type { PivotResult } from '@mutua/trust-list';
 * const p: PivotResult = { url: 'https://lotl.example/pivot-1.xml', indication: 'TOTAL_PASSED', reasons: [], announcedCertificates: [] };
 * p.indication; // 'TOTAL_PASSED'
 * ```
 */
export interface PivotResult {
  /** The URL it was served at. */
  readonly url: string;
  /** TSLSequenceNumber, when it could be read. */
  readonly sequenceNumber?: number;
  /** Its verdict (INDETERMINATE when it could not be had, or an older link of the chain broke). */
  readonly indication: Indication;
  /** Sub-indication when not TOTAL_PASSED. */
  readonly subIndication?: SubIndication;
  /** Why. */
  readonly reasons: readonly string[];
  /** The certificates it announces for the next LOTL (its LOTL self-pointer), when it passed. */
  readonly announcedCertificates: readonly TrustedListCertificate[];
}

/**
 * The pivot chain's verdict and the LOTL's.
 *
 * @example
 * ```ts
 * import type { PivotChainResult } from '@mutua/trust-list';
 * const r: PivotChainResult = { pivots: [], pivotsIndication: 'TOTAL_PASSED', lotl: { indication: 'TOTAL_PASSED', reasons: [] } };
 * r.lotl.indication; // 'TOTAL_PASSED'
 * ```
 */
export interface PivotChainResult {
  /** Each pivot, oldest first. */
  readonly pivots: readonly PivotResult[];
  /** TOTAL_PASSED when every pivot passed (or there is none). */
  readonly pivotsIndication: Indication;
  /** The LOTL's own signature verdict, with the certificates the chain ends on as the announced ones. */
  readonly lotl: TrustedListSignatureVerification;
}

/**
 * Validates the EU LOTL through its pivots (TS 119 615 and the EU LOTL's signing-certificate
 * announcements): the pivots the LOTL lists (see `pivotUrls`) are taken oldest first; the oldest must
 * be signed by a certificate of the Official Journal announcement, each next one by a certificate its
 * predecessor announces in its LOTL self-pointer, and finally the LOTL by one the newest pivot announces
 * (the OJ certificates themselves stay acceptable all along: the OJ is the root of this trust). A pivot
 * that is missing, unreadable or badly signed breaks the chain: it and every later link, the LOTL
 * included, are INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND unless the LOTL is signed by an OJ certificate
 * directly. A pivot URL that is the LOTL's own location is served by `pivots` like any other.
 *
 * @example
 * ```ts
 * import { buildTrustedList, parseTrustedList, TSL_URIS, validatePivotChain } from '@mutua/trust-list';
 * import { signXades } from '@mutua/xades';
 * import { nodeCryptoEngine } from '@mutua/core/node';
 * const newSigner = await pki.issue();
 * const sign = async (xml: string, who: { der: Uint8Array; key: { privateKey: CryptoKey } }) =>
 *   (await signXades({ content: { kind: 'enveloped', document: xml }, key: who.key.privateKey, certificate: who.der })).bytes;
 * const self = (der: Uint8Array) => [{ location: 'https://lotl.example/lotl.xml', territory: 'EU', type: TSL_URIS.EU_LIST_OF_THE_LISTS, certificates: [der] }];
 * // The pivot, signed by the OJ-announced leaf, announces the new signer; the LOTL is signed by it.
 * const pivot = await sign(buildTrustedList({ territory: 'EU', sequenceNumber: 1, pointers: self(newSigner.der) }), leaf);
 * const lotl = parseTrustedList(await sign(buildTrustedList({
 *   territory: 'EU', sequenceNumber: 2, schemeInformationUris: ['https://lotl.example/pivot-1.xml'], pointers: self(newSigner.der),
 * }), newSigner));
 * const r = await validatePivotChain(lotl, { officialJournalCertificates: [leaf.der], pivots: () => pivot, crypto: nodeCryptoEngine });
 * [r.pivotsIndication, r.lotl.indication]; // ['TOTAL_PASSED', 'TOTAL_PASSED']
 * const broken = await validatePivotChain(lotl, { officialJournalCertificates: [leaf.der], pivots: () => undefined, crypto: nodeCryptoEngine });
 * [broken.pivotsIndication, broken.lotl.indication]; // ['INDETERMINATE', 'INDETERMINATE']
 * ```
 */
export async function validatePivotChain(
  lotl: TrustedList,
  options: PivotChainOptions,
): Promise<PivotChainResult> {
  const crypto = options.crypto;
  const common = { ...(crypto ? { crypto } : {}), ...(options.time ? { time: options.time } : {}) };
  const oj = options.officialJournalCertificates;
  let announced: readonly (Uint8Array | Certificate | TrustedListCertificate)[] = oj;
  let broken: string | undefined;
  const pivots: PivotResult[] = [];
  for (const url of pivotUrls(lotl, options.officialJournalUrl).reverse()) {
    if (broken) {
      pivots.push({
        url,
        indication: Indication.INDETERMINATE,
        subIndication: SubIndication.NO_CERTIFICATE_CHAIN_FOUND,
        reasons: [broken],
        announcedCertificates: [],
      });
      continue;
    }
    const bytes = await options.pivots(url);
    if (bytes === undefined) {
      broken = `pivot ${url} is not available: the chain of announced certificates is broken there`;
      pivots.push({
        url,
        indication: Indication.INDETERMINATE,
        subIndication: SubIndication.NO_CERTIFICATE_CHAIN_FOUND,
        reasons: [broken],
        announcedCertificates: [],
      });
      continue;
    }
    let pivot: TrustedList;
    try {
      pivot = parseTrustedList(bytes);
    } catch (e) {
      broken = `pivot ${url} is not a readable list (${(e as Error).message})`;
      pivots.push({
        url,
        indication: Indication.INDETERMINATE,
        subIndication: SubIndication.FORMAT_FAILURE,
        reasons: [broken],
        announcedCertificates: [],
      });
      continue;
    }
    const v = await verifyTrustedListSignature(pivot, {
      announcedCertificates: [...announced, ...oj],
      ...common,
    });
    const seq = pivot.schemeInformation.tslSequenceNumber;
    const next = listOfTrustedListsPointers(pivot).flatMap((p) => p.certificates);
    pivots.push({
      url,
      ...(seq !== undefined ? { sequenceNumber: seq } : {}),
      indication: v.indication,
      ...(v.subIndication ? { subIndication: v.subIndication } : {}),
      reasons: v.reasons,
      announcedCertificates: v.indication === Indication.TOTAL_PASSED ? next : [],
    });
    if (v.indication !== Indication.TOTAL_PASSED)
      broken = `pivot ${url} failed: ${v.reasons.at(-1) ?? v.indication}`;
    else announced = next;
  }
  const pivotsIndication = pivots.every((p) => p.indication === Indication.TOTAL_PASSED)
    ? Indication.TOTAL_PASSED
    : pivots.some((p) => p.indication === Indication.TOTAL_FAILED)
      ? Indication.TOTAL_FAILED
      : Indication.INDETERMINATE;
  let result = await verifyTrustedListSignature(lotl, {
    announcedCertificates: broken ? oj : [...announced, ...oj],
    ...common,
  });
  if (
    broken &&
    result.indication === Indication.INDETERMINATE &&
    result.subIndication === SubIndication.NO_CERTIFICATE_CHAIN_FOUND
  )
    result = { ...result, reasons: [...result.reasons, broken] };
  return { pivots, pivotsIndication, lotl: result };
}

/**
 * A loaded list of trusted lists: the parsed LOTL, its signature verdict through the pivot chain, and
 * the pointers to the national lists it announces.
 *
 * @example
 * ```ts
 * import type { LoadedListOfTrustedLists } from '@mutua/trust-list';
 * const accepted = (l: LoadedListOfTrustedLists) => l.chain.lotl.indication === 'TOTAL_PASSED';
 * typeof accepted; // 'function'
 * ```
 */
export interface LoadedListOfTrustedLists {
  /** The parsed LOTL. */
  readonly list: TrustedList;
  /** The pivot chain and the LOTL's signature verdict. */
  readonly chain: PivotChainResult;
  /** Whether the LOTL may be used: its signature passed through the chain. */
  readonly accepted: boolean;
}

/**
 * Parses a LOTL and validates it through its pivots (see {@link validatePivotChain}); `accepted` is
 * true only when its signature passed. Structure messages stay on `list.structureMessages`.
 *
 * @example
 * ```ts
 * import { buildTrustedList, loadListOfTrustedLists } from '@mutua/trust-list';
 * import { signXades } from '@mutua/xades';
 * import { nodeCryptoEngine } from '@mutua/core/node';
 * const signed = await signXades({ content: { kind: 'enveloped', document: buildTrustedList({ territory: 'EU' }) }, key: leaf.key.privateKey, certificate: leaf.der });
 * const loaded = await loadListOfTrustedLists(signed.bytes, { officialJournalCertificates: [leaf.der], pivots: () => undefined, crypto: nodeCryptoEngine });
 * loaded.accepted; // true
 * ```
 */
export async function loadListOfTrustedLists(
  input: Uint8Array | string,
  options: PivotChainOptions,
): Promise<LoadedListOfTrustedLists> {
  const list = parseTrustedList(input);
  const chain = await validatePivotChain(list, options);
  return { list, chain, accepted: chain.lotl.indication === Indication.TOTAL_PASSED };
}
