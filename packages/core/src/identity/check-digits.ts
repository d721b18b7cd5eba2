/**
 * Check-digit algorithms of Latin American (and a few international) identifiers.
 *
 * Every function takes the identifier in its canonical form (digits only, or digits and letters
 * without punctuation, as the `normalise*` helpers of the extractors produce) and returns a boolean:
 * `true` only when the value has the right shape *and* its check digit(s) match. None of them throws.
 *
 * Where a number has no check digit (Argentine DU, Peruvian DNI, Colombian cédula, Costa Rican cédula)
 * there is no function: the extractor reports `checkDigit: 'not-applicable'`.
 *
 * @packageDocumentation
 */

function digits(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) out.push(ch.charCodeAt(0) - 48);
  return out;
}

const allSame = (s: string) => /^(.)\1*$/.test(s);

/**
 * Brazilian CPF (Cadastro de Pessoas Físicas, Receita Federal; IN RFB 2.172/2024): 9 digits + 2 check
 * digits, each `11 − (Σ dᵢ·wᵢ mod 11)` (0 when that is ≥ 10) with weights 10…2 and then 11…2.
 * Sequences of one repeated digit pass the arithmetic but are not issued, so they are rejected.
 *
 * @example
 * ```ts
 * import { isValidCpf } from '@mutua/core';
 * isValidCpf('12345678909'); // true
 * isValidCpf('12345678900'); // false (wrong check digits)
 * isValidCpf('11111111111'); // false (never issued)
 * ```
 */
export function isValidCpf(cpf: string): boolean {
  if (!/^\d{11}$/.test(cpf) || allSame(cpf)) return false;
  const d = digits(cpf);
  for (const n of [9, 10]) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += d[i]! * (n + 1 - i);
    const r = (sum * 10) % 11;
    if ((r === 10 ? 0 : r) !== d[n]) return false;
  }
  return true;
}

const CNPJ_W1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
const CNPJ_W2 = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];

/**
 * Brazilian CNPJ (Cadastro Nacional da Pessoa Jurídica): 8-digit root + 4-digit establishment + 2 check
 * digits, mod 11 with weights 5432 98765432 / 6 5432 98765432; remainder < 2 gives 0, else `11 − r`.
 * Also accepts the alphanumeric CNPJ of IN RFB 2.229/2024 (from July 2026): the first 12 positions
 * may be `A–Z`, each character weighing its ASCII code − 48; the check digits stay numeric.
 *
 * @example
 * ```ts
 * import { isValidCnpj } from '@mutua/core';
 * isValidCnpj('11222333000181'); // true
 * isValidCnpj('12ABC34501DE35'); // true (alphanumeric CNPJ, IN RFB 2.229/2024)
 * isValidCnpj('11222333000182'); // false
 * ```
 */
export function isValidCnpj(cnpj: string): boolean {
  if (!/^[0-9A-Z]{12}\d{2}$/.test(cnpj) || allSame(cnpj)) return false;
  const v = digits(cnpj);
  for (const w of [CNPJ_W1, CNPJ_W2]) {
    let sum = 0;
    for (let i = 0; i < w.length; i++) sum += v[i]! * w[i]!;
    const r = sum % 11;
    if ((r < 2 ? 0 : 11 - r) !== v[w.length]) return false;
  }
  return true;
}

/**
 * Brazilian NIS / PIS / PASEP / NIT (11 digits): weights 3298765432 on the first 10 digits, check digit
 * `11 − (Σ mod 11)`, 0 when that is 10 or 11 (Caixa Econômica Federal rule).
 *
 * @example
 * ```ts
 * import { isValidNis } from '@mutua/core';
 * isValidNis('12345678919'); // true
 * isValidNis('12345678910'); // false
 * ```
 */
