// The Postgres adapter of the SQL seam against its contract, each case on a new database of one test engine.
import { afterAll, beforeAll, describe } from 'vitest';
import {
  freshDatabaseName,
  postgresMissing,
  startPostgres,
  type PostgresEngine,
} from '../../../../../test/support/engines/postgres.js';
import { sqlContract } from '../sql/sql.contract.js';
import { postgresClient, postgresSql } from './sql.js';

const missing = postgresMissing();
if (missing) console.warn(`skipped: ${missing}`);

describe.skipIf(!!missing)('postgres', () => {
  let pg: PostgresEngine;
  beforeAll(async () => {
    pg = await startPostgres({ fsync: false });
  });
  afterAll(() => pg?.stop());

  sqlContract('postgres', async () => {
    const client = postgresClient(await pg.createDatabase(freshDatabaseName()));
    return { sql: postgresSql(client), close: () => client.end({ timeout: 5 }) };
  });
});
