import { type HashName, base64Decode } from '@mutua/core';
import type { PolicyStore } from './store';

/**
 * One publication of a policy document under its identifier: the digests it is known by and where they
 * come from.
 */
export interface KnownPolicyPublication {
  /** Which publication (resolution version, amendment). */
  readonly label: string;
  /** Its digests, base64 as they appear in `SigPolicyHash`. */
  readonly digests: readonly { readonly hash: HashName; readonly base64: string }[];
  /**
   * How the digests are known: `document`, computed over a copy of the published document;
   * `published`, stated by the issuing authority; `in-use`, carried by signatures found in the wild
   * without being a digest of the document (see `provenance`).
   */
  readonly evidence: 'document' | 'published' | 'in-use';
  /** Where the document or the digest comes from, and anything odd about it. */
  readonly provenance: string;
}

/** A signature policy identified by a URL, with every known publication under that URL. */
export interface KnownPolicy {
  /** The policy identifier as signatures carry it (XAdES `SigPolicyId/Identifier`): a URL. */
  readonly identifier: string;
  /** ISO 3166 country code of the issuing authority. */
  readonly country: string;
  /** The issuing authority. */
  readonly issuer: string;
  /** What the document is. */
  readonly title: string;
  readonly publications: readonly KnownPolicyPublication[];
}

const HACIENDA = 'Ministerio de Hacienda, Dirección General de Tributación (DGT)';
const DGT_TITLE =
  'Resolución DGT-R-48-2016 on electronic receipts (comprobantes electrónicos), the XAdES-EPES policy document of Costa Rican e-invoicing';
const FIRMADOR =
  'PDF shipped by firmador libre (github.com/firmador/firmador, src/main/resources/dgt, commit b57117aacdf0c7b17e467ffe93addc71b1cd4d7f) for offline policy validation; digests recomputed over that copy';
const V43 =
  'Resoluci%C3%B3n_General_sobre_disposiciones_t%C3%A9cnicas_comprobantes_electr%C3%B3nicos_para_efectos_tributarios.pdf';
const V43_PUBLICATION: KnownPolicyPublication = {
  label: 'DGT-R-48-2016 v4.3',
  digests: [
    { hash: 'SHA-256', base64: '0h7Q3dFHhu0bHbcZEgVc07cEcDlquUeG08HG6Iototo=' },
    { hash: 'SHA-1', base64: 'qgvjNC2RWeGXhmrFq4u+7amoyGU=' },
  ],
  evidence: 'document',
  provenance: `${FIRMADOR}; the SHA-256 equals the SigPolicyHash firmador writes for e-receipts (FirmadorXAdES.java)`,
};

/**
 * Signature policies identified by a URL whose documents were republished under the same identifier,
 * with every digest known for them. Costa Rica's DGT re-publishes the DGT-R-48-2016 PDFs at the same URL
 * (and moved them from `www.hacienda.go.cr` to `atv.hacienda.go.cr`), so the policy hash carried by
 * archived invoices stops matching the document served today; keeping each publication's digests lets a
 * verifier recognise them (see `createPolicyStore`, which holds several digests per identifier).
 *
 * Notes on what is deliberately in or out:
 * - The tribunet v4.1 URL's SHA-1 `Ohixl6upD6av8N7pEvDABhEL6hM=` is listed as `in-use` only: it is what
 *   Costa Rican signers built on FirmaXadesNet write, but it is the SHA-1 of the Spanish FacturaE v3.1
 *   policy PDF (`politica_de_firma_formato_facturae_v3_1.pdf`), not of any DGT publication.
 * - Some signers write `NmI5Njk1…MQ==` as a "SHA-256" for the same URL: the base64 of the *hex text* of
 *   v4.0's SHA-256, not a digest (48 bytes once decoded); it can never match and is not listed.
 *
 * @example
 * ```ts
 * import { KNOWN_SIGNATURE_POLICIES } from '@mutua/cades';
 * const dian = KNOWN_SIGNATURE_POLICIES.find((p) => p.country === 'CO');
 * dian?.identifier; // 'https://facturaelectronica.dian.gov.co/politicadefirma/v2/politicadefirmav2.pdf'
 * dian?.publications[0]?.digests[0]?.base64; // 'dMoMvtcG5aIzgYo0tIsSQeVJBDnUnfSOfBpxXrmor0Y='
 * KNOWN_SIGNATURE_POLICIES.filter((p) => p.country === 'CR').length; // 6
 * ```
 */