export function isValidNis(nis: string): boolean {
  if (!/^\d{11}$/.test(nis) || allSame(nis)) return false;
  const d = digits(nis);
  const w = [3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += d[i]! * w[i]!;
  const dv = 11 - (sum % 11);
  return (dv >= 10 ? 0 : dv) === d[10];
}

/**
 * Brazilian título de eleitor (TSE Res. 21.538/2003), 12 digits: sequential number (8), state code (2,
 * 01 = SP … 28 = ZZ abroad), 2 check digits. DV1 = Σ seqᵢ·(i+2) mod 11; DV2 = (uf₁·7 + uf₂·8 + DV1·9)
 * mod 11; a remainder of 10 gives 0, and for SP (01) and MG (02) a remainder of 0 gives 1.
 *
 * @example
 * ```ts
 * import { isValidTituloEleitor } from '@mutua/core';
 * isValidTituloEleitor('004356870906'); // true (state code 09)
 * isValidTituloEleitor('004356870907'); // false
 * ```
 */
export function isValidTituloEleitor(titulo: string): boolean {
  if (!/^\d{12}$/.test(titulo)) return false;
  const d = digits(titulo);
  const uf = d[8]! * 10 + d[9]!;
  if (uf < 1 || uf > 28) return false;
  const fix = (r: number) => (r === 10 ? 0 : r === 0 && (uf === 1 || uf === 2) ? 1 : r);
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += d[i]! * (i + 2);
  const dv1 = fix(sum % 11);
  const dv2 = fix((d[8]! * 7 + d[9]! * 8 + dv1 * 9) % 11);
  return dv1 === d[10] && dv2 === d[11];
}

/**
 * The check character of a Chilean RUT / RUN body (Servicio de Impuestos Internos, "módulo 11"):
 * weights 2,3,4,5,6,7 repeating from the rightmost digit, `11 − (Σ mod 11)`; 11 → `0`, 10 → `K`.
 *
 * @example
 * ```ts
 * import { rutCheckDigit } from '@mutua/core';
 * rutCheckDigit('12345678'); // '5'
 * rutCheckDigit('10000013'); // 'K'
 * ```
 */
export function rutCheckDigit(body: string): string {
  let sum = 0;
  let w = 2;
  for (let i = body.length - 1; i >= 0; i--) {
    sum += (body.charCodeAt(i) - 48) * w;
    w = w === 7 ? 2 : w + 1;
  }
  const dv = 11 - (sum % 11);
  return dv === 11 ? '0' : dv === 10 ? 'K' : String(dv);
}

/**
 * Whether a Chilean RUT in canonical form `NNNNNNNN-D` (no dots, upper-case K) has a valid check digit.
 *
 * @example
 * ```ts
 * import { isValidRut } from '@mutua/core';
 * isValidRut('12345678-5'); // true
 * isValidRut('12345678-K'); // false
 * isValidRut('12.345.678-5'); // false (not canonical: normaliseRut first)
 * ```
 */
export function isValidRut(rut: string): boolean {
  const m = /^(\d{1,9})-([\dK])$/.exec(rut);
  if (!m || /^0+$/.test(m[1]!)) return false;
  return rutCheckDigit(m[1]!) === m[2];
}

/**
 * Argentine CUIT / CUIL (AFIP, RG 10/1997 and RG 1817/2005): 2-digit type (20, 23, 24, 27 natural persons;
 * 30, 33, 34 legal persons), 8-digit document, check digit `11 − (Σ dᵢ·wᵢ mod 11)` with weights
 * 5432765432; 11 gives 0 and 10 is never issued (such numbers are re-typed 23/33).
 *
 * @example
 * ```ts
 * import { isValidCuit } from '@mutua/core';
 * isValidCuit('20123456786'); // true (natural person)
 * isValidCuit('30500010912'); // true (legal person)
 * isValidCuit('20123456780'); // false
 * ```
 */
export function isValidCuit(cuit: string): boolean {
  if (!/^(20|23|24|25|26|27|30|33|34)\d{9}$/.test(cuit)) return false;
  const d = digits(cuit);
  const w = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += d[i]! * w[i]!;
  const dv = 11 - (sum % 11);
  if (dv === 10) return false;
  return (dv === 11 ? 0 : dv) === d[10];
}

/**
 * Peruvian RUC (SUNAT), 11 digits starting 10/15/17 (natural persons) or 20 (legal persons): weights
 * 5432765432, check digit `11 − (Σ mod 11)` reduced mod 10 (10 → 0, 11 → 1).
 *
 * @example
 * ```ts
 * import { isValidPeRuc } from '@mutua/core';
 * isValidPeRuc('20100070970'); // true
 * isValidPeRuc('20100070971'); // false
 * ```
 */
export function isValidPeRuc(ruc: string): boolean {
  if (!/^(10|15|16|17|20)\d{9}$/.test(ruc)) return false;
  const d = digits(ruc);
  const w = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += d[i]! * w[i]!;
  return (11 - (sum % 11)) % 10 === d[10];
}

/**
 * The check digit ("dígito de verificación") of a Colombian NIT body (DIAN, Orden Administrativa 4/1989):
 * prime weights 3,7,13,17,19,23,29,37,41,43,47,53,59,67,71 from the rightmost digit; `r = Σ mod 11`,
 * DV = r when r < 2, else `11 − r`.
 *
 * @example
 * ```ts
 * import { nitCheckDigit } from '@mutua/core';
 * nitCheckDigit('900204272'); // 8
 * ```
 */
export function nitCheckDigit(body: string): number {
  const w = [3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71];
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += (body.charCodeAt(body.length - 1 - i) - 48) * (w[i] ?? 0);
  const r = sum % 11;
  return r < 2 ? r : 11 - r;
}

/**
 * Whether a Colombian NIT given as body + check digit (digits only, for example `9002042728`) is valid.
 *
 * @example
 * ```ts
 * import { isValidNit } from '@mutua/core';
 * isValidNit('9002042728'); // true (NIT 900.204.272-8)
 * isValidNit('9002042720'); // false
 * ```
 */
export function isValidNit(nit: string): boolean {
  if (!/^\d{6,15}$/.test(nit)) return false;
  return nitCheckDigit(nit.slice(0, -1)) === Number(nit.slice(-1));
}

/**
 * Ecuadorian cédula de ciudadanía (Registro Civil), 10 digits: province 01–24 or 30, third digit < 6,
 * Luhn-like "módulo 10" with coefficients 212121212 (products above 9 minus 9), DV = `(10 − Σ mod 10) mod 10`.
 *
 * @example
 * ```ts
 * import { isValidEcCedula } from '@mutua/core';
 * isValidEcCedula('1710034065'); // true (province 17, Pichincha)
 * isValidEcCedula('1710034066'); // false
 * ```
 */
export function isValidEcCedula(ced: string): boolean {
  if (!/^\d{10}$/.test(ced)) return false;
  const d = digits(ced);
  const prov = d[0]! * 10 + d[1]!;
  if (!((prov >= 1 && prov <= 24) || prov === 30) || d[2]! >= 6) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let p = d[i]! * (i % 2 === 0 ? 2 : 1);
    if (p > 9) p -= 9;
    sum += p;
  }
  return (10 - (sum % 10)) % 10 === d[9];
}

