import { describe, expect, it } from 'vitest';
import {
  checkCurp,
  checkRfc,
  isValidCnpj,
  isValidCpf,
  isValidCuit,
  isValidDoRnc,
  isValidEcCedula,
  isValidLei,
  isValidNis,
  isValidNit,
  isValidPeRuc,
  isValidRut,
  isValidTituloEleitor,
  nitCheckDigit,
  rutCheckDigit,
} from '../src/identity/check-digits';

// Good values are real identifiers published in public certificates (see the corpus test) or the
// issuers' own documentation examples; bad values change one digit.
describe('identity check digits', () => {
  it('CPF (Receita Federal mod 11)', () => {
    expect(isValidCpf('80621732915')).toBe(true);
    expect(isValidCpf('51259567168')).toBe(true);
    expect(isValidCpf('80621732916')).toBe(false);
    expect(isValidCpf('11111111111')).toBe(false);
    expect(isValidCpf('8062173291')).toBe(false);
  });
  it('CNPJ (numeric and the 2026 alphanumeric form)', () => {
    expect(isValidCnpj('04039532000193')).toBe(true);
    expect(isValidCnpj('57494239000182')).toBe(true);
    expect(isValidCnpj('12ABC34501DE35')).toBe(true); // RFB's published example
    expect(isValidCnpj('04039532000194')).toBe(false);
    expect(isValidCnpj('00000000000000')).toBe(false);
  });
  it('NIS/PIS and título de eleitor', () => {
    expect(isValidNis('12330602733')).toBe(true);
    expect(isValidNis('12330602734')).toBe(false);
    expect(isValidTituloEleitor('081404700604')).toBe(true);
    expect(isValidTituloEleitor('081404700605')).toBe(false);
    expect(isValidTituloEleitor('081404709904')).toBe(false); // state code 99 does not exist
  });
  it('Chilean RUT (mod 11 with K)', () => {
    expect(rutCheckDigit('77058910')).toBe('K');
    expect(rutCheckDigit('76467322')).toBe('0');
    expect(isValidRut('96919050-8')).toBe(true);
    expect(isValidRut('99551740-K')).toBe(true);
    expect(isValidRut('13185095-K')).toBe(false);
    expect(isValidRut('96919050-7')).toBe(false);
    expect(isValidRut('96.919.050-8')).toBe(false); // canonical form only
  });
  it('Argentine CUIT/CUIL (AFIP weights 5432765432)', () => {
    expect(isValidCuit('30680604572')).toBe(true);
    expect(isValidCuit('20123456786')).toBe(true);
    expect(isValidCuit('20123456787')).toBe(false);
    expect(isValidCuit('99123456786')).toBe(false); // unknown type prefix
  });
  it('Peruvian RUC, Colombian NIT, Dominican RNC, Ecuadorian cédula', () => {
    expect(isValidPeRuc('20295613620')).toBe(true);
    expect(isValidPeRuc('20566302447')).toBe(true);
    expect(isValidPeRuc('20566302448')).toBe(false);
    expect(nitCheckDigit('900204272')).toBe(8);
    expect(isValidNit('9009620715')).toBe(true);
    expect(isValidNit('9009620716')).toBe(false);
    expect(isValidDoRnc('131087541')).toBe(true);
    expect(isValidDoRnc('130380572')).toBe(true);
    expect(isValidDoRnc('130380573')).toBe(false);
    expect(isValidEcCedula('1712345675')).toBe(true);
    expect(isValidEcCedula('1712345674')).toBe(false);
    expect(isValidEcCedula('9912345675')).toBe(false); // province 99
  });
  it('Mexican RFC and CURP', () => {
    expect(checkRfc('SAT970701NN3')).toBe('valid');
    expect(checkRfc('HEGT7610034S2')).toBe('valid');
    expect(checkRfc('AAA010101AAA')).toBe('invalid'); // SAT test RFC
    expect(checkRfc('SAT970701NN4')).toBe('invalid');
    expect(checkRfc('SAT971301NN3')).toBe('malformed');
    expect(checkRfc('12345')).toBe('malformed');
    expect(checkCurp('VADA800927HSRSRL05')).toBe('valid');
    expect(checkCurp('VADA800927HSRSRL06')).toBe('invalid');
    expect(checkCurp('VADA800927QSRSRL05')).toBe('malformed');
  });
  it('LEI (ISO 17442, MOD 97-10)', () => {
    expect(isValidLei('5493001KJTIIGC8Y1R12')).toBe(true);
    expect(isValidLei('5493001KJTIIGC8Y1R13')).toBe(false);
  });
});
