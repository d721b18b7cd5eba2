/**
 * `collectModifications`: the evidence half of modification analysis. Every object a later revision
 * writes is compared with its version in the signed revision; each revision's object graph is walked
 * from its trailer to know what every object is used for; then each change is explained by the part of
 * the document it touches (catalog, form, pages, annotations, DSS…). A change nothing explains is
 * reported by the most sensitive role of its object. No judgement here: see `judgeModifications`.
 */
import type { PdfDocument } from '../pdf/document';
import { PdfError } from '../pdf/errors';
import { type PdfField, formFields } from '../pdf/fields';
import { PdfDict, PdfRef, PdfStream, type PdfValue } from '../pdf/objects';
import { changedKeys, dictOf, sameValue } from './compare';
import {
  Budget,
  BudgetExceeded,
  type PageInfo,
  Role,
  listPages,
  rectOf,
  reachable,
  walkRoles,
} from './graph';
import {
  DEFAULT_MODIFICATION_LIMITS,
  type ModificationCode,
  type ModificationEvidence,
  type ModificationLimits,
  type ModifiedObject,
  type PdfModifications,
} from './types';

/**
 * Options of {@link collectModifications}.
 *
 * @example
 * ```ts
 * import type { CollectModificationsOptions } from '@mutua/pades';
 * const options: CollectModificationsOptions = { limits: { maxMillis: 2000 } };
 * options.limits?.maxMillis; // 2000
 * ```
 */
export interface CollectModificationsOptions {
  /** Tighter or looser bounds than `DEFAULT_MODIFICATION_LIMITS`. */
  readonly limits?: Partial<ModificationLimits>;
}

interface Changed extends ModifiedObject {
  readonly before: PdfValue;
  readonly after: PdfValue;
}

interface MutableEvidence {
  code: ModificationCode;
  message: string;
  objects: ModifiedObject[];
  page?: number;
  field?: string;
  subtype?: string;
  rect?: readonly [number, number, number, number];
  keys?: string[];
}

/** Keys a form fill (or signing) may change on a field or its widget. */
const FILL_KEYS = new Set(['V', 'AS', 'AP', 'MK', 'RV', 'I']);
/** Of those, the keys that hold the value: a change to the others only is an appearance change. */
const VALUE_KEYS = new Set(['V', 'AS', 'RV', 'I']);
/** Keys of a widget that are its annotation's, not its field's. */
const ANNOTATION_KEYS = new Set(['F', 'Rect', 'Border', 'BS', 'C', 'Contents', 'M', 'NM', 'BE', 'OC']);
/** Catalog and page entries that declare but draw nothing. */
const DECLARATIVE = new Set([
  'Metadata',
  'Extensions',
  'Version',
  'Lang',
  'PieceInfo',
  'LastModified',
  'PageMode',
  'PageLayout',
  'ViewerPreferences',
  'Tabs',
]);
const FORM_DEFAULT_KEYS = new Set(['SigFlags', 'DR', 'DA', 'NeedAppearances']);
/** Subtypes drawn even without an appearance stream. */
const DRAWN = new Set([
  'FreeText',
  'Stamp',
  'Square',
  'Circle',
  'Line',
  'Polygon',
  'PolyLine',
  'Ink',
  'Highlight',
  'Underline',
  'Squiggly',
  'StrikeOut',
  'Caret',
  'Redact',
  'Watermark',
]);
const ANNOTATION_ROLES = Role.annotation | Role.appearance;
/** A field, its widgets and appearances, its signature, and the form defaults its appearance uses. */
const FIELD_ROLES = Role.field | Role.annotation | Role.appearance | Role.signature | Role.formResources;
const PAGE_ROLES =
  Role.page | Role.content | Role.resources | Role.font | Role.xobject | Role.annotation | Role.appearance;

/** The code of a change nothing else explains, by the most sensitive role of its object. */
function codeForRoles(roles: number): ModificationCode {
  if (roles & Role.content) return 'PAGE_CONTENT_CHANGED';
  if (roles & Role.xobject) return 'XOBJECT_CHANGED';
  if (roles & Role.font) return 'FONT_CHANGED';
  if (roles & Role.resources) return 'RESOURCES_CHANGED';
  if (roles & Role.page) return 'PAGE_CHANGED';
  if (roles & Role.pages) return 'PAGE_TREE_CHANGED';
  if (roles & Role.catalog) return 'CATALOG_CHANGED';
  if (roles & Role.perms) return 'PERMISSIONS_CHANGED';
  if (roles & Role.signature) return 'SIGNATURE_DICTIONARY_CHANGED';
  if (roles & Role.field) return 'FORM_FIELD_MODIFIED';
  if (roles & Role.acroform) return 'FORM_STRUCTURE_CHANGED';
  if (roles & (Role.annotation | Role.appearance)) return 'ANNOTATION_MODIFIED';
  if (roles & (Role.other | Role.names)) return 'OTHER_OBJECT_CHANGED';
  if (roles & Role.structure) return 'STRUCTURE_CHANGED';
  if (roles & Role.formResources) return 'FORM_DEFAULTS_UPDATED';
  if (roles & Role.dss) return 'DSS_UPDATED';
  return 'METADATA_CHANGED';
}

