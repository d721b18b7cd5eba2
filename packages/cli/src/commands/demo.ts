import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addSignatureTimestamp,
  brazilPerson,
  createTestPki,
  createTsa,
  euNaturalPerson,
  signCms,
} from '@mutua/testkit';
import { signXades } from '@mutua/xades';
import { nodeCryptoEngine } from '@mutua/core/node';
import { type ParsedArgs, one } from '../args';
import type { Io } from '../io';
import { chainCommand, CHAIN_FLAGS, CHAIN_VALUED } from './chain';
import { inspectCommand } from './inspect';
import { VERIFY_VALUED, verifyCommand } from './verify';
import { parseArgs } from '../args';

interface DemoCase {
  readonly title: string;
  readonly command: 'verify' | 'chain';
  readonly argv: string[];
  readonly expect: string;
}

/** The verdict line of a `chain` report, or the first signature's verdict of a `verify` report. */
function verdictOf(command: DemoCase['command'], text: string): string {
  if (command === 'chain') return /^Verdict: (.*)$/m.exec(text)?.[1] ?? '';
  // `  <id>  <format> [(other names)]  <indication> [/ <sub-indication>]`, the first signature's line.
  return (
    /^ {2}\S+ {2}.*?((?:TOTAL_PASSED|TOTAL_FAILED|INDETERMINATE).*)$/m.exec(text)?.[1] ??
    text.split('\n')[0] ??
    ''
  );
}

/**
 * `mutua demo`: builds two small PKIs with @mutua/testkit — an ICP-Brasil-style one issuing an e-CPF
 * to a Brazilian citizen, and an EU one issuing a qualified certificate to an Estonian citizen — has each
 * sign documents (CAdES, and XAdES for an e-invoice), writes everything to a folder, then, offline, as a
 * portal that trusts both jurisdictions would: verifies the signed documents (and tampered copies), inspects the signers'
 * certificates, and validates certificate paths (two valid, a revoked certificate, a missing chain).
 * Exit code 0 when every case gets the verdict it is meant to get.
 *
 * @example
 * ```ts
 * // demoCommand is internal (not exported by the package): it is `mutua demo`. Without --out it writes
 * // to a new temporary folder.
 * import { run } from '@mutua/cli';
 * const out: string[] = [];
 * const io = { out: (t: string) => out.push(t), err: () => {} };
 * await run(['demo', '--out', certPath.replace('signer.crt', 'demo')], io); // 0 (every case as expected)
 * out.filter((t) => t.includes('NOT as expected')); // []
 * ```
 */
