// The features that keep their own control tables (rewards, referrals, metrics, alerts) on Postgres, as --control runs
// them: their contracts, and the alert store's reads and lock; each case on a new database of one test engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freshPostgresSql,
  postgresMissing,
  sharedPostgres,
  stopSharedPostgres,
} from '../../../../../test/support/engines/postgres.js';
import { AlertStore } from '../../alerts/store.js';
import { metricStoreContract } from '../../metrics/store.contract.js';
import { referralContract } from '../../rewards/referrals.contract.js';
import { rewardsContract } from '../../rewards/rewards.contract.js';

const missing = postgresMissing();
if (missing) console.warn(`skipped: ${missing}`);

// generous: these share two cores with whatever else runs
describe.skipIf(!!missing)('postgres', { timeout: 30_000 }, () => {
  beforeAll(() => sharedPostgres(), 60_000);
  afterAll(stopSharedPostgres);
  rewardsContract('postgres', freshPostgresSql);
  referralContract('postgres', freshPostgresSql);
  metricStoreContract('postgres', freshPostgresSql);

  it('alerts: state, events newest first with and without a rule, delivery, and one lock holder', async () => {
    const db = await freshPostgresSql();
    try {
      const store = new AlertStore(db.sql);
      const state = { firing: true, since: 1, resolvedAt: null, notifiedAt: 2, lastWindow: 3 };
      await store.setState('shop', 'srm', state);
      expect(await store.state('shop', 'srm')).toEqual(state);
      const delivered = { status: 'delivered' } as const;
      await store.addEvent('shop', {
        id: 'e1',
        rule: 'srm',
        kind: 'fired',
        at: 10,
        figures: { p: 0.001 },
        delivery: delivered,
      });
      await store.addEvent('shop', { id: 'e2', rule: 'drop', kind: 'fired', at: 20, figures: {}, delivery: delivered });
      expect((await store.events('shop')).map((e) => e.id)).toEqual(['e2', 'e1']);
      expect(await store.events('shop', { rule: 'srm' })).toEqual([
        { id: 'e1', rule: 'srm', kind: 'fired', at: 10, figures: { p: 0.001 }, delivery: delivered },
      ]);
      await store.setDelivery('shop', { webhookUrl: 'https://hooks.example/a', secret: 'a-secret-of-16-chars' });
      expect(await store.delivery('shop')).toEqual({
        webhookUrl: 'https://hooks.example/a',
        secret: 'a-secret-of-16-chars',
        emails: [],
      });
      const [a, b] = await Promise.all([store.lock('eval', 'a', 100, 200), store.lock('eval', 'b', 100, 200)]);
      expect([a, b].sort()).toEqual([false, true]);
      expect(await store.lock('eval', 'c', 201, 300)).toBe(true);
    } finally {
      await db.close();
    }
  });
});
