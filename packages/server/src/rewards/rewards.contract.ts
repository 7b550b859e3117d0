// What rewards must do on any control database (run by each backend's test file with a fresh, empty database).
import type { NudgeConfig } from '@nudge/core/spec';
import { describe, expect, it } from 'vitest';
import type { SqlFactory } from '../store/sql/sql.contract.js';
import type { EventRow, EventSink } from '../store/store.js';
import { CODE_ALPHABET } from './codes.js';
import { parseCodesCsv } from './csv.js';
import { Rewards, type RewardsOptions } from './rewards.js';
import { widgetFor } from './widget-code.js';

const T0 = Date.UTC(2026, 11, 1);
const DAY = 86_400_000;

export const popupConfig = (code?: string): NudgeConfig =>
  ({
    schema: 1,
    site: 's',
    version: 1,
    widgets: [{ id: 'welcome', type: 'coupon-popup', enabled: true, props: code ? { code, amount: 20 } : {} }],
    experiments: [
      {
        key: 'x',
        status: 'running',
        traffic: 1,
        variants: [
          { key: 'a', weight: 1, patch: { welcome: { heading: 'A' } } },
          { key: 'b', weight: 1, patch: { welcome: { heading: 'B' } } },
        ],
      },
    ],
  }) as unknown as NudgeConfig;

/** A popup whose `save30` variant promises another offer ($30 off 150) than the control's $20. */
const offerConfig = (variantPatch: Record<string, unknown>): NudgeConfig =>
  ({
    schema: 1,
    site: 's',
    version: 1,
    widgets: [{ id: 'welcome', type: 'coupon-popup', enabled: true, props: { amount: 20 } }],
    experiments: [
      {
        key: 'offer',
        status: 'running',
        traffic: 1,
        variants: [
          { key: 'control', weight: 1 },
          { key: 'save30', weight: 1, patch: { welcome: variantPatch } },
        ],
      },
    ],
  }) as unknown as NudgeConfig;

/** The first visitor id the config puts in each variant of `offer`. */
/** A variant that offers another coupon than the control's. */
const SAVE30 = { code: 'WELCOME30', threshold: 150, amount: 30 };

function visitorsByVariant(config: NudgeConfig) {
  const out: Record<string, string> = {};
  for (let i = 0; i < 500 && Object.keys(out).length < 2; i++) {
    const v = widgetFor(config, 'welcome', `v${i}`).experiments.offer;
    if (v && !out[v]) out[v] = `v${i}`;
  }
  return out as { control: string; save30: string };
}

