import type { TrustSourceKind } from './model';

/**
 * How a jurisdiction names a trust source and the levels of its hierarchy, for reports: a source's
 * `name` and `legalLevel`, and each certificate's `level` by its depth below a root of the source.
 *
 * @example
 * ```ts
 * import { TRUST_SOURCE_PROFILES } from '@mutua/trust-list';
 * const p = TRUST_SOURCE_PROFILES['icp-brasil'];
 * [p.jurisdiction, p.kind, p.levels[0], p.levels[1]]; // ['BR', 'icp-brasil-bundle', 'AC Raiz', 'AC de 1º nível']
 * ```
 */
export interface TrustSourceProfile {
  /** ISO 3166-1 alpha-2 code. */
  readonly jurisdiction: string;
  /** The kind of publication. */
  readonly kind: TrustSourceKind;
  /** The source's name in the jurisdiction. */
  readonly name: string;
  /** The legal standing of what it lists, in the jurisdiction's words (with the law, where known). */
  readonly legalLevel: string;
  /** Level names by depth below a root: `levels[0]` for roots, the last one for any deeper level. */
  readonly levels: readonly string[];
  /** The level name of a certificate whose issuer is not in the source. */
  readonly unplaced: string;
  /** Where the publisher puts the source, for reports (not fetched by the loaders). */
  readonly url?: string;
}

/**
 * Known non-ETSI trust sources of Latin America (from the publishers' pages; see
 * `shared/research/lac-pki.md`). Pass a key as the `profile` of a loader, or a profile of your own.
 *
 * @example
 * ```ts
 * import { TRUST_SOURCE_PROFILES } from '@mutua/trust-list';
 * Object.keys(TRUST_SOURCE_PROFILES); // ['icp-brasil', 'sat', 'uy-acrn', 'ar-ac-raiz', 'pa-firma-electronica', 'cr-raiz-nacional', 'cl-acreditados']
 * TRUST_SOURCE_PROFILES['cl-acreditados'].levels; // ['prestador acreditado (raíz)', 'prestador acreditado']
 * ```
 */
export const TRUST_SOURCE_PROFILES = {
  'icp-brasil': {
    jurisdiction: 'BR',
    kind: 'icp-brasil-bundle',
    name: 'ICP-Brasil',
    legalLevel: 'certificado digital ICP-Brasil (MP 2.200-2/2001)',
    levels: ['AC Raiz', 'AC de 1º nível', 'AC de 2º nível'],
    unplaced: 'AC',
    url: 'http://acraiz.icpbrasil.gov.br/credenciadas/CertificadosAC-ICP-Brasil/ACcompactado.zip',
  },
  sat: {
    jurisdiction: 'MX',
    kind: 'sat-bundle',
    name: 'SAT (e.firma / CSD)',
    legalLevel: 'firma electrónica avanzada (Código Fiscal de la Federación, art. 17-D)',
    levels: ['Agencia Registradora Central (Banco de México)', 'AC del SAT'],
    unplaced: 'AC',
    url: 'http://omawww.sat.gob.mx/tramitesyservicios/Paginas/documentos/Cert_Prod.zip',
  },
  'uy-acrn': {
    jurisdiction: 'UY',
    kind: 'national-root',
    name: 'Autoridad Certificadora Raíz Nacional de Uruguay',
    legalLevel: 'firma electrónica avanzada (Ley 18.600)',
    levels: ['ACRN', 'prestador de servicios de certificación acreditado'],
    unplaced: 'prestador de servicios de certificación acreditado',
    url: 'https://www.agesic.gub.uy/acrn/acrn.cer',
  },
  'ar-ac-raiz': {
    jurisdiction: 'AR',
    kind: 'national-root',
    name: 'AC Raíz de la República Argentina',
    legalLevel: 'firma digital (Ley 25.506)',
    levels: ['AC Raíz', 'certificador licenciado'],
    unplaced: 'certificador licenciado',
  },
  'pa-firma-electronica': {
    jurisdiction: 'PA',
    kind: 'national-root',
    name: 'Autoridad Certificadora de Panamá',
    legalLevel: 'firma electrónica calificada (Ley 51 de 2008)',
    levels: ['Autoridad Certificadora Raíz', 'CA subordinada'],
    unplaced: 'CA subordinada',
    url: 'https://www.firmaelectronica.gob.pa/cacerts/',
  },
  'cr-raiz-nacional': {
    jurisdiction: 'CR',
    kind: 'national-root',
    name: 'CA RAIZ NACIONAL - COSTA RICA',
    legalLevel: 'firma digital certificada (Ley 8454)',
    levels: ['CA Raíz Nacional', 'CA de política', 'CA emisora'],
    unplaced: 'CA emisora',
    url: 'https://www.firmadigital.go.cr/Repositorio/',
  },
  'cl-acreditados': {
    jurisdiction: 'CL',
    kind: 'certificate-folder',
    name: 'Prestadores de servicios de certificación acreditados (Entidad Acreditadora)',
    legalLevel: 'firma electrónica avanzada de prestador acreditado (Ley 19.799)',
    levels: ['prestador acreditado (raíz)', 'prestador acreditado'],
    unplaced: 'prestador acreditado',
    url: 'https://www.entidadacreditadora.gob.cl/certificados-raiz/',
  },
} as const satisfies Record<string, TrustSourceProfile>;

/**
 * A key of {@link TRUST_SOURCE_PROFILES}.
 *
 * @example
 * ```ts
 * import type { TrustSourceProfileName } from '@mutua/trust-list';
 * const name: TrustSourceProfileName = 'uy-acrn';
 * name; // 'uy-acrn'
 * ```
 */
export type TrustSourceProfileName = keyof typeof TRUST_SOURCE_PROFILES;