const DESCRIBE: Partial<Record<ModificationCode, string>> = {
  PAGE_CONTENT_CHANGED: 'page content stream',
  XOBJECT_CHANGED: 'XObject',
  FONT_CHANGED: 'font',
  RESOURCES_CHANGED: 'page resource',
  PAGE_CHANGED: 'page dictionary',
  PAGE_TREE_CHANGED: 'page tree node',
  CATALOG_CHANGED: 'catalog object',
  PERMISSIONS_CHANGED: 'permissions object',
  SIGNATURE_DICTIONARY_CHANGED: 'signature dictionary',
  FORM_FIELD_MODIFIED: 'form field',
  FORM_STRUCTURE_CHANGED: 'AcroForm object',
  ANNOTATION_MODIFIED: 'annotation or appearance',
  OTHER_OBJECT_CHANGED: 'object',
  FORM_DEFAULTS_UPDATED: 'AcroForm default resource',
  DSS_UPDATED: 'DSS object',
  STRUCTURE_CHANGED: 'structure tree object',
  METADATA_CHANGED: 'metadata object',
};

class Evidence {
  private readonly byKey = new Map<string, MutableEvidence>();
  add(e: MutableEvidence, id = ''): void {
    const key = `${e.code}|${e.page ?? ''}|${e.field ?? ''}|${id}`;
    const had = this.byKey.get(key);
    if (!had) {
      this.byKey.set(key, { ...e, objects: [...e.objects], keys: e.keys ? [...e.keys] : undefined });
      return;
    }
    for (const o of e.objects) if (!had.objects.some((x) => x.num === o.num)) had.objects.push(o);
    if (e.keys) had.keys = [...new Set([...(had.keys ?? []), ...e.keys])];
  }
  list(): ModificationEvidence[] {
    return [...this.byKey.values()].map((e) => {
      const out: MutableEvidence = { code: e.code, message: e.message, objects: e.objects };
      if (e.page !== undefined) out.page = e.page;
      if (e.field !== undefined) out.field = e.field;
      if (e.subtype !== undefined) out.subtype = e.subtype;
      if (e.rect !== undefined) out.rect = e.rect;
      if (e.keys !== undefined && e.keys.length > 0) out.keys = e.keys;
      return out;
    });
  }
}

const refNum = (v: PdfValue | undefined) => (v instanceof PdfRef ? v.num : undefined);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Compares the document as of `signedRevision` with its last revision, object by object, and lists every
 * change with the part of the document it touches: DSS, document time-stamps, signatures, form fields,
 * annotations (and whether one is drawn over the page), pages, content, resources, fonts, XObjects, the
 * page tree, the catalog, signature dictionaries, objects redefined or revived from the signed revision.
 * Bounded: a limit or an unreadable revision ends in an `ANALYSIS_INCOMPLETE` change (`complete: false`),
 * never a hang. Judge the result with `judgeModifications`.
 *
 * @example
 * ```ts
 * import { appendRevision, collectModifications, createPdf, readPdf } from '@mutua/pades';
 * const v1 = await createPdf({ objects: { 3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>', 4: { dict: '<< >>', data: 'BT (Pay 10) Tj ET' } } });
 * const v2 = await appendRevision(v1, { objects: { 4: { dict: '<< >>', data: 'BT (Pay 1000) Tj ET' } } });
 * const m = collectModifications(await readPdf(v2), 0);
 * m.changes.map((c) => [c.code, c.page, c.objects[0]?.change]); // [['PAGE_CONTENT_CHANGED', 1, 'redefined']]
 * ```
 */
export function collectModifications(
  pdf: PdfDocument,
  signedRevision: number,
  options: CollectModificationsOptions = {},
): PdfModifications {
  const s = signedRevision;
  const f = pdf.lastRevision.index;
  const limits = { ...DEFAULT_MODIFICATION_LIMITS, ...options.limits };
  const budget = new Budget(limits.maxObjects, limits.maxMillis);
  const ev = new Evidence();
  const changed = new Map<number, Changed>();
  let compared = 0;
  const result = (complete: boolean): PdfModifications => ({
    signedRevision: s,
    finalRevision: f,
    changes: ev.list(),
    objectsCompared: compared,
    objectsChanged: changed.size,
    complete,
  });
  if (!Number.isInteger(s) || s < 0 || s > f) {
    ev.add({
      code: 'ANALYSIS_INCOMPLETE',
      message: `revision ${s} is not a revision of this document (0 to ${f})`,
      objects: [],
    });
    return result(false);
  }
  try {
    // 1. Objects the later revisions write, compared with the signed revision's versions.
    const nums = new Set<number>();
    for (let r = s + 1; r <= f; r++) for (const n of pdf.revisions[r]!.entries.keys()) nums.add(n);
    const genOf = (num: number, rev: number) => {
      const e = pdf.entryOf(num, rev)?.entry;
      return e?.type === 'offset' ? e.gen : 0;
    };
    for (const num of nums) {
      budget.spend();
      compared++;
      const before = pdf.getObject(num, s);
      const after = pdf.getObject(num, f);
      if (before === null && after === null) continue;
      if (before !== null && after !== null && genOf(num, s) === genOf(num, f) && sameValue(before, after))
        continue;
      changed.set(num, {
        num,
        change: before === null ? 'added' : after === null ? 'freed' : 'redefined',
        revision: pdf.entryOf(num, f)?.revision ?? f,
        before,
        after,
      });
    }
    if (changed.size === 0) return result(true);
    new Analysis(pdf, s, f, budget, ev, changed).run();
    return result(true);
  } catch (e) {
    if (!(e instanceof BudgetExceeded) && !(e instanceof PdfError)) throw e;
    ev.add({
      code: 'ANALYSIS_INCOMPLETE',
      message: `the analysis stopped: ${e instanceof PdfError ? `${e.code} ` : ''}${e.message}`,
      objects: [],
    });
    return result(false);
  }
}

