// Next-order codes on any control database: reported apart from the popup's claims, capped per address and per site.
import { describe, expect, it } from 'vitest';
import type { SqlFactory } from '../store/sql/sql.contract.js';
import type { Sql } from '../store/sql/sql.js';
import type { EventSink } from '../store/store.js';
import { popupConfig, purchase } from './rewards.contract.js';
import { bindNextOrders } from './next-order.js';
import { Rewards } from './rewards.js';
import { widgetFor } from './widget-code.js';

const T0 = Date.UTC(2026, 11, 1);
const DAY = 86_400_000;

/** One popup, the welcome offer, with an experiment on it; the same widget shows buyers their next-order code. */
const config = popupConfig('WELCOME20');

export function nextOrderContract(name: string, open: SqlFactory): void {
  describe(`next-order codes: ${name}`, () => {
    const withRewards = (fn: (r: Rewards, sink: EventSink) => Promise<void>) => async () => {
      const db = await open();
      try {
        const r = new Rewards(db.sql, { config: () => config, now: () => T0 + 5000 });
        await fn(r, r.watch({ append: () => {}, flush: async () => {} } as unknown as EventSink));
      } finally {
        await db.close();
      }
    };
    /** A browser purchase from `address` by a new visitor: what a script faking orders sends. */
    const fake = async (r: Rewards, sink: EventSink, visitor: string, address: string) => {
      await sink.append(
        [
          purchase('s', {
            anonymousId: visitor,
            experiments: { x: 'a' },
            props: { transaction_id: visitor, value: 9999 },
          }),
        ],
        { address },
      );
      await r.settled();
      return r.claim({ site: 's', widget: 'welcome', anonymousId: visitor });
    };

    it(
      "counts only the welcome offer's claims in the popup's and its variants' figures; next-order codes on their own",
      withRewards(async (r, sink) => {
        await r.createPool('s', { id: 'welcome-pool', kind: 'generated', widget: 'welcome', count: 5 });
        // two visitors claim the welcome offer before the popup also shows buyers their next-order code
        const visitors = ['v1', 'v2'];
        for (const v of visitors) expect(await r.claim({ site: 's', widget: 'welcome', anonymousId: v })).toBeTruthy();
        await r.createPool('s', { id: 'next', kind: 'generated', prefix: 'NEXT-', count: 5 });
        await r.setNextOrder('s', { widget: 'welcome', pool: 'next' });
        expect((await fake(r, sink, 'buyer1', '10.0.0.1'))?.code).toMatch(/^NEXT-/);
        await sink.append([purchase('s', { anonymousId: 'buyer2', props: { transaction_id: 'T2', value: 50 } })], {
          address: '10.0.0.2',
        });
        await r.settled();
        const report = await r.report('s', 0, T0 + DAY);
        expect(report.widgets).toEqual([expect.objectContaining({ widget: 'welcome', claimed: 2 })]);
        const variantClaims = report.variants.reduce((n, v) => n + v.claimed, 0);
        expect(variantClaims).toBe(visitors.filter((v) => widgetFor(config, 'welcome', v).experiments.x).length);
        expect(report.variants.every((v) => !v.byPool.next)).toBe(true);
        expect(report.nextOrder).toEqual([
          expect.objectContaining({ widget: 'welcome', bound: 2, shown: 1, redeemed: 0, byPool: { next: 2 } }),
        ]);
      }),
    );

    it(
      "never gives a popup's visitor a code from the pool the next-order coupon names",
      withRewards(async (r) => {
        await r.createPool('s', { id: 'welcome-pool', kind: 'imported', widget: 'welcome' });
        await r.createPool('s', { id: 'next', kind: 'generated', prefix: 'NEXT-', count: 5 });
        await r.setNextOrder('s', { widget: 'thanks', pool: 'next' });
        // the popup's own pool is empty: its static code, not a next-order code from the widget-less pool
        expect(await r.claim({ site: 's', widget: 'welcome', anonymousId: 'v1' })).toMatchObject({ code: 'WELCOME20' });
        expect((await r.pools('s')).find((p) => p.id === 'next')).toMatchObject({ issued: 0 });
      }),
    );

    it("reads a site's reward settings once per batch, not once per purchase in it", async () => {
      const db = await open();
      try {
        const r = new Rewards(db.sql, { config: () => config, now: () => T0 + 5000 });
        await r.createPool('s', { id: 'next', kind: 'generated', prefix: 'NEXT-', count: 10 });
        await r.setNextOrder('s', { widget: 'welcome', pool: 'next' });
        let reads = 0;
        const counted: Sql = {
          dialect: db.sql.dialect,
          query: (text, params) => {
            if (/FROM reward_settings/.test(text)) reads++;
            return db.sql.query(text, params);
          },
          transaction: (task) => db.sql.transaction(task),
        };
        const buy = (site: string, v: string) =>
          purchase(site, { anonymousId: v, props: { transaction_id: `${site}-${v}`, value: 20 } });
        // one batch: three buyers on s, two on t (which has no next-order coupon)
        await bindNextOrders(
          counted,
          [buy('s', 'b1'), buy('t', 'c1'), buy('s', 'b2'), buy('t', 'c2'), buy('s', 'b3')],
          '10.0.0.9',
        );
        expect(reads).toBe(2);
        for (const v of ['b1', 'b2', 'b3'])
          expect(await r.claim({ site: 's', widget: 'welcome', anonymousId: v })).toMatchObject({
            code: expect.stringMatching(/^NEXT-/),
          });
        expect((await r.pools('s'))[0]).toMatchObject({ issued: 3 });
      } finally {
        await db.close();
      }
    });

    it(
      'binds no code for the (cap+1)-th fake purchase from one address, and counts the refusal in the report',
      withRewards(async (r, sink) => {
        await r.createPool('s', { id: 'next', kind: 'generated', prefix: 'NEXT-', count: 20 });
        await r.setNextOrder('s', { widget: 'welcome', pool: 'next', capPerAddressPerDay: 2, capPerSitePerHour: 3 });
        expect(await fake(r, sink, 'f1', '203.0.113.9')).toMatchObject({ code: expect.stringMatching(/^NEXT-/) });
        expect(await fake(r, sink, 'f2', '203.0.113.9')).toMatchObject({ code: expect.stringMatching(/^NEXT-/) });
        expect(await fake(r, sink, 'f3', '203.0.113.9')).toBeUndefined();
        // another address still gets one, until the site's hourly cap
        expect(await fake(r, sink, 'g1', '198.51.100.7')).toMatchObject({ code: expect.stringMatching(/^NEXT-/) });
        expect(await fake(r, sink, 'g2', '198.51.100.7')).toBeUndefined();
        // a buyer's second purchase is not a new binding: their code stays, and no cap is spent on it
        expect(await fake(r, sink, 'f1', '203.0.113.9')).toMatchObject({ code: expect.stringMatching(/^NEXT-/) });
        // the shop's own server (Segment) is not capped
        sink.append([
          purchase('s', { anonymousId: 'h1', source: 'segment', props: { transaction_id: 'H', value: 9 } }),
        ]);
        await r.settled();
        expect(await r.claim({ site: 's', widget: 'welcome', anonymousId: 'h1' })).toBeTruthy();
        const [next] = (await r.report('s', 0, T0 + DAY)).nextOrder;
        expect(next).toMatchObject({ widget: 'welcome', bound: 4, refused: { address: 1, site: 1 } });
        expect((await r.pools('s'))[0]).toMatchObject({ issued: 4 });
      }),
    );
  });
}
