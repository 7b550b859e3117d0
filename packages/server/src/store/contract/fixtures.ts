// Rows and records for the contract cases: small, hand-made, each count worked out in the case that reads it.
import type { NudgeConfig } from '@nudge/core/spec';
import { afterEach } from 'vitest';
import type { Store } from '../ports.js';
import type { ConfigRecord, EventRow } from '../records.js';

/**
 * A backend under test: a started store over fresh, empty storage, and `reopen`, which starts another store over the
 * same storage after the first was closed (a server restart).
 */
export type StoreFactory = () => Promise<{ store: Store; reopen(): Promise<Store> }>;

/**
 * Starts stores from `factory`, each closed after the case that started it (call inside a describe). A case that
 * closes its store to `reopen` it (a restart) leaves the reopened one to be closed.
 */
export function startedStores(factory: StoreFactory): StoreFactory {
  let open: Store[] = [];
  afterEach(async () => {
    for (const s of open) await s.close();
    open = [];
  });
  return async () => {
    const s = await factory();
    open.push(s.store);
    return {
      store: s.store,
      reopen: async () => {
        open = open.filter((x) => x !== s.store);
        const again = await s.reopen();
        open.push(again);
        return again;
      },
    };
  };
}

let n = 0;
/** An event row with every column at its empty value; ids are unique across the kit. */
export function row(site: string, name: string, ts: number, anonymousId: string | null, extra: Partial<EventRow> = {}) {
  const r: EventRow = {
    id: `c${++n}`,
    idMs: ts,
    site,
    name,
    ts,
    receivedAt: ts,
    anonymousId,
    userId: null,
    sessionId: 's',
    seq: n,
    url: null,
    path: null,
    referrer: null,
    experiments: {},
    forced: [],
    props: {},
    context: {},
    source: 'web',
    expKey: null,
    expVariant: null,
    expForced: false,
    value: null,
    transactionId: null,
    refCode: null,
    widget: null,
    widgetType: null,
    ...extra,
  };
  return r;
}

export const exposure = (site: string, anon: string, variant: string, ts: number, forced = false) =>
  row(site, 'experiment_exposure', ts, anon, {
    expKey: 'bar',
    expVariant: variant,
    expForced: forced,
    props: { experiment: 'bar', variant },
  });

export function config(site: string, version: number, extra: Partial<ConfigRecord> = {}): ConfigRecord {
  const doc: NudgeConfig = {
    schema: 1,
    site,
    version,
    publishedAt: 1000 + version,
    widgets: [{ id: 'pop', type: 'coupon-popup', props: { code: 'HI10', amount: 10, currency: 'USD' } }],
    experiments: [],
  };
  return {
    site,
    version,
    doc,
    author: 'ann',
    action: { type: 'publish', note: `version ${version}` },
    changes: [{ path: ['widgets', 'pop', 'props', 'amount'], before: 5, after: 10 }],
    createdAt: 1000 + version,
    ...extra,
  };
}

/** Every range the report cases use holds all their rows. */
export const ALL = { from: 0, to: 10_000_000_000_000 };
