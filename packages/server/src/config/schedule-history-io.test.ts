// The schedule recorder's database work: sites without schedules cost nothing, cursors live in memory between writes,
// and it stays exact when a site loses its schedules, with two recorders on one database, and across a restart.
import type { NudgeConfig } from '@nudge/core/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlSqlBackends } from '../../../../test/support/engines/control-sql.js';
import type { Sql } from '../store/sql/sql.js';
import type { SqlFactory } from '../store/sql/sql.contract.js';
import { AlertStore } from '../alerts/store.js';
import { ScheduleHistory } from './schedule-history.js';

const T0 = Date.parse('2026-12-01T00:00:00Z');
const MIN = 60_000;
const at = (m: number) => T0 + m * MIN;
const iso = (m: number) => new Date(at(m)).toISOString();

/** A site's document: `flash` shown from minute `start` to `end` when given, and an unscheduled banner. */
const doc = (site: string, version: number, publishedAt: number, flash?: [number, number]): NudgeConfig => ({
  schema: 1,
  site,
  version,
  publishedAt,
  timeZone: 'Europe/Paris',
  widgets: [
    {
      id: 'flash',
      type: 'buy-bar',
      props: {},
      ...(flash && { schedule: { start: iso(flash[0]), end: iso(flash[1]) } }),
    },
    { id: 'always', type: 'stock-banner', props: {} },
  ],
  experiments: [],
});

/** The statements sent through `sql`, with their parameters. */
function counted(sql: Sql) {
  const seen: { text: string; params: readonly unknown[] }[] = [];
  const wrap = (inner: Sql): Sql => ({
    dialect: inner.dialect,
    query: (text, params = []) => {
      seen.push({ text, params });
      return inner.query(text, params);
    },
    transaction: (task) => inner.transaction((tx) => task(wrap(tx))),
  });
  return { sql: wrap(sql), seen };
}

const backends = controlSqlBackends();

describe.each(backends)('schedule recorder I/O on %s', { timeout: 60_000 }, (name, open) => {
  let db: Awaited<ReturnType<SqlFactory>> | undefined;
  beforeAll(async () => {
    db = await open?.();
  });
  afterAll(() => db?.close());

  /** A recorder over `configs` (site -> its versions, oldest first; the last is in force). */
  const recorder = (holder: string, configs: Map<string, NudgeConfig[]>, sql: Sql = db!.sql) => {
    const alerts = new AlertStore(sql);
    return new ScheduleHistory(sql, {
      sites: () => [...configs.keys()],
      config: (site) => configs.get(site)?.at(-1),
      version: async (site, v) => configs.get(site)?.find((c) => c.version === v),
      holder,
      lock: alerts.lock.bind(alerts),
    });
  };
  const events = async (r: ScheduleHistory, site: string) =>
    (await r.events(site)).map((e) => [e.id, e.state, new Date(e.at).toISOString(), e.version]);

  it.skipIf(!open)('touches the database for no site without schedules: 1,000 sites, 10 scheduled', async () => {
    const configs = new Map<string, NudgeConfig[]>();
    for (let i = 0; i < 1000; i++) {
      const site = `fleet-${i}`;
      configs.set(site, [doc(site, 1, at(-60), i % 100 === 0 ? [10, 20] : undefined)]);
    }
    const { sql, seen } = counted(db!.sql);
    const r = recorder('fleet', configs, sql);
    const perRun: number[] = [];
    // 15 s apart for 30 minutes (bounded): each scheduled site passes a start and a stop
    for (let t = at(0); t <= at(30); t += MIN / 4) {
      const before = seen.length;
      expect(await r.runOnce(t)).not.toBeNull();
      perRun.push(seen.length - before);
    }
    const steady = perRun.slice(1);
    console.log(
      `schedule recorder, 1,000 sites (10 scheduled), ${name}: first run ${perRun[0]} statements, then per run ` +
        `min ${Math.min(...steady)} max ${Math.max(...steady)} mean ${(steady.reduce((a, b) => a + b, 0) / steady.length).toFixed(2)}` +
        ` (${seen.length} in ${perRun.length} runs)`,
    );
    const quiet = (p: unknown) => typeof p === 'string' && /^fleet-\d+$/.test(p) && Number(p.slice(6)) % 100 !== 0;
    expect(seen.filter((s) => s.params.some(quiet))).toEqual([]);
    // and the scheduled ones were recorded, once each
    for (let i = 0; i < 1000; i += 100) {
      expect(await events(r, `fleet-${i}`)).toEqual([
        ['flash', 'stop', iso(20), 1],
        ['flash', 'start', iso(10), 1],
      ]);
    }
  });
});