/**
 * Dominican RNC (DGII), 9 digits: weights 79865432 on the first 8, `r = Σ mod 11`; DV = 2 when r = 0,
 * 1 when r = 1, else `11 − r`.
 *
 * @example
 * ```ts
 * import { isValidDoRnc } from '@mutua/core';
 * isValidDoRnc('101010632'); // true
 * isValidDoRnc('101010633'); // false
 * ```
 */
export function isValidDoRnc(rnc: string): boolean {
  if (!/^\d{9}$/.test(rnc)) return false;
  const d = digits(rnc);
  const w = [7, 9, 8, 6, 5, 4, 3, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += d[i]! * w[i]!;
  const r = sum % 11;
  return (r === 0 ? 2 : r === 1 ? 1 : 11 - r) === d[8];
}

const CURP_CHARS = '0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ';

/**
 * Mexican CURP (RENAPO, Instructivo Normativo para la Asignación de la CURP), 18 characters:
 * 4 letters, birth date YYMMDD, sex (H/M/X), state (2 letters), 3 internal consonants, a homonymy
 * character (digit up to 1999, letter from 2000) and a check digit:
 * `(10 − Σ vᵢ·(18 − i) mod 10) mod 10` over `0-9A-NÑO-Z` values. Returns `'valid'`, `'invalid'`
 * (structure correct, check digit wrong) or `'malformed'`.
 *
 * @example
 * ```ts
 * import { checkCurp } from '@mutua/core';
 * checkCurp('GODE561231HDFRRN00'); // 'valid'
 * checkCurp('GODE561231HDFRRN09'); // 'invalid'
 * checkCurp('GODE561231'); // 'malformed'
 * ```
 */
export function checkCurp(curp: string): 'valid' | 'invalid' | 'malformed' {
  const m = /^[A-Z][AEIOUX][A-ZÑ]{2}(\d{2})(\d{2})(\d{2})[HMX][A-Z]{2}[B-DF-HJ-NP-TV-ZÑ]{3}[0-9A-Z]\d$/.exec(
    curp,
  );
  if (!m || !validDate(m[1]!, m[2]!, m[3]!)) return 'malformed';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CURP_CHARS.indexOf(curp[i]!) * (18 - i);
  return (10 - (sum % 10)) % 10 === Number(curp[17]) ? 'valid' : 'invalid';
}

function validDate(yy: string, mm: string, dd: string): boolean {
  const m = Number(mm);
  const d = Number(dd);
  return m >= 1 && m <= 12 && d >= 1 && d <= 31 && Number.isFinite(Number(yy));
}

const RFC_CHARS = '0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ';

/**
 * Mexican RFC (SAT): legal persons 12 characters (3 letters, date YYMMDD, 3-character homoclave), natural
 * persons 13 (4 letters, date, homoclave). The last homoclave character is a check digit: pad a 12-char
 * RFC with a leading space, `r = Σ vᵢ·(13 − i) mod 11` over the first 12 characters valued by
 * `0-9A-N&O-Z Ñ`, DV = `0` if r = 0, `A` if `11 − r` = 10, else `11 − r`. Returns `'valid'`, `'invalid'`
 * (check digit wrong) or `'malformed'`. The SAT test RFCs (`AAA010101AAA`, `XAXX010101000`) are
 * well formed but do not carry a valid check digit.
 *
 * @example
 * ```ts
 * import { checkRfc } from '@mutua/core';
 * checkRfc('GODE561231GR8'); // 'valid'
 * checkRfc('XAXX010101000'); // 'invalid' (SAT generic RFC: well formed, no valid check digit)
 * checkRfc('GODE-561231'); // 'malformed'
 * ```
 */
export function checkRfc(rfc: string): 'valid' | 'invalid' | 'malformed' {
  const m = /^[A-ZÑ&]{3,4}(\d{2})(\d{2})(\d{2})[A-Z\d]{2}[\dA]$/.exec(rfc);
  if (!m || !validDate(m[1]!, m[2]!, m[3]!)) return 'malformed';
  const s = rfc.length === 12 ? ` ${rfc}` : rfc;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += RFC_CHARS.indexOf(s[i]!) * (13 - i);
  const r = sum % 11;
  const dv = r === 0 ? '0' : 11 - r === 10 ? 'A' : String(11 - r);
  return dv === s[12] ? 'valid' : 'invalid';
}

/**
 * ISO 17442 Legal Entity Identifier: 18 alphanumeric characters + 2 check digits, ISO 7064 MOD 97-10
 * (letters valued A = 10 … Z = 35; the whole number mod 97 must be 1).
 *
 * @example
 * ```ts
 * import { isValidLei } from '@mutua/core';
 * isValidLei('5493001KJTIIGC8Y1R12'); // true
 * isValidLei('5493001KJTIIGC8Y1R13'); // false
 * ```
 */
export function isValidLei(lei: string): boolean {
  if (!/^[0-9A-Z]{18}\d{2}$/.test(lei)) return false;
  let r = 0;
  for (const ch of lei) {
    const v = ch >= 'A' ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 48;
    r = v >= 10 ? (r * 100 + v) % 97 : (r * 10 + v) % 97;
  }
  return r === 1;
}
