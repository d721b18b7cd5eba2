/**
 * The object graph of one revision, walked from its trailer: which objects it uses and in which role
 * (page content, font, annotation appearance, DSS…), and its pages in order. Bounded by a budget of
 * visits and a deadline. Internal.
 */
import type { PdfDocument } from '../pdf/document';
import { type PdfDict, PdfRef, type PdfValue } from '../pdf/objects';
import { dictOf } from './compare';

/** Roles, as bits: an object used in several places has several. */
export const Role = {
  catalog: 1,
  pages: 2,
  page: 4,
  content: 8,
  resources: 16,
  font: 32,
  xobject: 64,
  annotation: 128,
  appearance: 256,
  acroform: 512,
  field: 1024,
  signature: 2048,
  dss: 4096,
  metadata: 8192,
  perms: 16384,
  other: 32768,
  formResources: 65536,
  /** The structure tree (tagged PDF): accessibility and reflow, not what a page draws. */
  structure: 131072,
  /** The catalog's name dictionary. */
  names: 262144,
} as const;

/** Thrown when the budget is spent; turned into `ANALYSIS_INCOMPLETE`. */
export class BudgetExceeded extends Error {}

export class Budget {
  private visits = 0;
  private readonly deadline: number;
  constructor(
    private readonly maxVisits: number,
    maxMillis: number,
  ) {
    this.deadline = Date.now() + maxMillis;
  }
  spend(n = 1): void {
    this.visits += n;
    if (this.visits > this.maxVisits) throw new BudgetExceeded(`more than ${this.maxVisits} object visits`);
    if ((this.visits & 1023) === 0 && Date.now() > this.deadline)
      throw new BudgetExceeded('the time budget ran out');
  }
}

/** A page, in document order, with its inherited boxes. */
export interface PageInfo {
  readonly num?: number;
  readonly dict: PdfDict;
  /** `/CropBox`, else `/MediaBox`, inherited, normalised. */
  readonly box?: readonly [number, number, number, number];
}

