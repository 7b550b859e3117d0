// History entries said in the console's language: the changes and actions the server records as data.
import { describe, expect, it } from 'vitest';
import { historyChanges } from '../config/diff.js';
import { actionRecord } from '../config/experiment-actions.js';
import { actionWords, changeWords, statusLabel } from './history-words.js';

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
const changes = historyChanges(before, after);

describe('changes', () => {
  it('read as words in Chinese, with statuses, switches and traffic in words', () => {
    expect(changes.map((c) => changeWords('zh-CN', c))).toEqual([
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
    expect(changeWords('en', { path: ['experiments', 'bar', 'status'], before: 'running', after: 'paused' })).toBe(
      'experiment bar status: Running → Paused',
    );
    expect(changeWords('en', { path: ['widgets', 'stock'], before: {} })).toBe('removed widget stock');
    expect(changeWords('zh-CN', { path: ['widgets', 'stock'], before: {} })).toBe('删除 组件 stock');
    expect(changeWords('zh-CN', { path: ['currency'], before: 'USD', after: 'EUR' })).toBe('currency："USD" → "EUR"');
    expect(changeWords('en', { path: ['widgets', 'w', 'props', 'a.b'], after: 1 })).toBe(
      'added widget w setting a.b: 1',
    );
  });
});

describe('actions', () => {
  it('of the experiment controls read in English and in Chinese words', () => {
    const actions = [
      actionRecord('bar', { action: 'start' }),
      actionRecord('bar', { action: 'pause' }),
      actionRecord('bar', { action: 'stop' }),
      actionRecord('bar', { action: 'stop', winner: 'red' }),
      actionRecord('bar', { action: 'traffic', traffic: 0.4 }),
      actionRecord('bar', { action: 'weights', weights: { red: 3, blue: 0.5 } }),
    ];
    expect(actions.map((a) => actionWords('en', a))).toEqual([
      'start experiment bar',
      'pause experiment bar',
      'stop experiment bar',
      'stop experiment bar, ship red',
      'experiment bar: traffic 40%',
      'experiment bar: weights red=3, blue=0.5',
    ]);
    expect(actions.map((a) => actionWords('zh-CN', a))).toEqual([
      '开始实验 bar',
      '暂停实验 bar',
      '停止实验 bar',
      '停止实验 bar，全量上线 red',
      '实验 bar：流量 40%',
      '实验 bar：权重 red=3, blue=0.5',
    ]);
  });

  it('of the console and the server read in Chinese words', () => {
    expect(
      [
        { type: 'widget', widget: 'buy-bar', action: 'settings' },
        { type: 'widget', widget: 'buy-bar', action: 'on' },
        { type: 'widget', widget: 'buy-bar', action: 'off' },
        { type: 'create' },
        { type: 'create', demo: true },
        { type: 'rollback', to: 3 },
      ].map((a) => actionWords('zh-CN', a as never)),
    ).toEqual([
      '组件 buy-bar：设置',
      '组件 buy-bar：开',
      '组件 buy-bar：关',
      '创建站点',
      '演示站点：四个组件，两个运行中的实验',
      '回滚到版本 3',
    ]);
  });

  it('keep what a person typed as typed, after the words', () => {
    expect(actionWords('zh-CN', { type: 'publish', note: 'e2e: variant off' })).toBe('e2e: variant off');
    expect(actionWords('zh-CN', { type: 'publish' })).toBe('');
    expect(actionWords('en', { type: 'rollback', to: 2, note: 'bad copy' })).toBe('rollback to version 2: bad copy');
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