export async function demoCommand(args: ParsedArgs, io: Io): Promise<number> {
  const out = one(args, 'out') ?? mkdtempSync(join(tmpdir(), 'mutua-demo-'));
  mkdirSync(out, { recursive: true });
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  io.out(`Mutua demo: building test PKIs with @mutua/testkit in ${out}\n`);

  const br = await createTestPki({
    name: 'AC Raiz Demo ICP-Brasil',
    country: 'BR',
    keySpec: 'RSA-2048',
    referenceDate: now,
    endEntity: {
      identity: brazilPerson({ name: 'MARIA DA SILVA', cpf: '12345678909', birthDate: '1985-03-02' }),
    },
  });
  const revoked = await br.issue({ identity: brazilPerson({ name: 'JOAO SOUZA', cpf: '11144477735' }) });
  br.revoke(revoked, { reason: 'keyCompromise' });
  const eu = await createTestPki({
    name: 'EU Demo Trust Service',
    country: 'EE',
    keySpec: 'P-384',
    referenceDate: now,
    endEntity: {
      identity: euNaturalPerson({
        givenName: 'MARI',
        surname: 'MAASIKAS',
        country: 'EE',
        idNumber: '38001085718',
      }),
    },
  });

  const write = (name: string, der: Uint8Array) => {
    const p = join(out, name);
    writeFileSync(p, der);
    return p;
  };
  const brRoot = write('br-root.crt', br.root.der);
  const brCa = write('br-ca.crt', br.issuingCa.der);
  const brLeaf = write('br-maria.crt', br.endEntity.der);
  const brRevoked = write('br-joao-revoked.crt', revoked.der);
  const brCrl = write('br-ca.crl', (await br.crl()).der);
  const brRootCrl = write('br-root.crl', (await br.crl(br.root)).der);
  const euRoot = write('eu-root.crt', eu.root.der);
  const euCa = write('eu-ca.crt', eu.issuingCa.der);
  const euLeaf = write('eu-mari.crt', eu.endEntity.der);
  const euOcsp = write('eu-mari.ocsp', (await eu.ocsp(eu.endEntity)).der);
  const euCaCrl = write('eu-root.crl', (await eu.crl(eu.root)).der);

  // Signed documents: a detached CAdES-BASELINE-LT over a Brazilian contract (time-stamped by a demo
  // TSA) and an attached CAdES-BASELINE-B by the Estonian signer. The portal trusts both roots.
  const trustDir = join(out, 'trusted-roots');
  mkdirSync(trustDir, { recursive: true });
  writeFileSync(join(trustDir, 'br-root.crt'), br.root.der);
  writeFileSync(join(trustDir, 'eu-root.crt'), eu.root.der);
  const contrato = new TextEncoder().encode(
    'Contrato de prestação de serviços entre as partes, São Paulo.\n',
  );
  const tsa = await createTsa(br);
  // The signature carries its chain and CRLs, so the time-stamp makes it a CAdES-BASELINE-LT: it can be
  // validated years later, offline, from what it carries.
  const p7s = await addSignatureTimestamp(
    await signCms({
      content: contrato,
      detached: true,
      signer: br.endEntity,
      chain: [br.issuingCa],
      crls: [(await br.crl()).der, (await br.crl(br.root)).der],
      signingTime: now,
    }),
    tsa,
  );
  const years3 = new Date(now.getTime() + 3 * 365 * 86_400_000).toISOString();
  const contratoFile = write('contrato.txt', contrato);
  const alteredFile = write(
    'contrato-alterado.txt',
    new TextEncoder().encode('Contrato de prestação de serviços entre as partes, Rio.\n'),
  );
  const p7sFile = write('contrato.txt.p7s', p7s);
  const euSigned = write(
    'eu-declaration.p7m',
    await signCms({
      content: new TextEncoder().encode('Deklaratsioon / Declaration, Tallinn.\n'),
      signer: eu.endEntity,
      chain: [eu.issuingCa],
    }),
  );
  // An e-invoice signed in Tallinn as an enveloped XAdES-BASELINE-B, and a copy whose total was changed.
  const invoice = (
    await signXades({
      content: {
        kind: 'enveloped',
        document:
          '<Invoice xmlns="urn:mutua:demo:invoice"><Seller>OÜ Näidis, Tallinn</Seller><Buyer>Ministerio, Montevideo</Buyer><Total currency="EUR">1250.00</Total></Invoice>',
      },
      key: eu.endEntity.key.privateKey,
      certificate: eu.endEntity.der,
      chain: [eu.issuingCa.der],
      crypto: nodeCryptoEngine,
    })
  ).xml;
  const invoiceFile = write('invoice.xml', new TextEncoder().encode(invoice));
  const alteredInvoice = write(
    'invoice-altered.xml',
    new TextEncoder().encode(invoice.replace('1250.00', '9250.00')),
  );
  const crlArgs = ['--crl', brCrl, '--crl', brRootCrl, '--crl', euCaCrl, '--ocsp', euOcsp];
  const documents: DemoCase[] = [
    {
      title: 'A contract signed in São Paulo with an ICP-Brasil e-CPF (detached CAdES, time-stamped)',
      command: 'verify',
      argv: [p7sFile, '--detached', contratoFile, '--trust', trustDir, ...crlArgs],
      expect: 'TOTAL_PASSED',
    },
    {
      title: `The same contract verified on ${years3.slice(0, 10)}, after the signer's certificate expired (EN 319 102-1 past signature validation: the time-stamp proves it was signed in time)`,
      command: 'verify',
      argv: [p7sFile, '--detached', contratoFile, '--trust', trustDir, '--time', years3],
      expect: 'TOTAL_PASSED',
    },
    {
      title: 'The same signature over a modified contract',
      command: 'verify',
      argv: [p7sFile, '--detached', alteredFile, '--trust', trustDir, ...crlArgs],
      expect: 'HASH_FAILURE',
    },
    {
      title: 'A declaration signed in Tallinn with an EU qualified certificate (attached CAdES)',
      command: 'verify',
      argv: [euSigned, '--trust', trustDir, ...crlArgs],
      expect: 'TOTAL_PASSED',
    },
    {
      title: 'An e-invoice signed in Tallinn (enveloped XAdES), accepted in Montevideo',
      command: 'verify',
      argv: [invoiceFile, '--trust', trustDir, ...crlArgs],
      expect: 'TOTAL_PASSED',
    },
    {
      title: 'The same invoice with its total changed after signing',
      command: 'verify',
      argv: [alteredInvoice, '--trust', trustDir, ...crlArgs],
      expect: 'HASH_FAILURE',
    },
  ];

  io.out('== mutua inspect (the end-entity certificates)\n');
  for (const f of [brLeaf, euLeaf]) await inspectCommand(parseArgs([f], ['format'], []), io);

  const cases: DemoCase[] = [
    ...documents,
    {
      command: 'chain',
      title: 'Brazilian e-CPF, path to the demo ICP-Brasil root, CRLs from the issuing CA and the root',
      argv: [brLeaf, '--intermediate', brCa, '--trust', brRoot, '--crl', brCrl, '--crl', brRootCrl],
      expect: 'TOTAL_PASSED',
    },
    {
      command: 'chain',
      title: 'Estonian qualified certificate, OCSP response for the leaf, CRL for the CA',
      argv: [euLeaf, '--intermediate', euCa, '--trust', euRoot, '--ocsp', euOcsp, '--crl', euCaCrl],
      expect: 'TOTAL_PASSED',
    },
    {
      command: 'chain',
      title: "A revoked certificate (keyCompromise) on the CA's CRL",
      argv: [brRevoked, '--intermediate', brCa, '--trust', brRoot, '--crl', brCrl, '--crl', brRootCrl],
      expect: 'REVOKED_NO_POE',
    },
    {
      command: 'chain',
      title: 'The Estonian certificate against the Brazilian trust anchor only',
      argv: [euLeaf, '--intermediate', euCa, '--trust', brRoot],
      expect: 'NO_CERTIFICATE_CHAIN_FOUND',
    },
  ];
  let allAsExpected = true;
  for (const c of cases) {
    io.out(`\n== ${c.title}\n$ mutua ${c.command} ${c.argv.join(' ')}\n`);
    const captured: string[] = [];
    const capture = { out: (t: string) => captured.push(t), err: io.err };
    if (c.command === 'chain') await chainCommand(parseArgs(c.argv, CHAIN_VALUED, CHAIN_FLAGS), capture);
    else await verifyCommand(parseArgs(c.argv, VERIFY_VALUED, []), capture);
    const text = captured.join('\n');
    io.out(text);
    const verdict = verdictOf(c.command, text);
    const ok = verdict.includes(c.expect);
    if (!ok) allAsExpected = false;
    io.out(`(expected ${c.expect}: ${ok ? 'as expected' : 'NOT as expected'})\n`);
  }
  io.out(`\nThe files are in ${out}: run the commands above with \`pnpm mutua\`, or add --format json.`);
  return allAsExpected ? 0 : 1;
}
