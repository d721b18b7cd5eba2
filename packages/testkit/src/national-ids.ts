/**
 * National identifier numbers with valid check digits, for identity presets and for tests of
 * identifier extraction/validation. All functions are pure; `random*` helpers use `crypto.getRandomValues`.
 */

function digitsOf(s: string, what: string, len: number): number[] {
  const clean = s.replace(/[.\-/\s]/g, '');
  if (!new RegExp(`^\\d{${len}}$`).test(clean))
    throw new RangeError(`${what}: expected ${len} digits, got "${s}"`);
  return [...clean].map(Number);
}

/**
 * `n` random decimal digits (not all equal, so that the result is not a "known invalid" number).
 *
 * @example
 * ```ts
 * import { randomDigits } from '@mutua/testkit';
 * randomDigits(8); // e.g. '40718263'
 * ```
 */
export function randomDigits(n: number): string {
  for (;;) {
    const b = globalThis.crypto.getRandomValues(new Uint8Array(n));
    const s = [...b].map((x) => String(x % 10)).join('');
    if (!/^(\d)\1*$/.test(s)) return s;
  }
}

function mod11Br(digits: readonly number[], weights: readonly number[]): number {
  const sum = digits.reduce((a, d, i) => a + d * weights[i]!, 0);
  const r = sum % 11;
  return r < 2 ? 0 : 11 - r;
}

/**
 * A Brazilian CPF (11 digits) from its 9-digit base, with both check digits. Random base when omitted.
 *
 * @example
 * ```ts
 * import { makeCpf } from '@mutua/testkit';
 * makeCpf('123456789'); // '12345678909'
 * ```
 */
