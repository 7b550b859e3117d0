// Every built-in metric and alert rule the server ships has console words in both languages, and names typed by a
// user are shown as typed.
import { describe, expect, it } from 'vitest';
import { BUILT_IN_RULES } from '../../../server/src/alerts/rules.js';
import { BUILT_IN } from '../../../server/src/metrics/definition.js';
import { builtInMetricNames, builtInRuleNames, metricName, ruleName } from './built-in-names.js';

const chinese = /[\u4e00-\u9fff]/;

describe('built-in names', () => {
  it('has words in en and zh-CN for each built-in metric key, the English being the server’s name', () => {
    const table: Record<string, { en: string; 'zh-CN': string }> = builtInMetricNames;
    expect(Object.keys(table).sort()).toEqual(BUILT_IN.map((m) => m.key).sort());
    for (const m of BUILT_IN) {
      expect(metricName('en', m)).toBe(m.name);
      expect(metricName('zh-CN', m)).toMatch(chinese);
      expect(table[m.key]!['zh-CN']).not.toBe(m.name);
    }
  });

  it('has words in en and zh-CN for each built-in alert rule id', () => {
    const table: Record<string, { en: string; 'zh-CN': string }> = builtInRuleNames;
    expect(Object.keys(table).sort()).toEqual(BUILT_IN_RULES.map((r) => r.id).sort());
    for (const r of BUILT_IN_RULES) {
      expect(ruleName('en', r)).toBe(r.name);
      expect(ruleName('zh-CN', r)).toMatch(chinese);
    }
    expect(ruleName('zh-CN', { id: 'conversion-drop', name: 'Conversion 20% below expected' })).toBe(
      '转化率低于预期 20%',
    );
  });

  it('keeps a name the user typed, even under a built-in key', () => {
    expect(metricName('zh-CN', { key: 'refunds', name: 'Refunds' })).toBe('Refunds');
    expect(ruleName('zh-CN', { id: 'srm', name: 'My own SRM check' })).toBe('My own SRM check');
    expect(ruleName('zh-CN', { id: 'toString', name: 'x' })).toBe('x');
  });
});
