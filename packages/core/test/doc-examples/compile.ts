/**
 * Turns a doc example into JavaScript that runs as the body of an async function:
 *
 * - `import { a, type T, b as c } from '@mutua/…'` becomes `const { a, b: c } = __import('@mutua/…', […])`
 *   (`__import` checks that every name is exported); any other import is an error;
 * - an expression statement followed by a comment holding a literal (`f(1); // 'x'`, `// [1, 2]`,
 *   `// true`, `// undefined`, `// 3n`, `// new Date('…')`) becomes `__check(f(1), 'x', line)`, so the
 *   results the docs promise are asserted;
 * - TypeScript is removed with `transpileModule`.
 */
import ts from 'typescript';

/** The modules snippets may import. */
export const ALLOWED_MODULES = [
  '@mutua/core',
  '@mutua/core/node',
  '@mutua/testkit',
  '@mutua/cli',
  '@mutua/cades',
  '@mutua/xades',
  '@mutua/pades',
  '@mutua/trust-list',
] as const;

export interface CompiledExample {
  /** JavaScript for `new AsyncFunction('__import', '__check', ...names, js)`. */
  readonly js: string;
  /** How many `// result` comments became assertions. */
  readonly checks: number;
}

/** A problem with the snippet itself, reported with its line in the source file. */
export class ExampleSyntaxError extends Error {}

/** Compiles the snippet `code`, whose first line is line `firstLine` of `file` (for messages). */
export function compileExample(code: string, file: string, firstLine: number): CompiledExample {
  const sf = ts.createSourceFile('example.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const edits: { start: number; end: number; text: string }[] = [];
  let checks = 0;
  const at = (pos: number) => `${file}:${firstLine + sf.getLineAndCharacterOfPosition(pos).line}`;

  for (const stmt of sf.statements) {
    if (ts.isImportDeclaration(stmt)) {
      edits.push({
        start: stmt.getStart(sf),
        end: stmt.end,
        text: rewriteImport(stmt, at(stmt.getStart(sf))),
      });
      continue;
    }
    if (ts.isExportDeclaration(stmt) || ts.isExportAssignment(stmt)) {
      throw new ExampleSyntaxError(`${at(stmt.getStart(sf))}: examples may not export`);
    }
    if (ts.isExpressionStatement(stmt)) {
      const expected = expectedValue(code, stmt);
      if (expected !== undefined) {
        const expr = stmt.expression.getText(sf);
        const where = JSON.stringify(at(stmt.getStart(sf)));
        edits.push({
          start: stmt.getStart(sf),
          end: stmt.end,
          text: `__check((${expr}), (${expected}), ${where}, ${JSON.stringify(expr)});`,
        });
        checks++;
      }
    }
  }

  let source = code;
  for (const e of edits.sort((a, b) => b.start - a.start)) {
    source = source.slice(0, e.start) + e.text + source.slice(e.end);
  }
  const out = ts.transpileModule(source, {
    reportDiagnostics: true,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleDetection: ts.ModuleDetectionKind.Force,
      verbatimModuleSyntax: false,
      sourceMap: false,
    },
  });
  const diag = out.diagnostics?.find((d) => d.category === ts.DiagnosticCategory.Error);
  if (diag) {
    // Positions are in the rewritten text, whose lines are those of the snippet for all but imports.
    const line =
      diag.file && diag.start !== undefined ? diag.file.getLineAndCharacterOfPosition(diag.start).line : 0;
    throw new ExampleSyntaxError(
      `${file}:${firstLine + line}: ${ts.flattenDiagnosticMessageText(diag.messageText, '\n')}`,
    );
  }
  const js = out.outputText.replace(/^export \{\};\s*$/m, '');
  // A block, so that snippet declarations may shadow the prelude's names.
  return { js: `{\n${js}\n}`, checks };
}

