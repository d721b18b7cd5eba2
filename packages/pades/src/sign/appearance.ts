/**
 * A simple visible signature appearance: a thin frame and lines of text in Helvetica, sized to fit the
 * rectangle. Internal.
 */
import { pdfNumber } from '../write/serialize';
import type { DrawnAppearance } from './field';

/** WinAnsiEncoding (Annex D) code of the characters outside Latin-1 that it has. */
const WIN_ANSI_EXTRA: Readonly<Record<number, number>> = {
  8364: 0x80,
  8218: 0x82,
  402: 0x83,
  8222: 0x84,
  8230: 0x85,
  8224: 0x86,
  8225: 0x87,
  710: 0x88,
  8240: 0x89,
  352: 0x8a,
  8249: 0x8b,
  338: 0x8c,
  381: 0x8e,
  8216: 0x91,
  8217: 0x92,
  8220: 0x93,
  8221: 0x94,
  8226: 0x95,
  8211: 0x96,
  8212: 0x97,
  732: 0x98,
  8482: 0x99,
  353: 0x9a,
  8250: 0x9b,
  339: 0x9c,
  382: 0x9e,
  376: 0x9f,
};

/** A literal string of `text` in WinAnsiEncoding; characters it lacks become `?`. */
export function winAnsiLiteral(text: string): string {
  let s = '(';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    const code = c >= 0x20 && c <= 0x7e ? c : c >= 0xa0 && c <= 0xff ? c : (WIN_ANSI_EXTRA[c] ?? 0x3f);
    if (code === 0x28 || code === 0x29 || code === 0x5c) s += `\\${String.fromCharCode(code)}`;
    else if (code < 0x80) s += String.fromCharCode(code);
    else s += `\\${code.toString(8).padStart(3, '0')}`;
  }
  return `${s})`;
}

/** Draws `lines` into a `width` × `height` box. */
export function drawTextAppearance(lines: readonly string[], width: number, height: number): DrawnAppearance {
  const pad = Math.min(4, width / 10, height / 10);
  const n = Math.max(1, lines.length);
  const longest = Math.max(1, ...lines.map((l) => [...l].length));
  // Helvetica averages about 0.55 em per character.
  const size = Math.max(
    1,
    Math.min(12, (height - 2 * pad) / (n * 1.2), (width - 2 * pad) / (longest * 0.55)),
  );
  const leading = size * 1.2;
  const f = (x: number) => pdfNumber(Math.round(x * 100) / 100);
  let content = `q 0.2 0.2 0.5 RG 0.5 w 0.25 0.25 ${f(width - 0.5)} ${f(height - 0.5)} re S Q\n`;
  content += `BT /F1 ${f(size)} Tf 0 g ${f(leading)} TL ${f(pad)} ${f(height - pad - size)} Td\n`;
  content += lines.map((l, i) => `${i > 0 ? 'T* ' : ''}${winAnsiLiteral(l)} Tj`).join('\n');
  content += '\nET';
  return { content, usesFont: true };
}