/** A rectangle `[x1 y1 x2 y2]` normalised, or undefined when it is not four numbers. */
export function rectOf(
  pdf: PdfDocument,
  v: PdfValue | undefined,
  revision: number,
): [number, number, number, number] | undefined {
  const r = pdf.resolve(v, revision);
  if (!Array.isArray(r) || r.length !== 4) return undefined;
  const n = r.map((x) => pdf.resolve(x, revision));
  if (!n.every((x): x is number => typeof x === 'number' && Number.isFinite(x))) return undefined;
  const [a, b, c, d] = n as [number, number, number, number];
  return [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
}

/** The pages of a revision, in order, following the page tree from the catalog (cycles skipped). */
export function listPages(pdf: PdfDocument, revision: number, budget: Budget): PageInfo[] {
  const out: PageInfo[] = [];
  const seen = new Set<number>();
  const walk = (
    item: PdfValue,
    depth: number,
    box: PageInfo['box'],
    crop: PageInfo['box'],
    root: boolean,
  ): void => {
    budget.spend();
    if (depth > pdf.limits.maxDepth) throw new BudgetExceeded('page tree too deep');
    const num = item instanceof PdfRef ? item.num : undefined;
    if (num !== undefined) {
      if (seen.has(num)) return;
      seen.add(num);
    }
    const dict = dictOf(pdf.resolve(item, revision));
    if (!dict) return;
    const media = rectOf(pdf, dict.get('MediaBox'), revision) ?? box;
    const cropBox = rectOf(pdf, dict.get('CropBox'), revision) ?? crop;
    const kids = pdf.resolve(dict.get('Kids'), revision);
    const type = dict.name('Type');
    if (type === 'Pages' || (root && Array.isArray(kids)) || (type !== 'Page' && Array.isArray(kids))) {
      if (Array.isArray(kids)) for (const k of kids) walk(k, depth + 1, media, cropBox, false);
      return;
    }
    out.push({ num, dict, box: cropBox ?? media });
  };
  walk(pdf.catalog(revision).get('Pages') ?? null, 0, undefined, undefined, true);
  return out;
}

function isLeaf(pdf: PdfDocument, d: PdfDict | undefined, revision: number): boolean {
  return !!d && d.name('Type') !== 'Pages' && !Array.isArray(pdf.resolve(d.get('Kids'), revision));
}

/** Roles of every object a revision uses, and the first page (index) each is reached from. */
export interface RoleMap {
  readonly roles: ReadonlyMap<number, number>;
  readonly pageOf: ReadonlyMap<number, number>;
}

const SIG_TYPES = new Set(['Sig', 'DocTimeStamp']);

function looksLikeSignature(d: PdfDict | undefined): boolean {
  return (
    !!d &&
    (SIG_TYPES.has(d.name('Type') ?? '') ||
      (d.get('ByteRange') !== undefined && d.get('Contents') !== undefined))
  );
}

/** The role a value under `key` of a dictionary in `role` takes; 0 to not follow it. */
function childRole(role: number, key: string, pdf: PdfDocument, dict: PdfDict, revision: number): number {
  switch (role) {
    case Role.catalog:
      if (key === 'Pages') return Role.pages;
      if (key === 'AcroForm') return Role.acroform;
      if (key === 'DSS') return Role.dss;
      if (key === 'Metadata') return Role.metadata;
      if (key === 'Perms') return Role.perms;
      if (key === 'Extensions' || key === 'Version') return Role.catalog;
      if (key === 'StructTreeRoot') return Role.structure;
      if (key === 'Names') return Role.names;
      return Role.other;
    case Role.names:
      // Named appearance streams (annotation icons).
      return key === 'AP' ? Role.appearance : Role.other;
    case Role.structure:
      // Marked-content references name annotations, XObjects and pages used elsewhere.
      return key === 'Obj' || key === 'Pg' || key === 'Stm' || key === 'StmOwn' ? 0 : Role.structure;
    case Role.pages:
      if (key === 'Parent') return 0;
      if (key === 'Kids') return Role.pages;
      if (key === 'Resources') return Role.resources;
      return Role.pages;
    case Role.page:
      if (key === 'Parent') return 0;
      if (key === 'Contents') return Role.content;
      if (key === 'Resources') return Role.resources;
      if (key === 'Annots') return Role.annotation;
      return Role.page;
    case Role.resources:
      if (key === 'Font') return Role.font;
      if (key === 'XObject') return Role.xobject;
      return Role.resources;
    case Role.annotation:
    case Role.field:
      if (key === 'Parent' || key === 'P') return 0;
      if (key === 'AP') return Role.appearance;
      if (key === 'Popup' || key === 'IRT') return Role.annotation;
      if (key === 'Kids') return Role.field;
      if (key === 'V') {
        const v = pdf.resolve(dict.get('V'), revision);
        return looksLikeSignature(dictOf(v)) ? Role.signature : role;
      }
      return role;
    case Role.acroform:
      if (key === 'Fields' || key === 'CO') return Role.field;
      if (key === 'DR') return Role.formResources;
      return Role.acroform;
    case Role.perms:
      return Role.signature;
    case Role.signature:
      // A DocMDP reference's /Data names the catalog: not part of the signature dictionary.
      return key === 'Data' ? 0 : Role.signature;
    default:
      return role;
  }
}

/**
 * Walks a revision's object graph from its trailer (`/Root`, `/Info`) and, first, its pages in order, so
 * that page-scoped objects are tied to the first page using them.
 */
export function walkRoles(
  pdf: PdfDocument,
  revision: number,
  pages: readonly PageInfo[],
  budget: Budget,
): RoleMap {
  const roles = new Map<number, number>();
  const pageOf = new Map<number, number>();
  const queue: { num: number; gen: number; role: number; page: number }[] = [];
  // Pages are walked from the page list; a link to one (a destination, an annotation's /P, an
  // action) does not make it, and what it draws, part of the linking object.
  const pageNums = new Set(pages.map((p) => p.num));
  const push = (ref: PdfRef, role: number, page: number) => {
    if (role !== Role.page && role !== Role.pages && pageNums.has(ref.num)) return;
    const had = roles.get(ref.num) ?? 0;
    if (page >= 0 && !pageOf.has(ref.num)) pageOf.set(ref.num, page);
    if (had & role) return;
    roles.set(ref.num, had | role);
    queue.push({ num: ref.num, gen: ref.gen, role, page });
  };
  const visit = (v: PdfValue, role: number, page: number, depth: number): void => {
    if (v === null || typeof v !== 'object') return;
    budget.spend();
    if (depth > pdf.limits.maxDepth) return;
    if (v instanceof PdfRef) {
      push(v, role, page);
      return;
    }
    if (Array.isArray(v)) {
      for (const x of v) visit(x, role, page, depth + 1);
      return;
    }
    const d = dictOf(v);
    if (!d) return;
    const r = role === Role.pages && isLeaf(pdf, d, revision) ? Role.page : role;
    for (const [k, x] of d.entries) {
      const c = childRole(r, k, pdf, d, revision);
      if (c !== 0) visit(x, c, page, depth + 1);
    }
  };
  const trailer = pdf.revisions[revision]!.trailer;
  const root = trailer.get('Root');
  if (root instanceof PdfRef) push(root, Role.catalog, -1);
  else if (root) visit(root, Role.catalog, -1, 0);
  const info = trailer.get('Info');
  if (info instanceof PdfRef) push(info, Role.metadata, -1);
  for (const [i, p] of pages.entries()) {
    if (p.num !== undefined) {
      const entry = pdf.entryOf(p.num, revision);
      push(new PdfRef(p.num, entry?.entry.type === 'offset' ? entry.entry.gen : 0), Role.page, i);
    } else visit(p.dict, Role.page, i, 0);
  }
  for (let i = 0; i < queue.length; i++) {
    const item = queue[i]!;
    const value = pdf.getObject(new PdfRef(item.num, item.gen), revision);
    let role = item.role;
    if (role === Role.pages && isLeaf(pdf, dictOf(value), revision)) {
      // A page tree node's kid that is a page: a page, not a node.
      const had = roles.get(item.num) ?? 0;
      roles.set(item.num, (had & ~Role.pages) | Role.page);
      if (had & Role.page) continue;
      role = Role.page;
    }
    visit(value, role, item.page, 0);
  }
  return { roles, pageOf };
}

/** Object numbers reachable from a value (as of `revision`), not following `skip` keys. */
export function reachable(
  pdf: PdfDocument,
  revision: number,
  from: PdfValue | undefined,
  budget: Budget,
  skip: ReadonlySet<string> = new Set(['Parent', 'P', 'Data']),
): Set<number> {
  const out = new Set<number>();
  const queue: PdfValue[] = [from ?? null];
  let next = 0;
  const visit = (v: PdfValue, depth: number): void => {
    if (v === null || typeof v !== 'object') return;
    budget.spend();
    if (depth > pdf.limits.maxDepth) return;
    if (v instanceof PdfRef) {
      if (!out.has(v.num)) {
        out.add(v.num);
        queue.push(pdf.getObject(v, revision));
      }
      return;
    }
    if (Array.isArray(v)) for (const x of v) visit(x, depth + 1);
    else {
      const d = dictOf(v);
      if (d) for (const [k, x] of d.entries) if (!skip.has(k)) visit(x, depth + 1);
    }
  };
  if (from instanceof PdfRef) {
    out.add(from.num);
    queue[0] = pdf.getObject(from, revision);
  }
  while (next < queue.length) visit(queue[next++]!, 0);
  return out;
}
