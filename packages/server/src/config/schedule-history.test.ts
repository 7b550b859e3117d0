// Scheduled starts and stops in the history: exactly once across servers, and after a restart with their real time,
// on both control databases (its upserts and lock are SQL of its own).
import type { NudgeConfig } from '@nudge/core/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlSqlBackends } from '../../../../test/support/engines/control-sql.js';
import type { SqlFactory } from '../store/sql/sql.contract.js';
import { AlertStore } from '../alerts/store.js';
import { ScheduleHistory } from './schedule-history.js';

const T0 = Date.parse('2026-12-01T00:00:00Z');
const MIN = 60_000;
const config: NudgeConfig = {
  schema: 1,
  site: 'shop',
  version: 7,
  timeZone: 'Asia/Shanghai',
  widgets: [
    {
      id: 'flash',
      type: 'buy-bar',
      props: {},
      schedule: { start: new Date(T0 + 10 * MIN).toISOString(), end: new Date(T0 + 20 * MIN).toISOString() },
    },
    // member day: the 1st in Shanghai is 16:00Z on the 30th until 16:00Z on the 1st
    { id: 'member', type: 'coupon-popup', props: {}, schedule: { windows: [{ monthDays: [1] }] } },
    { id: 'always', type: 'stock-banner', props: {} },
  ],
  experiments: [
    {
      key: 'bar-color',
      status: 'running',
      traffic: 1,
      variants: [{ key: 'a', weight: 1 }],
      schedule: { end: new Date(T0 + 15 * MIN).toISOString() },
    },
    {
      key: 'draft',
      status: 'draft',
      traffic: 1,
      variants: [{ key: 'a', weight: 1 }],
      schedule: { end: new Date(T0 + 15 * MIN).toISOString() },
    },
  ],
};

const backends = controlSqlBackends();

describe.each(backends)('schedule history on %s', { timeout: 30_000 }, (_name, open) => {
  let db: Awaited<ReturnType<SqlFactory>> | undefined;
  beforeAll(async () => {
    db = await open?.();
  });
  afterAll(() => db?.close());
  // the control store's lock, as the server composes it (app.ts)
  const locks = () => {
    const store = new AlertStore(db!.sql);
    return { lock: store.lock.bind(store) };
  };
  const server = (holder: string) =>
    new ScheduleHistory(db!.sql, { sites: () => ['shop'], config: () => config, holder, lock: locks().lock });

  it.skipIf(!open)(
    'records each start and stop once, at its real time, by one of two servers, across a restart',
    async () => {
      const a = server('a');
      const b = server('b');
      // first look: the site's past is not invented
      expect(await a.runOnce(T0)).toEqual({ recorded: 0 });
      // the other server finds the lock held (a run holds it for a minute; the holder renews it every run)
      expect(await b.runOnce(T0 + MIN / 2)).toBeNull();
      expect(await a.runOnce(T0 + 5 * MIN)).toEqual({ recorded: 0 });
      expect(await a.runOnce(T0 + 12 * MIN)).toEqual({ recorded: 1 });
      expect(await a.events('shop')).toEqual([
        { target: 'widget', id: 'flash', state: 'start', at: T0 + 10 * MIN, version: 7, recordedAt: T0 + 12 * MIN },
      ]);
      // "a" dies; a restarted "a2" takes over once the lock lapsed and records what passed meanwhile, with its time
      const a2 = server('a2');
      expect(await a2.runOnce(T0 + 12 * MIN + MIN / 2)).toBeNull();
      const late = Date.parse('2026-12-01T17:00:00Z');
      expect(await a2.runOnce(late)).toEqual({ recorded: 3 });
      const events = (await a2.events('shop')).map((e) => [e.target, e.id, e.state, new Date(e.at).toISOString()]);
      expect(events).toEqual([
        ['widget', 'member', 'stop', '2026-12-01T16:00:00.000Z'],
        ['widget', 'flash', 'stop', '2026-12-01T00:20:00.000Z'],
        ['experiment', 'bar-color', 'stop', '2026-12-01T00:15:00.000Z'],
        ['widget', 'flash', 'start', '2026-12-01T00:10:00.000Z'],
      ]);
      // nothing twice: the same span again (a retry, a clock step back) adds no row
      expect(await a2.runOnce(late)).toEqual({ recorded: 0 });
      expect(await a2.runOnce(late + MIN)).toEqual({ recorded: 0 });
      expect(await a2.events('shop')).toHaveLength(4);
    },
  );

  it.skipIf(!open)('looks back to the publish of the document in force the first time it sees a site', async () => {
    const published = { ...config, site: 'new', publishedAt: T0 + 5 * MIN };
    const c = new ScheduleHistory(db!.sql, {
      sites: () => ['new'],
      config: () => published,
      holder: 'c',
      lock: locks().lock,
    });
    // (after the other servers' lock lapsed)
    expect(await c.runOnce(Date.parse('2026-12-01T17:10:00Z'))).toEqual({ recorded: 4 });
    expect((await c.events('new')).map((e) => [e.id, e.state])).toEqual([
      ['member', 'stop'],
      ['flash', 'stop'],
      ['bar-color', 'stop'],
      ['flash', 'start'],
    ]);
  });
});
