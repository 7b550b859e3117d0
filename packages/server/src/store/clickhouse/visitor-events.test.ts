// Visitor data requests over ClickHouse on two shards: the delete is a mutation on each shard, awaited.
import { afterAll, beforeAll, describe } from 'vitest';
import {
  clickHouseBinary,
  startClickHouse,
  type ClickHouseEngine,
} from '../../../../../test/support/engines/clickhouse.js';
import { visitorEventsContract } from '../../rewards/visitor-events.contract.js';
import { openEvents } from './index.js';

const bin = clickHouseBinary();
if (!bin) console.warn('[clickhouse visitor events] skipped: clickhouse-server is not installed');

describe.skipIf(!bin)('visitor events, ClickHouse two shards', () => {
  let engine: ClickHouseEngine;
  beforeAll(async () => {
    engine = await startClickHouse({ shards: 2 });
  }, 120_000);
  afterAll(() => engine?.stop());

  visitorEventsContract('clickhouse', async () => {
    const hosts = engine.shards.map((s) => new URL(s).host).join(',');
    const events = await openEvents(`clickhouse://${hosts}/visitors_${process.pid}`);
    return { events, close: () => events.close() };
  });
});