interface WidgetOwner {
  readonly field: string;
  readonly status: 'new' | 'filled' | 'signed' | 'removed' | 'other';
}

class Analysis {
  private readonly claimed = new Set<number>();
  private readonly widgets = new Map<number, WidgetOwner>();
  /** Signature dictionary object → field name, for messages. */
  private readonly sigFields = new Map<number, string>();
  private sigAdded = false;
  private pagesS: PageInfo[] = [];
  private pagesF: PageInfo[] = [];
  private rolesS = new Map<number, number>();
  private rolesF = new Map<number, number>();
  private pageOfS = new Map<number, number>();
  private pageOfF = new Map<number, number>();

  constructor(
    private readonly pdf: PdfDocument,
    private readonly s: number,
    private readonly f: number,
    private readonly budget: Budget,
    private readonly ev: Evidence,
    private readonly changed: ReadonlyMap<number, Changed>,
  ) {}

  run(): void {
    const { pdf, s, f, budget } = this;
    this.pagesS = listPages(pdf, s, budget);
    this.pagesF = listPages(pdf, f, budget);
    const rs = walkRoles(pdf, s, this.pagesS, budget);
    const rf = walkRoles(pdf, f, this.pagesF, budget);
    this.rolesS = rs.roles as Map<number, number>;
    this.rolesF = rf.roles as Map<number, number>;
    this.pageOfS = rs.pageOf as Map<number, number>;
    this.pageOfF = rf.pageOf as Map<number, number>;
    this.catalog();
    this.form();
    this.pages();
    this.reused();
    this.objectStreams();
    this.leftovers();
  }

  private roles(num: number): number {
    return (this.rolesS.get(num) ?? 0) | (this.rolesF.get(num) ?? 0);
  }

  /** Marks changed objects as explained when every role they have is one the explanation covers. */
  private claim(nums: Iterable<number | undefined>, allowed: number): void {
    for (const n of nums)
      if (n !== undefined && this.changed.has(n) && (this.roles(n) & ~allowed) === 0) this.claimed.add(n);
  }

  private objects(nums: Iterable<number | undefined>): ModifiedObject[] {
    const out = new Map<number, ModifiedObject>();
    for (const n of nums) {
      const c = n === undefined ? undefined : this.changed.get(n);
      if (c) out.set(c.num, { num: c.num, change: c.change, revision: c.revision });
    }
    return [...out.values()];
  }

  private under(rev: number, v: PdfValue | undefined): Set<number> {
    return reachable(this.pdf, rev, v, this.budget);
  }

  // ——— catalog ———
  private catalog(): void {
    const { pdf, s, f } = this;
    const catS = pdf.catalog(s);
    const catF = pdf.catalog(f);
    const other: string[] = [];
    for (const k of changedKeys(catS, catF)) {
      if (k === 'AcroForm' || k === 'Pages') continue; // the form and page analyses judge what they hold
      if (k === 'DSS') {
        const objs = this.under(f, catF.get('DSS'));
        this.claim(objs, Role.dss);
        const added = catS.get('DSS') === undefined;
        this.ev.add({
          code: added ? 'DSS_ADDED' : 'DSS_UPDATED',
          message: added
            ? 'a document security store (/DSS) was added'
            : catF.get('DSS') === undefined
              ? 'the document security store (/DSS) was removed'
              : 'the catalog names another document security store (/DSS)',
          objects: this.objects(objs),
        });
      } else if (k === 'StructTreeRoot' || k === 'MarkInfo') {
        const objs = this.under(f, catF.get(k));
        this.claim(objs, Role.structure | Role.catalog);
        this.ev.add({
          code: 'STRUCTURE_CHANGED',
          message: `the catalog's /${k} (structure tree) changed`,
          objects: this.objects(objs),
          keys: [k],
        });
      } else if (k === 'Names' && this.onlyNamedAppearances(catS, catF)) {
        this.ev.add({
          code: 'ANNOTATION_MODIFIED',
          message: 'named annotation appearances (/Names /AP) changed',
          objects: [],
          keys: ['Names'],
        });
      } else if (DECLARATIVE.has(k)) {
        const objs = this.under(f, catF.get(k));
        this.claim(objs, Role.metadata | Role.catalog);
        this.ev.add({
          code: 'METADATA_CHANGED',
          message: `the catalog's /${k} changed`,
          objects: this.objects(objs),
          keys: [k],
        });
      } else if (k === 'Perms')
        this.ev.add({
          code: 'PERMISSIONS_CHANGED',
          message: "the catalog's /Perms (DocMDP, usage rights) changed",
          objects: [],
          keys: [k],
        });
      else other.push(k);
    }
    if (other.length > 0)
      this.ev.add({
        code: 'CATALOG_CHANGED',
        message: `catalog entries changed: /${other.join(', /')}`,
        objects: [],
        keys: other,
      });
    const roots = [pdf.revisions[s]!.trailer.get('Root'), pdf.revisions[f]!.trailer.get('Root')];
    this.claim(roots.map(refNum), Role.catalog);
    // The trailer: encryption added or changed later changes how every string and stream reads.
    const encrypt = [pdf.revisions[s]!.trailer.get('Encrypt'), pdf.revisions[f]!.trailer.get('Encrypt')];
    if (!sameValue(encrypt[0], encrypt[1]))
      this.ev.add({
        code: 'CATALOG_CHANGED',
        message: "the trailer's /Encrypt changed",
        objects: this.objects(encrypt.map(refNum)),
        keys: ['Encrypt'],
      });
  }

