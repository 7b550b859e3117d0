// The console's two string tables stay in step: the same keys, the same placeholders, and Chinese that is Chinese.
import { expect, it } from 'vitest';
import { tables, translate } from './i18n.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
/** Strings that read the same in both languages: names, units and codes. */
const SAME = new Set(['title', 'eventProps']);

it('has the same keys and placeholders in English and Chinese', () => {
  expect(Object.keys(tables['zh-CN']).sort()).toEqual(Object.keys(tables.en).sort());
  const differ = Object.keys(tables.en).filter(
    (k) =>
      placeholders(tables.en[k as keyof typeof tables.en]).join() !==
      placeholders(tables['zh-CN'][k as keyof typeof tables.en]).join(),
  );
  expect(differ).toEqual([]);
});

it('translates every string that is not a name (no English left in the Chinese table)', () => {
  const english = Object.entries(tables['zh-CN']).filter(
    ([k, v]) =>
      !SAME.has(k) &&
      (v === tables.en[k as keyof typeof tables.en] ||
        /\b[a-z]{4,}\b/.test(v.replace(/\{\w+\}|nudge[-_]\w+|NUDGE_\w+|Nudge|JSON|Segment|p75|LCP|INP/g, ''))),
  );
  expect(english).toEqual([]);
});

it('says shipping a variant and publishing settings with different words', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    expect(translate(lang, 'shipWinner', { v: '' }).trim()).not.toBe(translate(lang, 'save'));
    expect(translate(lang, 'confirmShip', { e: 'x', v: 'y' })).not.toContain(translate(lang, 'save'));
  }
  expect(translate('zh-CN', 'shipWinner', { v: 'red' })).toBe('全量 red');
});
