// The widget form's rules: each prop's words in the console's language, and each value checked as the server and the widgets check it.
import type { Lang } from './i18n.js';
import { formWordsEn, propWordsEn, type FormWordKey, type PropWords } from './i18n/widget-props-en.js';
import { formWordsZh, propWordsZh } from './i18n/widget-props-zh-cn.js';
import type { Field } from './schema-form.js';

export const propWords: Record<Lang, Record<string, Record<string, PropWords>>> = {
  en: propWordsEn,
  'zh-CN': propWordsZh,
};
const formWords: Record<Lang, Record<FormWordKey, string>> = { en: formWordsEn, 'zh-CN': formWordsZh };

export type { FormWordKey };

export function formWord(lang: Lang, key: FormWordKey, params: Record<string, string | number> = {}): string {
  return formWords[lang][key].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}

/** The prop's label in `lang`; its own name when the tables lack it (a prop added to the core since). */
export const labelOf = (lang: Lang, type: string, prop: string): string => propWords[lang][type]?.[prop]?.[0] ?? prop;

/** Props that hold a colour: the same rule as the server's (packages/server/src/config/colours.ts). */
export const isColourProp = (name: string) => /^(colou?r|background|accent)([A-Z]\w*)?$/.test(name);
/** Props that hold a link or a URL the widget fetches. */
export const isUrlProp = (name: string) => /(^url|Url)$/.test(name);
export const isDateProp = (f: Field) => f.format === 'date-time';

/** Whether the browser knows a colour word: the CSS named colours the server accepts are the ones CSS knows. */
const knownColour = (v: string) => typeof CSS === 'undefined' || CSS.supports('color', v);

export interface FieldIssue {
  key: FormWordKey;
  params: Record<string, string | number>;
}

/**
 * What is wrong with a copy prop's value (one text, or one per locale): the locale or its text named, as the server
 * names `props.heading.zh-cn`.
 */
export function copyIssue(f: Field, value: unknown): FieldIssue | undefined {
  if (value === undefined || typeof value === 'string')
    return value !== undefined && f.maxLength !== undefined && value.length > f.maxLength
      ? { key: 'tooLong', params: { n: f.maxLength } }
      : undefined;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { key: 'notCopy', params: {} };
  const entries = Object.entries(value as Record<string, unknown>);
  if (!entries.length) return { key: 'noLocale', params: {} };
  for (const [l, text] of entries) {
    if (f.localePattern && !new RegExp(f.localePattern).test(l)) return { key: 'badLocale', params: { v: l, l } };
    if (typeof text !== 'string') return { key: 'notCopy', params: { l } };
    if (f.maxLength !== undefined && text.length > f.maxLength)
      return { key: 'tooLongIn', params: { l, n: f.maxLength } };
  }
  return undefined;
}

/** What is wrong with a prop's value, or undefined when the server and the widget would take it. */
export function fieldIssue(f: Field, value: unknown): FieldIssue | undefined {
  if (f.kind === 'copy') return copyIssue(f, value);
  if (value === undefined) return undefined;
  const v = String(value);
  if (f.kind === 'number' || f.kind === 'integer') {
    if (typeof value !== 'number' || !Number.isFinite(value) || (f.kind === 'integer' && !Number.isInteger(value)))
      return { key: 'notNumber', params: {} };
    if (f.min !== undefined && value < f.min) return { key: 'tooSmall', params: { n: f.min } };
    if (f.exclusiveMin !== undefined && value <= f.exclusiveMin)
      return { key: 'tooSmallStrict', params: { n: f.exclusiveMin } };
    return undefined;
  }
  if (f.kind !== 'text') return undefined;
  if (f.maxLength !== undefined && v.length > f.maxLength) return { key: 'tooLong', params: { n: f.maxLength } };
  if (isColourProp(f.name)) {
    const ok = (!f.pattern || new RegExp(f.pattern).test(v)) && (!/^[a-z]+$/i.test(v) || knownColour(v));
    return ok ? undefined : { key: 'badColour', params: { v } };
  }
  if (!f.pattern) return undefined;
  // URL patterns are case-blind in the core (HTTPS:// is a URL); the JSON Schema carries no flags.
  const url = isUrlProp(f.name);
  if (new RegExp(f.pattern, url ? 'i' : '').test(v)) return undefined;
  if (url) return { key: f.pattern.includes('|\\/') ? 'badUrl' : 'badHttpUrl', params: {} };
  return { key: 'badPattern', params: { v } };
}

/** The sentence for a field's issue, naming the field by its label. */
export const issueText = (lang: Lang, type: string, f: Field, issue: FieldIssue): string =>
  formWord(lang, issue.key, { ...issue.params, f: labelOf(lang, type, f.name) });

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO instant as a `datetime-local` input's value in the browser's time zone ('' when it is no instant). */
export function toLocalInput(iso: unknown): string {
  const d = typeof iso === 'string' ? new Date(iso) : null;
  if (!d || Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A `datetime-local` value (the browser's time zone) as the ISO instant the schema wants; '' stays ''. */
export function fromLocalInput(local: string): string {
  const d = new Date(local);
  return local === '' || Number.isNaN(d.getTime()) ? '' : d.toISOString().replace('.000Z', 'Z');
}

/** A colour as `#rrggbb` for `<input type=color>`, or undefined when the browser cannot say (or it is no colour). */
export function hexOf(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  if (/^#[0-9a-f]{6}$/i.test(v)) return v.toLowerCase();
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(v);
  if (short) return `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`.toLowerCase();
  if (typeof document === 'undefined' || !knownColour(v)) return undefined;
  // the canvas turns any opaque CSS colour into #rrggbb; a translucent one comes back as rgba() and is left alone
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx) return undefined;
  ctx.fillStyle = v;
  return /^#[0-9a-f]{6}$/i.test(ctx.fillStyle) ? ctx.fillStyle : undefined;
}

/** JSON with object keys sorted, to compare a draft with the props in force whatever order either lists them in. */
export const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1)))
      : x,
  );
