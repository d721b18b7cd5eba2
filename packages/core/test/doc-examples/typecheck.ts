/**
 * Type-checks the doc examples as the repository's TypeScript would: each snippet becomes a module of an
 * in-memory program (with the repository's compiler options and `@mutua/*` paths), with the prelude's
 * names declared globally.
 */
import { join } from 'node:path';
import ts from 'typescript';
import type { DocExample } from './extract';
import { PRELUDE_NAMES } from './prelude';

/** Type errors by example index, each as `file:line: message`. */
export function typecheckExamples(root: string, examples: readonly DocExample[]): Map<number, string[]> {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error('cannot read tsconfig.json');
  const options: ts.CompilerOptions = { ...config.options, noEmit: true, skipLibCheck: true };

  const dir = join(root, 'packages/core/test/doc-examples/.virtual');
  const preludeModule = join(root, 'packages/core/test/doc-examples/prelude');
  const virtual = new Map<string, string>();
  const preludeFile = join(dir, 'prelude.d.ts');
  virtual.set(
    preludeFile,
    PRELUDE_NAMES.map(
      (n) => `declare const ${n}: import(${JSON.stringify(preludeModule)}).Prelude[${JSON.stringify(n)}];`,
    ).join('\n'),
  );
  const fileOf = (i: number) => join(dir, `example-${i}.ts`);
  // Line 1 makes every snippet a module (top-level await, no clashes between snippets).
  examples.forEach((ex, i) => {
    virtual.set(fileOf(i), `export {};\n${ex.code}\n`);
  });

  const host = ts.createCompilerHost(options, true);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, onError, shouldCreate) => {
    const text = virtual.get(name);
    if (text !== undefined) return ts.createSourceFile(name, text, lang, true);
    return getSourceFile(name, lang, onError, shouldCreate);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => virtual.has(name) || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => virtual.get(name) ?? readFile(name);

  const program = ts.createProgram({ rootNames: [...virtual.keys()], options, host });
  const errors = new Map<number, string[]>();
  examples.forEach((ex, i) => {
    const sf = program.getSourceFile(fileOf(i));
    if (!sf) throw new Error(`lost ${fileOf(i)}`);
    const diags = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
    const messages = diags
      .filter((d) => d.category === ts.DiagnosticCategory.Error)
      .map((d) => {
        const line = d.start === undefined ? 0 : sf.getLineAndCharacterOfPosition(d.start).line - 1;
        return `${ex.file}:${ex.line + line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
    if (messages.length > 0) errors.set(i, messages);
  });
  return errors;
}
