// History entries said in the console's language: the changes and actions the server records as data.
import { describe, expect, it } from 'vitest';
import type { ConfigAction, ConfigChange } from '@nudge/server/api';
import { actionWords, changeWords, scheduleSummary, statusLabel, zonesOf } from './history-words.js';

/** What the server records for a publish that switched a widget off, edited it, added one and shipped a winner. */
const changes: ConfigChange[] = [
  { path: ['widgets', 'buy-bar', 'enabled'], before: true, after: false },
  { path: ['widgets', 'buy-bar', 'props', 'color'], before: '#1f2937', after: '#d92d20' },
  { path: ['widgets', 'buy-bar', 'props', 'position'], after: 'top' },
  { path: ['widgets', 'stock'], after: { id: 'stock', type: 'stock-banner', props: {} } },
  { path: ['experiments', 'bar', 'status'], before: 'running', after: 'stopped' },
  { path: ['experiments', 'bar', 'winner'], after: 'red' },
  { path: ['experiments', 'bar', 'traffic'], before: 1, after: 0.4 },
  { path: ['experiments', 'bar', 'variants', 'red', 'weight'], before: 0.5, after: 3 },
];

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
    // as the server's experiment actions record them (config/experiment-actions.test.ts)
    const exp = (action: string, args?: Record<string, unknown>): ConfigAction => ({
      type: 'experiment',
      experiment: 'bar',
      action,
      ...(args ? { args } : {}),
    });
    const actions = [
      exp('start'),
      exp('pause'),
      exp('stop'),
      exp('stop', { winner: 'red' }),
      exp('traffic', { traffic: 0.4 }),
      exp('weights', { weights: { red: 3, blue: 0.5 } }),
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

  it('of a schedule set or removed from the Experiments tab say what the schedule is', () => {
    const schedule = { start: '2030-01-01T09:00:00Z', windows: [{ monthDays: [1], from: '09:00', to: '21:00' }] };
    const set: ConfigAction = { type: 'experiment', experiment: 'bar', action: 'schedule', args: { schedule } };
    const cleared: ConfigAction = {
      type: 'experiment',
      experiment: 'bar',
      action: 'schedule',
      args: { schedule: null },
    };
    // a site without a zone: UTC, as the schedule editor reads it, and said
    expect(actionWords('en', set)).toBe(
      'experiment bar: schedule from Jan 1, 2030, 9:00 AM · 1 repeating window(s) · times in UTC',
    );
    expect(actionWords('zh-CN', set)).toMatch(/^实验 bar：排期 自 2030.* · 1 个重复时段 · 时间按 UTC$/);
    expect(actionWords('en', cleared)).toBe('experiment bar: schedule removed');
    expect(actionWords('zh-CN', cleared)).toBe('实验 bar：已删除排期');
  });

  it('say a schedule’s times in the site’s time zone, named, whatever the browser’s zone (DST included)', () => {
    const action = (schedule: Record<string, unknown>): ConfigAction => ({
      type: 'experiment',
      experiment: 'bar',
      action: 'schedule',
      args: { schedule },
    });
    const winter = action({ start: '2030-01-01T09:00:00Z', end: '2030-01-15T16:00:00Z' });
    expect(actionWords('en', winter, 'Asia/Shanghai')).toBe(
      'experiment bar: schedule from Jan 1, 2030, 5:00 PM · until Jan 16, 2030, 12:00 AM · times in Asia/Shanghai',
    );
    expect(actionWords('zh-CN', winter, 'Asia/Shanghai')).toBe(
      '实验 bar：排期 自 2030年1月1日 17:00 · 至 2030年1月16日 00:00 · 时间按 Asia/Shanghai',
    );
    // New York: EST in January, EDT in July
    expect(actionWords('en', winter, 'America/New_York')).toBe(
      'experiment bar: schedule from Jan 1, 2030, 4:00 AM · until Jan 15, 2030, 11:00 AM · times in America/New_York',
    );
    expect(actionWords('en', action({ start: '2030-07-01T16:00:00Z' }), 'America/New_York')).toBe(
      'experiment bar: schedule from Jul 1, 2030, 12:00 PM · times in America/New_York',
    );
    // a zone the browser does not know is not guessed: UTC, as the editor reads it
    expect(actionWords('en', action({ start: '2030-07-01T16:00:00Z' }), 'Mars/Olympus')).toBe(
      'experiment bar: schedule from Jul 1, 2030, 4:00 PM · times in UTC',
    );
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

describe('schedules and zones', () => {
  it('words a widget schedule the widget form published (widget / settings) like an experiment schedule, not JSON', () => {
    const z = 'Asia/Shanghai';
    const set = changeWords(
      'en',
      { path: ['widgets', 'bar', 'schedule'], after: { start: '2030-01-01T09:00:00Z' } },
      z,
    );
    expect(set).toBe(`widget bar schedule: ${scheduleSummary('en', { start: '2030-01-01T09:00:00Z' }, z)}`);
    expect(set).toContain('times in Asia/Shanghai');
    expect(set).not.toContain('{');
    const end = changeWords(
      'zh-CN',
      { path: ['widgets', 'bar', 'schedule', 'end'], before: '2030-01-01T00:00:00Z', after: '2030-02-01T00:00:00Z' },
      z,
    );
    expect(end).toBe(`组件 bar 的排期：${scheduleSummary('zh-CN', { end: '2030-02-01T00:00:00Z' }, z)}`);
    expect(changeWords('en', { path: ['widgets', 'bar', 'schedule'], before: {} })).toBe('widget bar schedule removed');
    expect(changeWords('en', { path: ['experiments', 'e', 'schedule', 'start'], before: 'x' })).toBe(
      'experiment e schedule: Starts removed',
    );
    expect(
      changeWords('en', {
        path: ['widgets', 'bar', 'schedule', 'windows', '0', 'from'],
        before: '09:00',
        after: '10:00',
      }),
    ).toBe('widget bar schedule: Repeating windows changed (times in UTC)');
  });

  it('gives each entry the zone it was published under: the current one back to the version that set it', () => {
    const h = (version: number, changes: ConfigChange[] = []) => ({ version, changes });
    const zones = zonesOf(
      [
        h(5),
        h(4, [{ path: ['timeZone'], before: 'Europe/Paris', after: 'Asia/Shanghai' }]),
        h(3),
        h(2, [{ path: ['timeZone'], after: 'Europe/Paris' }]),
        h(1),
      ],
      'Asia/Shanghai',
    );
    expect([...zones.entries()].sort()).toEqual([
      [1, 'UTC'],
      [2, 'Europe/Paris'],
      [3, 'Europe/Paris'],
      [4, 'Asia/Shanghai'],
      [5, 'Asia/Shanghai'],
    ]);
  });
});
