import {
  DSIG_NS,
  XmlDocument,
  type XmlElement,
  type XmlLimits,
  findSignatures,
  parseXml,
} from '@mutua/xades';
import { type TrustedListCertificate, newCertificate } from './certificates';
import { TrustedListError } from './errors';
import type { TrustServiceProvider, TrustedList } from './model';
import { TSL_URIS } from './namespaces';
import { readSchemeInformation } from './read-scheme';
import { type ReadNotes, checkProviders, readProviders } from './read-services';
import { kid } from './xml';

/**
 * Options of {@link parseTrustedList}.
 *
 * @example
 * ```ts
 * import type { ParseTrustedListOptions } from '@mutua/trust-list';
 * const options: ParseTrustedListOptions = { acceptedVersions: [5, 6] };
 * options.acceptedVersions; // [5, 6]
 * ```
 */
export interface ParseTrustedListOptions {
  /** TSLVersionIdentifier values that conform (default `[5, 6]`, as the EU and DSS accept). */
  readonly acceptedVersions?: readonly number[];
  /** Limits of the XML parser (default: @mutua/xades's). */
  readonly limits?: XmlLimits;
}

const SCHEME_INFORMATION_REQUIRED = [
  'TSLSequenceNumber',
  'TSLType',
  'SchemeOperatorName',
  'SchemeOperatorAddress',
  'SchemeName',
  'SchemeInformationURI',
  'StatusDeterminationApproach',
  'HistoricalInformationPeriod',
  'ListIssueDateTime',
  'NextUpdate',
];

const SHA1_DIGEST = 'http://www.w3.org/2000/09/xmldsig#sha1';

function signatureNotes(signatures: XmlElement[], version: number | undefined, notes: ReadNotes): void {
  if (signatures.length === 0) notes.structure.push('No ds:Signature element is present!');
  if (signatures.length > 1)
    notes.structure.push(
      `${signatures.length} ds:Signature elements are present; the TrustServiceStatusList schema allows one`,
    );
  for (const s of signatures) {
    let v2 = false;
    let sha1 = false;
    const pending: XmlElement[] = [s];
    for (let e = pending.pop(); e; e = pending.pop()) {
      if (e.localName === 'SigningCertificateV2') v2 = true;
      if (
        e.localName === 'DigestMethod' &&
        e.namespaceURI === DSIG_NS &&
        e.getAttribute('Algorithm') === SHA1_DIGEST
      )
        sha1 = true;
      for (const c of e.children) if (c.kind === 'element') pending.push(c);
    }
    // TS 119 612 v2.1 (TL version 5) imports the XAdES schema of TS 101 903, which has no
    // SigningCertificateV2; v2.2 onwards (version 6) require EN 319 132's SigningCertificateV2.
    if (v2 && version === 5)
      notes.structure.push(
        'SigningCertificateV2 is not allowed in a version 5 list: its schema (TS 101 903 XAdES) only knows SigningCertificate',
      );
    if (sha1)
      notes.warnings.push(
        'the signature uses SHA-1 digests (Peru’s INDECOPI list does): weak, policy-controlled',
      );
  }
}

/**
 * Reads an ETSI TS 119 612 trusted list (a national TL or a list of trusted lists) into a typed model.
 * Versions 5 and 6 are read as specified; older ones (Peru's v3, the v4 lists of TS 102 231) are read
 * too, with "The TL Version 'N' is not acceptable!" in `structureMessages` as DSS words it. Missing
 * mandatory parts are structure messages, never exceptions (a TSP without TSPInformation or a service
 * without ServiceInformation is left out, as DSS does); only input that is not XML, or XML that is not a
 * TrustServiceStatusList, throws a {@link TrustedListError}. Certificates are indexed by their base64
 * text and decoded lazily, and the objects of `trustServiceProviders` are built the first time it is read
 * (every service is checked at once: loading and verifying a set of lists does not pay for a model it
 * may never use). The signature is not checked here: see `verifyTrustedListSignature`.
 *
 * @example
 * ```ts
 * import { buildTrustedList, parseTrustedList } from '@mutua/trust-list';
 * const xml = buildTrustedList({
 *   territory: 'UY',
 *   sequenceNumber: 7,
 *   operatorName: 'Unidad de Certificación Electrónica',
 *   providers: [{ name: 'AGESIC', services: [{ certificates: [rootDer, caDer] }] }],
 * });
 * const list = parseTrustedList(xml);
 * list.schemeInformation.schemeTerritory; // 'UY'
 * list.schemeInformation.tslSequenceNumber; // 7
 * list.schemeInformation.schemeOperatorName[0]?.value; // 'Unidad de Certificación Electrónica'
 * list.trustServiceProviders.length; // 1
 * list.certificates.size; // 2
 * parseTrustedList(buildTrustedList({ version: 4 })).structureMessages.includes("The TL Version '4' is not acceptable!"); // true
 * ```
 */
