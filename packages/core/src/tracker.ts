// createTracker: funnel events with a persisted, capped, retried queue that one tab sends exactly once.
import { guard } from './dev.js';
import { ATTR_KEY, attribute, readAttribution } from './identity/attribution.js';
import { ID_KEY, readIdentity, touch } from './identity/identity.js';
import { uuidv7 } from './identity/uuid.js';
import { localStorageAdapter } from './storage/local-storage.js';
import { guarded, memoryStorage } from './storage/storage.js';
import { retryable, retryDelay } from './track/backoff.js';
import { claimTab, LEASE_MS, locks, QUEUE_PREFIX } from './track/tab-lock.js';
import { chunk, decode, toJSON } from './track/queue.js';
import { BAD_USER_ID, refusal } from './track/refusal.js';
import type { Consent, Tracker, TrackerOptions } from './track/tracker-api.js';
import { beacon, fetchSend } from './track/transport.js';
import type { Vitals } from './track/vitals.js';

export type { Consent, ConsentOption, TrackArgs, Tracker, TrackerOptions, Visitor } from './track/tracker-api.js';

declare const process: { env: Record<string, string | undefined> };
/**
 * Dev-only warnings, nanostores' convention (which @nudge/core needs a bundler for already): every bundler replaces
 * process.env.NODE_ENV, so dev builds warn and production builds fold this to false and drop the strings.
 */
const DEV = process.env.NODE_ENV !== 'production';

/** Time of the last request the collector answered; beacons are used only while that is recent. */
const OK_KEY = 'nudge_ok';
const HEALTHY_MS = 5 * 60 * 1000;
const idle = (w: Window, f: () => void) => (w.requestIdleCallback ?? setTimeout)(f, { timeout: 5e3 } as never);

