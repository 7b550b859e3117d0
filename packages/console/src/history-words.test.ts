// History entries said in the console's language: the server's change summaries and the messages Nudge writes.
import { describe, expect, it } from 'vitest';
import { diff, summarize } from '../config-diff.js';
import { changeLine, historyMessage, statusLabel } from './history-words.js';

const before = {
  widgets: [{ id: 'buy-bar', type: 'buy-bar', enabled: true, props: { color: '#1f2937' } }],
  experiments: [
    {
      key: 'bar',
      status: 'running',
      traffic: 1,
      variants: [
        { key: 'red', weight: 0.5 },
        { key: 'blue', weight: 0.5 },
      ],
    },
  ],
};
const after = {
  widgets: [
    { id: 'buy-bar', type: 'buy-bar', enabled: false, props: { color: '#d92d20', position: 'top' } },
    { id: 'stock', type: 'stock-banner', props: {} },
  ],
  experiments: [
    {
      key: 'bar',
      status: 'stopped',
      winner: 'red',
      traffic: 0.4,
      variants: [
        { key: 'red', weight: 3 },
        { key: 'blue', weight: 0.5 },
      ],
    },
  ],
};
const lines = summarize(diff(before, after));

describe('change summaries', () => {
  it('read as words in Chinese, with statuses, switches and traffic in words', () => {
    expect(lines.map((l) => changeLine('zh-CN', l))).toEqual([
      '组件 buy-bar 的开关：开 → 关',
      '组件 buy-bar 的设置 color："#1f2937" → "#d92d20"',
      '新增 组件 buy-bar 的设置 position："top"',
      '新增 组件 stock：{"id":"stock","type":"stock-banner","props":{}}',
      '实验 bar 的状态：运行中 → 已停止',
      '新增 实验 bar 的胜出变体："red"',
      '实验 bar 的流量：100% → 40%',
      '实验 bar 中 red 的权重：0.5 → 3',
    ]);
  });

  it('read as words in English too, and a removal names what went', () => {
    expect(changeLine('en', 'experiments.bar.status: "running" -> "paused"')).toBe(
      'experiment bar status: Running → Paused',
    );
    expect(changeLine('en', '- widgets.stock')).toBe('removed widget stock');
    expect(changeLine('zh-CN', '- widgets.stock')).toBe('删除 组件 stock');
    expect(changeLine('zh-CN', 'currency: "USD" -> "EUR"')).toBe('currency："USD" → "EUR"');
  });
});

describe('publish messages', () => {
  // the ones the experiment actions write: experiment-actions.test.ts (server side, it reads the server's module)
  it('written by the console read in Chinese words', () => {
    expect(
      ['widget buy-bar: settings', 'widget buy-bar: on', 'widget buy-bar: off', 'site created'].map((m) =>
        historyMessage('zh-CN', m),
      ),
    ).toEqual(['组件 buy-bar：设置', '组件 buy-bar：开', '组件 buy-bar：关', '创建站点']);
  });

  it('typed by a person stay as typed', () => {
    expect(historyMessage('zh-CN', 'e2e: variant off')).toBe('e2e: variant off');
    expect(historyMessage('zh-CN', 'rollback to version 3')).toBe('回滚到版本 3');
  });
});

it('names experiment statuses', () => {
  expect(['draft', 'running', 'paused', 'stopped', 'archived'].map((s) => statusLabel('zh-CN', s))).toEqual([
    '草稿',
    '运行中',
    '已暂停',
    '已停止',
    'archived',
  ]);
});
