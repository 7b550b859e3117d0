// The Postgres adapter of the SQL seam against its contract, each case on a new database of one test engine.
import { afterAll, beforeAll, describe } from 'vitest';
import {
  freshPostgresSql,
  postgresMissing,
  sharedPostgres,
  stopSharedPostgres,
} from '../../../../../test/support/engines/postgres.js';
import { sqlContract } from '../sql/sql.contract.js';

const missing = postgresMissing();
if (missing) console.warn(`skipped: ${missing}`);

// generous: these share two cores with whatever else runs
describe.skipIf(!!missing)('postgres', { timeout: 30_000 }, () => {
  // initdb and the first start take seconds on a busy machine: before the cases, not inside the first one
  beforeAll(() => sharedPostgres(), 60_000);
  afterAll(stopSharedPostgres);
  sqlContract('postgres', freshPostgresSql);
});
