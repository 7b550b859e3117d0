// The ClickHouse tables: a ReplacingMergeTree of events on every shard, a Distributed table over them, a quarantine.
import type { Engine } from './connection.js';
import { EVENT_COLUMNS, METRIC_COLUMNS } from './rows.js';
import { lit } from './sql.js';

/**
 * Made on every node listed (18.16's ON CLUSTER needs ZooKeeper). Rows are sorted by (site, id_ms, id): a retried
 * event has the same site, id and id_ms, so merges (and FINAL at read time) keep one copy; id_ms follows time, so a
 * site's time range reads neighbouring granules. The Distributed table shards by the visitor, so a visitor's events
 * sit on one shard and per-visitor reports finish there.
 */
export async function migrate(nodes: Engine): Promise<void> {
  const { database: db, cluster } = nodes;
  await nodes.createDatabase();
  for (let i = 0; i < nodes.hosts; i++) {
    const local = cluster ? 'events_local' : 'events';
    await nodes.command(
      `CREATE TABLE IF NOT EXISTS ${db}.${local} (${EVENT_COLUMNS}) ENGINE = ReplacingMergeTree ORDER BY (site, id_ms, id)`,
      i,
    );
    if (cluster)
      await nodes.command(
        `CREATE TABLE IF NOT EXISTS ${db}.events AS ${db}.events_local
         ENGINE = Distributed(${cluster}, ${db}, events_local, cityHash64(ifNull(anonymous_id, id)))`,
        i,
      );
  }
  await addMetricColumns(nodes);
  // each node's progress in filling older rows (backfill.ts): the next range to do, then done
  for (let i = 0; i < nodes.hosts; i++)
    await nodes.command(
      `CREATE TABLE IF NOT EXISTS ${db}.backfills (name String, site String, id_ms Int64, done UInt8, at Int64)
       ENGINE = MergeTree ORDER BY (name, at)`,
      i,
    );
  await nodes.command(
    `CREATE TABLE IF NOT EXISTS ${db}.quarantine (site String, id Nullable(String), reason String, row String, quarantined_at Int64)
     ENGINE = MergeTree ORDER BY (site, quarantined_at)`,
  );
  if (cluster) {
    // a node in the cluster the URL does not list has no events_local: say so now, not at the first insert
    const shards = await nodes.rows(`SELECT count() AS n FROM system.clusters WHERE cluster = ${lit(cluster)}`);
    const n = Number(shards[0]?.n ?? 0);
    if (n === 0) throw new Error(`ClickHouse has no cluster '${cluster}' in its remote_servers`);
    if (n !== nodes.hosts)
      throw new Error(
        `cluster '${cluster}' has ${n} hosts but the events URL lists ${nodes.hosts}: list every host's HTTP address`,
      );
  }
}

/**
 * Tables made before metrics lack their columns: added on every node, the local table before the Distributed one
 * (18.16 has no ADD COLUMN IF NOT EXISTS, so system.columns says which are missing). Rows stored before read the
 * defaults (`filled` 0) until the backfill (backfill.ts) writes them again with the columns filled.
 */
async function addMetricColumns(nodes: Engine): Promise<void> {
  const tables = nodes.cluster ? ['events_local', 'events'] : ['events'];
  for (let i = 0; i < nodes.hosts; i++)
    for (const table of tables) {
      const missing = async () => {
        const have = new Set(
          (
            await nodes.rows(
              `SELECT name FROM system.columns WHERE database = ${lit(nodes.database)} AND table = ${lit(table)}`,
              {},
              i,
            )
          ).map((r) => String(r.name)),
        );
        return METRIC_COLUMNS.filter(([name]) => !have.has(name));
      };
      const add = await missing();
      if (add.length)
        await nodes
          .command(
            `ALTER TABLE ${nodes.database}.${table} ${add.map(([name, type]) => `ADD COLUMN ${name} ${type}`).join(', ')}`,
            i,
          )
          .catch(async (err: unknown) => {
            // another server starting at the same time added them first
            if ((await missing()).length) throw err;
          });
    }
}