function rewriteImport(stmt: ts.ImportDeclaration, at: string): string {
  const spec = (stmt.moduleSpecifier as ts.StringLiteral).text;
  if (!(ALLOWED_MODULES as readonly string[]).includes(spec)) {
    throw new ExampleSyntaxError(
      `${at}: examples may only import from ${ALLOWED_MODULES.join(', ')} (found '${spec}')`,
    );
  }
  const clause = stmt.importClause;
  if (!clause) throw new ExampleSyntaxError(`${at}: side-effect imports are not supported`);
  if (clause.isTypeOnly) return '';
  if (clause.name) throw new ExampleSyntaxError(`${at}: default imports are not supported ('${spec}')`);
  const bindings = clause.namedBindings;
  if (!bindings) return '';
  if (ts.isNamespaceImport(bindings)) {
    return `const ${bindings.name.text} = __import(${JSON.stringify(spec)}, []);`;
  }
  const parts: string[] = [];
  const names: string[] = [];
  for (const el of bindings.elements) {
    if (el.isTypeOnly) continue;
    const imported = (el.propertyName ?? el.name).text;
    names.push(imported);
    parts.push(el.propertyName ? `${imported}: ${el.name.text}` : imported);
  }
  if (parts.length === 0) return '';
  return `const { ${parts.join(', ')} } = __import(${JSON.stringify(spec)}, ${JSON.stringify(names)});`;
}

/**
 * The literal in the comment right after `stmt` (on its last line), as JavaScript text, if there is one.
 * A trailing remark in parentheses is allowed: `// [1, 2] (address, then mask)`.
 */
function expectedValue(code: string, stmt: ts.ExpressionStatement): string | undefined {
  const ranges = ts.getTrailingCommentRanges(code, stmt.end);
  const first = ranges?.[0];
  if (!first || first.kind !== ts.SyntaxKind.SingleLineCommentTrivia) return undefined;
  const text = code.slice(first.pos + 2, first.end).trim();
  if (isLiteralText(text)) return text;
  const remark = /^(.*?)\s+\([^()]*\)$/.exec(text);
  if (remark && isLiteralText(remark[1]!)) return remark[1];
  return undefined;
}

function isLiteralText(text: string): boolean {
  if (text === '') return false;
  const sf = ts.createSourceFile('lit.ts', `(${text});`, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const { parseDiagnostics } = sf as unknown as { parseDiagnostics: readonly unknown[] };
  if (parseDiagnostics.length > 0 || sf.statements.length !== 1) return false;
  const only = sf.statements[0]!;
  return ts.isExpressionStatement(only) && isLiteral(only.expression);
}

/** Literals only: strings, numbers, bigints, booleans, null, undefined, arrays, objects, `+` of strings, `new Date('…')`. */
function isLiteral(e: ts.Expression): boolean {
  if (ts.isParenthesizedExpression(e)) return isLiteral(e.expression);
  if (
    ts.isStringLiteral(e) ||
    ts.isNoSubstitutionTemplateLiteral(e) ||
    ts.isNumericLiteral(e) ||
    ts.isBigIntLiteral(e)
  )
    return true;
  if (
    e.kind === ts.SyntaxKind.TrueKeyword ||
    e.kind === ts.SyntaxKind.FalseKeyword ||
    e.kind === ts.SyntaxKind.NullKeyword
  )
    return true;
  if (ts.isIdentifier(e)) return e.text === 'undefined';
  if (ts.isPrefixUnaryExpression(e)) return e.operator === ts.SyntaxKind.MinusToken && isLiteral(e.operand);
  if (ts.isBinaryExpression(e)) {
    return e.operatorToken.kind === ts.SyntaxKind.PlusToken && isLiteral(e.left) && isLiteral(e.right);
  }
  if (ts.isArrayLiteralExpression(e)) return e.elements.every((x) => isLiteral(x));
  if (ts.isObjectLiteralExpression(e)) {
    return e.properties.every(
      (p) =>
        ts.isPropertyAssignment(p) &&
        (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) &&
        isLiteral(p.initializer),
    );
  }
  if (ts.isNewExpression(e)) {
    return (
      ts.isIdentifier(e.expression) &&
      e.expression.text === 'Date' &&
      e.arguments?.length === 1 &&
      ts.isStringLiteral(e.arguments[0]!)
    );
  }
  return false;
}
