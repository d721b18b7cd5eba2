/**
 * Modification analysis (attacks P2, P4–P10): every change between a signed revision and the final
 * document, found at object level and judged by the DocMDP level, FieldMDP locks and the policy.
 */
import { describe, expect, it } from 'vitest';
import {
  type ModificationReport,
  PdfError,
  analyzeModifications,
  appendRevision,
  collectModifications,
  findSignatures,
  judgeModifications,
  readPdf,
} from '../src/index';
import {
  FIELDS,
  type Level,
  TEXT,
  analyse,
  catalog,
  contract,
  fieldMdpReference,
  objectText,
  page,
  sign,
  signSecondField,
  textField,
} from './helpers/modifications';
import { latin1, sigDict } from './helpers/pdf';

const LEVELS: Level[] = [1, 2, 3, undefined];
const codes = (r: ModificationReport) => r.findings.map((f) => f.code).sort();
const refused = (r: ModificationReport) => r.notPermitted.map((f) => f.code).sort();

describe('documents changed in permitted ways', () => {
  it('untouched, or rewritten identically: unchanged, and the signed claims are exposed', async () => {
    for (const p of LEVELS) {
      const signed = await contract(p);
      const r = await analyse(signed);
      expect(r.verdict, `P=${p}`).toBe('UNCHANGED');
      expect(r.passed).toBe(true);
      expect(r.findings).toEqual([]);
      expect(r.permissions.docMdp).toBe(p);
      expect(r.signedDictionary).toEqual({
        signingTime: 'D:20261122120000Z',
        reason: 'Acuerdo de servicios',
        location: 'Montevideo',
        name: 'Ana Pereira',
      });
      // An update that writes the same objects again changes nothing.
      const same = await appendRevision(signed, {
        objects: { 3: page(), 11: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>' },
      });
      const again = await analyse(same);
      expect(again.verdict).toBe('UNCHANGED');
      expect(again.evidence).toMatchObject({
        signedRevision: 0,
        finalRevision: 1,
        objectsCompared: 2,
        objectsChanged: 0,
      });
    }
  });

  it('a DSS with VRI (in an object stream) and a document time-stamp are permitted at every level', async () => {
    for (const p of LEVELS) {
      const signed = await contract(p);
      const dss = ' /DSS 20 0 R /Extensions << /ESIC << /BaseVersion /1.7 /ExtensionLevel 1 >> >>';
      const lt = await appendRevision(signed, {
        xref: 'stream',
        objectStreams: true,
        objects: {
          1: catalog(p, FIELDS, dss),
          20: '<< /Certs [21 0 R] /OCSPs [22 0 R] /VRI << /0A1B2C3D << /Cert [21 0 R] /TU (D:20261122130000Z) >> >> >>',
          21: { dict: '<< >>', data: 'certificate' },
          22: { dict: '<< >>', data: 'ocsp response' },
        },
      });
      const lta = await sign(
        await appendRevision(lt, {
          objects: {
            1: catalog(p, `${FIELDS} 23 0 R`, dss),
            3: page(`${FIELDS} 23 0 R`),
            23: '<< /FT /Sig /T (Sello) /V 24 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R >>',
            24: sigDict({ type: 'DocTimeStamp', subFilter: 'ETSI.RFC3161' }),
          },
          directObjects: [24],
        }),
      );
      const r = await analyse(lta);
      expect(codes(r), `P=${p}`).toEqual(['DOC_TIMESTAMP_ADDED', 'DSS_ADDED', 'METADATA_CHANGED']);
      expect(r.verdict).toBe('PERMITTED_CHANGES');
      expect(r.findings.every((f) => f.permitted)).toBe(true);
      expect(
        r.findings
          .find((f) => f.code === 'DSS_ADDED')
          ?.objects.map((o) => o.num)
          .sort(),
      ).toEqual([20, 21, 22]);
      // The time-stamp itself covers the whole document.
      expect((await analyse(lta, {}, 'Sello')).verdict).toBe('UNCHANGED');
    }
  });

  it('a second signature in an empty field: permitted from P=2, not at P=1', async () => {
    for (const p of LEVELS) {
      const r = await analyse(await signSecondField(await contract(p)));
      expect(codes(r), `P=${p}`).toEqual(['SIGNATURE_ADDED']);
      expect(r.findings[0]).toMatchObject({ field: 'Firma2', permitted: p !== 1 });
      expect(r.verdict).toBe(p === 1 ? 'NOT_PERMITTED' : 'PERMITTED_CHANGES');
    }
    const r1 = await analyse(await signSecondField(await contract(1)));
    expect(r1.summary).toMatch(/certified at P=1: it permits no change but DSS and document time-stamps/);
  });

  it('a form field filled in: permitted from P=2, not at P=1, nor when a FieldMDP lock holds it', async () => {
    const fill = (base: Uint8Array) =>
      appendRevision(base, {
        objects: {
          10: textField(' /V (1.000.000) /AP << /N 13 0 R >>'),
          13: {
            dict: '<< /Type /XObject /Subtype /Form /BBox [0 0 100 20] >>',
            data: 'BT /Helv 10 Tf 2 5 Td (1.000.000) Tj ET',
          },
        },
      });
    for (const p of LEVELS) {
      const r = await analyse(await fill(await contract(p)));
      expect(codes(r), `P=${p}`).toEqual(['FORM_FIELD_FILLED']);
      expect(r.findings[0]).toMatchObject({ field: 'importe', keys: ['V', 'AP'], permitted: p !== 1 });
      expect(r.passed).toBe(p !== 1);
    }
    const locked = await analyse(
      await fill(await contract(undefined, { sigExtra: fieldMdpReference('Include', ['importe']) })),
    );
    expect(locked.permissions.locks).toEqual([{ action: 'Include', fields: ['importe'] }]);
    expect(refused(locked)).toEqual(['FORM_FIELD_FILLED']);
    expect(locked.notPermitted[0]?.reason).toMatch(/locked/);
    const others = await analyse(await fill(await contract(2, { sigExtra: '' })));
    expect(others.passed).toBe(true);
    const excluded = await analyse(
      await fill(await contract(undefined, { sigExtra: fieldMdpReference('Exclude', ['importe']) })),
    );
    expect(excluded.passed).toBe(true);
  });

  it('an annotation (a comment) added: permitted at P=3 and without certification, not at P=1 or P=2', async () => {
    for (const p of LEVELS) {
      const signed = await contract(p);
      const r = await analyse(
        await appendRevision(signed, {
          objects: {
            3: page(`${FIELDS} 15 0 R`),
            15: '<< /Type /Annot /Subtype /Text /Rect [560 800 580 820] /Contents (Revisado) >>',
          },
        }),
      );
      expect(codes(r), `P=${p}`).toEqual(['ANNOTATION_ADDED']);
      expect(r.findings[0]).toMatchObject({ page: 1, subtype: 'Text', rect: [560, 800, 580, 820] });
      expect(r.passed).toBe(p === 3 || p === undefined);
      expect(r.findings[0]?.reason).toMatch(
        p === undefined ? /not certified, held to P=3: permitted and reported/ : /P=/,
      );
    }
  });

  it('the document information dictionary updated: permitted at every level', async () => {
    const signed = await contract(1, { objects: { 9: '<< /Producer (Mutua) >>' }, trailer: ' /Info 9 0 R' });
    const r = await analyse(
      await appendRevision(signed, {
        objects: { 9: '<< /Producer (Mutua) /ModDate (D:20261123) >>' },
        trailer: ' /Info 9 0 R',
      }),
    );
    expect(codes(r)).toEqual(['METADATA_CHANGED']);
    expect(r.findings[0]?.keys).toEqual(['ModDate']);
    expect(r.passed).toBe(true);
  });

  it('an empty signature field added, or AcroForm defaults changed: permitted from P=2', async () => {
    for (const p of LEVELS) {
      const signed = await contract(p);
      const field = await analyse(
        await appendRevision(signed, {
          objects: {
            1: catalog(p, `${FIELDS} 25 0 R`),
            3: page(`${FIELDS} 25 0 R`),
            25: '<< /FT /Sig /T (Firma3) /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R >>',
          },
        }),
      );
      expect(codes(field), `P=${p}`).toEqual(['SIGNATURE_FIELD_ADDED']);
      expect(field.passed).toBe(p !== 1);
      const defaults = await analyse(
        await appendRevision(signed, {
          objects: { 1: catalog(p).replace('/SigFlags 3', '/SigFlags 3 /NeedAppearances true') },
        }),
      );
      expect(codes(defaults)).toEqual(['FORM_DEFAULTS_UPDATED']);
      expect(defaults.passed).toBe(p !== 1);
    }
  });

  it('an annotation removed: permitted at P=3, not at P=2', async () => {
    for (const p of [2, 3] as const) {
      const signed = await contract(p, {
        objects: {
          3: page(`${FIELDS} 15 0 R`),
          15: '<< /Type /Annot /Subtype /Text /Rect [560 800 580 820] /Contents (Revisar) >>',
        },
      });
      const r = await analyse(await appendRevision(signed, { objects: { 3: page() } }));
      expect(codes(r)).toEqual(['ANNOTATION_REMOVED']);
      expect(r.findings[0]).toMatchObject({ page: 1, subtype: 'Text' });
      expect(r.passed).toBe(p === 3);
    }
  });

  it('an object of the signed revision nobody uses, redefined: reported, permitted', async () => {
    const signed = await contract(1, { objects: { 30: '(unused)' } });
    const r = await analyse(await appendRevision(signed, { objects: { 30: '(still unused)' } }));
    expect(codes(r)).toEqual(['OBJECT_REDEFINED']);
    expect(r.passed).toBe(true);
  });

  it('the same evidence judged again under another level or policy (evidence and judgement apart)', async () => {
    const signed = await contract(undefined);
    const updated = await appendRevision(signed, {
      objects: {
        3: page(`${FIELDS} 15 0 R`),
        15: '<< /Type /Annot /Subtype /Stamp /Rect [60 690 400 720] /Name /Approved >>',
      },
    });
    const evidence = collectModifications(await readPdf(updated), 0);
    expect(evidence.changes.map((c) => c.code).sort()).toEqual(['ANNOTATION_ADDED', 'OVERLAY_OVER_CONTENT']);
    expect(judgeModifications(evidence).verdict).toBe('PERMITTED_CHANGES');
    expect(judgeModifications(evidence, { docMdp: 3 }).verdict).toBe('NOT_PERMITTED');
    expect(judgeModifications(evidence, { docMdp: 3 }, { overlaysOnCertified: 'report' }).verdict).toBe(
      'PERMITTED_CHANGES',
    );
    expect(judgeModifications(evidence, {}, { uncertifiedLevel: 2 }).verdict).toBe('NOT_PERMITTED');
  });
});

describe('documents changed in ways no level permits', () => {
  it('page content: the stream redefined, another stream, a stream appended', async () => {
    for (const p of LEVELS) {
      const signed = await contract(p);
      const redefined = await analyse(
        await appendRevision(signed, {
          objects: { 8: { dict: '<< >>', data: TEXT.replace('100', '100.000') } },
        }),
      );
      expect(refused(redefined), `P=${p}`).toEqual(['PAGE_CONTENT_CHANGED']);
      expect(redefined.findings[0]).toMatchObject({
        page: 1,
        objects: [{ num: 8, change: 'redefined', revision: 1 }],
      });
      const other = await analyse(
        await appendRevision(signed, {
          objects: { 3: page(FIELDS, '', '16 0 R'), 16: { dict: '<< >>', data: 'BT (otro) Tj ET' } },
        }),
      );
      expect(refused(other)).toEqual(['PAGE_CONTENT_CHANGED']);
      expect(other.findings[0]?.objects.map((o) => [o.num, o.change])).toEqual([
        [3, 'redefined'],
        [16, 'added'],
      ]);
      const appended = await analyse(
        await appendRevision(signed, {
          objects: { 3: page(FIELDS, '', '[8 0 R 16 0 R]'), 16: { dict: '<< >>', data: 'BT (y) Tj ET' } },
        }),
      );
      expect(refused(appended)).toEqual(['PAGE_CONTENT_CHANGED']);
      expect(appended.verdict).toBe('NOT_PERMITTED');
      expect(appended.summary).toMatch(/PAGE_CONTENT_CHANGED \(page 1\): never permitted after signing/);
    }
  });

  it('resources: another font, another XObject, a graphics state', async () => {
    const signed = await contract(3);
    const font = await analyse(
      await appendRevision(signed, {
        objects: {
          3: page(FIELDS, '', '8 0 R', '17 0 R'),
          17: '<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>',
        },
      }),
    );
    expect(refused(font)).toEqual(['FONT_CHANGED']);
    const state = await analyse(
      await appendRevision(signed, {
        objects: { 3: page(FIELDS).replace('/XObject', '/ExtGState << /G0 << /CA 0 >> >> /XObject') },
      }),
    );
    expect(refused(state)).toEqual(['RESOURCES_CHANGED']);
  });

  it('shadow "hide": the cover XObject redefined, or freed by an update that writes no object', async () => {
    for (const p of LEVELS) {
      const signed = await contract(p);
      const redefined = await analyse(
        await appendRevision(signed, {
          objects: { 12: { dict: '<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] >>', data: '' } },
        }),
      );
      expect(refused(redefined), `P=${p}`).toEqual(['XOBJECT_CHANGED']);
      expect(redefined.findings[0]?.objects).toEqual([{ num: 12, change: 'redefined', revision: 1 }]);
      const freed = await appendRevision(signed, { freeObjects: [12] });
      expect(latin1(freed.subarray(signed.length))).not.toMatch(/ obj/);
      const r = await analyse(freed);
      expect(refused(r)).toEqual(['XOBJECT_CHANGED']);
      expect(r.findings[0]?.objects).toEqual([{ num: 12, change: 'freed', revision: 1 }]);
    }
  });

  it('shadow "replace": a font redefined so the same codes draw other glyphs', async () => {
    const signed = await contract(2);
    const r = await analyse(
      await appendRevision(signed, {
        objects: { 11: '<< /Type /Font /Subtype /Type1 /BaseFont /Symbol >>' },
      }),
    );
    expect(refused(r)).toEqual(['FONT_CHANGED']);
    expect(r.findings[0]).toMatchObject({
      page: 1,
      keys: ['BaseFont'],
      objects: [{ num: 11, change: 'redefined' }],
    });
  });

  it('shadow "replace" through a form fill whose appearance clobbers an object the page draws', async () => {
    const signed = await contract(2);
    const r = await analyse(
      await appendRevision(signed, {
        objects: {
          10: textField(' /V (1) /AP << /N 12 0 R >>'),
          12: { dict: '<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] >>', data: '0 g 0 0 1 1 re f' },
        },
      }),
    );
    expect(codes(r)).toEqual(['FORM_FIELD_FILLED', 'XOBJECT_CHANGED']);
    expect(refused(r)).toEqual(['XOBJECT_CHANGED']);
  });

  it('shadow "replace" through the cross-reference alone: a second body of object 8 hidden in the signed bytes', async () => {
    const hidden = 'BT /F1 12 Tf 72 700 Td (Pague 100.000 pesos a Ana Pereira) Tj ET';
    const shadow = `\n8 0 obj\n<< /Length ${hidden.length} >>\nstream\n${hidden}\nendstream\nendobj\n`;
    const signed = await contract(2, { objects: { 30: { dict: '<< >>', data: shadow } } });
    const at = latin1(signed).indexOf('\n8 0 obj\n<< /Length', latin1(signed).indexOf('30 0 obj')) + 1;
    const attacked = await appendRevision(signed, { entryOffsets: { 8: at } });
    expect(latin1(attacked.subarray(signed.length))).not.toMatch(/ obj/);
    const r = await analyse(attacked);
    expect(refused(r)).toEqual(['PAGE_CONTENT_CHANGED']);
    expect(r.findings[0]?.objects).toEqual([{ num: 8, change: 'redefined', revision: 1 }]);
  });

  it('an object stream of the signed revision redefined: viewers resolving it by the last xref read other objects', async () => {
    const signed = await contract(2, { xref: 'stream', objectStreams: true });
    const font = (await readPdf(signed)).revisions[0]!.entries.get(11);
    if (font?.type !== 'compressed') throw new Error('the font is not in an object stream');
    const attacked = await appendRevision(signed, {
      objects: {
        [font.stream]: {
          dict: '<< /Type /ObjStm /N 1 /First 5 >>',
          data: '11 0 << /Type /Font /Subtype /Type1 /BaseFont /Symbol >>',
        },
      },
    });
    const r = await analyse(attacked);
    expect(refused(r)).toEqual(['OBJECT_STREAM_REDEFINED']);
    expect(r.findings[0]?.objects).toEqual([{ num: font.stream, change: 'redefined', revision: 1 }]);
  });

  it('shadow "hide-and-replace": a page prepared before signing, unused, put in the tree later', async () => {
    const alternative = {
      31: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 32 0 R /Resources << /Font << /F1 11 0 R >> >> >>',
      32: { dict: '<< >>', data: 'BT /F1 12 Tf 72 700 Td (Pague 100.000 pesos) Tj ET' },
      33: '<< /Type /Pages /Kids [31 0 R] /Count 1 >>',
    };
    for (const p of LEVELS) {
      const signed = await contract(p, { objects: alternative });
      // Only a reference changes: the page tree's /Kids.
      const kids = await analyse(
        await appendRevision(signed, { objects: { 2: '<< /Type /Pages /Kids [31 0 R] /Count 1 >>' } }),
      );
      expect(refused(kids), `P=${p}`).toEqual(['OBJECT_REUSED', 'PAGE_TREE_CHANGED']);
      expect(kids.findings.find((f) => f.code === 'PAGE_TREE_CHANGED')?.message).toBe(
        'page 1 is now object 31, was object 3',
      );
      expect(
        kids.findings.find((f) => f.code === 'OBJECT_REUSED')?.objects.map((o) => [o.num, o.change]),
      ).toEqual([
        [31, 'reused'],
        [32, 'reused'],
      ]);
      // Only the catalog's /Pages changes, to a page tree the signed revision held unused.
      const root = await analyse(
        await appendRevision(signed, { objects: { 1: catalog(p).replace('/Pages 2 0 R', '/Pages 33 0 R') } }),
      );
      expect([...new Set(refused(root))]).toEqual(['OBJECT_REUSED', 'PAGE_TREE_CHANGED']);
      expect(
        root.findings
          .filter((f) => f.code === 'OBJECT_REUSED')
          .flatMap((f) => f.objects.map((o) => o.num))
          .sort(),
      ).toEqual([31, 32, 33]);
    }
  });

  it('pages added or removed', async () => {
    const signed = await contract(3);
    const added = await analyse(
      await appendRevision(signed, {
        objects: {
          2: '<< /Type /Pages /Kids [3 0 R 40 0 R] /Count 2 >>',
          40: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 41 0 R >>',
          41: { dict: '<< >>', data: 'BT (Anexo) Tj ET' },
        },
      }),
    );
    expect(refused(added)).toEqual(['PAGE_ADDED']);
    expect(added.findings[0]).toMatchObject({ page: 2 });
    expect(added.findings[0]?.objects.map((o) => o.num).sort()).toEqual([40, 41]);
    const twoPages = await contract(3, {
      objects: {
        2: '<< /Type /Pages /Kids [3 0 R 40 0 R] /Count 2 >>',
        40: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
      },
    });
    const removed = await analyse(
      await appendRevision(twoPages, { objects: { 2: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>' } }),
    );
    expect(refused(removed)).toEqual(['PAGE_REMOVED']);
    expect(removed.findings[0]).toMatchObject({ page: 2 });
    const swapped = await analyse(
      await appendRevision(twoPages, { objects: { 2: '<< /Type /Pages /Kids [40 0 R 3 0 R] /Count 2 >>' } }),
    );
    expect(swapped.notPermitted.map((f) => f.message)).toEqual([
      'page 1 is now object 40, was object 3',
      'page 2 is now object 3, was object 40',
    ]);
  });

  it('page attributes: another /MediaBox or /Rotate', async () => {
    const signed = await contract(undefined);
    const r = await analyse(await appendRevision(signed, { objects: { 3: page(FIELDS, ' /Rotate 180') } }));
    expect(refused(r)).toEqual(['PAGE_CHANGED']);
    expect(r.findings[0]?.keys).toEqual(['Rotate']);
  });

  it('the signature dictionary edited after signing: only the signed /Reason, /M are shown', async () => {
    for (const p of LEVELS) {
      const signed = await contract(p);
      const body = objectText(signed, 5)
        .replace('(Acuerdo de servicios)', '(Anulado por el firmante)')
        .replace('(D:20261122120000Z)', '(D:20201122120000Z)');
      const edited = await appendRevision(signed, { objects: { 5: body }, directObjects: [5] });
      const pdf = await readPdf(edited);
      const [s] = findSignatures(pdf);
      expect(s?.reason).toBe('Acuerdo de servicios');
      const r = await analyse(edited);
      expect(refused(r), `P=${p}`).toEqual(['SIGNATURE_DICTIONARY_CHANGED']);
      expect(r.findings[0]).toMatchObject({ field: 'Firma1', keys: ['M', 'Reason'] });
      expect(r.dictionaryChangedLater).toBe(true);
      expect(r.signedDictionary.reason).toBe('Acuerdo de servicios');
      expect(r.signedDictionary.signingTime).toBe('D:20261122120000Z');
    }
  });

  it('catalog entries: an /OpenAction added; /Perms removed to shed the certification', async () => {
    const signed = await contract(1);
    const action = await analyse(
      await appendRevision(signed, {
        objects: { 1: catalog(1, FIELDS, ' /OpenAction << /S /JavaScript /JS (app.alert(1)) >>') },
      }),
    );
    expect(refused(action)).toEqual(['CATALOG_CHANGED']);
    // The level is read from the signed revision: removing /Perms later does not lift it.
    const shed = await analyse(
      await appendRevision(await signSecondField(signed), { objects: { 1: catalog(undefined) } }),
    );
    expect(shed.permissions.docMdp).toBe(1);
    expect(refused(shed)).toEqual(['PERMISSIONS_CHANGED', 'SIGNATURE_ADDED']);
  });

  it('encryption added in an update', async () => {
    const signed = await contract(3);
    const r = await analyse(
      await appendRevision(signed, {
        objects: { 50: '<< /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >>' },
        trailer: ' /Encrypt 50 0 R',
      }),
    );
    expect(refused(r)).toEqual(['CATALOG_CHANGED']);
    expect(r.findings[0]?.keys).toEqual(['Encrypt']);
  });

  it('form fields added, removed, or changed other than by filling', async () => {
    const signed = await contract(2);
    const added = await analyse(
      await appendRevision(signed, {
        objects: {
          1: catalog(2, `${FIELDS} 18 0 R`),
          18: '<< /FT /Tx /T (nuevo) /V (x) >>',
        },
      }),
    );
    expect(refused(added)).toEqual(['FORM_FIELD_ADDED']);
    const removed = await analyse(
      await appendRevision(signed, { objects: { 1: catalog(2, '4 0 R 6 0 R') } }),
    );
    expect(refused(removed)).toEqual(['FORM_FIELD_REMOVED']);
    const flags = await analyse(await appendRevision(signed, { objects: { 10: textField(' /Ff 4096') } }));
    expect(refused(flags)).toEqual(['FORM_FIELD_MODIFIED']);
  });
});

describe('overlays drawn over certified content (Evil Annotation, Sneaky Signature)', () => {
  const freeText =
    '<< /Type /Annot /Subtype /FreeText /Rect [60 690 400 720] /Contents (Pague 1.000.000) /DA (/Helv 12 Tf 0 g) >>';

  it('a FreeText annotation over the page at P=3 fails; reported only without certification or by policy', async () => {
    for (const p of [3, undefined] as const) {
      const signed = await contract(p);
      const updated = await appendRevision(signed, {
        objects: { 3: page(`${FIELDS} 15 0 R`), 15: freeText },
      });
      const r = await analyse(updated);
      expect(codes(r)).toEqual(['ANNOTATION_ADDED', 'OVERLAY_OVER_CONTENT']);
      expect(r.findings.find((f) => f.code === 'OVERLAY_OVER_CONTENT')).toMatchObject({
        page: 1,
        subtype: 'FreeText',
        rect: [60, 690, 400, 720],
        permitted: p === undefined,
      });
      expect(r.passed).toBe(p === undefined);
      expect((await analyse(updated, { policy: { overlaysOnCertified: 'report' } })).passed).toBe(true);
    }
  });

  it('a Stamp with an appearance over the page fails at P=3; hidden, or off the page, it does not overlay', async () => {
    const signed = await contract(3);
    const stamp = (extra: string, rect = '[100 600 300 700]') =>
      appendRevision(signed, {
        objects: {
          3: page(`${FIELDS} 15 0 R`),
          15: `<< /Type /Annot /Subtype /Stamp /Rect ${rect} /AP << /N 16 0 R >>${extra} >>`,
          16: {
            dict: '<< /Type /XObject /Subtype /Form /BBox [0 0 200 100] >>',
            data: '1 g 0 0 200 100 re f',
          },
        },
      });
    expect(refused(await analyse(await stamp('')))).toEqual(['OVERLAY_OVER_CONTENT']);
    expect((await analyse(await stamp(' /F 2'))).passed).toBe(true);
    expect((await analyse(await stamp('', '[600 900 700 1000]'))).passed).toBe(true);
  });

  it('a text field added at P=2 whose widget paints over the page fails twice over', async () => {
    const signed = await contract(2);
    const r = await analyse(
      await appendRevision(signed, {
        objects: {
          1: catalog(2, `${FIELDS} 25 0 R`),
          3: page(`${FIELDS} 25 0 R`),
          25: '<< /FT /Tx /T (nota) /V (Pague 1.000.000) /Type /Annot /Subtype /Widget /Rect [60 690 400 720] /P 3 0 R /AP << /N 27 0 R >> >>',
          27: { dict: '<< /Type /XObject /Subtype /Form /BBox [0 0 340 30] >>', data: '1 g 0 0 340 30 re f' },
        },
      }),
    );
    expect(refused(r)).toEqual(['FORM_FIELD_ADDED', 'OVERLAY_OVER_CONTENT']);
  });

  it('a signature added at P=2 whose widget paints over the page (Sneaky Signature) fails', async () => {
    const signed = await contract(2);
    const updated = await appendRevision(signed, {
      objects: {
        3: page(`${FIELDS} 25 0 R`),
        1: catalog(2, `${FIELDS} 25 0 R`),
        25: '<< /FT /Sig /T (Firma3) /V 26 0 R /Type /Annot /Subtype /Widget /Rect [60 690 400 720] /P 3 0 R /AP << /N 27 0 R >> >>',
        26: sigDict(),
        27: {
          dict: '<< /Type /XObject /Subtype /Form /BBox [0 0 340 30] >>',
          data: '1 g 0 0 340 30 re f BT 0 g /F1 12 Tf (Pague 1.000.000) Tj ET',
        },
      },
      directObjects: [26],
    });
    const r = await analyse(await sign(updated));
    expect(codes(r)).toEqual(['OVERLAY_OVER_CONTENT', 'SIGNATURE_ADDED']);
    expect(refused(r)).toEqual(['OVERLAY_OVER_CONTENT']);
    expect(r.notPermitted[0]).toMatchObject({ field: 'Firma3', subtype: 'Widget' });
    expect(r.summary).toMatch(/Sneaky Signature/);
  });
});

describe('bounded on hostile input', () => {
  it('a tight budget ends in INDETERMINATE, never a hang', async () => {
    const signed = await contract(2);
    const updated = await appendRevision(signed, { objects: { 8: { dict: '<< >>', data: 'BT (x) Tj ET' } } });
    const r = await analyse(updated, { limits: { maxObjects: 3 } });
    expect(r.verdict).toBe('INDETERMINATE');
    expect(r.passed).toBe(false);
    expect(r.findings.map((f) => f.code)).toEqual(['ANALYSIS_INCOMPLETE']);
    expect(r.evidence.complete).toBe(false);
  });

  it('a revision that does not exist is an incomplete analysis', async () => {
    const pdf = await readPdf(await contract(1));
    const m = collectModifications(pdf, 7);
    expect(m).toMatchObject({ complete: false, changes: [{ code: 'ANALYSIS_INCOMPLETE' }] });
  });

  it('cycles: a page tree that contains itself, an annotation that is its own popup, a self reference', async () => {
    const signed = await contract(3);
    const r = await analyse(
      await appendRevision(signed, {
        objects: {
          2: '<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 1 >>',
          3: page(`${FIELDS} 15 0 R`),
          15: '<< /Type /Annot /Subtype /Text /Rect [0 0 1 1] /Popup 15 0 R /IRT 15 0 R >>',
          11: '11 0 R',
        },
      }),
    );
    expect(r.verdict).toBe('NOT_PERMITTED');
    expect(refused(r)).toEqual(['FONT_CHANGED', 'PAGE_TREE_CHANGED']);
  });

  it('bytes flipped in the updates: a PdfError when reading, or a report, never a crash', async () => {
    const signed = await contract(2);
    const updated = await signSecondField(
      await appendRevision(signed, {
        objects: { 3: page(`${FIELDS} 15 0 R`), 15: '<< /Type /Annot /Subtype /Text /Rect [1 1 2 2] >>' },
      }),
    );
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const verdicts = new Set<string>();
    for (let i = 0; i < 150; i++) {
      const bytes = updated.slice();
      for (let k = 0; k < 1 + Math.floor(random() * 4); k++) {
        const at = signed.length + Math.floor(random() * (updated.length - signed.length));
        bytes[at] = ' 0R/[]<>()1'.charCodeAt(Math.floor(random() * 11));
      }
      let pdf: Awaited<ReturnType<typeof readPdf>>;
      let signatures: ReturnType<typeof findSignatures>;
      try {
        pdf = await readPdf(bytes);
        signatures = findSignatures(pdf);
      } catch (e) {
        expect(e).toBeInstanceOf(PdfError);
        continue;
      }
      for (const s of signatures) verdicts.add(analyzeModifications(pdf, s, { signatures }).verdict);
    }
    expect(verdicts.size).toBeGreaterThan(0);
  });

  it('a document of 3000 pages with an update is analysed within bounds', async () => {
    const objects: Record<number, string> = {};
    const kids: string[] = [];
    for (let i = 0; i < 3000; i++) {
      objects[100 + i] =
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 8 0 R /Resources << /Font << /F1 11 0 R >> >> >>';
      kids.push(`${100 + i} 0 R`);
    }
    const signed = await contract(2, {
      objects: { ...objects, 2: `<< /Type /Pages /Kids [3 0 R ${kids.join(' ')}] /Count 3001 >>` },
    });
    const started = performance.now();
    const r = await analyse(
      await appendRevision(signed, {
        objects: { 11: '<< /Type /Font /Subtype /Type1 /BaseFont /Symbol >>' },
      }),
    );
    expect(refused(r)).toEqual(['FONT_CHANGED']);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('a deep chain of references in an update is bounded', async () => {
    const objects: Record<number, string> = { 3: page(FIELDS, ' /Thumb 100 0 R') };
    for (let i = 100; i < 400; i++) objects[i] = `[${i + 1} 0 R]`;
    const r = await analyse(await appendRevision(await contract(3), { objects }));
    expect(r.verdict).toBe('NOT_PERMITTED');
    expect(refused(r)).toEqual(['PAGE_CHANGED']);
  });
});