export function purchase(site: string, over: Partial<EventRow> & { props: Record<string, unknown> }): EventRow {
  return {
    id: `p-${Math.random()}`,
    idMs: T0,
    site,
    name: 'purchase',
    ts: T0 + 1000,
    receivedAt: T0 + 1000,
    anonymousId: 'v1',
    userId: null,
    sessionId: null,
    seq: null,
    url: null,
    path: null,
    referrer: null,
    experiments: {},
    forced: [],
    context: {},
    source: 'web',
    expKey: null,
    expVariant: null,
    expForced: false,
    value: typeof over.props.value === 'number' ? over.props.value : null,
    transactionId: typeof over.props.transaction_id === 'string' ? over.props.transaction_id : null,
    refCode: null,
    widget: null,
    widgetType: null,
    ...over,
  };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

export function rewardsContract(name: string, open: SqlFactory): void {
  describe(`rewards: ${name}`, () => {
    const withRewards =
      (fn: (r: Rewards, clock: { now: number }) => Promise<void>, config?: RewardsOptions['config']) => async () => {
        const db = await open();
        const clock = { now: T0 };
        try {
          await fn(new Rewards(db.sql, { config: config ?? (() => popupConfig()), now: () => clock.now }), clock);
        } finally {
          await db.close();
        }
      };

    it(
      'generates unique codes of prefix + random characters without look-alikes',
      withRewards(async (r) => {
        expect(
          await r.createPool('s', { id: 'p', kind: 'generated', prefix: 'WELCOME-', length: 10, count: 300 }),
        ).toBe(true);
        expect(await r.createPool('s', { id: 'p', kind: 'generated', count: 1 })).toBe(false);
        const [pool] = await r.pools('s');
        expect(pool).toMatchObject({ id: 'p', total: 300, remaining: 300, issued: 0, redeemed: 0, low: false });
        const codes = new Set<string>();
        const times: number[] = [];
        for (let i = 0; i < 40; i++) {
          const t = performance.now();
          codes.add((await r.claim({ site: 's', widget: 'w', anonymousId: `v${i}` }))!.code);
          times.push(performance.now() - t);
        }
        times.sort((a, b) => a - b);
        console.log(
          `[rewards ${name}] 40 claims one after another, pool of 300: p50 ${pct(times, 0.5).toFixed(1)} ms, p99 ${pct(times, 0.99).toFixed(1)} ms`,
        );
        expect(codes.size).toBe(40);
        for (const c of codes) expect(c).toMatch(new RegExp(`^WELCOME-[${CODE_ALPHABET}]{10}$`));
      }),
      30_000,
    );

    it(
      'gives the same visitor the same code, and concurrent claims of one visitor one code',
      withRewards(async (r) => {
        await r.createPool('s', { id: 'p', kind: 'generated', count: 10, validDays: 7 });
        const first = await r.claim({ site: 's', widget: 'welcome', anonymousId: 'v1' });
        expect(first).toMatchObject({ source: 'pool', expiresAt: T0 + 7 * DAY });
        expect(await r.claim({ site: 's', widget: 'welcome', anonymousId: 'v1' })).toEqual(first);
        const same = await Promise.all(
          Array.from({ length: 8 }, () => r.claim({ site: 's', widget: 'welcome', anonymousId: 'v2' })),
        );
        expect(new Set(same.map((c) => c!.code)).size).toBe(1);
        expect((await r.pools('s'))[0]).toMatchObject({ issued: 2, remaining: 8 });
      }),
    );

    it(
      'issues each of 100 codes once under 200 concurrent claims; the other 100 get the clean fallback',
      withRewards(async (r) => {
        await r.createPool('s', { id: 'p', kind: 'generated', count: 100 });
        const times: number[] = [];
        const got = await Promise.all(
          Array.from({ length: 200 }, async (_, i) => {
            const t = performance.now();
            const c = await r.claim({ site: 's', widget: 'welcome', anonymousId: `v${i}` });
            times.push(performance.now() - t);
            return c;
          }),
        );
        const issued = got.filter((c) => c !== undefined);
        expect(issued).toHaveLength(100);
        expect(new Set(issued.map((c) => c.code)).size).toBe(100);
        expect(issued.every((c) => c.source === 'pool')).toBe(true);
        expect(got.filter((c) => c === undefined)).toHaveLength(100);
        expect((await r.pools('s'))[0]).toMatchObject({ issued: 100, remaining: 0, low: true });
        times.sort((a, b) => a - b);
        console.log(
          `[rewards ${name}] 200 concurrent claims, pool of 100: p50 ${pct(times, 0.5).toFixed(1)} ms, p99 ${pct(times, 0.99).toFixed(1)} ms`,
        );
      }),
      60_000,
    );

    it(
      "falls back to the widget's static code when the pool is empty, and to nothing without one",
      withRewards(
        async (r) => {
          expect(await r.claim({ site: 's', widget: 'welcome', anonymousId: 'v1' })).toEqual({
            code: 'WELCOME20',
            expiresAt: null,
            source: 'static',
          });
          await r.createPool('s', { id: 'p', kind: 'imported', widget: 'welcome' });
          expect(await r.import('s', 'p', parseCodesCsv('code,expires_at\nONE-1,\n').codes)).toEqual({
            added: 1,
            skipped: 0,
          });
          // the pool filled since: the visitor's static claim is replaced by a unique code
          expect(await r.claim({ site: 's', widget: 'welcome', anonymousId: 'v1' })).toMatchObject({
            code: 'ONE-1',
            source: 'pool',
          });
          expect(await r.claim({ site: 's', widget: 'welcome', anonymousId: 'v2' })).toMatchObject({
            code: 'WELCOME20',
            source: 'static',
          });
          expect(await r.claim({ site: 's', widget: 'other', anonymousId: 'v2' })).toBeUndefined();
        },
        () => popupConfig('WELCOME20'),
      ),
    );

    it(
      "gives a variant's visitor codes only from the pool bound to their variant, and the control's from the unbound",
      withRewards(
        async (r) => {
          const who = visitorsByVariant(offerConfig(SAVE30));
          await r.createPool('s', { id: 'welcome', kind: 'generated', prefix: 'W20-', count: 3, widget: 'welcome' });
          const bound = { widget: 'welcome', experiment: 'offer', variant: 'save30' };
          await r.createPool('s', { id: 'save30', kind: 'generated', prefix: 'S30-', count: 3, ...bound });
          const got = await r.claim({ site: 's', widget: 'welcome', anonymousId: who.save30 });
          expect(got).toMatchObject({ source: 'pool' });
          expect(got!.code.startsWith('S30-')).toBe(true);
          expect((await r.claim({ site: 's', widget: 'welcome', anonymousId: who.control }))!.code).toMatch(/^W20-/);
          const pools = await r.pools('s');
          expect(pools.map((p) => [p.id, p.experiment, p.variant, p.issued])).toEqual([
            ['save30', 'offer', 'save30', 1],
            ['welcome', null, null, 1],
          ]);
          const report = await r.report('s', 0, T0 + DAY);
          expect(report.variants.map((v) => [v.variant, v.byPool]).sort()).toEqual([
            ['control', { welcome: 1 }],
            ['save30', { save30: 1 }],
          ]);
        },
        () => offerConfig(SAVE30),
      ),
    );

    it(
      "gives a variant's visitor its static code, else nothing, when only an unbound pool has codes",
      withRewards(
        async (r) => {
          const who = visitorsByVariant(offerConfig(SAVE30));
          await r.createPool('s', { id: 'welcome', kind: 'generated', prefix: 'W20-', count: 3, widget: 'welcome' });
          expect(await r.claim({ site: 's', widget: 'welcome', anonymousId: who.save30 })).toEqual({
            code: 'WELCOME30',
            expiresAt: null,
            source: 'static',
          });
        },
        () => offerConfig(SAVE30),
      ),
    );

    it(
      'refuses a pool code to a variant visitor whose variant has no pool and no static code (pool empty)',
      withRewards(
        async (r) => {
          const who = visitorsByVariant(offerConfig({ amount: 30 }));
          await r.createPool('s', { id: 'welcome', kind: 'generated', prefix: 'W20-', count: 3, widget: 'welcome' });
          expect(await r.claim({ site: 's', widget: 'welcome', anonymousId: who.save30 })).toBeUndefined();
          expect((await r.pools('s'))[0]).toMatchObject({ issued: 0 });
        },
        () => offerConfig({ amount: 30 }),
      ),
    );

    it(
      "serves a copy-only variant's visitor from the unbound pool: the offer is the control's",
      withRewards(
        async (r) => {
          const who = visitorsByVariant(offerConfig({ heading: 'Hello' }));
          await r.createPool('s', { id: 'welcome', kind: 'generated', prefix: 'W20-', count: 3, widget: 'welcome' });
          expect((await r.claim({ site: 's', widget: 'welcome', anonymousId: who.save30 }))!.code).toMatch(/^W20-/);
        },
        () => offerConfig({ heading: 'Hello' }),
      ),
    );

    it(
      "serves a variant that restates the popup's own offer from the unbound pool (the demo's spend 100 save 20)",
      withRewards(
        async (r) => {
          const who = visitorsByVariant(offerConfig({ amount: 20 }));
          await r.createPool('s', { id: 'welcome', kind: 'generated', prefix: 'W20-', count: 3, widget: 'welcome' });
          expect((await r.claim({ site: 's', widget: 'welcome', anonymousId: who.save30 }))!.code).toMatch(/^W20-/);
        },
        () => offerConfig({ amount: 20 }),
      ),
    );

    it(
      'imports CSV codes once, honours their expiry, and refuses bad lines with their line numbers',
      withRewards(async (r, clock) => {
        expect(parseCodesCsv('A-1\nbad code\nB-2,not a date\n').issues).toEqual([
          { path: 'csv.2', message: 'a code is 3 to 64 letters, digits, - or _' },
          { path: 'csv.3', message: 'expires_at is an ISO date or ms since the epoch' },
        ]);
        expect(await r.import('s', 'nope', [])).toBeUndefined();
        await r.createPool('s', { id: 'p', kind: 'imported' });
        const csv = `code,expires_at\n"OLD-1",${new Date(T0 + 1000).toISOString()}\nNEW-1,\nNEW-1\n`;
        expect(await r.import('s', 'p', parseCodesCsv(csv).codes)).toEqual({ added: 2, skipped: 1 });
        expect(await r.import('s', 'p', parseCodesCsv('NEW-1').codes)).toEqual({ added: 0, skipped: 1 });
        clock.now = T0 + 2000;
        expect(await r.claim({ site: 's', widget: 'w', anonymousId: 'v1' })).toMatchObject({ code: 'NEW-1' });
        expect(await r.claim({ site: 's', widget: 'w', anonymousId: 'v2' })).toBeUndefined();
        expect((await r.pools('s'))[0]).toMatchObject({ total: 2, issued: 1, expired: 1, remaining: 0 });
      }),
    );

    it(
      'marks a claimed code redeemed once by a purchase, with discount and net revenue to the cent',
      withRewards(async (r) => {
        await r.createPool('s', { id: 'p', kind: 'generated', count: 5, amount: 20.1, currency: 'USD' });
        const c = (await r.claim({ site: 's', widget: 'welcome', anonymousId: 'v1' }))!;
        await r.claim({ site: 's', widget: 'welcome', anonymousId: 'v2' });
        const buy = purchase('s', { props: { transaction_id: 'T-1', value: 200.3, currency: 'USD', coupon: c.code } });
        expect(await r.redeem([buy])).toBe(1);
        expect(await r.redeem([buy, { ...buy, id: 'again' }])).toBe(0);
        // another order with the same code does not redeem it twice
        const other = purchase('s', { props: { transaction_id: 'T-2', value: 99, coupon: c.code } });
        expect(await r.redeem([other])).toBe(0);
        const report = await r.report('s', 0, T0 + DAY);
        expect(report.widgets).toEqual([
          {
            widget: 'welcome',
            claimed: 2,
            redeemed: 1,
            redemptionRate: 0.5,
            discount: 20.1,
            revenue: 200.3,
            netRevenue: 180.2,
            currency: 'USD',
            bySource: { pool: 2 },
          },
        ]);
        const variants = report.variants.filter((v) => v.redeemed);
        expect(variants).toHaveLength(1);
        expect(variants[0]).toMatchObject({ widget: 'welcome', experiment: 'x', redeemed: 1, netRevenue: 180.2 });
        expect(report.variants.reduce((n, v) => n + v.claimed, 0)).toBe(2);
        expect((await r.pools('s'))[0]).toMatchObject({ issued: 2, redeemed: 1 });
      }),
    );

    it(
      "takes the purchase's own discount over the pool's amount, and a static code counts only for its claimer",
      withRewards(
        async (r) => {
          await r.claim({ site: 's', widget: 'welcome', anonymousId: 'v1' });
          const stranger = purchase('s', { anonymousId: 'v9', props: { value: 50, coupon: 'WELCOME20' } });
          expect(await r.redeem([stranger])).toBe(0);
          const items = [{ item_id: 'a', price: 40, quantity: 2, discount: 2.55 }];
          expect(await r.redeem([purchase('s', { props: { value: 80, coupon: 'x, WELCOME20', items } })])).toBe(1);
          expect((await r.report('s', 0, T0 + DAY)).widgets[0]).toMatchObject({
            redeemed: 1,
            discount: 5.1,
            revenue: 80,
            netRevenue: 74.9,
            bySource: { static: 1 },
          });
        },
        () => popupConfig('WELCOME20'),
      ),
    );

    it(
      'binds a next-order coupon to a qualifying buyer at the purchase; its widget shows it to them only',
      withRewards(async (r) => {
        await r.createPool('s', { id: 'pack', kind: 'generated', prefix: 'NEXT-', count: 5, amount: 20 });
        await r.setNextOrder('s', { widget: 'thanks', pool: 'pack', minOrder: 50 });
        const sink = { append: () => {}, flush: async () => {} } as unknown as EventSink;
        const watched = r.watch(sink);
        const big = purchase('s', { anonymousId: 'buyer', props: { transaction_id: 'T-1', value: 80 } });
        watched.append([big, purchase('s', { anonymousId: 'small', props: { transaction_id: 'T-2', value: 49.99 } })]);
        await r.settled();
        const mine = await r.claim({ site: 's', widget: 'thanks', anonymousId: 'buyer' });
        expect(mine).toMatchObject({ code: expect.stringMatching(/^NEXT-/), source: 'pool' });
        expect(await r.claim({ site: 's', widget: 'thanks', anonymousId: 'small' })).toBeUndefined();
        expect(await r.claim({ site: 's', widget: 'thanks', anonymousId: 'stranger' })).toBeUndefined();
        watched.append([{ ...big, id: 'again' }]);
        await r.settled();
        expect((await r.pools('s'))[0]).toMatchObject({ issued: 1 });
        // tracked like a popup's code: the next order with it is a redemption
        watched.append([
          purchase('s', { anonymousId: 'buyer', props: { transaction_id: 'T-3', value: 60, coupon: mine!.code } }),
        ]);
        await r.settled();
        expect((await r.report('s', 0, T0 + DAY)).nextOrder.find((w) => w.widget === 'thanks')).toMatchObject({
          bound: 1,
          shown: 1,
          redeemed: 1,
          discount: 20,
          netRevenue: 40,
        });
      }),
    );
  });
}