  /** The name dictionary changed only in its named appearances (`/AP`); claims the name dictionary. */
  private onlyNamedAppearances(catS: PdfDict, catF: PdfDict): boolean {
    const ns = dictOf(this.pdf.resolve(catS.get('Names'), this.s));
    const nf = dictOf(this.pdf.resolve(catF.get('Names'), this.f));
    if (!nf) return false;
    const keys = ns ? changedKeys(ns, nf) : [...nf.entries.keys()];
    if (!keys.every((k) => k === 'AP')) return false;
    this.claim([refNum(catS.get('Names')), refNum(catF.get('Names'))], Role.names);
    return true;
  }

  // ——— form fields and signatures ———
  private signatureCode(value: PdfValue | undefined): ModificationCode {
    const d = dictOf(this.pdf.resolve(value, this.f));
    return d?.name('Type') === 'DocTimeStamp' || d?.name('SubFilter') === 'ETSI.RFC3161'
      ? 'DOC_TIMESTAMP_ADDED'
      : 'SIGNATURE_ADDED';
  }

  private widgetNums(field: PdfField, rev: number): number[] {
    const out: number[] = [];
    if (field.ref && field.dict.name('Subtype') === 'Widget') out.push(field.ref.num);
    const kids = this.pdf.resolve(field.dict.get('Kids'), rev);
    if (Array.isArray(kids))
      for (const k of kids) {
        const kd = dictOf(this.pdf.resolve(k, rev));
        if (k instanceof PdfRef && kd && kd.get('T') === undefined) out.push(k.num);
      }
    return out;
  }

