// The audience builder's list rules: the text an input shows and the value read back, so JSON round-trips.
import { expect, it } from 'vitest';
import { audienceWord, listText, readList, RULES } from './tabs/audience-builder.js';

it('shows one value or several as text and reads them back in the same form', () => {
  for (const v of ['/products/*', ['google.com', 'bing.com'], ['cpc', 'email', 'social']])
    expect(readList(listText(v))).toEqual(v);
  expect(readList(' newsletter ,, email ')).toEqual(['newsletter', 'email']);
  expect(readList('')).toBe('');
});

it('names every rule in English and Chinese', () => {
  for (const r of RULES) {
    expect(audienceWord('en', r)).not.toBe(r);
    expect(audienceWord('zh-CN', r)).toMatch(/[\u4e00-\u9fff]/);
  }
});
