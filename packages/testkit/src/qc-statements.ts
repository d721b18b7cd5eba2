import { OID, der } from '@mutua/core';
import { type GeneralNameInput, encodeGeneralName } from './general-name';

/** QcType values (EN 319 412-5 §4.2.3). */
export type QcTypeName = 'eSign' | 'eSeal' | 'web';

/** PSD2 roles (ETSI TS 119 495). */
export type Psd2Role = 'PSP_AS' | 'PSP_PI' | 'PSP_AI' | 'PSP_IC';

/** Semantics identifiers of EN 319 412-1 §5, by short name, or any OID. */
export type SemanticsId = 'natural' | 'legal' | 'eidasNatural' | 'eidasLegal' | (string & {});

/**
 * The qcStatements extension (RFC 3739, EN 319 412-5), one field per statement. Statements are written
 * in this order: semantics identifier, QcCompliance, QcLimitValue, QcRetentionPeriod, QcSSCD, QcPDS,
 * QcType, QcCClegislation, PSD2, then `extra`.
 *
 * @example
 * ```ts
 * import type { QcStatementsInput } from '@mutua/testkit';
 * const qc: QcStatementsInput = { compliance: true, sscd: true, type: ['eSign'],
 *   pds: [{ url: 'https://pki.test/pds_en.pdf', lang: 'en' }], semanticsId: 'natural' };
 * ```
 */
export interface QcStatementsInput {
  /** esi4-qcStatement-1: the certificate is an EU qualified certificate. */
  readonly compliance?: boolean;
  /** esi4-qcStatement-4: the private key is in a QSCD. */
  readonly sscd?: boolean;
  /** esi4-qcStatement-6: QcType(s). */
  readonly type?: QcTypeName | readonly (QcTypeName | string)[];
  /** esi4-qcStatement-5: PKI Disclosure Statements. */
  readonly pds?: readonly { readonly url: string; readonly lang: string }[];
  /** esi4-qcStatement-7: QcCClegislation, the countries whose law the QC is issued under (non-EU QCs). */
  readonly legislation?: readonly string[];
  /** esi4-qcStatement-3: retention period in years. */
  readonly retentionPeriod?: number;
  /** esi4-qcStatement-2: transaction limit `amount × 10^exponent` in `currency` (ISO 4217 alpha or numeric). */
  readonly limitValue?: {
    readonly currency: string | number;
    readonly amount: number;
    readonly exponent: number;
  };
  /**
   * id-qcs-pkixQCSyntax-v2 with a semantics identifier (EN 319 412-1): `natural` (0.4.0.194121.1.1),
   * `legal` (…1.2), `eidasNatural` (…1.3), `eidasLegal` (…1.4) or an OID.
   */
  readonly semanticsId?: SemanticsId;
  /** nameRegistrationAuthorities of the semantics information. */
  readonly nameRegistrationAuthorities?: readonly GeneralNameInput[];
  /** PSD2 QcType (TS 119 495). */
  readonly psd2?: { readonly roles: readonly Psd2Role[]; readonly ncaName: string; readonly ncaId: string };
  /** Further statements: `info` is the statementInfo DER, omitted when absent. */
  readonly extra?: readonly { readonly oid: string; readonly info?: Uint8Array }[];
}

const QC_TYPE: Record<QcTypeName, string> = {
  eSign: OID.qcTypeEsign,
  eSeal: OID.qcTypeEseal,
  web: OID.qcTypeWeb,
};
const SEMANTICS: Record<string, string> = {
  natural: OID.semanticsNaturalPerson,
  legal: OID.semanticsLegalPerson,
  eidasNatural: OID.semanticsEidasNatural,
  eidasLegal: OID.semanticsEidasLegal,
};
const PSD2_ROLE: Record<Psd2Role, string> = {
  PSP_AS: '0.4.0.19495.1.1',
  PSP_PI: '0.4.0.19495.1.2',
  PSP_AI: '0.4.0.19495.1.3',
  PSP_IC: '0.4.0.19495.1.4',
};

const statement = (oid: string, info?: Uint8Array) => der.seq(der.oid(oid), info);

/**
 * Encodes the qcStatements extension value (`SEQUENCE OF QCStatement`).
 *
 * @example
 * ```ts
 * import { encodeQcStatements } from '@mutua/testkit';
 * const value = encodeQcStatements({ compliance: true, type: 'eSeal', semanticsId: 'legal' });
 * ```
 */
export function encodeQcStatements(qc: QcStatementsInput): Uint8Array {
  const out: Uint8Array[] = [];
  if (qc.semanticsId !== undefined || qc.nameRegistrationAuthorities) {
    const id = qc.semanticsId === undefined ? undefined : (SEMANTICS[qc.semanticsId] ?? qc.semanticsId);
    out.push(
      statement(
        OID.qcsSemanticsIdV2,
        der.seq(
          id === undefined ? undefined : der.oid(id),
          qc.nameRegistrationAuthorities
            ? der.seq(...qc.nameRegistrationAuthorities.map(encodeGeneralName))
            : undefined,
        ),
      ),
    );
  }
  if (qc.compliance) out.push(statement(OID.qcsQcCompliance));
  if (qc.limitValue) {
    const { currency, amount, exponent } = qc.limitValue;
    const cur = typeof currency === 'number' ? der.int(currency) : der.printable(currency);
    out.push(statement(OID.qcsQcLimitValue, der.seq(cur, der.int(amount), der.int(exponent))));
  }
  if (qc.retentionPeriod !== undefined)
    out.push(statement(OID.qcsQcRetentionPeriod, der.int(qc.retentionPeriod)));
  if (qc.sscd) out.push(statement(OID.qcsQcSSCD));
  if (qc.pds) {
    out.push(
      statement(OID.qcsQcPDS, der.seq(...qc.pds.map((p) => der.seq(der.ia5(p.url), der.printable(p.lang))))),
    );
  }
  if (qc.type !== undefined) {
    const types = typeof qc.type === 'string' ? [qc.type] : qc.type;
    out.push(statement(OID.qcsQcType, der.seq(...types.map((t) => der.oid(QC_TYPE[t as QcTypeName] ?? t)))));
  }
  if (qc.legislation)
    out.push(statement(OID.qcsQcCClegislation, der.seq(...qc.legislation.map((c) => der.printable(c)))));
  if (qc.psd2) {
    const roles = der.seq(...qc.psd2.roles.map((r) => der.seq(der.oid(PSD2_ROLE[r]), der.utf8(r))));
    out.push(statement(OID.psd2, der.seq(roles, der.utf8(qc.psd2.ncaName), der.utf8(qc.psd2.ncaId))));
  }
  for (const e of qc.extra ?? []) out.push(statement(e.oid, e.info));
  return der.seq(...out);
}
