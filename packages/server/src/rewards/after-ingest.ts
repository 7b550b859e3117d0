// The rewards' work after ingest (redemptions, referral stages, next-order bindings, leads), for every stored batch.
import type { BatchOrigin, EventRow, EventSink } from '../store/store.js';

/** The events the rewards act on; other batches pass straight through. */
const FOLLOWED = new Set(['purchase', 'sign_up', 'generate_lead']);
const followed = (r: EventRow) => FOLLOWED.has(r.name);

/**
 * The sink with `work` run for the followed rows of each batch once it is stored, beside the sink: an append's
 * promise (the collector's acknowledgement) is handed back as it is. With a sink that says what each write stored
 * (`onStored`), the work follows the write: rows of a refused append that a retried flush or the next start's recovery
 * stores get their rewards too, though the client, told "not stored", may never send them again (a beacon does not).
 * Each row keeps the client address its append came with (the next-order caps). Every job, and every append whose
 * rows may start one, is in `jobs` until it ends, so waiting for `jobs` to empty waits for all of it.
 */
export function followStored(
  sink: EventSink,
  work: (rows: EventRow[], address: string | undefined) => Promise<void>,
  jobs: Set<Promise<void>>,
): EventSink {
  const track = (p: Promise<void>) => {
    const job: Promise<void> = p.finally(() => jobs.delete(job));
    jobs.add(job);
  };
  const addresses = new WeakMap<EventRow, string>();
  sink.onStored?.((stored) => {
    const byAddress = new Map<string | undefined, EventRow[]>();
    for (const r of stored.filter(followed)) {
      const address = addresses.get(r);
      const rows = byAddress.get(address);
      if (rows) rows.push(r);
      else byAddress.set(address, [r]);
    }
    for (const [address, rows] of byAddress) track(work(rows, address));
  });
  const append = (rows: EventRow[], origin?: BatchOrigin): Promise<void> => {
    // the browser's client address, for the next-order caps; none from the shop's server. Noted before the rows reach
    // the sink, so a sink that writes (and tells) before append returns still finds it
    const address = origin?.address;
    const follows = rows.some(followed);
    if (follows && sink.onStored && address !== undefined)
      for (const r of rows) if (followed(r)) addresses.set(r, address);
    const stored = Promise.resolve(sink.append(rows, origin));
    if (!follows) return stored;
    if (sink.onStored) {
      // the work starts when a write stores the rows (inside the flush, before this resolves)
      track(stored.catch(() => undefined));
    } else
      track(
        stored.then(
          () => work(rows, address),
          () => undefined,
        ),
      );
    return stored;
  };
  return new Proxy(sink, {
    get: (target, p) => {
      if (p === 'append') return append;
      const v = Reflect.get(target, p, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
