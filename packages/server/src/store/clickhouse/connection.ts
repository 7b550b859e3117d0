// The ClickHouse nodes an events URL names, one @clickhouse/client each, and the few calls the backend makes on them.
import { ClickHouseLogLevel, createClient, type ClickHouseClient, type ClickHouseSettings } from '@clickhouse/client';
import { ident } from './sql.js';

export interface EventsUrl {
  /** each node's HTTP base URL; the first takes inserts and reads (through the Distributed table) */
  nodes: string[];
  database: string;
  /** the remote_servers cluster the Distributed table spans; undefined on a single node without one */
  cluster: string | undefined;
  username: string;
  password: string;
}

/**
 * `clickhouse://[user[:password]@]HOST:PORT[,HOST:PORT...]/DB[?cluster=NAME]` (HTTP ports; `clickhouses://` for
 * TLS). Every shard is listed so the tables can be made on each (18.16's ON CLUSTER needs ZooKeeper); `cluster`
 * defaults to `nudge` when more than one node is listed.
 */
export function parseEventsUrl(text: string): EventsUrl {
  const m = /^(clickhouses?):\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/?#]+)\/([^/?#]+)(?:\?([^#]*))?$/.exec(text.trim());
  // the URL is not echoed: it may hold a password
  if (!m) throw new Error('not a ClickHouse URL: expected clickhouse://[USER[:PASSWORD]@]HOST:PORT[,HOST:PORT...]/DB');
  const [, scheme, user, pass, hosts, db, query] = m;
  const params = new URLSearchParams(query ?? '');
  const nodes = hosts!.split(',').map((h) => {
    if (!/^[A-Za-z0-9.\-[\]:]+$/.test(h)) throw new Error(`not a host:port in the ClickHouse URL: ${h}`);
    return `${scheme === 'clickhouses' ? 'https' : 'http'}://${/:\d+$/.test(h) ? h : `${h}:8123`}`;
  });
  const cluster = params.get('cluster') ?? (nodes.length > 1 ? 'nudge' : undefined);
  return {
    nodes,
    database: ident(decodeURIComponent(db!)),
    cluster: cluster === undefined || cluster === '' ? undefined : ident(cluster),
    username: decodeURIComponent(user || 'default'),
    password: decodeURIComponent(pass ?? ''),
  };
}

export type Json = Record<string, unknown>;

/** What the backend needs from ClickHouse: HTTP nodes here; the tests also run it on an embedded current engine. */
export interface Engine {
  readonly database: string;
  /** the cluster the Distributed table spans; undefined: one host, a plain table */
  readonly cluster: string | undefined;
  /** how many hosts the tables are made on (`command`'s `host` is 0 .. hosts - 1) */
  readonly hosts: number;
  createDatabase(): Promise<void>;
  /** rows from the entry node, or from `host` (0 .. hosts - 1) for a node's own system tables */
  rows(sql: string, settings?: ClickHouseSettings, host?: number): Promise<Json[]>;
  command(sql: string, host?: number): Promise<void>;
  /** into the entry node's table, or `host`'s own (0 .. hosts - 1) */
  insert(table: string, values: Json[], host?: number): Promise<void>;
  close(): Promise<void>;
}

export class Nodes implements Engine {
  readonly clients: ClickHouseClient[];

  constructor(readonly url: EventsUrl) {
    this.clients = url.nodes.map((node) =>
      createClient({
        url: node,
        database: url.database,
        username: url.username,
        password: url.password,
        request_timeout: 300_000,
        // failures reach the caller as errors (the write buffer logs and retries); the client's own log would repeat them
        log: { level: ClickHouseLogLevel.OFF },
        // a Distributed insert answers once every shard has its rows: what read-your-writes and acknowledgement need
        clickhouse_settings: { insert_distributed_sync: 1 } as ClickHouseSettings,
      }),
    );
  }

  get database(): string {
    return this.url.database;
  }
  get cluster(): string | undefined {
    return this.url.cluster;
  }
  get hosts(): number {
    return this.clients.length;
  }
  createDatabase(): Promise<void> {
    return createDatabase(this.url);
  }

  get entry(): ClickHouseClient {
    return this.clients[0]!;
  }

  async rows(sql: string, settings: ClickHouseSettings = {}, host = 0): Promise<Json[]> {
    const r = await this.clients[host]!.query({ query: sql, format: 'JSONEachRow', clickhouse_settings: settings });
    return r.json<Json>();
  }

  async command(sql: string, node = 0): Promise<void> {
    await this.clients[node]!.command({ query: sql });
  }

  async insert(table: string, values: Json[], host = 0): Promise<void> {
    await this.clients[host]!.insert({ table, values, format: 'JSONEachRow' });
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.close()));
  }
}

/** Creates the database on every node (a client bound to a database that does not exist yet cannot do it). */
export async function createDatabase(url: EventsUrl): Promise<void> {
  for (const node of url.nodes) {
    const c = createClient({
      url: node,
      username: url.username,
      password: url.password,
      log: { level: ClickHouseLogLevel.OFF },
    });
    try {
      await c.command({ query: `CREATE DATABASE IF NOT EXISTS ${url.database}` });
    } finally {
      await c.close();
    }
  }
}
