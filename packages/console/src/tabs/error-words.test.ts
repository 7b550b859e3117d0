// The Errors tab names an unknown failure by what it was grouped by, and says what each row's count counts.
import { expect, it } from 'vitest';
import type { ErrorGroup } from '../api.js';
import { badgeWords, errorWords, refusalCounts } from './error-words.js';

const group = (over: Partial<ErrorGroup>): ErrorGroup => ({
  code: null,
  source: 'widget',
  event: null,
  path: null,
  widget: 'stock',
  widgetType: 'stock-banner',
  kind: null,
  count: 8,
  counts: 'page_views',
  visitors: 1,
  pages: 1,
  firstSeen: 1,
  lastSeen: 2,
  example: { message: null },
  ...over,
});

it('shows the normalised kind of a failure it has no words for, not only "A widget failed"', () => {
  const w = errorWords(group({ kind: "stock feed failed for sku #: '…'" }), 'en');
  expect(w).toEqual({
    what: 'A widget failed',
    kind: "stock feed failed for sku #: '…'",
    counts: 'Count: times it happened (about once per page view)',
  });
  // an unknown code is its own kind: shown once, as the code, under the words
  expect(errorWords(group({ code: 'feed_timeout', kind: 'feed_timeout' }), 'en').kind).toBeUndefined();
  expect(errorWords(group({ source: 'mounting', widget: null, kind: 'chunk # failed' }), 'zh-CN')).toEqual({
    what: 'Nudge 的一部分未能加载（mounting）',
    kind: 'chunk # failed',
    counts: '次数：发生次数（约每次页面浏览一次）',
  });
});

it('says what the count counts as the server reports it: sessions or page views, in en and zh-CN', () => {
  const missing = group({
    code: 'no_add_to_cart',
    kind: 'no_add_to_cart',
    widget: 'bar',
    widgetType: 'buy-bar',
    counts: 'sessions',
  });
  expect(errorWords(missing, 'en')).toEqual({
    what: 'The buy bar found no add-to-cart button',
    fix: 'Set its target to your button’s selector, or show the bar only on pages that have one.',
    counts: 'Count: sessions (sent once per visit)',
  });
  expect(errorWords({ ...missing, code: 'target_not_found' }, 'zh-CN').counts).toBe(
    '次数：会话数（每次访问只报告一次）',
  );
  expect(errorWords(group({ code: 'invalid_config', source: null }), 'en').counts).toBe(
    'Count: times it happened (about once per page view)',
  );
  // the words follow the server's field, not a list of codes: a code the console never heard of counts sessions
  // when the server says so, and a known once-per-session code counts views when it does not
  expect(errorWords(group({ code: 'feed_stale', kind: 'feed_stale', counts: 'sessions' }), 'en').counts).toBe(
    'Count: sessions (sent once per visit)',
  );
  expect(errorWords({ ...missing, counts: 'page_views' }, 'en').counts).toBe(
    'Count: times it happened (about once per page view)',
  );
});

it("says what a refused origin's count counts: refused requests, in en and zh-CN", () => {
  expect(refusalCounts('en')).toBe(
    'Count: refusals (config requests and event batches from this origin that the server refused)',
  );
  expect(refusalCounts('zh-CN')).toBe('次数：拒绝次数（服务器拒绝的来自此来源的配置请求和事件批次）');
});

it('says how the nav count adds refused shops to the errors, in en and zh-CN', () => {
  expect(badgeWords('en', 6, 1)).toBe('The count beside Errors also counts the shops refused below: 6 + 1.');
  expect(badgeWords('zh-CN', 6, 1)).toBe('“错误”旁的数字也包括下面被拒绝的店铺：6 + 1。');
});
