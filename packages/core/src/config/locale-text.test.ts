// Which per-locale value a page shows, and which per-locale values a config may carry.
import { describe, expect, it } from 'vitest';
import { pickLocale } from './locale-text.js';
import { parseConfig } from './parse.js';

const copy = { en: 'Welcome', 'zh-CN': '欢迎', 'zh-TW': '歡迎' };

describe('pickLocale', () => {
  it('returns a plain string as it is, whatever the locale', () => {
    expect(pickLocale('Welcome', ['zh-CN'])).toBe('Welcome');
  });
  it('takes the exact tag, without case', () => {
    expect(pickLocale(copy, ['zh-CN'])).toBe('欢迎');
    expect(pickLocale(copy, ['zh-tw'])).toBe('歡迎');
    expect(pickLocale(copy, ['en'])).toBe('Welcome');
  });
  it('reads Chinese by script: zh, zh-SG and zh-Hans read zh-CN; zh-HK, zh-MO and zh-Hant read zh-TW', () => {
    for (const tag of ['zh', 'zh-SG', 'zh-Hans', 'zh-Hans-CN'])
      expect([tag, pickLocale(copy, [tag])]).toEqual([tag, '欢迎']);
    for (const tag of ['zh-HK', 'zh-MO', 'zh-Hant', 'zh-Hant-HK'])
      expect([tag, pickLocale(copy, [tag])]).toEqual([tag, '歡迎']);
  });
  it('falls back to the bare language, then any region of it', () => {
    expect(pickLocale(copy, ['en-GB'])).toBe('Welcome');
    expect(pickLocale({ 'en-US': 'Hi', fr: 'Salut' }, ['en-AU'])).toBe('Hi');
    // a Traditional page with only Simplified copy still reads Chinese, not the first value
    expect(pickLocale({ en: 'Hi', 'zh-CN': '欢迎' }, ['zh-TW'])).toBe('欢迎');
  });
  it("then tries the site's default locale, then the first value", () => {
    expect(pickLocale(copy, ['ja', 'zh-TW'])).toBe('歡迎');
    expect(pickLocale({ 'zh-CN': '欢迎', en: 'Welcome' }, ['ja', undefined, ''])).toBe('欢迎');
    expect(pickLocale({ 'zh-CN': '欢迎', en: 'Welcome' }, [])).toBe('欢迎');
  });
  it('gives undefined for what is not text (an unvalidated document), never throws', () => {
    expect(pickLocale(undefined, ['en'])).toBeUndefined();
    expect(pickLocale(5, ['en'])).toBeUndefined();
    expect(pickLocale({ en: 5 }, ['en'])).toBeUndefined();
    expect(pickLocale({ en: 5, fr: 'Salut' }, ['en'])).toBe('Salut');
  });
});

describe('per-locale text props in a config', () => {
  const doc = (props: Record<string, unknown>, type = 'coupon-popup') => ({
    schema: 1,
    site: 's',
    version: 1,
    widgets: [{ id: 'w', type, props }],
    experiments: [],
  });
  it('accepts a string or an object of texts per locale on every text prop', () => {
    expect(parseConfig(doc({ heading: copy, description: copy, consent: copy })).ok).toBe(true);
    expect(parseConfig(doc({ heading: copy, inviterReward: copy, friendReward: copy }, 'referral-card')).ok).toBe(true);
    expect(parseConfig(doc({ label: copy, name: copy }, 'buy-bar')).ok).toBe(true);
    expect(parseConfig(doc({ heading: 'Welcome' })).ok).toBe(true);
  });
  it("refuses misspelt locale tags, naming the key (whether a language exists is the server's check)", () => {
    for (const tag of ['zh-cn', 'zh_CN', 'english', 'EN', 'zh-Hant-tw']) {
      const r = parseConfig(doc({ heading: { en: 'Hi', [tag]: 'x' } }));
      expect(r.ok ? [] : r.issues.map((i) => i.path)).toEqual([`widgets.0.props.heading.${tag}`]);
    }
    expect(parseConfig(doc({ heading: { 'zh-Hant-TW': 'x', 'es-419': 'y' } })).ok).toBe(true);
  });
  it('names the locale of a text that is too long, and refuses a number', () => {
    const long = parseConfig(doc({ heading: { en: 'Hi', 'zh-CN': 'x'.repeat(121) } }));
    expect(long.ok ? [] : long.issues).toEqual([
      { path: 'widgets.0.props.heading.zh-CN', message: 'allows at most 120 character(s)' },
    ]);
    const num = parseConfig(doc({ heading: 5 }));
    expect(num.ok ? [] : num.issues.map((i) => i.path)).toEqual(['widgets.0.props.heading']);
  });
  it("checks a variant's per-locale patch like the widget's own props", () => {
    const d = {
      ...doc({}),
      experiments: [
        {
          key: 'e',
          status: 'running',
          traffic: 1,
          variants: [{ key: 'a', weight: 1, patch: { w: { heading: { 'zh-cn': 'x' } } } }],
        },
      ],
    };
    const r = parseConfig(d);
    expect(r.ok ? [] : r.issues.map((i) => i.path)).toEqual(['experiments.0.variants.0.patch.w.heading.zh-cn']);
  });
});
