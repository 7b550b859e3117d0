// Migrations: a file an older server wrote (English history, events without widget types) opens up to date.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import type { ConfigAction } from '../../config/history.js';
import { DuckDBStore } from './duckdb-store.js';
import { EVENT_COLUMNS, oldAction, oldChanges } from './schema.js';

/** Each message the old describeAction, console and seedDemo wrote (fb1455c), with the action it stood for. */
const OLD_WORDS: [string, ConfigAction][] = [
  ['start experiment hero', { type: 'experiment', experiment: 'hero', action: 'start' }],
  ['pause experiment hero', { type: 'experiment', experiment: 'hero', action: 'pause' }],
  ['stop experiment hero', { type: 'experiment', experiment: 'hero', action: 'stop' }],
  [
    'stop experiment hero, ship red',
    { type: 'experiment', experiment: 'hero', action: 'stop', args: { winner: 'red' } },
  ],
  [
    'experiment hero: traffic 35%',
    { type: 'experiment', experiment: 'hero', action: 'traffic', args: { traffic: 0.35 } },
  ],
  [
    'experiment hero: weights control=1, red=2.5',
    { type: 'experiment', experiment: 'hero', action: 'weights', args: { weights: { control: 1, red: 2.5 } } },
  ],
  ['widget bar: settings', { type: 'widget', widget: 'bar', action: 'settings' }],
  ['widget bar: on', { type: 'widget', widget: 'bar', action: 'on' }],
  ['widget bar: off', { type: 'widget', widget: 'bar', action: 'off' }],
  ['rollback to version 3', { type: 'rollback', to: 3 }],
  ['site created', { type: 'create' }],
  ['demo site: four widgets, two running experiments', { type: 'create', demo: true }],
];

describe('reading old history words back as data', () => {
  it('knows the actions the server used to describe', () => {
    expect(oldAction('rollback to version 3')).toEqual({ type: 'rollback', to: 3 });
    expect(oldAction('stop experiment bar, ship red')).toEqual({
      type: 'experiment',
      experiment: 'bar',
      action: 'stop',
      args: { winner: 'red' },
    });
    expect(oldAction('pause experiment bar')).toEqual({ type: 'experiment', experiment: 'bar', action: 'pause' });
    expect(oldAction('experiment bar: traffic 35%')).toEqual({
      type: 'experiment',
      experiment: 'bar',
      action: 'traffic',
      args: { traffic: 0.35 },
    });
    expect(oldAction('experiment bar: weights red=3, blue=1.5')).toEqual({
      type: 'experiment',
      experiment: 'bar',
      action: 'weights',
      args: { weights: { red: 3, blue: 1.5 } },
    });
    expect(['on', 'off', 'settings'].map((a) => oldAction(`widget buy-bar: ${a}`))).toEqual([
      { type: 'widget', widget: 'buy-bar', action: 'on' },
      { type: 'widget', widget: 'buy-bar', action: 'off' },
      { type: 'widget', widget: 'buy-bar', action: 'settings' },
    ]);
    expect(oldAction('site created')).toEqual({ type: 'create' });
    expect(oldAction('demo site: four widgets, two running experiments')).toEqual({ type: 'create', demo: true });
    // what a person typed stays a note, even when it starts like a word the server wrote
    expect(oldAction('widget buy-bar: brighter')).toEqual({ type: 'publish', note: 'widget buy-bar: brighter' });
    expect(oldAction('experiment bar: weights look wrong')).toEqual({
      type: 'publish',
      note: 'experiment bar: weights look wrong',
    });
    expect(oldAction('new colours')).toEqual({ type: 'publish', note: 'new colours' });
    expect(oldAction('experiment a: weights x=1, y')).toEqual({
      type: 'publish',
      note: 'experiment a: weights x=1, y',
    });
    expect(oldAction('')).toEqual({ type: 'publish' });
  });

  it('knows every message the old server, console and demo seeding wrote', () => {
    for (const [message, action] of OLD_WORDS) expect(oldAction(message), message).toEqual(action);
  });

  it('reads added, removed and changed fields, keeping a value the old summary cut as text', () => {
    expect(
      oldChanges(
        JSON.stringify([
          '+ currency: "USD"',
          '- widgets.pop',
          'widgets.bar.props.color: "red" -> "blue"',
          '+ widgets.pop: {"id":"pop","type":"coupon-popup","props":{"code":"HI10","amount":...',
        ]),
      ),
    ).toEqual([
      { path: ['currency'], after: 'USD' },
      { path: ['widgets', 'pop'] },
      { path: ['widgets', 'bar', 'props', 'color'], before: 'red', after: 'blue' },
      { path: ['widgets', 'pop'], after: '{"id":"pop","type":"coupon-popup","props":{"code":"HI10","amount":...' },
    ]);
    expect(oldChanges('not json')).toEqual([]);
  });
});

