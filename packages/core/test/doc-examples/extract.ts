/**
 * Finds the ```ts code blocks written under `@example` tags in the TSDoc comments of the packages'
 * sources, so that `doc-examples.test.ts` can run every one of them.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One ```ts block found under an `@example` tag. */
export interface DocExample {
  /** Path relative to the repository root, with `/` separators. */
  readonly file: string;
  /** 1-based line of the first line of code (the line after the opening fence). */
  readonly line: number;
  /** The documented symbol (`createTestPki`, `TestCertificateAuthority.issue`, …). */
  readonly symbol: string;
  /** The code, with the comment's leading ` * ` removed. */
  readonly code: string;
  /** The fence was written ```ts no-run: the block is shown but not executed. */
  readonly noRun: boolean;
}

/** An `@example` tag with no ```ts block under it (so nothing would run). */
export interface BareExample {
  readonly file: string;
  readonly line: number;
}

export interface ScanResult {
  readonly examples: DocExample[];
  readonly bare: BareExample[];
}

/** The `.ts` files under `dir` (recursively), sorted. */
export function listSourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

const DECLARATION =
  /^\s*(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?(?:async\s+)?(?:function\*?|const|let|var|class|interface|type|enum|namespace)\s+([A-Za-z_$][\w$]*)/;
const MEMBER =
  /^\s*(?:(?:public|protected|private|static|readonly|async|get|set)\s+)*([A-Za-z_$][\w$]*)\s*[(<:=]/;
const CLASS = /^\s*(?:export\s+)?(?:default\s+)?(?:abstract\s+)?class\s+([A-Za-z_$][\w$]*)/;

/** Finds the `@example` blocks of one file's text; `file` is used in the results only. */
export function extractExamples(file: string, text: string): ScanResult {
  const lines = text.split('\n');
  const examples: DocExample[] = [];
  const bare: BareExample[] = [];
  let inDoc = false;
  let inExample = false;
  let exampleLine = 0;
  let exampleFences = 0;
  let fence: { line: number; lang: string; noRun: boolean; code: string[] } | undefined;
  let currentClass: string | undefined;
  let packageDoc = false;
  const pending: DocExample[] = [];

  const endExample = (): void => {
    if (inExample && exampleFences === 0) bare.push({ file, line: exampleLine });
    inExample = false;
  };

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (!inDoc) {
      if (pending.length > 0 && raw.trim() !== '' && !raw.trim().startsWith('@')) {
        // The first code line after the comment names the documented symbol.
        const symbol = symbolOf(raw, currentClass);
        for (const p of pending) examples.push({ ...p, symbol });
        pending.length = 0;
      }
      const cls = CLASS.exec(raw);
      if (cls) currentClass = cls[1];
      else if (/^\S/.test(raw) && DECLARATION.test(raw)) currentClass = undefined;
      if (/^\s*\/\*\*/.test(raw) && !/\*\/\s*$/.test(raw.replace(/^\s*\/\*\*/, ''))) {
        inDoc = true;
        inExample = false;
        packageDoc = false;
      } else if (/^\s*\/\*\*.*@example/.test(raw)) {
        bare.push({ file, line: i + 1 });
      }
      continue;
    }
    const closes = /\*\/\s*$/.test(raw);
    const content = raw.replace(/\*\/\s*$/, '').replace(/^\s*\*(?: |$)/, '');
    if (fence) {
      if (/^\s*```\s*$/.test(content)) {
        // Only TypeScript fences are run; others (shell, JSON…) are shown as they are.
        if (fence.lang === 'ts' || fence.lang === 'typescript')
          pending.push({
            file,
            line: fence.line,
            symbol: '',
            code: fence.code.join('\n'),
            noRun: fence.noRun,
          });
        fence = undefined;
      } else {
        fence.code.push(content);
      }
    } else if (/^\s*@\w+/.test(content)) {
      endExample();
      if (/^\s*@packageDocumentation\b/.test(content)) packageDoc = true;
      if (/^\s*@example\b/.test(content)) {
        inExample = true;
        exampleLine = i + 1;
        exampleFences = 0;
      }
    } else if (inExample) {
      const open = /^\s*```(\w*)(.*)$/.exec(content);
      if (open) {
        const lang = open[1] ?? '';
        if (lang === 'ts' || lang === 'typescript') exampleFences++;
        fence = { line: i + 2, lang, noRun: /\bno-run\b/.test(open[2] ?? ''), code: [] };
      }
    }
    if (closes) {
      if (fence) throw new Error(`${file}:${fence.line - 1}: unterminated code fence in a doc comment`);
      endExample();
      inDoc = false;
      if (packageDoc) {
        // A module's own documentation: there is no symbol after it.
        for (const p of pending) examples.push({ ...p, symbol: '(module)' });
        pending.length = 0;
        packageDoc = false;
      }
    }
  }
  return { examples, bare };
}

function symbolOf(line: string, currentClass: string | undefined): string {
  const decl = DECLARATION.exec(line);
  if (decl) return decl[1]!;
  const member = MEMBER.exec(line);
  if (member) return currentClass ? `${currentClass}.${member[1]}` : member[1]!;
  return line.trim().slice(0, 40);
}

/** Scans every `.ts` file under the given source directories. */
export function scanSources(root: string, dirs: readonly string[]): ScanResult {
  const examples: DocExample[] = [];
  const bare: BareExample[] = [];
  for (const dir of dirs) {
    for (const path of listSourceFiles(join(root, dir))) {
      const file = relative(root, path).split('\\').join('/');
      const r = extractExamples(file, readFileSync(path, 'utf8'));
      examples.push(...r.examples);
      bare.push(...r.bare);
    }
  }
  return { examples, bare };
}