export function makeCpf(base: string = randomDigits(9)): string {
  const d = digitsOf(base, 'CPF base', 9);
  const d1 = mod11Br(d, [10, 9, 8, 7, 6, 5, 4, 3, 2]);
  const d2 = mod11Br([...d, d1], [11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
  return `${d.join('')}${d1}${d2}`;
}

/**
 * Whether an 11-digit CPF (punctuation allowed) has valid check digits.
 *
 * @example
 * ```ts
 * import { isValidCpf } from '@mutua/testkit';
 * isValidCpf('123.456.789-09'); // true
 * ```
 */
export function isValidCpf(cpf: string): boolean {
  const clean = cpf.replace(/[.\-\s]/g, '');
  return /^\d{11}$/.test(clean) && !/^(\d)\1{10}$/.test(clean) && makeCpf(clean.slice(0, 9)) === clean;
}

/**
 * A Brazilian CNPJ (14 digits) from its 12-digit base (8-digit root + 4-digit branch), with check digits.
 * A random root with branch `0001` when omitted.
 *
 * @example
 * ```ts
 * import { makeCnpj } from '@mutua/testkit';
 * makeCnpj('112223330001'); // '11222333000181'
 * ```
 */
export function makeCnpj(base: string = `${randomDigits(8)}0001`): string {
  const d = digitsOf(base, 'CNPJ base', 12);
  const d1 = mod11Br(d, [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
  const d2 = mod11Br([...d, d1], [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
  return `${d.join('')}${d1}${d2}`;
}

/**
 * Whether a 14-digit CNPJ (punctuation allowed) has valid check digits.
 *
 * @example
 * ```ts
 * import { isValidCnpj } from '@mutua/testkit';
 * isValidCnpj('11.222.333/0001-81'); // true
 * ```
 */
export function isValidCnpj(cnpj: string): boolean {
  const clean = cnpj.replace(/[.\-/\s]/g, '');
  return /^\d{14}$/.test(clean) && !/^(\d)\1{13}$/.test(clean) && makeCnpj(clean.slice(0, 12)) === clean;
}

/**
 * The Chilean RUT/RUN check character (mod 11, weights 2–7; `K` for 10).
 *
 * @example
 * ```ts
 * import { rutCheckDigit } from '@mutua/testkit';
 * rutCheckDigit(12345678); // '5'
 * ```
 */
export function rutCheckDigit(body: string | number): string {
  const s = String(body).replace(/\./g, '');
  if (!/^\d{1,9}$/.test(s)) throw new RangeError(`RUT body must be 1–9 digits, got "${body}"`);
  let sum = 0;
  let w = 2;
  for (let i = s.length - 1; i >= 0; i--) {
    sum += Number(s[i]) * w;
    w = w === 7 ? 2 : w + 1;
  }
  const r = 11 - (sum % 11);
  return r === 11 ? '0' : r === 10 ? 'K' : String(r);
}

/**
 * A Chilean RUT as `body-DV` (no thousands dots), from its body number. Random 8-digit body when omitted.
 *
 * @example
 * ```ts
 * import { makeRut } from '@mutua/testkit';
 * makeRut(12345678); // '12345678-5'
 * ```
 */
export function makeRut(body: string | number = String(10_000_000 + Number(randomDigits(7)))): string {
  const s = String(body).replace(/\./g, '');
  return `${s}-${rutCheckDigit(s)}`;
}

/**
 * Whether a RUT (`12.345.678-5` or `12345678-5`) has a valid check character.
 *
 * @example
 * ```ts
 * import { isValidRut } from '@mutua/testkit';
 * isValidRut('12.345.678-5'); // true
 * ```
 */
export function isValidRut(rut: string): boolean {
  const m = /^([\d.]{1,12})-?([\dkK])$/.exec(rut.trim());
  return !!m && rutCheckDigit(m[1]!) === m[2]!.toUpperCase();
}

const CUIT_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

function cuitDigit(ten: string): number {
  const sum = [...ten].reduce((a, c, i) => a + Number(c) * CUIT_WEIGHTS[i]!, 0);
  return 11 - (sum % 11);
}

/**
 * An Argentine CUIT/CUIL (11 digits) from a prefix (`20` male, `27` female, `30` company…) and an
 * 8-digit DNI/number. When the check digit would be 10, AFIP's rule applies: prefix `23` (or `33`).
 *
 * @example
 * ```ts
 * import { makeCuit } from '@mutua/testkit';
 * makeCuit('20', '12345678'); // '20123456786'
 * ```
 */
export function makeCuit(
  prefix: '20' | '23' | '24' | '27' | '30' | '33' | '34' = '20',
  number: string = randomDigits(8),
): string {
  digitsOf(number, 'CUIT number', 8);
  let p: string = prefix;
  let dv = cuitDigit(p + number);
  if (dv === 10) {
    p = prefix.startsWith('3') ? '33' : '23';
    dv = cuitDigit(p + number);
  }
  if (dv === 11) dv = 0;
  if (dv === 10) throw new RangeError(`no valid CUIT for ${prefix}-${number}`);
  return `${p}${number}${dv}`;
}

/**
 * Whether an 11-digit CUIT/CUIL (dashes allowed) has a valid check digit.
 *
 * @example
 * ```ts
 * import { isValidCuit } from '@mutua/testkit';
 * isValidCuit('20-12345678-6'); // true
 * ```
 */
export function isValidCuit(cuit: string): boolean {
  const c = cuit.replace(/[-\s]/g, '');
  if (!/^\d{11}$/.test(c)) return false;
  const dv = cuitDigit(c.slice(0, 10));
  return (dv === 11 ? 0 : dv) === Number(c[10]);
}

/**
 * A Peruvian RUC (11 digits) from its 10-digit base (`10` + DNI for persons, `20…` for companies).
 *
 * @example
 * ```ts
 * import { makeRuc } from '@mutua/testkit';
 * makeRuc('2010007097'); // '20100070970'
 * ```
 */
export function makeRuc(base: string = `20${randomDigits(8)}`): string {
  digitsOf(base, 'RUC base', 10);
  const r = cuitDigit(base);
  return `${base}${r === 11 ? 1 : r === 10 ? 0 : r}`;
}

/**
 * An Estonian personal identification code (isikukood, 11 digits) from its first 10 digits, as used in
 * EU `PNOEE-…` semantic identifiers.
 *
 * @example
 * ```ts
 * import { makeEstonianPersonalCode } from '@mutua/testkit';
 * makeEstonianPersonalCode('3800108571'); // '38001085718'
 * ```
 */
export function makeEstonianPersonalCode(base: string = `380010${randomDigits(4)}`): string {
  const d = digitsOf(base, 'isikukood base', 10);
  const w1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 1];
  const w2 = [3, 4, 5, 6, 7, 8, 9, 1, 2, 3];
  let r = d.reduce((a, x, i) => a + x * w1[i]!, 0) % 11;
  if (r === 10) r = d.reduce((a, x, i) => a + x * w2[i]!, 0) % 11;
  if (r === 10) r = 0;
  return `${base}${r}`;
}

const CURP_CHARS = '0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ';

/**
 * A Mexican CURP (18 characters) from its first 17, with the RENAPO check digit.
 *
 * @example
 * ```ts
 * import { makeCurp } from '@mutua/testkit';
 * makeCurp('HEGG560427MVZRRL0'); // 'HEGG560427MVZRRL04'
 * ```
 */
export function makeCurp(base17 = 'GODE561231HDFRRN0'): string {
  if (base17.length !== 17) throw new RangeError('CURP base must be 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CURP_CHARS.indexOf(base17[i]!.toUpperCase());
    if (v < 0) throw new RangeError(`bad CURP character ${base17[i]}`);
    sum += v * (18 - i);
  }
  return `${base17.toUpperCase()}${(10 - (sum % 10)) % 10}`;
}

/**
 * Formats a Costa Rican cédula (9 digits, e.g. `101230456`) as the Firma Digital serialNumber
 * `CPF-01-0123-0456`.
 *
 * @example
 * ```ts
 * import { costaRicaSerialNumber } from '@mutua/testkit';
 * costaRicaSerialNumber('101230456'); // 'CPF-01-0123-0456'
 * ```
 */
export function costaRicaSerialNumber(cedula: string): string {
  const c = cedula.replace(/[-\s]/g, '');
  if (!/^\d{9}$/.test(c)) throw new RangeError('Costa Rican cédula must be 9 digits');
  return `CPF-0${c[0]}-${c.slice(1, 5)}-${c.slice(5)}`;
}
