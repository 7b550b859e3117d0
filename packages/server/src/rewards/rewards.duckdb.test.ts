// Rewards on the embedded DuckDB control database, each case on a new in-memory database.
import { Connection } from '../store/duckdb/connection.js';
import { duckdbSql } from '../store/duckdb/sql.js';
import { nextOrderContract } from './next-order.contract.js';
import { referralContract } from './referrals.contract.js';
import { rewardsContract } from './rewards.contract.js';

rewardsContract('duckdb', async () => {
  const db = new Connection(':memory:');
  await db.open();
  return { sql: duckdbSql(db), close: async () => db.close() };
});

referralContract('duckdb', async () => {
  const db = new Connection(':memory:');
  await db.open();
  return { sql: duckdbSql(db), close: async () => db.close() };
});

nextOrderContract('duckdb', async () => {
  const db = new Connection(':memory:');
  await db.open();
  return { sql: duckdbSql(db), close: async () => db.close() };
});