  private form(): void {
    const { pdf, s, f } = this;
    const key = (x: PdfField) => (x.ref ? `r${x.ref.num}` : `n${x.name}`);
    const fieldsS = new Map(formFields(pdf, s).map((x) => [key(x), x] as const));
    const fieldsF = new Map(formFields(pdf, f).map((x) => [key(x), x] as const));
    for (const m of [fieldsS, fieldsF])
      for (const x of m.values()) {
        const n = refNum(x.value);
        if (x.type === 'Sig' && n !== undefined) this.sigFields.set(n, x.name);
      }
    let fieldChanges = false;
    for (const [k, field] of fieldsF) {
      this.budget.spend();
      const old = fieldsS.get(k);
      const name = field.name;
      const widgets = this.widgetNums(field, f);
      const mark = (status: WidgetOwner['status']) => {
        for (const w of widgets) this.widgets.set(w, { field: name, status });
      };
      if (!old) {
        fieldChanges = true;
        const code: ModificationCode =
          field.type === 'Sig'
            ? field.value !== undefined
              ? this.signatureCode(field.value)
              : 'SIGNATURE_FIELD_ADDED'
            : 'FORM_FIELD_ADDED';
        if (code === 'SIGNATURE_ADDED' || code === 'DOC_TIMESTAMP_ADDED') this.sigAdded = true;
        const objs = this.under(f, field.ref ?? field.dict);
        this.claim(objs, FIELD_ROLES);
        const what =
          code === 'DOC_TIMESTAMP_ADDED'
            ? 'a document time-stamp'
            : code === 'SIGNATURE_ADDED'
              ? 'a signature'
              : code === 'SIGNATURE_FIELD_ADDED'
                ? 'an empty signature field'
                : `a form field (${field.type ?? 'no type'})`;
        this.ev.add({
          code,
          message: `${what} was added in a new field ${name}`,
          objects: this.objects(objs),
          field: name,
        });
        mark('new');
        continue;
      }
      const keys = changedKeys(old.dict, field.dict);
      if (keys.length === 0) {
        mark('other');
        continue;
      }
      fieldChanges = true;
      const ffS = pdf.resolve(old.dict.get('Ff'), s);
      const ffF = pdf.resolve(field.dict.get('Ff'), f);
      // Setting ReadOnly (bit 1) is what a signature's field lock does: part of signing or filling.
      const readOnlyOnly = typeof ffF === 'number' && ((typeof ffS === 'number' ? ffS : 0) ^ ffF) === 1;
      const fill = keys.filter((x) => FILL_KEYS.has(x));
      const widgetKeys = keys.filter(
        (x) => ANNOTATION_KEYS.has(x) && field.dict.name('Subtype') === 'Widget',
      );
      const rest = keys.filter(
        (x) => !FILL_KEYS.has(x) && !(x === 'Ff' && readOnlyOnly) && !widgetKeys.includes(x),
      );
      const objs = this.under(f, field.ref ?? field.dict);
      if (field.type === 'Sig') {
        const hadValue = old.value !== undefined;
        const hasValue = field.value !== undefined;
        if (!hadValue && hasValue) {
          const code = this.signatureCode(field.value);
          this.sigAdded = true;
          this.claim(objs, FIELD_ROLES);
          this.ev.add({
            code,
            message: `${code === 'DOC_TIMESTAMP_ADDED' ? 'a document time-stamp' : 'a signature'} was added in the empty field ${name}`,
            objects: this.objects(objs),
            field: name,
          });
          mark('signed');
        } else if (hadValue && !hasValue) {
          this.ev.add({
            code: 'SIGNATURE_REMOVED',
            message: `the signature of field ${name} was removed`,
            objects: [],
            field: name,
          });
          mark('other');
        } else if (keys.includes('V')) {
          this.ev.add({
            code: 'SIGNATURE_DICTIONARY_CHANGED',
            message: `field ${name} now names another signature dictionary`,
            objects: [],
            field: name,
            keys: ['V'],
          });
          mark('other');
        } else if (fill.length > 0) {
          this.claim(objs, ANNOTATION_ROLES | Role.field);
          this.ev.add(
            {
              code: 'ANNOTATION_MODIFIED',
              message: `the appearance of signature field ${name} changed after signing`,
              objects: this.objects(objs),
              field: name,
              subtype: 'Widget',
              keys: fill,
            },
            `w${field.ref?.num ?? name}`,
          );
          mark('other');
        } else mark('other');
      } else if (fill.some((x) => VALUE_KEYS.has(x))) {
        this.claim(objs, ANNOTATION_ROLES | Role.field);
        this.ev.add({
          code: 'FORM_FIELD_FILLED',
          message: `form field ${name} was filled in (/${fill.join(', /')})`,
          objects: this.objects(objs),
          field: name,
          keys: fill,
        });
        mark('filled');
      } else if (fill.length > 0) {
        // A new appearance over the same value (shadow attack "replace"): an annotation change.
        this.claim(objs, ANNOTATION_ROLES | Role.field);
        this.ev.add(
          {
            code: 'ANNOTATION_MODIFIED',
            message: `the appearance of form field ${name} changed, its value did not (/${fill.join(', /')})`,
            objects: this.objects(objs),
            field: name,
            subtype: 'Widget',
            keys: fill,
          },
          `w${field.ref?.num ?? name}`,
        );
        mark('other');
      } else mark('other');
      if (widgetKeys.length > 0)
        this.ev.add(
          {
            code: 'ANNOTATION_MODIFIED',
            message: `the widget of form field ${name} changed: /${widgetKeys.join(', /')}`,
            objects: this.objects([field.ref?.num]),
            field: name,
            subtype: 'Widget',
            keys: widgetKeys,
          },
          `w${field.ref?.num ?? name}`,
        );
      if (rest.length > 0)
        this.ev.add({
          code: 'FORM_FIELD_MODIFIED',
          message: `form field ${name} changed other than by filling it in: /${rest.join(', /')}`,
          objects: this.objects([field.ref?.num]),
          field: name,
          keys: rest,
        });
      this.claim([field.ref?.num], Role.field | Role.annotation);
    }
    for (const [k, old] of fieldsS) {
      if (fieldsF.has(k)) continue;
      fieldChanges = true;
      const signed = old.type === 'Sig' && old.value !== undefined;
      this.ev.add({
        code: signed ? 'SIGNATURE_REMOVED' : 'FORM_FIELD_REMOVED',
        message: signed ? `signature field ${old.name} was removed` : `form field ${old.name} was removed`,
        objects: this.objects([old.ref?.num]),
        field: old.name,
      });
      for (const w of this.widgetNums(old, s)) this.widgets.set(w, { field: old.name, status: 'removed' });
      this.claim([old.ref?.num], FIELD_ROLES);
    }
    // The AcroForm dictionary itself.
    const acroS = pdf.dict(pdf.catalog(s), 'AcroForm', s);
    const acroF = pdf.dict(pdf.catalog(f), 'AcroForm', f);
    if (!acroS && !acroF) return;
    const keys =
      acroS && acroF
        ? changedKeys(acroS, acroF)
        : [...(acroS ?? acroF ?? new PdfDict(new Map(), -1, -1)).entries.keys()];
    const defaults = keys.filter((k) => FORM_DEFAULT_KEYS.has(k));
    const structure = keys.filter((k) => !FORM_DEFAULT_KEYS.has(k) && k !== 'Fields');
    const drObjects = this.under(f, acroF?.get('DR'));
    // Signing sets /SigFlags, and often the defaults its appearance uses (/DA, /DR): part of that step.
    if (this.sigAdded && defaults.every((k) => k === 'SigFlags' || k === 'DA' || k === 'DR'))
      this.claim(drObjects, FIELD_ROLES);
    else if (defaults.length > 0) {
      const objs = drObjects;
      this.claim(objs, Role.formResources);
      this.ev.add({
        code: 'FORM_DEFAULTS_UPDATED',
        message: `AcroForm defaults changed: /${defaults.join(', /')}`,
        objects: this.objects(objs),
        keys: defaults,
      });
    }
    if (structure.length > 0 && acroS && acroF)
      this.ev.add({
        code: 'FORM_STRUCTURE_CHANGED',
        message: `AcroForm entries changed: /${structure.join(', /')}`,
        objects: [],
        keys: structure,
      });
    else if (!acroS || !acroF)
      this.ev.add({
        code: 'FORM_STRUCTURE_CHANGED',
        message: acroS ? 'the AcroForm was removed' : 'an AcroForm was added',
        objects: [],
      });
    const catS = pdf.catalog(s);
    const catF = pdf.catalog(f);
    const holders = [refNum(catS.get('AcroForm')), refNum(catF.get('AcroForm'))];
    if (fieldChanges) holders.push(refNum(acroS?.get('Fields')), refNum(acroF?.get('Fields')));
    this.claim(holders, Role.acroform | Role.field);
  }