export const KNOWN_SIGNATURE_POLICIES: readonly KnownPolicy[] = [
  {
    identifier:
      'https://www.hacienda.go.cr/ATV/ComprobanteElectronico/docs/esquemas/2016/v4/Resolucion%20Comprobantes%20Electronicos%20%20DGT-R-48-2016.pdf',
    country: 'CR',
    issuer: HACIENDA,
    title: `${DGT_TITLE}, v4.0`,
    publications: [
      {
        label: 'DGT-R-48-2016 v4.0',
        digests: [
          { hash: 'SHA-256', base64: 'a5aV6NckKzC/0CR4tQeTg2ULnhUNK2uDxsO5VuRInTE=' },
          { hash: 'SHA-1', base64: 'JyeDiicXk0QZL9hHKZW097BHnDo=' },
        ],
        evidence: 'document',
        provenance: FIRMADOR,
      },
    ],
  },
  {
    identifier:
      'https://www.hacienda.go.cr/ATV/ComprobanteElectronico/docs/esquemas/2016/v4.1/Resolucion_Comprobantes_Electronicos_DGT-R-48-2016_v4.1.pdf',
    country: 'CR',
    issuer: HACIENDA,
    title: `${DGT_TITLE}, v4.1`,
    publications: [
      {
        label: 'DGT-R-48-2016 v4.1 (with the 2017 modifications)',
        digests: [
          { hash: 'SHA-256', base64: 'vPjYEG5pdxOi+6DB29+KqF3I4VOcMEaixzE3d2iUiJk=' },
          { hash: 'SHA-1', base64: 'gHs5fO/M2AutmIccD/VUw5C4PuQ=' },
        ],
        evidence: 'document',
        provenance: `${FIRMADOR}; firmador notes this copy includes the 2017 modifications`,
      },
    ],
  },
  {
    identifier:
      'https://tribunet.hacienda.go.cr/docs/esquemas/2016/v4.1/Resolucion_Comprobantes_Electronicos_DGT-R-48-2016.pdf',
    country: 'CR',
    issuer: HACIENDA,
    title: `${DGT_TITLE}, v4.1 (former tribunet host)`,
    publications: [
      {
        label: 'DGT-R-48-2016 v4.1, SHA-1 carried by e-receipts',
        digests: [{ hash: 'SHA-1', base64: 'Ohixl6upD6av8N7pEvDABhEL6hM=' }],
        evidence: 'in-use',
        provenance:
          'The SHA-1 that Costa Rican e-receipt signers built on FirmaXadesNet write for this URL (many public integrations hard-code it). It is the SHA-1 of the Spanish FacturaE v3.1 policy PDF, not of a DGT document: a match proves the signer used that value, not that it committed to DGT-R-48-2016.',
      },
    ],
  },
  {
    identifier:
      'https://www.hacienda.go.cr/ATV/ComprobanteElectronico/docs/esquemas/2016/v4.2/ResolucionComprobantesElectronicosDGT-R-48-2016_4.2.pdf',
    country: 'CR',
    issuer: HACIENDA,
    title: `${DGT_TITLE}, v4.2`,
    publications: [
      {
        label: 'DGT-R-48-2016 v4.2',
        digests: [
          { hash: 'SHA-256', base64: 'eUGBLxo7SaqxaR+CGU5DCjUc514GOiOU9S0Smy5W7HE=' },
          { hash: 'SHA-1', base64: '3gQCr0HYSdoxi0ZaRaJ4qs3mHfI=' },
        ],
        evidence: 'document',
        provenance: FIRMADOR,
      },
    ],
  },
  {
    identifier: `https://atv.hacienda.go.cr/ATV/ComprobanteElectronico/docs/esquemas/2016/v4.3/${V43}`,
    country: 'CR',
    issuer: HACIENDA,
    title: `${DGT_TITLE}, v4.3`,
    publications: [V43_PUBLICATION],
  },
  {
    identifier: `https://www.hacienda.go.cr/ATV/ComprobanteElectronico/docs/esquemas/2016/v4.3/${V43}`,
    country: 'CR',
    issuer: HACIENDA,
    title: `${DGT_TITLE}, v4.3 (URL before the move to atv.hacienda.go.cr; still found in signed receipts)`,
    publications: [V43_PUBLICATION],
  },
  {
    identifier: 'https://facturaelectronica.dian.gov.co/politicadefirma/v2/politicadefirmav2.pdf',
    country: 'CO',
    issuer: 'Dirección de Impuestos y Aduanas Nacionales (DIAN)',
    title: 'Política de firma de la factura electrónica (UBL 2.1, XAdES-EPES), v2',
    publications: [
      {
        label: 'politicadefirmav2.pdf',
        digests: [{ hash: 'SHA-256', base64: 'dMoMvtcG5aIzgYo0tIsSQeVJBDnUnfSOfBpxXrmor0Y=' }],
        evidence: 'published',
        provenance:
          'SigPolicyHash stated in the DIAN technical annex of electronic invoicing (Anexo Técnico 1.9) and written by public implementations; no copy of the PDF was hashed here',
      },
    ],
  },
];

/**
 * Adds every policy of {@link KNOWN_SIGNATURE_POLICIES} to a policy store: one `store.add` per
 * publication, keyed by the policy's URL, with a source string naming the publication, how its digests
 * are known and where they come from (what `store.lookup(…).source` then reports). The store's key is a
 * plain string — an OID for CAdES/ASN.1 policies, a URI for XAdES policies identified by URL — and
 * `createPolicyStore` accepts either. Returns how many identifiers were added.
 *
 * Digests with `in-use` evidence (values signers write that are not a digest of the policy document) are
 * only added with `{ inUse: true }`: a match on them proves what software the signer used, not that the
 * signer committed to the policy, so a relying party has to choose to accept them.
 *
 * @example
 * ```ts
 * import { addKnownPolicies, createPolicyStore } from '@mutua/cades';
 * import { base64Decode } from '@mutua/core';
 * const store = createPolicyStore();
 * addKnownPolicies(store); // 6
 * const url = 'https://facturaelectronica.dian.gov.co/politicadefirma/v2/politicadefirmav2.pdf';
 * store.lookup(url, 'SHA-256', base64Decode('dMoMvtcG5aIzgYo0tIsSQeVJBDnUnfSOfBpxXrmor0Y=')).status; // 'match'
 * ```
 */
export function addKnownPolicies(store: PolicyStore, options: { readonly inUse?: boolean } = {}): number {
  const added = new Set<string>();
  for (const p of KNOWN_SIGNATURE_POLICIES) {
    for (const pub of p.publications) {
      if (pub.evidence === 'in-use' && !options.inUse) continue;
      added.add(p.identifier);
      store.add(p.identifier, {
        digests: pub.digests.map((d) => ({ hash: d.hash, value: base64Decode(d.base64) })),
        source: `${p.issuer}: ${pub.label} [${pub.evidence}] — ${pub.provenance}`,
        uri: p.identifier,
      });
    }
  }
  return added.size;
}
