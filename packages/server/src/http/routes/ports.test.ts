// Route groups over the store ports alone: stub ports, no backend, each group given only the part of Deps it takes.
import type { NudgeConfig } from '@nudge/core/spec';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { Configs } from '../../config/configs.js';
import { current } from '../../config/service.js';
import { Sites } from '../../sites.js';
import type { ControlStore, CountReport, EventRow, EventSink, ReportQueries } from '../../store/store.js';
import { envelope } from '../../testing.js';
import { memoryLimits } from '../limits.js';
import { reportRoutes } from './admin/reports.js';
import { collectRoutes } from './collect.js';

const site = { id: 'p', name: 'P', allowedOrigins: [], createdAt: 1 };

async function sites(): Promise<Sites> {
  const s = new Sites({
    listSites: async () => [site],
    createSite: async () => {},
    updateSite: async () => {},
  });
  await s.load();
  return s;
}

const config: NudgeConfig = {
  schema: 1,
  site: 'p',
  version: 1,
  widgets: [{ id: 'bar', type: 'buy-bar', props: {} }],
  experiments: [],
};
const live = current({
  site: 'p',
  version: 1,
  doc: config,
  author: 'a',
  action: { type: 'publish' },
  changes: [],
  createdAt: 1,
});
const configs = {
  config: (id: string) => (id === 'p' ? config : undefined),
  get: (id: string) => (id === 'p' ? live : undefined),
} as Pick<Configs, 'config' | 'get'> as Configs;

/** An event sink that keeps what it is given, says it is full when told to, and stores as `store` says. */
function sink(full = false, store: () => Promise<void> = async () => {}) {
  const rows: EventRow[] = [];
  const events: EventSink = {
    append: (r) => (rows.push(...r), store()),
    flush: async () => {},
    pending: () => 0,
    full: () => full,
    countQuarantined: async () => 0,
    ping: async () => {},
  };
  return { rows, events };
}

const counted: [string, CountReport[]][] = [];
const control = {
  countOnce: async (_site: string, counter: string, reports: CountReport[]) => {
    counted.push([counter, reports]);
    return reports.length;
  },
} as Pick<ControlStore, 'countOnce'> as ControlStore;

const send = (app: { request: (path: string, init: RequestInit) => Response | Promise<Response> }, events: unknown[]) =>
  app.request('/', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ site: 'p', sentAt: Date.now(), events }),
  });

describe('collect over an event sink', () => {
  it('appends the rows, typed by the live config, and counts refusals on the control store', async () => {
    const { rows, events } = sink();
    const app = collectRoutes({ events, control, sites: await sites(), configs, limits: memoryLimits() });
    const shown = envelope('view_promotion', { promotion_id: 'bar' });
    const r = await send(app, [shown, { ...envelope('page_view', {}), seq: -1 }]);
    expect(r.status).toBe(200);
    expect(rows.map((x) => [x.name, x.site, x.widget, x.widgetType])).toEqual([
      ['view_promotion', 'p', 'bar', 'buy-bar'],
    ]);
    expect(counted.map(([counter, reports]) => [counter, reports.length])).toEqual([['refused', 1]]);
  });

  it('answers 503 with Retry-After while the sink says it is full, and appends nothing', async () => {
    const { rows, events } = sink(true);
    const app = collectRoutes({ events, control, sites: await sites(), configs, limits: memoryLimits() });
    const r = await send(app, [envelope('page_view', {})]);
    expect(r.status).toBe(503);
    expect(r.headers.get('retry-after')).toBe('2');
    expect(rows).toEqual([]);
  });
});

describe('collect acknowledges only stored events', () => {
  it('answers once the append has resolved (the flush holding the rows), not before', async () => {
    let stored!: () => void;
    const { rows, events } = sink(false, () => new Promise<void>((ok) => (stored = ok)));
    const app = collectRoutes({ events, control, sites: await sites(), configs, limits: memoryLimits() });
    let answered = false;
    const r = Promise.resolve(send(app, [envelope('page_view', {})])).then((res) => ((answered = true), res));
    // bounded: the route has appended once its checks (a few awaits) are done
    for (let i = 0; i < 100 && !rows.length; i++) await new Promise((ok) => setTimeout(ok, 1));
    expect([rows.length, answered]).toEqual([1, false]);
    stored();
    expect((await r).status).toBe(200);
  });

  it('answers 503 with Retry-After, never a 2xx, when the flush fails or the sink is closed', async () => {
    for (const failing of [
      () => Promise.reject(new Error('disk full')),
      () => {
        throw new Error('store is closed');
      },
    ]) {
      const { events } = sink(false, failing);
      const app = collectRoutes({ events, control, sites: await sites(), configs, limits: memoryLimits() });
      const r = await send(app, [envelope('page_view', {})]);
      expect(r.status).toBe(503);
      expect(r.headers.get('retry-after')).toBe('2');
      expect(await r.json()).toMatchObject({ error: 'not_stored' });
    }
  });
});

describe('reports over report queries', () => {
  it('answers the widget report from ReportQueries.widgets, with the range it was asked for', async () => {
    const asked: unknown[] = [];
    const reports = {
      widgets: async (s: string, range: unknown) => {
        asked.push([s, range]);
        return {
          widgets: [{ widget: 'bar', type: 'buy-bar', shows: 2, claims: 1, shares: 0, dismissals: 0 }],
          claims: [],
        };
      },
    } as Pick<ReportQueries, 'widgets'> as ReportQueries;
    const app = reportRoutes({ reports, sites: await sites(), configs });
    // mounted as the admin API mounts it: the site comes from the path
    const outer = new Hono().route('/sites/:site/reports', app);
    const ok = await outer.request('/sites/p/reports/widgets?from=10&to=20');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ range: { from: 10, to: 20 }, widgets: [{ widget: 'bar', shows: 2 }] });
    expect(asked).toEqual([['p', { from: 10, to: 20 }]]);
  });
});
