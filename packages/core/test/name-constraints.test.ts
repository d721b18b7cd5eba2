import { describe, expect, it } from 'vitest';
import {
  type GeneralName,
  type NameConstraintsState,
  UNCONSTRAINED,
  checkName,
  der,
  parseDer,
  parseName,
} from '../src/index';

const dn = (...rdns: [string, string][]) =>
  parseName(parseDer(der.seq(...rdns.map(([t, v]) => der.set(der.seq(der.oid(t), der.utf8(v)))))));
const C = '2.5.4.6';
const O = '2.5.4.10';
const CN = '2.5.4.3';

function state(permitted: GeneralName[][], excluded: GeneralName[] = []): NameConstraintsState {
  return {
    permittedGroups: permitted.map((g) => g.map((base) => ({ base, minimum: 0 }))),
    excluded: excluded.map((base) => ({ base, minimum: 0 })),
  };
}

describe('name constraints (RFC 5280 §4.2.1.10)', () => {
  const brOrg = dn([C, 'BR'], [O, 'ICP-Brasil']);
  it('directoryName: a DN is permitted when the subtree is a prefix, compared case-insensitively', () => {
    const s = state([[{ type: 'directoryName', value: brOrg }]]);
    expect(
      checkName(s, { type: 'directoryName', value: dn([C, 'br'], [O, 'icp-brasil'], [CN, 'Fulano']) }),
    ).toBeUndefined();
    expect(
      checkName(s, { type: 'directoryName', value: dn([C, 'BR'], [O, 'Other'], [CN, 'Fulano']) }),
    ).toMatch(/not in any permitted/);
  });

  it('excluded subtrees win over permitted ones', () => {
    const s = state([[{ type: 'dNSName', value: 'gob.cl' }]], [{ type: 'dNSName', value: 'test.gob.cl' }]);
    expect(checkName(s, { type: 'dNSName', value: 'www.gob.cl' })).toBeUndefined();
    expect(checkName(s, { type: 'dNSName', value: 'a.test.gob.cl' })).toMatch(/excluded/);
    expect(checkName(s, { type: 'dNSName', value: 'evilgob.cl' })).toMatch(/not in any permitted/);
  });

  it('rfc822Name: mailbox, host and domain forms', () => {
    const s = state([
      [
        { type: 'rfc822Name', value: '.example.uy' },
        { type: 'rfc822Name', value: 'host.example.pe' },
      ],
    ]);
    expect(checkName(s, { type: 'rfc822Name', value: 'ana@mail.example.uy' })).toBeUndefined();
    expect(checkName(s, { type: 'rfc822Name', value: 'ana@example.uy' })).toMatch(/not in any/);
    expect(checkName(s, { type: 'rfc822Name', value: 'luis@host.example.pe' })).toBeUndefined();
  });

  it('URI: host-based, a leading period means subdomains only', () => {
    const s = state([[{ type: 'uniformResourceIdentifier', value: '.gov.br' }]]);
    expect(
      checkName(s, { type: 'uniformResourceIdentifier', value: 'https://www.gov.br/x' }),
    ).toBeUndefined();
    expect(checkName(s, { type: 'uniformResourceIdentifier', value: 'https://gov.br/x' })).toMatch(
      /not in any/,
    );
    expect(checkName(s, { type: 'uniformResourceIdentifier', value: 'urn:x:y' })).toMatch(/not in any/);
  });

  it('iPAddress: address and mask', () => {
    const s = state([[{ type: 'iPAddress', value: new Uint8Array([192, 0, 2, 0, 255, 255, 255, 0]) }]]);
    expect(checkName(s, { type: 'iPAddress', value: new Uint8Array([192, 0, 2, 7]) })).toBeUndefined();
    expect(checkName(s, { type: 'iPAddress', value: new Uint8Array([198, 51, 100, 1]) })).toMatch(
      /not in any/,
    );
  });

  it('groups intersect: a name must satisfy every CA that constrained its form', () => {
    const s = state([
      [{ type: 'dNSName', value: 'example.com' }],
      [{ type: 'dNSName', value: 'a.example.com' }],
    ]);
    expect(checkName(s, { type: 'dNSName', value: 'x.a.example.com' })).toBeUndefined();
    expect(checkName(s, { type: 'dNSName', value: 'b.example.com' })).toMatch(/not in any/);
    expect(checkName(UNCONSTRAINED, { type: 'dNSName', value: 'anything' })).toBeUndefined();
  });

  it('forms without constraints of their kind are unaffected', () => {
    const s = state([[{ type: 'dNSName', value: 'example.com' }]]);
    expect(checkName(s, { type: 'directoryName', value: brOrg })).toBeUndefined();
  });
});
