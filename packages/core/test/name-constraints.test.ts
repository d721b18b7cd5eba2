import { describe, expect, it } from 'vitest';
import {
  type GeneralName,
  nameEquals,
  parseGeneralName,
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

  it('security review: excluded otherName and registeredID subtrees apply (exact match)', () => {
    const upn = (v: string) =>
      parseGeneralName(
        parseDer(
          der
            .ctx(0, der.oid('1.3.6.1.4.1.311.20.2.3'), der.ctx(0, der.utf8(v)))
            .map((b, i) => (i === 0 ? 0xa0 : b)),
        ),
      );
    const s = state([], [upn('admin@corp.example'), { type: 'registeredID', value: '1.2.3.4' }]);
    expect(checkName(s, upn('admin@corp.example'))).toMatch(/excluded/);
    expect(checkName(s, upn('user@corp.example'))).toBeUndefined();
    expect(checkName(s, { type: 'registeredID', value: '1.2.3.4' })).toMatch(/excluded/);
  });

  it('security review: a trailing dot in a URI host does not escape an excluded subtree', () => {
    const s = state([], [{ type: 'uniformResourceIdentifier', value: 'evil.example' }]);
    expect(checkName(s, { type: 'uniformResourceIdentifier', value: 'https://evil.example./x' })).toMatch(
      /excluded/,
    );
  });

  it('security review: characters mapped to nothing (soft hyphen, zero-width space) do not escape a DN subtree', () => {
    const s = state([], [{ type: 'directoryName', value: dn([C, 'ES'], [O, 'Banco Evil']) }]);
    for (const o of ['Banco Ev\u00adil', 'Banco \u200bEvil', 'BANCO  evil']) {
      expect(checkName(s, { type: 'directoryName', value: dn([C, 'ES'], [O, o], [CN, 'x']) }), o).toMatch(
        /excluded/,
      );
    }
  });

  it('security review: name comparison keys are injective (a value cannot imitate an RDN separator)', () => {
    const two = dn([C, 'ES'], [CN, 'Mutua Test ca1']);
    const one = parseName(
      parseDer(der.seq(der.set(der.seq(der.oid(C), der.utf8('ES\u00022.5.4.3=Mutua Test ca1'))))),
    );
    expect(nameEquals(two, one)).toBe(false);
  });
});