  // ——— pages and annotations ———
  private pages(): void {
    const { pagesS, pagesF } = this;
    const numsS = pagesS.map((p) => p.num ?? -1);
    const numsF = pagesF.map((p) => p.num ?? -1);
    const setS = new Set(numsS);
    const setF = new Set(numsF);
    const sameOrder = numsS.length === numsF.length && numsS.every((n, i) => n === numsF[i]);
    if (!sameOrder) {
      if (numsS.length === numsF.length) {
        for (const [i, n] of numsF.entries())
          if (n !== numsS[i])
            this.ev.add({
              code: 'PAGE_TREE_CHANGED',
              message: `page ${i + 1} is now object ${n}, was object ${numsS[i]}`,
              objects: this.objects([n]),
              page: i + 1,
            });
      } else {
        for (const [i, n] of numsF.entries()) {
          if (setS.has(n)) continue;
          const objs = [...this.under(this.f, new PdfRef(n, 0))].filter(
            (x) => this.changed.get(x)?.change === 'added',
          );
          this.claim(objs, PAGE_ROLES);
          this.ev.add({
            code: 'PAGE_ADDED',
            message: `page ${i + 1} (object ${n}) was added`,
            objects: this.objects([n, ...objs]),
            page: i + 1,
          });
        }
        for (const [i, n] of numsS.entries())
          if (!setF.has(n))
            this.ev.add({
              code: 'PAGE_REMOVED',
              message: `page ${i + 1} of the signed revision (object ${n}) was removed`,
              objects: this.objects([n]),
              page: i + 1,
            });
        const keptS = numsS.filter((n) => setF.has(n));
        const keptF = numsF.filter((n) => setS.has(n));
        if (keptS.some((n, i) => n !== keptF[i]))
          this.ev.add({ code: 'PAGE_TREE_CHANGED', message: 'the pages were reordered', objects: [] });
      }
      // Page tree nodes changed with the page list: explained by it.
      this.claim(this.changed.keys(), Role.pages);
    }
    const indexS = new Map(numsS.map((n, i) => [n, i] as const));
    for (const [j, pf] of pagesF.entries()) {
      const i = pf.num === undefined ? j : (indexS.get(pf.num) ?? -1);
      const ps = pagesS[i];
      if (!ps || ps.num !== pf.num) continue;
      this.page(ps, pf, j);
    }
  }

  private page(ps: PageInfo, pf: PageInfo, j: number): void {
    const { pdf, s, f } = this;
    const keys = changedKeys(ps.dict, pf.dict);
    const other: string[] = [];
    for (const k of keys) {
      if (k === 'Annots') continue; // below
      if (k === 'Contents')
        this.ev.add({
          code: 'PAGE_CONTENT_CHANGED',
          message: `page ${j + 1} now draws other content streams`,
          objects: this.objects([pf.num]),
          page: j + 1,
          keys: [k],
        });
      else if (k === 'Resources') {
        const rs = dictOf(pdf.resolve(ps.dict.get('Resources'), s));
        const rf = dictOf(pdf.resolve(pf.dict.get('Resources'), f));
        const sub = rs && rf ? changedKeys(rs, rf) : ['Resources'];
        for (const x of sub) {
          const code: ModificationCode =
            x === 'Font' ? 'FONT_CHANGED' : x === 'XObject' ? 'XOBJECT_CHANGED' : 'RESOURCES_CHANGED';
          this.ev.add({
            code,
            message: `page ${j + 1} now uses other ${x === 'Font' ? 'fonts' : x === 'XObject' ? 'XObjects' : 'resources'}`,
            objects: this.objects([pf.num]),
            page: j + 1,
            keys: [x],
          });
        }
      } else if (DECLARATIVE.has(k))
        this.ev.add({
          code: 'METADATA_CHANGED',
          message: `page ${j + 1}: /${k} changed`,
          objects: this.objects([pf.num]),
          page: j + 1,
          keys: [k],
        });
      else if (k === 'StructParents')
        this.ev.add({
          code: 'STRUCTURE_CHANGED',
          message: `page ${j + 1}: /StructParents changed`,
          objects: this.objects([pf.num]),
          page: j + 1,
          keys: [k],
        });
      else other.push(k);
    }
    if (other.length > 0)
      this.ev.add({
        code: other.every((k) => k === 'Parent') ? 'PAGE_TREE_CHANGED' : 'PAGE_CHANGED',
        message: `page ${j + 1} changed: /${other.join(', /')}`,
        objects: this.objects([pf.num]),
        page: j + 1,
        keys: other,
      });
    this.claim([pf.num], Role.page);
    this.annotations(ps, pf, j);
  }

