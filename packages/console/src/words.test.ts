import { expect, it } from 'vitest';
import type { Comparison } from './api.js';
import { translate } from './i18n.js';
import { channelName, liftSentence, srmSentence } from './words.js';

const rel = (
  lift: number,
  ci: [number, number],
  pValue: number,
  significant: boolean,
  comparisons = 1,
): Comparison => ({
  enough: true,
  scale: 'relative',
  lift,
  difference: lift / 10,
  ci,
  level: 1 - 0.05 / comparisons,
  comparisons,
  correction: comparisons > 1 ? 'holm' : 'none',
  method: 'fixed',
  estimate: lift,
  chanceToBeat: null,
  pValueRaw: pValue,
  pValue,
  significant,
});

it('states a significant lift with its interval', () => {
  expect(liftSentence('en', 'Red', 'control', 'purchase', rel(0.12, [0.03, 0.21], 0.004, true))).toBe(
    'Red beats control on purchase: +12% (95% CI +3% to +21%, p = 0.004).',
  );
  expect(liftSentence('zh-CN', '红色', '对照组', '购买', rel(-0.08, [-0.14, -0.02], 0.01, true))).toBe(
    '红色 在「购买」上不如 对照组：−8%（95% 置信区间 −14% 至 −2%，p = 0.01）。',
  );
});

it('takes the verdict from the server, never from the interval alone', () => {
  // the demo's contradiction: an interval below 0 printed as "loses to" beside p = 0.09 and significant: false
  expect(
    liftSentence('en', 'blue', 'red', 'Revenue / visitor', rel(-0.29, [-0.57, -0.005], 0.09, false), 'money'),
  ).toBe('blue vs red on Revenue / visitor: −29% (95% CI −57% to −0.5%, p = 0.09), no clear difference yet.');
});

it('says when there is no clear difference, and how much data is still needed', () => {
  expect(liftSentence('en', 'Blue', 'Red', 'purchase', rel(0.04, [-0.03, 0.11], 0.31, false))).toBe(
    'Blue vs Red on purchase: +4% (95% CI −3% to +11%, p = 0.31), no clear difference yet.',
  );
  expect(
    liftSentence('en', 'Blue', 'Red', 'purchase', {
      enough: false,
      reason: 'sample',
      more: { control: 98, treatment: 98, conversions: 8 },
    }),
  ).toBe(
    'Blue vs Red on purchase: not enough data yet, 98 more visitors in Red, 98 more visitors in Blue and 8 more conversions needed.',
  );
  expect(
    liftSentence('en', 'Blue', 'Red', 'purchase', {
      enough: false,
      reason: 'sample',
      more: { control: 0, treatment: 0, conversions: 3 },
    }),
  ).toBe('Blue vs Red on purchase: not enough data yet, 3 more conversions needed.');
  expect(
    liftSentence(
      'en',
      'Blue',
      'Red',
      'Revenue / visitor',
      { enough: false, reason: 'sample', more: { control: 0, treatment: 0, conversions: 3 } },
      'money',
    ),
  ).toBe('Blue vs Red on Revenue / visitor: not enough data yet, 3 more buyers needed.');
  expect(
    liftSentence('zh-CN', '蓝', '红', '购买', {
      enough: false,
      reason: 'sample',
      more: { control: 0, treatment: 12, conversions: 3 },
    }),
  ).toBe('蓝 与 红 在「购买」上数据还不够：蓝 还需 12 位访客，两组合计还需 3 次转化。');
});

it('states an absolute difference when the control is at 0, and says so', () => {
  const c: Comparison = {
    enough: true,
    scale: 'absolute',
    lift: null,
    difference: 0.05,
    ci: [0.0309, 0.0691],
    level: 0.95,
    comparisons: 1,
    correction: 'none',
    method: 'fixed',
    estimate: 0.05,
    chanceToBeat: null,
    pValueRaw: 2.9e-7,
    pValue: 2.9e-7,
    significant: true,
  };
  expect(liftSentence('en', 'B', 'A', 'purchase', c)).toBe(
    'B beats A on purchase: +5.0 pts (95% CI +3.1 pts to +6.9 pts, p = 2.9e-7). A is at 0, so this is the absolute difference, not a relative lift.',
  );
  expect(liftSentence('zh-CN', 'B', 'A', '购买', c)).toBe(
    'B 在「购买」上胜过 A：+5.0 个百分点（95% 置信区间 +3.1 个百分点 至 +6.9 个百分点，p = 2.9e-7）。（A 为 0，给出的是绝对差值而非相对提升）',
  );
});