export function parseTrustedList(
  input: Uint8Array | string | XmlDocument,
  options: ParseTrustedListOptions = {},
): TrustedList {
  let document: XmlDocument;
  if (input instanceof XmlDocument) document = input;
  else {
    try {
      document = parseXml(input, options.limits);
    } catch (e) {
      throw new TrustedListError('NOT_XML', `not well-formed XML: ${(e as Error).message}`, { cause: e });
    }
  }
  const root = document.root;
  if (root.localName !== 'TrustServiceStatusList')
    throw new TrustedListError(
      'NOT_A_TRUSTED_LIST',
      `the root element is ${root.name}, not a TS 119 612 TrustServiceStatusList`,
    );
  const notes: ReadNotes = { structure: [], warnings: [] };
  if (root.namespaceURI !== TSL_URIS.TSL_NS)
    notes.warnings.push(`the root element is in namespace "${root.namespaceURI}", not ${TSL_URIS.TSL_NS}`);
  const si = kid(root, 'SchemeInformation');
  if (!si) notes.structure.push('The TrustServiceStatusList lacks the mandatory SchemeInformation');
  const schemeInformation = readSchemeInformation(si);
  const version = schemeInformation.tslVersionIdentifier;
  if (version === undefined) notes.structure.push('No TLVersion has been found!');
  if (si) {
    for (const name of SCHEME_INFORMATION_REQUIRED)
      if (!kid(si, name)) notes.structure.push(`SchemeInformation lacks the mandatory ${name}`);
  }
  const accepted = options.acceptedVersions ?? [5, 6];
  if (version !== undefined && !accepted.includes(version)) {
    notes.structure.push(`The TL Version '${version}' is not acceptable!`);
    if (version < 5) notes.warnings.push(`version ${version} list read with the version 5 model`);
  }
  // The providers are checked now (structure messages, warnings and the certificate index need every
  // service) and their model is built on first use: one object per X509Certificate element is made
  // here, and the model takes the same objects.
  const providerList = kid(root, 'TrustServiceProviderList');
  let byElement: Map<XmlElement, TrustedListCertificate> | undefined = new Map();
  const certificates = new Map<string, TrustedListCertificate>();
  checkProviders(providerList, notes, (value) => {
    const c = newCertificate(value);
    byElement!.set(value, c);
    if (!certificates.has(c.base64)) certificates.set(c.base64, c);
  });
  let providers: TrustServiceProvider[] | undefined;
  const readModel = (): TrustServiceProvider[] => {
    if (providers === undefined) {
      const known = byElement!;
      providers = readProviders(providerList, (value) => known.get(value) ?? newCertificate(value));
      byElement = undefined;
    }
    return providers;
  };
  const signatures = findSignatures(document);
  signatureNotes(signatures, version, notes);
  const id = root.getAttribute('Id');
  const tslTag = root.getAttribute('TSLTag');
  return {
    document,
    ...(id !== undefined ? { id } : {}),
    ...(tslTag !== undefined ? { tslTag } : {}),
    schemeInformation,
    // Read on first use, then an ordinary data property (where the object still allows it).
    get trustServiceProviders(): TrustServiceProvider[] {
      const value = readModel();
      if (Object.getOwnPropertyDescriptor(this, 'trustServiceProviders')?.configurable)
        Object.defineProperty(this, 'trustServiceProviders', {
          value,
          writable: true,
          enumerable: true,
          configurable: true,
        });
      return value;
    },
    certificates,
    signatureCount: signatures.length,
    structureMessages: notes.structure,
    warnings: notes.warnings,
  };
}
