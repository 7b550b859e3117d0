// The config bus across instances: LISTEN for the ids a committed publish announces, and catch up after every reconnect.
import postgres from 'postgres';
import { InProcessBus, type ConfigBus, type VersionListener } from '../../config/bus.js';
import { CONFIG_CHANNEL, SITE_CHANNEL } from './schema.js';

export interface BusHooks {
  /** Another instance created or changed a site. */
  onSite?(id: string): void;
  /**
   * Called once listening, first and after every reconnect: a notification sent while this instance was disconnected
   * is lost, so it re-reads what it serves (and `publish`es the versions it missed).
   */
  catchUp?(): Promise<void>;
}

export interface PostgresBusOptions {
  /** first wait before listening again after the connection dropped, doubled up to 5 s (default 250 ms) */
  retryMs?: number;
  log?: (line: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The store's insertConfig sends `site:version` with `pg_notify` in the publish's own transaction; this bus hears it on
 * every instance (the publishing one included) and tells the local subscribers, each version once. `publish` only
 * tells this instance's subscribers (at once, without waiting for the round trip): the others hear the commit.
 *
 * It keeps its own connection and listens again itself rather than through the client's `listen()`, which re-listens
 * after a short drop but gives up for good when the server is still down at that moment (seen: Postgres stopped for
 * 4 s, then nothing was heard again).
 */
export class PostgresBus implements ConfigBus {
  private readonly local = new InProcessBus();
  private readonly delivered = new Map<string, number>();
  private conn: postgres.Sql | undefined;
  private hooks: BusHooks = {};
  private relistening: Promise<void> | undefined;
  private stopped = false;
  /** Times listening started (the first time included): for tests and logs. */
  listens = 0;

  constructor(
    private readonly url: string,
    private readonly opts: PostgresBusOptions = {},
  ) {}

  /** Connects and listens; rejects when Postgres cannot be reached now. */
  async start(hooks: BusHooks = {}): Promise<void> {
    this.hooks = hooks;
    this.conn = postgres(this.url, {
      max: 1,
      idle_timeout: 0,
      max_lifetime: null,
      onnotice: () => undefined,
      // not in the client's types, but how its own listen() receives notifications
      ...({ onnotify: (channel: string, payload: string) => this.heard(channel, payload) } as object),
      onclose: () => void this.lost(),
    });
    await this.listen();
  }

  async close(): Promise<void> {
    this.stopped = true;
    await this.conn?.end({ timeout: 1 });
  }

  publish(site: string, version: number): void {
    this.deliver(site, version);
  }

  subscribe(site: string, fn: VersionListener): () => void {
    return this.local.subscribe(site, fn);
  }

  count(site?: string): number {
    return this.local.count(site);
  }

  private deliver(site: string, version: number): void {
    if (version <= (this.delivered.get(site) ?? 0)) return;
    this.delivered.set(site, version);
    this.local.publish(site, version);
  }

  private heard(channel: string, payload: string): void {
    if (channel === SITE_CHANNEL) return this.hooks.onSite?.(payload);
    if (channel !== CONFIG_CHANNEL) return;
    const at = payload.lastIndexOf(':');
    const version = Number(payload.slice(at + 1));
    if (at > 0 && Number.isInteger(version) && version > 0) this.deliver(payload.slice(0, at), version);
  }

  private async listen(): Promise<void> {
    await this.conn!.unsafe(`LISTEN ${CONFIG_CHANNEL}`);
    await this.conn!.unsafe(`LISTEN ${SITE_CHANNEL}`);
    this.listens++;
    await this.hooks.catchUp?.();
  }

  /** The connection closed: listen again (and catch up) as soon as Postgres answers, until closed. */
  private lost(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return (this.relistening ??= (async () => {
      let wait = this.opts.retryMs ?? 250;
      for (;;) {
        await sleep(wait);
        if (this.stopped) break;
        try {
          await this.listen();
          this.opts.log?.('config bus: listening again on Postgres');
          break;
        } catch {
          wait = Math.min(wait * 2, 5000);
        }
      }
    })().finally(() => (this.relistening = undefined)));
  }
}
