// Rewards on the Postgres control database (READ COMMITTED, a pool of connections), each case on a new database.
import { afterAll, beforeAll, describe } from 'vitest';
import {
  freshPostgresSql,
  postgresMissing,
  sharedPostgres,
  stopSharedPostgres,
} from '../../../../test/support/engines/postgres.js';
import { nextOrderContract } from './next-order.contract.js';
import { referralContract } from './referrals.contract.js';
import { rewardsContract } from './rewards.contract.js';

const missing = postgresMissing();
if (missing) console.warn(`skipped: ${missing}`);

// generous: these share two cores with whatever else runs
describe.skipIf(!!missing)('postgres', { timeout: 60_000 }, () => {
  beforeAll(() => sharedPostgres(), 60_000);
  afterAll(stopSharedPostgres);
  rewardsContract('postgres', freshPostgresSql);
  referralContract('postgres', freshPostgresSql);
  nextOrderContract('postgres', freshPostgresSql);
});
