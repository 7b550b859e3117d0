// The features that keep their own control tables (rewards, referrals, metrics) against their contracts on Postgres,
// as --control runs them; each case on a new database of one test engine.
import { afterAll, beforeAll, describe } from 'vitest';
import {
  freshPostgresSql,
  postgresMissing,
  sharedPostgres,
  stopSharedPostgres,
} from '../../../../../test/support/engines/postgres.js';
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
});
