// The Postgres adapter of the SQL seam against its contract, each case on a new database of one test engine.
import { afterAll, describe } from 'vitest';
import { freshPostgresSql, postgresMissing, stopSharedPostgres } from '../../../../../test/support/engines/postgres.js';
import { sqlContract } from '../sql/sql.contract.js';

const missing = postgresMissing();
if (missing) console.warn(`skipped: ${missing}`);

describe.skipIf(!!missing)('postgres', () => {
  afterAll(stopSharedPostgres);
  sqlContract('postgres', freshPostgresSql);
});