describe('a file from before migrations were recorded', () => {
  it('opens with structured history and widget types on its old events', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nudge-old-file-'));
    const path = join(dir, 'nudge.duckdb');
    const old = await DuckDBInstance.create(path);
    const db = await old.connect();
    const doc = (widgets: unknown[]) =>
      JSON.stringify({ schema: 1, site: 'o', version: 1, widgets, experiments: [] }).replace("'", "''");
    const pop = { id: 'pop', type: 'coupon-popup', props: {} };
    const bar = { id: 'bar', type: 'buy-bar', props: {} };
    for (const sql of [
      `CREATE TABLE configs (site VARCHAR NOT NULL, version INTEGER NOT NULL, doc VARCHAR NOT NULL, author VARCHAR NOT NULL,
        message VARCHAR NOT NULL, changes VARCHAR NOT NULL, created_at BIGINT NOT NULL, PRIMARY KEY (site, version))`,
      `CREATE TABLE events (${EVENT_COLUMNS})`,
      `CREATE TABLE staging (${EVENT_COLUMNS})`,
      `INSERT INTO configs VALUES ('o', 1, '${doc([pop, bar])}', 'ann', 'first', '["+ widgets.pop: {}"]', 1)`,
      `INSERT INTO configs VALUES ('o', 2, '${doc([bar])}', 'bob', 'rollback to version 1', '["- widgets.pop"]', 2)`,
      `INSERT INTO events (id, id_ms, site, name, ts, received_at, experiments, forced, props, context, source, exp_forced, widget)
        VALUES ('e1', 5, 'o', 'view_promotion', 5, 5, '{}', '[]', '{}', '{}', 'web', false, 'pop'),
               ('e2', 6, 'o', 'nudge_dismiss', 6, 6, '{}', '[]', '{}', '{}', 'web', false, 'bar'),
               ('e3', 7, 'o', 'nudge_dismiss', 7, 7, '{}', '[]', '{}', '{}', 'web', false, 'ghost')`,
    ])
      await db.run(sql);
    db.closeSync();
    old.closeSync();

    const s = new DuckDBStore(path);
    await s.init();
    const history = await s.configHistory('o');
    expect(history.map((r) => [r.version, r.action, r.changes])).toEqual([
      [2, { type: 'rollback', to: 1 }, [{ path: ['widgets', 'pop'] }]],
      [1, { type: 'publish', note: 'first' }, [{ path: ['widgets', 'pop'], after: {} }]],
    ]);
    expect(history[1]!.doc.widgets.map((w) => w.id)).toEqual(['pop', 'bar']);
    const { widgets } = await s.widgets('o', { from: 0, to: 100 });
    expect(widgets.map((w) => [w.widget, w.type])).toEqual([
      ['bar', 'buy-bar'],
      ['ghost', null],
      ['pop', 'coupon-popup'],
    ]);
    // new rows go in beside the migrated ones
    expect(await s.insertConfig({ ...history[0]!, version: 3 })).toBe(true);
    expect(await s.insertConfig({ ...history[0]!, version: 3 })).toBe(false);
    await s.close();

    const again = new DuckDBStore(path);
    await again.init();
    expect((await again.configHistory('o')).map((r) => r.version)).toEqual([3, 2, 1]);
    await again.close();
  });
});

describe('old history words', () => {
  const doc = JSON.stringify({ schema: 1, site: 'o', version: 1, widgets: [], experiments: [] });
  const sql = (text: string) => `'${text.replace(/'/g, "''")}'`;
  const actions = async (path: string) => {
    const s = new DuckDBStore(path);
    await s.init();
    const history = await s.configHistory('o');
    await s.close();
    return history.map((r) => r.action).reverse();
  };
  const raw = async (path: string, statements: string[]) => {
    const instance = await DuckDBInstance.create(path);
    const db = await instance.connect();
    for (const stmt of statements) await db.run(stmt);
    db.closeSync();
    instance.closeSync();
  };

  it('become actions when an old file is first opened', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'nudge-old-words-')), 'nudge.duckdb');
    await raw(path, [
      `CREATE TABLE configs (site VARCHAR NOT NULL, version INTEGER NOT NULL, doc VARCHAR NOT NULL, author VARCHAR NOT NULL,
        message VARCHAR NOT NULL, changes VARCHAR NOT NULL, created_at BIGINT NOT NULL, PRIMARY KEY (site, version))`,
      ...[...OLD_WORDS, ['a typed note', null] as const].map(
        ([message], i) => `INSERT INTO configs VALUES ('o', ${i + 1}, ${sql(doc)}, 'ann', ${sql(message)}, '[]', ${i})`,
      ),
    ]);
    expect(await actions(path)).toEqual([...OLD_WORDS.map(([, a]) => a), { type: 'publish', note: 'a typed note' }]);
  });
});