/** Creates a tracker. Every method is safe to call in any state: nothing it does throws into the page. */
/* @__NO_SIDE_EFFECTS__ */
export function createTracker(options: TrackerOptions): Tracker {
  const o = options;
  const now = o.now || Date.now;
  const nav = typeof navigator === 'object' ? (navigator as Navigator & { globalPrivacyControl?: boolean }) : undefined;
  const win = typeof window === 'object' ? window : undefined;
  const doc = typeof document === 'object' ? document : undefined;
  const loc = typeof location === 'object' ? location : undefined;
  const store = o.storage ? guarded(o.storage) : localStorageAdapter() || memoryStorage();
  const url = `${o.endpoint ?? ''}`.replace(/\/+$/, '') + '/v1/events';
  const size = o.batchSize || 20;
  const interval = o.flushInterval ?? 2000;
  const send = o.send || fetchSend;
  const tab = uuidv7();
  const key = QUEUE_PREFIX + tab;
  const screenSize = typeof screen === 'object' ? `${screen.width}x${screen.height}` : '';

  let consent: Consent | 'pending' =
    o.respectGPC !== false && (nav?.globalPrivacyControl || nav?.doNotTrack === '1')
      ? 'denied'
      : o.consent === 'required'
        ? 'pending'
        : 'granted';
  /** Serialized envelopes, oldest first: serialized once, so persisting and sending never re-stringify. */
  let q: string[] = [];
  let bytes = 0;
  /** Events dropped and not yet reported by any request; `flyingDropped`: the count the request in flight carries. */
  let dropped = 0;
  let flyingDropped = 0;
  /** Events of the request in flight. */
  let flying = new Set<string>();
  /** Not carried by the request in flight. */
  const grounded = (e: string) => !flying.has(e);
  let retryAt = 0;
  /** Retry-After from the server: honoured across page loads too (our own backoff restarts on a new page). */
  let hold = 0;
  let attempt = 0;
  let owned = false;
  let claimed = false;
  let saveQueued = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let current: Promise<boolean> | undefined;
  let vitals: (() => Vitals | undefined) | undefined;
  /** dataLayer pushes waiting for the mirror's code, which loads with the first one. */
  const mirrorQ: [string, object][] = [];
  let mirror: typeof import('./track/data-layer.js').mirror | undefined;
  let markOwned!: () => void;
  const ready = new Promise<void>((r) => (markOwned = r));
  let id = readIdentity(store.get(ID_KEY));
  const storedAttr = readAttribution(store.get(ATTR_KEY));
  const attr = attribute(loc?.search ?? '', storedAttr, now());

  const allowed = () => consent === 'granted';
  /** Strings cut to the wire contract's limits (a longer one would get the whole batch refused). */
  const cut = (v = '', max = 2000) => v.slice(0, max);
  const warn = (...a: unknown[]) => console.warn('[nudge]', ...a);
  const body = (events: string[], d: number) =>
    `{"site":${JSON.stringify(o.site)},"sentAt":${now()},"events":[${events}]${d ? `,"dropped":${d}` : ''}}`;
  const remove = (gone: Set<string>) => (q = q.filter((e) => !gone.has(e) || ((bytes -= e.length), false)));

  /** Writes ids and this tab's queue; `handoff` leaves out the request in flight (keepalive carries it past unload). */
  function save(handoff?: boolean) {
    saveQueued = false;
    if (!allowed()) return;
    if (id) store.set(ID_KEY, JSON.stringify(id));
    if (attr && attr !== storedAttr) store.set(ATTR_KEY, JSON.stringify(attr));
    if (!owned) return;
    // A handoff leaves the request in flight its events and its dropped count: keepalive delivers both.
    const events = handoff ? q.filter(grounded) : q;
    const d = handoff ? dropped : dropped + flyingDropped;
    if (!events.length && !d) return store.remove(key);
    // Over quota: persist as many of the oldest as fit; the rest still go out from memory while the page lives.
    for (
      let n = events.length;
      !store.set(key, `{"x":${now() + LEASE_MS},"d":${d},"r":${hold},"e":[${events.slice(0, n)}]}`);
      n >>= 1
    )
      if (!n) return;
  }

  function push(s: string) {
    q.push(s);
    bytes += s.length;
    while (q.length > (o.maxEvents || 500) || bytes > (o.maxBytes || 250_000)) {
      const i = q.findIndex(grounded);
      if (i < 0) break;
      bytes -= q[i]!.length;
      q.splice(i, 1);
      dropped++;
    }
  }

  function take(k: string) {
    const p = decode(store.get(k));
    store.remove(k);
    if (p) {
      for (const e of p.e) if (typeof e?.id === 'string') push(toJSON(e));
      dropped += +p.d || 0;
      if (+p.r > retryAt) hold = retryAt = +p.r;
      save();
      schedule(0);
    }
  }

  /** Queues of tabs that are gone: the adoption code loads only when there is such a queue. */
  function adopt() {
    const orphans = store.keys().filter((k) => k.startsWith(QUEUE_PREFIX) && k !== key);
    if (allowed() && owned && orphans.length)
      import('./track/ownership.js')
        .then((m) => m.adoptOrphans(orphans, store, locks(), tab, now(), take, (raw) => decode(raw)?.x ?? 0))
        .catch(() => {});
  }

  function schedule(ms: number) {
    if (!timer && allowed()) {
      timer = setTimeout(drain, Math.max(ms, retryAt - now()));
      (timer as { unref?: () => void }).unref?.();
    }
  }

  function sendOnce(): Promise<boolean> {
    if (current) return current;
    const batch = chunk(size, q)[0];
    if (!allowed() || !owned || !batch) return Promise.resolve(false);
    // The count this request reports leaves `dropped`, so a beacon sent meanwhile (pagehide) cannot report it too.
    const d = (flyingDropped = dropped);
    dropped = 0;
    const text = body(batch, d);
    flying = new Set(batch);
    return (current = (async () => {
      let status = 0;
      let after: string | null | undefined;
      try {
        const r = await send({ url, body: text });
        status = r ? r.status : 200;
        after = r ? r.retryAfter : null;
      } catch {}
      const ok = status > 199 && status < 300;
      const done = ok || !retryable(status);
      flyingDropped = 0;
      if (!ok) dropped += d;
      if (done) {
        remove(flying);
        if (!ok) dropped += batch.length;
        attempt = retryAt = hold = 0;
        if (allowed()) store.set(OK_KEY, '' + now()); // consent may have been withdrawn while the request flew
        if (DEV && !ok) warn(`collector refused ${batch.length} events with ${status}; counted as dropped`);
      } else {
        store.remove(OK_KEY);
        retryAt = now() + retryDelay(++attempt, after, now());
        hold = after ? retryAt : 0;
      }
      flying = new Set();
      current = undefined;
      save();
      return done;
    })());
  }

  async function drain(force?: boolean) {
    clearTimeout(timer);
    timer = undefined;
    if (force === true || retryAt <= now()) while (q.length && (await sendOnce()));
    if (q.length) schedule(interval);
  }

  function enqueue(name: string, props: object): void {
    const t = now();
    let ctx: ReturnType<NonNullable<TrackerOptions['context']>>;
    try {
      ctx = o.context?.();
    } catch {}
    // Another tab may have moved seq and session on; within a task our own unsaved state is the newer one.
    if (allowed() && !saveQueued) id = readIdentity(store.get(ID_KEY)) || id;
    id = touch(id, t, () => uuidv7(t));
    let s: string;
    try {
      s = toJSON({
        id: uuidv7(t),
        name,
        ts: t,
        anonymousId: id.a,
        userId: id.u,
        sessionId: id.s,
        seq: id.n,
        page: {
          url: cut(loc?.href),
          path: cut(loc?.pathname),
          referrer: cut(doc?.referrer),
          title: cut(doc?.title, 500),
        },
        context: {
          locale: nav?.language || 'und',
          screen: screenSize,
          utm: attr?.utm ?? {},
          referral: attr?.referral,
          experiments: ctx?.experiments ?? {},
          forced: ctx?.forced?.[0] && ctx.forced,
        },
        props,
      });
    } catch {
      if (name != 'nudge_error') enqueue('nudge_error', { message: `${name}: props are not JSON`, event: name });
      return;
    }
    push(s);
    if (o.dataLayer && allowed()) mirrorEvent(name, props);
    // A full batch goes out in its own task, so track() itself never does network work.
    if (!(q.length % size)) {
      clearTimeout(timer);
      timer = undefined;
      schedule(0);
    } else schedule(interval);
    if (!saveQueued) {
      void Promise.resolve().then(() => save()); // not queueMicrotask: some pages delete it
      saveQueued = true;
    }
  }

  /** In order, once the mirror's code is here (GTM reads dataLayer whenever pushes arrive). */
  function mirrorEvent(name: string, props: object) {
    const drain = () => {
      for (const [n, p] of mirrorQ.splice(0)) mirror!(win, o.dataLayer === true ? 'dataLayer' : '' + o.dataLayer, n, p);
    };
    if (mirrorQ.push([name, props]) > 1) return;
    if (mirror) drain();
    else
      import('./track/data-layer.js')
        .then(
          (m) => (mirror = m.mirror),
          () => (mirror = () => {}),
        )
        .then(drain)
        .catch(() => {});
  }

  function track(name: string, props?: object) {
    if (consent === 'denied') return;
    const bad = refusal(name, props);
    if (bad) {
      if (DEV) warn(`${name} rejected: ${bad.path}: ${bad.message}`);
      return enqueue('nudge_error', { ...bad, event: cut('' + name, 500) });
    }
    enqueue(name, props || {});
  }

  /** Page hidden or leaving: report vitals, then beacon what is queued if the collector was reachable just now. */
  function hide() {
    const v = vitals?.();
    if (v) track('web_vitals', v);
    if (!allowed() || !owned) return;
    const healthy = now() - +(store.get(OK_KEY) || 0) < HEALTHY_MS;
    if (healthy) {
      const chunks = chunk(size, q.filter(grounded));
      const d = dropped;
      const n = beacon(
        url,
        chunks.map((c, i) => body(c, i ? 0 : d)),
      );
      if (n) {
        remove(new Set(chunks.slice(0, n).flat()));
        dropped -= d;
      }
    }
    save(healthy);
  }

  function start() {
    if (owned && allowed()) {
      save();
      adopt();
      schedule(0);
    }
  }

  function claim() {
    save();
    if (!claimed) {
      claimed = true;
      // Without Web Locks the queue's lease must be renewed while the tab lives.
      if (!claimTab(key, () => ((owned = true), markOwned(), start())))
        (setInterval(() => q.length && save(), LEASE_MS / 3) as { unref?: () => void }).unref?.();
    } else start();
  }

  /** A visitor without an identity yet gets one now; seq 0, so their first event is 1. */
  const created = (u?: string) => ({ ...touch(undefined, now(), uuidv7), n: 0, u });

  // Web vitals when idle after load (its ~30 ms at 4x CPU; idle(): 5 s at most), only for a visitor who may be measured
  // (denied never downloads it, pending waits for 'granted'); buffered entries still give LCP, CLS, FCP and TTFB.
  let vitalsDue = false;
  const due = guard(() => ((vitalsDue = true), startVitals()));
  const startVitals = () => {
    if (!vitalsDue || !allowed()) return;
    vitalsDue = false;
    const p = typeof o.webVitals == 'function' ? o.webVitals() : true;
    if (p) import('./track/vitals.js').then((m) => (vitals = m.watchVitals(p))).catch(() => {});
  };

  if (consent !== 'denied') claim();
  if (win && doc) {
    if (o.webVitals !== false)
      doc.readyState == 'complete' ? idle(win, due) : win.addEventListener('load', () => idle(win, due));
    win.addEventListener('pagehide', guard(hide));
    doc.addEventListener(
      'visibilitychange',
      guard(() => (doc.visibilityState === 'hidden' ? hide() : adopt())),
    );
  }

  return {
    track: guard(track),
    page: guard((props) => track('page_view', props)),
    identify: guard((userId, traits) => {
      if (consent !== 'denied') {
        // The wire contract allows 1-200 characters. Anything else ({ id }, undefined, '') is a bug in the page: reported
        // as a nudge_error naming the field, and the visitor keeps the id they had.
        const u = typeof userId == 'string' || typeof userId == 'number' ? ('' + userId).slice(0, 200) : '';
        if (!u) {
          if (DEV) warn('identify rejected: userId: expected 1-200 characters');
          return enqueue('nudge_error', BAD_USER_ID);
        }
        id = id ? { ...id, u } : created(u);
        save();
        track('identify', traits);
      }
    }),
    reset: guard(() => {
      id = undefined;
      store.remove(ID_KEY);
    }),
    async flush() {
      try {
        if (allowed()) {
          await ready;
          await drain(true);
        }
      } catch (e) {
        if (DEV) warn(e);
      }
    },
    visitor() {
      if (allowed() && !(id = readIdentity(store.get(ID_KEY)) || id)) {
        id = created();
        save();
      }
      return {
        anonymousId: allowed() ? id?.a : undefined,
        userId: id?.u,
        consent,
        utm: attr?.utm ?? {},
        referral: attr?.referral,
      };
    },
    setConsent: guard((c) => {
      if (c === 'granted') {
        consent = c;
        claim();
        startVitals();
      }
      if (c === 'denied') {
        consent = c;
        id = undefined;
        q = [];
        bytes = dropped = 0;
        for (const k of [ID_KEY, ATTR_KEY, OK_KEY, key]) store.remove(k);
      }
    }),
  };
}
