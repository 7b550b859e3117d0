// Rewards on the Postgres control database (READ COMMITTED, a pool of connections), each case on a new database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresClient, postgresSql } from '../store/postgres/sql.js';
import {
  freshPostgresSql,
  postgresMissing,
  sharedPostgres,
  stopSharedPostgres,
} from '../../../../test/support/engines/postgres.js';
import { bindNextOrders } from './next-order.js';
import { nextOrderContract } from './next-order.contract.js';
import { referralContract } from './referrals.contract.js';
import { popupConfig, purchase, rewardsContract } from './rewards.contract.js';
import { Rewards } from './rewards.js';

const missing = postgresMissing();
if (missing) console.warn(`skipped: ${missing}`);

// generous: these share two cores with whatever else runs
describe.skipIf(!!missing)('postgres', { timeout: 60_000 }, () => {
  beforeAll(() => sharedPostgres(), 60_000);
  afterAll(stopSharedPostgres);
  rewardsContract('postgres', freshPostgresSql);
  referralContract('postgres', freshPostgresSql);
  nextOrderContract('postgres', freshPostgresSql);

  it('two servers binding next-order codes at once keep the per-address cap between them (a fleet, one database)', async () => {
    const db = await freshPostgresSql();
    const other = postgresClient(db.url);
    try {
      const r = new Rewards(db.sql, { config: () => popupConfig('WELCOME20'), now: () => Date.UTC(2026, 11, 1) });
      await r.createPool('s', { id: 'next', kind: 'generated', prefix: 'NEXT-', count: 40 });
      await r.setNextOrder('s', { widget: 'welcome', pool: 'next', capPerAddressPerDay: 2, capPerSitePerHour: 100 });
      // one script faking orders from one address, its batches spread over two servers
      const batch = (server: string) =>
        Array.from({ length: 6 }, (_, i) =>
          purchase('s', { anonymousId: `${server}${i}`, props: { transaction_id: `${server}${i}`, value: 99 } }),
        );
      await Promise.all([
        bindNextOrders(db.sql, batch('a'), '203.0.113.9'),
        bindNextOrders(postgresSql(other), batch('b'), '203.0.113.9'),
      ]);
      const rows = await db.sql.query<{ n: number }>(
        "SELECT count(*) AS n FROM reward_claims WHERE offer = 'next-order'",
      );
      expect(rows[0]!.n).toBe(2);
      const refused = await db.sql.query<{ n: number }>('SELECT count(*) AS n FROM next_order_refusals');
      expect(refused[0]!.n).toBe(10);
    } finally {
      await other.end({ timeout: 5 });
      await db.close();
    }
  });
});
