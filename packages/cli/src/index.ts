/**
 * @mutua/cli — the `mutua` command: inspect certificates, validate certification paths and run
 * conformance suites. `run()` is the programmatic entry point (used by the tests and the bin).
 *
 * @packageDocumentation
 */
import { MutuaError } from '@mutua/core';
import { UsageError, parseArgs } from './args';
import { CHAIN_FLAGS, CHAIN_VALUED, chainCommand } from './commands/chain';
import { CONFORMANCE_VALUED, conformanceCommand } from './commands/conformance';
import { demoCommand } from './commands/demo';
import { inspectCommand } from './commands/inspect';
import { TL_FLAGS, TL_VALUED, tlCommand } from './commands/tl';
import { VERIFY_VALUED, verifyCommand } from './commands/verify';
import { type Io, processIo } from './io';

export type { Io } from './io';
export { JSON_SCHEMAS } from './report';
export type { ConformanceEntry, ConformanceReport } from './conformance/types';

/** The CLI's version (also the version of its JSON documents' envelope). */
export const VERSION = '0.1.0';

const USAGE = `mutua ${VERSION} — validate certificates and signatures across jurisdictions (EU eIDAS, Latin America)

Usage:
  mutua demo [--out DIR]
      Generate a demo PKI (EU and Latin American identities) and inspect and validate it, offline.
  mutua inspect <file|dir> [--format json]
      Certificates with their identity, qcStatements and fingerprints.
  mutua chain <cert> --trust F|DIR [--intermediate F]… [--crl F]… [--ocsp F]… [--time ISO]
        [--revocation require|if-present|ignore] [--initial-policy OID]… [--explicit-policy]
        [--inhibit-policy-mapping] [--inhibit-any-policy] [--policy FILE] [--allow-network] [--format json]
      Build and validate the certification path; exit code 0 only for TOTAL_PASSED.
  mutua verify <file|dir>… [--detached F] [--trust F|DIR]… [--intermediate F]… [--crl F]… [--ocsp F]…
        [--time ISO] [--policy FILE] [--signature-policy F|DIR]… [--trust-source ID=F|DIR]…
        [--tl [ID=]F|DIR]… [--announced F|DIR]… [--tl-acceptance LEVEL] [--recognition-policy FILE]
        [--format json]
      Verify CMS/CAdES (.p7s, .p7m, .pkcs7), XML-DSig/XAdES and PDF/PAdES signatures; the format is
      detected from the content. For a PDF: coverage, modifications after signing and the revisions. For a detached XML signature, --detached F is the data its References name.
      --signature-policy: approved-policy lists (LPA) and policy documents to check EPES signatures against.
      --trust-source ID=F|DIR: trust anchors that belong to source ID of the recognition policy.
      --tl [ID=]F|DIR: trusted lists (accepted only when signed by an --announced certificate) whose
        services trusted at the time are trust anchors, source "ID:<TSP>" (default ID: "<territory>-tl").
      --tl-acceptance announced-signer|intact-signature|unverified: how strictly a list must be signed
        (default announced-signer); a list let in by a relaxed level is reported on stderr and in the JSON.
      --recognition-policy FILE: says per signature whether, as what and why the relying party's
        jurisdiction recognises it (docs/recognition.md).
      --format json prints JSON Lines: one document per file (schema mutua.cli.verify/1).
  mutua tl show <list.xml> [--announced F|DIR]… [--time ISO] [--format json]
      A trusted list (TS 119 612) and whether it is accepted: its one signature verifies and its signer is
      among the announced certificates (else the reasons, naming the signer to announce).
  mutua tl find <cert> --tl F|DIR… [--announced F|DIR]… [--time ISO] [--format json]
      Which services of the given lists vouch for a certificate, their status at the time, and its
      qualification (TS 119 615) at issuance and at the time, from the accepted lists only.
  mutua tl sync --lotl URL --oj-cert F|DIR… --cache DIR [--territory XX]… [--allow-host H]… [--format json]
      Download the LOTL (validated through its pivots from the Official Journal certificates) and the
      lists it points to into DIR; a list replaces the cached one only when it validates and is newer.
  mutua tl build <spec.json> --key signer.p12 [--password-env VAR] --out list.xml
      Write and sign a TS 119 612 list (or list of lists) from a JSON spec naming certificate files
      (e.g. the MERCOSUR members' roots); prints the signer to announce.
  mutua conformance <manifest.json> [--json OUT] [--format json]
      Run a conformance corpus (../shared/corpus format) and report agreement.

Exit codes: 0 TOTAL_PASSED (or no disagreement), 1 any other verdict, 2 bad usage or input.`;

/**
 * Runs the CLI with `argv` (without the node and script paths) and returns the exit code.
 *
 * @example
 * ```ts
 * import { run } from '@mutua/cli';
 * const code = await run(['inspect', certPath, '--format', 'json']); // prints the report to stdout
 * code; // 0
 * ```
 */
export async function run(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'inspect':
        return await inspectCommand(parseArgs(rest, ['format'], []), io);
      case 'chain':
        return await chainCommand(parseArgs(rest, CHAIN_VALUED, CHAIN_FLAGS), io);
      case 'conformance':
        return await conformanceCommand(parseArgs(rest, CONFORMANCE_VALUED, []), io);
      case 'verify':
        return await verifyCommand(parseArgs(rest, VERIFY_VALUED, []), io);
      case 'tl': {
        const [sub, ...tlArgs] = rest;
        return await tlCommand(sub, parseArgs(tlArgs, TL_VALUED, TL_FLAGS), io);
      }
      case 'demo':
        return await demoCommand(parseArgs(rest, ['out', 'format'], []), io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      case '--version':
        io.out(VERSION);
        return 0;
      default:
        io.err(`mutua: unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
  } catch (e) {
    if (
      e instanceof UsageError ||
      e instanceof MutuaError ||
      (e as NodeJS.ErrnoException).code === 'ENOENT'
    ) {
      io.err(`mutua ${command}: ${(e as Error).message}`);
      return 2;
    }
    if (e instanceof Error && /^\S+: /.test(e.message)) {
      // Input errors wrapped with their file name by the loaders.
      io.err(`mutua ${command}: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