it('names the correction for several treatments and its confidence level', () => {
  expect(liftSentence('en', 'C', 'A', 'purchase', rel(0.2, [0.01, 0.4], 0.04, true, 4))).toBe(
    'C beats A on purchase: +20% (98.8% CI +1% to +40%, p = 0.04, Holm-adjusted for 4 comparisons).',
  );
  expect(liftSentence('zh-CN', 'C', 'A', '购买', rel(0.2, [0.01, 0.4], 0.04, true, 4))).toBe(
    'C 在「购买」上胜过 A：+20%（98.8% 置信区间 +1% 至 +40%，p = 0.04，已按 4 个比较做 Holm 校正）。',
  );
});

it('gives the chance to beat the control for a Bayesian result', () => {
  const fixed = rel(0.1, [0.01, 0.19], 0.03, true) as Extract<Comparison, { enough: true }>;
  const b: Comparison = { ...fixed, method: 'bayesian', chanceToBeat: 0.985 };
  expect(liftSentence('en', 'B', 'A', 'purchase', b)).toBe(
    'B beats A on purchase: +10% (95% CI +1% to +19%, p = 0.03, chance to beat control 98.5%).',
  );
});

it('warns about sample ratio mismatch only when flagged', () => {
  expect(
    srmSentence('en', {
      chiSquare: 0,
      pValue: 2e-9,
      mismatch: true,
      variants: ['red', 'blue'],
      observed: [5300, 4700],
      expected: [5000, 5000],
      unexpected: [],
      mixed: false,
    }),
  ).toBe(
    'Sample ratio mismatch: red / blue split 53% / 47% where the configured weights give 50% / 50% (p = 2.0e-9). Do not trust these results until the cause is found.',
  );
  expect(
    srmSentence('en', {
      chiSquare: 0,
      pValue: 0.8,
      mismatch: false,
      variants: ['a', 'b'],
      observed: [10, 11],
      expected: [10.5, 10.5],
      unexpected: [],
      mixed: false,
    }),
  ).toBeNull();
});

it('lines every variant up with its own share, a weight-0 variant included', () => {
  // weights [1, 0, 1] used to print "ctl / t2 split 71% / 29% where 55% / 0% / 55% was configured"
  expect(
    srmSentence('en', {
      chiSquare: 0,
      pValue: 0,
      mismatch: true,
      variants: ['ctl', 't1', 't2'],
      observed: [100, 40, 100],
      expected: [120, 0, 120],
      unexpected: [1],
      mixed: false,
    }),
  ).toBe(
    'Sample ratio mismatch: ctl / t1 / t2 split 42% / 17% / 42% where the configured weights give 50% / 0% / 50%. t1 has visitors but a weight of 0. Do not trust these results until the cause is found.',
  );
  expect(
    srmSentence('zh-CN', {
      chiSquare: 0,
      pValue: 1e-5,
      mismatch: true,
      variants: ['a', 'b'],
      observed: [300, 100],
      expected: [200, 200],
      unexpected: [],
      mixed: true,
    }),
  ).toBe(
    '样本比例失衡：a / b 实际为 75% / 25%，按每位访客首次曝光时生效的权重，应为 50% / 50%（p = 1.0e-5）。找到原因之前不要相信这些结果。',
  );
});

it('names the direct channel in words in both languages, and keeps a source or host as recorded', () => {
  const button = (lang: 'en' | 'zh-CN', c: string) => translate(lang, 'showProducts', { c: channelName(lang, c) });
  expect(button('en', 'direct')).toBe('Products bought via Direct');
  expect(button('zh-CN', 'direct')).toBe('直接访问渠道购买的商品');
  expect(button('en', 'google.com')).toBe('Products bought via google.com');
  expect(translate('zh-CN', 'productsOf', { c: channelName('zh-CN', 'newsletter') })).toBe(
    '经newsletter渠道而来的访客购买的商品',
  );
});