  private annotations(ps: PageInfo, pf: PageInfo, j: number): void {
    const { pdf, s, f } = this;
    const list = (p: PageInfo, rev: number) => {
      const a = pdf.resolve(p.dict.get('Annots'), rev);
      return (Array.isArray(a) ? a : []).map((v) => ({
        num: refNum(v),
        value: v,
        dict: dictOf(pdf.resolve(v, rev)),
      }));
    };
    const annS = list(ps, s);
    const annF = list(pf, f);
    const numsS = new Set(annS.map((a) => a.num));
    const numsF = new Set(annF.map((a) => a.num));
    for (const a of annF) {
      this.budget.spend();
      if (a.num !== undefined && numsS.has(a.num)) {
        const c = this.changed.get(a.num);
        if (!c || this.claimed.has(a.num) || !a.dict) continue;
        const before = dictOf(c.before);
        const keys = before ? changedKeys(before, a.dict) : ['(object)'];
        const owner = this.widgets.get(a.num);
        const objs = this.under(f, a.value);
        if (
          owner &&
          (owner.status === 'filled' || owner.status === 'signed') &&
          keys.every((k) => FILL_KEYS.has(k))
        ) {
          this.claim(objs, ANNOTATION_ROLES | Role.field);
          continue;
        }
        this.claim(objs, ANNOTATION_ROLES);
        this.ev.add(
          {
            code: 'ANNOTATION_MODIFIED',
            message: `a ${a.dict.name('Subtype') ?? ''} annotation (object ${a.num}) on page ${j + 1} changed: /${keys.join(', /')}`,
            objects: this.objects(objs),
            page: j + 1,
            field: owner?.field,
            subtype: a.dict.name('Subtype'),
            keys,
          },
          `a${a.num}`,
        );
        continue;
      }
      if (a.num === undefined && annS.some((x) => x.num === undefined && sameValue(x.value, a.value)))
        continue;
      if (!a.dict) continue;
      // Added to the page.
      const owner = a.num === undefined ? undefined : this.widgets.get(a.num);
      const subtype = a.dict.name('Subtype');
      const objs = this.under(f, a.value);
      const rect = rectOf(pdf, a.dict.get('Rect'), f);
      if (owner?.status === 'new') this.claim(objs, FIELD_ROLES);
      else {
        this.claim(objs, owner ? FIELD_ROLES : ANNOTATION_ROLES);
        this.ev.add(
          {
            code: 'ANNOTATION_ADDED',
            message: `a ${subtype ?? 'untyped'} annotation${a.num !== undefined ? ` (object ${a.num})` : ''} was added to page ${j + 1}`,
            objects: this.objects(objs),
            page: j + 1,
            field: owner?.field,
            subtype,
            rect,
          },
          `a${a.num ?? a.dict.start}`,
        );
      }
      const over = this.overlay(a.dict, pf, rect);
      if (over)
        this.ev.add(
          {
            code: 'OVERLAY_OVER_CONTENT',
            message: `a ${subtype ?? 'untyped'} ${owner ? `widget of field ${owner.field}` : 'annotation'} added after signing is drawn over page ${j + 1} at [${over.join(' ')}]`,
            objects: this.objects([a.num]),
            page: j + 1,
            field: owner?.field,
            subtype,
            rect: over,
          },
          `o${a.num ?? a.dict.start}`,
        );
    }
    for (const a of annS) {
      if (a.num !== undefined ? numsF.has(a.num) : annF.some((x) => sameValue(x.value, a.value))) continue;
      const owner = a.num === undefined ? undefined : this.widgets.get(a.num);
      if (owner?.status === 'removed') continue;
      this.claim([a.num], ANNOTATION_ROLES | (owner ? Role.field : 0));
      this.ev.add(
        {
          code: 'ANNOTATION_REMOVED',
          message: `a ${a.dict?.name('Subtype') ?? 'untyped'} annotation${a.num !== undefined ? ` (object ${a.num})` : ''} was removed from page ${j + 1}`,
          objects: this.objects([a.num]),
          page: j + 1,
          field: owner?.field,
          subtype: a.dict?.name('Subtype'),
        },
        `r${a.num ?? a.dict?.start}`,
      );
    }
    this.claim([refNum(ps.dict.get('Annots')), refNum(pf.dict.get('Annots'))], Role.annotation);
  }

