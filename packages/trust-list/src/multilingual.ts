import type { XmlElement } from '@mutua/xades';
import { lang, text } from './xml';

/**
 * A text in one language, as TS 119 612 writes names and URIs (`<Name xml:lang="es">…</Name>`).
 *
 * @example
 * ```ts
 * import type { MultilingualText } from '@mutua/trust-list';
 * const name: MultilingualText = { lang: 'es', value: 'Ministerio' };
 * name.value; // 'Ministerio'
 * ```
 */
export interface MultilingualText {
  /** The `xml:lang` (absent in a few non-conformant lists). */
  readonly lang?: string;
  /** The text, trimmed. */
  readonly value: string;
}

/** @internal The `Name`/`URI` children of a multilingual element. */
export function readMultilingual(e: XmlElement | undefined, item = 'Name'): MultilingualText[] {
  const out: MultilingualText[] = [];
  if (!e) return out;
  for (const n of e.children) {
    if (n.kind !== 'element' || n.localName !== item) continue;
    const l = lang(n);
    out.push(l === undefined ? { value: text(n) ?? '' } : { lang: l, value: text(n) ?? '' });
  }
  return out;
}

/**
 * The text in the preferred language: `lang` if present, else English, else the first.
 *
 * @example
 * ```ts
 * import { pickLanguage } from '@mutua/trust-list';
 * pickLanguage([{ lang: 'pt', value: 'Brasil' }, { lang: 'en', value: 'Brazil' }]); // 'Brazil'
 * pickLanguage([{ lang: 'pt', value: 'Brasil' }, { lang: 'en', value: 'Brazil' }], 'pt'); // 'Brasil'
 * pickLanguage([]); // undefined
 * ```
 */
export function pickLanguage(texts: readonly MultilingualText[], preferred = 'en'): string | undefined {
  return (
    texts.find((t) => t.lang?.toLowerCase() === preferred.toLowerCase())?.value ??
    texts.find((t) => t.lang?.toLowerCase() === 'en')?.value ??
    texts[0]?.value
  );
}
