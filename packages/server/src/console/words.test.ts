import { expect, it } from 'vitest';
import { liftSentence, srmSentence } from './words.js';

it('states a significant lift with its interval', () => {
  expect(liftSentence('en', 'Red', 'control', 'purchase', { lift: 0.12, ci: [0.03, 0.21], pValue: 0.004 }))
    .toBe('Red beats control on purchase: +12% (95% CI +3% to +21%, p = 0.004).');
  expect(liftSentence('zh-CN', '红色', '对照组', '购买', { lift: -0.08, ci: [-0.14, -0.02], pValue: 0.01 }))
    .toBe('红色 在「购买」上不如 对照组：−8%（95% 置信区间 −14% 至 −2%，p = 0.01）。');
});

it('says when there is no clear difference or no data', () => {
  expect(liftSentence('en', 'Blue', 'Red', 'purchase', { lift: 0.04, ci: [-0.03, 0.11], pValue: 0.31 }))
    .toBe('Blue vs Red on purchase: +4% (95% CI −3% to +11%, p = 0.31), no clear difference yet.');
  expect(liftSentence('en', 'Blue', 'Red', 'purchase', null)).toBe('Blue vs Red on purchase: not enough data to compare yet.');
});

it('warns about sample ratio mismatch only when flagged', () => {
  expect(srmSentence('en', ['red', 'blue'], [5300, 4700], { pValue: 2e-9, mismatch: true, expected: [5000, 5000] }))
    .toBe('Sample ratio mismatch: red / blue split 53% / 47% where 50% / 50% was configured (p = 2.0e-9). Do not trust these results until the cause is found.');
  expect(srmSentence('en', ['a', 'b'], [10, 11], { pValue: 0.8, mismatch: false, expected: [10.5, 10.5] })).toBeNull();
});