  /** The visible part of an added annotation over its page, when it draws something there. */
  private overlay(
    annot: PdfDict,
    page: PageInfo,
    rect: readonly [number, number, number, number] | undefined,
  ): [number, number, number, number] | undefined {
    const { pdf, f } = this;
    if (!rect) return undefined;
    const flags = pdf.resolve(annot.get('F'), f);
    if (typeof flags === 'number' && flags & (2 | 32)) return undefined; // Hidden, NoView
    const ap = pdf.dict(annot, 'AP', f);
    if (ap?.get('N') === undefined && !DRAWN.has(annot.name('Subtype') ?? '')) return undefined;
    const box = page.box ?? rect;
    const x1 = Math.max(rect[0], box[0]);
    const y1 = Math.max(rect[1], box[1]);
    const x2 = Math.min(rect[2], box[2]);
    const y2 = Math.min(rect[3], box[3]);
    return x2 > x1 && y2 > y1 ? [x1, y1, x2, y2] : undefined;
  }

  // ——— objects the signed revision held unused, used now ———
  private reused(): void {
    const byPage = new Map<number, number[]>();
    for (const [num, roles] of this.rolesF) {
      if (this.rolesS.has(num) || this.changed.has(num)) continue;
      if ((roles & ~(Role.dss | Role.metadata)) === 0) continue;
      this.budget.spend();
      if (this.pdf.getObject(num, this.s) === null) continue;
      const page = this.pageOfF.get(num) ?? -1;
      byPage.set(page, [...(byPage.get(page) ?? []), num]);
    }
    for (const [page, nums] of byPage)
      this.ev.add({
        code: 'OBJECT_REUSED',
        message: `${plural(nums.length, 'object')} the signed revision held but did not use ${nums.length === 1 ? 'is' : 'are'} used now${page >= 0 ? ` by page ${page + 1}` : ''}: ${nums.join(', ')}`,
        objects: nums.map((num) => ({ num, change: 'reused', revision: -1 })),
        page: page >= 0 ? page + 1 : undefined,
      });
  }

  // ——— object streams the signed revision's objects live in, redefined ———
  private objectStreams(): void {
    const { pdf, s, f } = this;
    for (const [num, c] of this.changed) {
      if (c.change === 'added' || !(c.before instanceof PdfStream) || c.before.dict.name('Type') !== 'ObjStm')
        continue;
      const users: number[] = [];
      for (let r = 0; r <= s; r++)
        for (const [n, e] of pdf.revisions[r]!.entries) {
          this.budget.spend();
          if (e.type === 'compressed' && e.stream === num && pdf.entryOf(n, f)?.revision === r) users.push(n);
        }
      if (users.length === 0) continue;
      this.claimed.add(num);
      this.ev.add({
        code: 'OBJECT_STREAM_REDEFINED',
        message: `object stream ${num}, which holds ${plural(users.length, 'object')} of the signed revision (${users.slice(0, 10).join(', ')}${users.length > 10 ? '…' : ''}), was ${c.change} in revision ${c.revision}: a viewer that resolves it by the last cross-reference reads other objects`,
        objects: [{ num, change: c.change, revision: c.revision }],
      });
    }
  }

  // ——— whatever is left: by the most sensitive role of each object ———
  private leftovers(): void {
    const groups = new Map<
      string,
      { code: ModificationCode; page?: number; field?: string; objs: Changed[]; keys: Set<string> }
    >();
    for (const [num, c] of this.changed) {
      if (this.claimed.has(num)) continue;
      const roles = this.roles(num);
      if (roles === 0 && c.change !== 'redefined') continue; // new or freed objects nobody uses
      const code = roles === 0 ? 'OBJECT_REDEFINED' : codeForRoles(roles);
      const p = this.pageOfF.get(num) ?? this.pageOfS.get(num);
      const page = p !== undefined && roles !== 0 ? p + 1 : undefined;
      const field = code === 'SIGNATURE_DICTIONARY_CHANGED' ? this.sigFields.get(num) : undefined;
      const key = `${code}|${page}|${field}`;
      const g = groups.get(key) ?? { code, page, field, objs: [], keys: new Set<string>() };
      groups.set(key, g);
      g.objs.push(c);
      if (isDictLike(c.before) && isDictLike(c.after))
        for (const k of changedKeys(c.before, c.after)) g.keys.add(k);
    }
    for (const g of groups.values()) {
      const how = [...new Set(g.objs.map((o) => o.change))].join(' or ');
      const keys = [...g.keys];
      this.ev.add({
        code: g.code,
        message:
          g.code === 'OBJECT_REDEFINED'
            ? `${plural(g.objs.length, 'object')} of the signed revision (${g.objs.map((o) => o.num).join(', ')}) redefined, but neither revision uses ${g.objs.length === 1 ? 'it' : 'them'}`
            : `${plural(g.objs.length, DESCRIBE[g.code] ?? 'object')} (${g.objs.map((o) => o.num).join(', ')}) ${how} after signing${g.page !== undefined ? ` (page ${g.page})` : ''}${g.field ? ` (signature ${g.field})` : ''}${keys.length ? `: /${keys.join(', /')}` : ''}`,
        objects: g.objs.map((o) => ({ num: o.num, change: o.change, revision: o.revision })),
        page: g.page,
        field: g.field,
        keys,
      });
    }
  }
}

function isDictLike(v: PdfValue): v is PdfDict | PdfStream {
  return v instanceof PdfDict || v instanceof PdfStream;
}
