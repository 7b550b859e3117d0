// createNudge: tracker + remote config + assignment, published through the stores the widgets read.
import { createConfigClient, type ConfigClient } from './config/client.js';
import type { NudgeConfig, SegmentName } from './config/schema.js';
import { assignAll, enrolled, type AssignContext, type StickyEntry } from './experiments/assign.js';
import { evaluate, type AudienceContext } from './experiments/conditions.js';
import { variantPatch } from './experiments/resolve.js';
import { computeSegments, historyFromTraits, type PurchaseHistory } from './experiments/segments.js';
import { localStorageAdapter } from './storage/local-storage.js';
import { guarded, memoryStorage, readJSON, type NudgeStorage } from './storage/storage.js';
import {
  $assignments,
  $cart,
  $config,
  $consent,
  $product,
  $runtime,
  $segment,
  $user,
  $widgetProps,
  type Assignment,
  type UserState,
  type NudgeRuntime,
} from './stores.js';
import { createTracker, type Consent, type Tracker, type TrackerOptions } from './tracker.js';

declare const process: { env: Record<string, string | undefined> };
/**
 * Dev-only console output, nanostores' convention (which @nudge/core needs a bundler for already): every bundler
 * replaces process.env.NODE_ENV, so dev builds warn and production builds fold this to false and drop the strings.
 */
const DEV = process.env.NODE_ENV !== 'production';

interface Memory {
  sticky: Record<string, StickyEntry>;
  /** experiment:variant:bucketVersion already reported with experiment_exposure */
  exposed: string[];
  /** purchases this browser has seen (the last one's time in ms) */
  history?: PurchaseHistory & { lastOrderAt?: number };
  visits: number;
  /** last page load (ms), to tell a new visit from the same one */
  at: number;
}

export interface NudgeOptions extends Omit<TrackerOptions, 'context' | 'storage' | 'webVitals'> {
  /** `false`: no web vitals at all; otherwise the config's `tracking.webVitals` sample rate decides (default 1). */
  webVitals?: boolean;
  /** A config document given in code (validated like a fetched one); the remote copy replaces it when newer. */
  config?: unknown;
  /** Where the config comes from: a Nudge server base URL or any URL of a `.json` document (default `endpoint`). */
  configUrl?: string;
  /** Live push over server-sent events (default true; off for static `.json` URLs). */
  live?: boolean;
  /** A signed-in shopper: same as calling identify(id, traits) at start. */
  user?: { id: string; traits?: Record<string, unknown> };
  storage?: NudgeStorage;
}

export interface Nudge extends Tracker {
  /** The visitor's variant for an experiment (null if none) and, when enrolled, an `experiment_exposure` (deduped). */
  variant(key: string): string | null;
  /** Fetch the config now (ETag-conditional). */
  refresh(): Promise<void>;
  /** Stop the config stream and listeners (the tracker keeps its queue). */
  close(): void;
}

/** What this SDK remembers about the visitor, in one key (read once, written whole). */
const MEMORY_KEY = 'nudge_memory';
const FORCE_KEY = 'nudge_force';
const VISIT_GAP = 30 * 60 * 1000;
const MAX_EXPOSED = 300;

/** `?nudge_force=exp:variant,exp2:variant` for QA, kept for the browser session. */
export function parseForce(search: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of new URLSearchParams(search).get(FORCE_KEY)?.split(',') ?? []) {
    const [k, v] = pair.split(':').map((s) => s.trim());
    if (k && v) out[k] = v;
  }
  return out;
}

/** Creates the SDK. Nothing it does throws into the page: failures become `nudge_error` events and dev warnings. */
/* @__NO_SIDE_EFFECTS__ */
export function createNudge(options: NudgeOptions): Nudge {
  const o = options;
  // Plain-JS callers get no type check: say what is wrong in development (production carries on: same-site URLs).
  if (DEV)
    for (const k of ['site', 'endpoint'] as const)
      if (typeof o[k] != 'string' || !o[k])
        console.error(`[nudge] createNudge: \`${k}\` must be a non-empty string, got ${JSON.stringify(o[k])}`);
  const now = o.now ?? Date.now;
  const win = typeof window === 'object' ? window : undefined;
  const loc = typeof location === 'object' ? location : undefined;
  const doc = typeof document === 'object' ? document : undefined;
  const nav = typeof navigator === 'object' ? (navigator as Navigator & { globalPrivacyControl?: boolean }) : undefined;
  // A merchant's own adapter may throw (a blocked cookie jar, a full quota): wrapped, it reads as empty instead.
  const store = o.storage ? guarded(o.storage) : (localStorageAdapter() ?? memoryStorage());
  let session: Storage | undefined;
  try {
    session = win?.sessionStorage;
  } catch {}

  const current = (): Record<string, Assignment> => $assignments.get();
  const active = () => {
    const experiments: Record<string, string> = {};
    const force: string[] = [];
    for (const [k, a] of Object.entries(current())) {
      if (enrolled(a)) experiments[k] = a.variant;
      if (a.forced) force.push(k);
    }
    return { experiments, forced: force };
  };

  // The tracker owns identity, consent (GPC/DNT included) and attribution; assignment keys on its anonymousId.
  // Web vitals for a sampled share of page views (tracking.webVitals of the config in force after load). The tracker
  // asks once per page view; the draw is independent of the variant, so per-variant reports stay unbiased, and
  // sample_rate on the event lets them weight counts.
  const webVitals =
    o.webVitals !== false &&
    (() => {
      const rate = $config.get()?.tracking?.webVitals ?? 1;
      return Math.random() < rate && { sample_rate: rate };
    });
  const tracker = createTracker({ ...o, storage: store, context: active, webVitals });
  let consent = tracker.visitor().consent;
  const granted = () => consent === 'granted';
  const unit = () => tracker.visitor().anonymousId;

  // Forced variants: from this URL, else from earlier in this browser session.
  let forced = parseForce(loc?.search ?? '');
  try {
    if (Object.keys(forced).length) session?.setItem(FORCE_KEY, JSON.stringify(forced));
    else forced = { ...readJSON(session?.getItem(FORCE_KEY)) };
  } catch {}

  const fresh = (): Memory => ({ sticky: {}, exposed: [], visits: 0, at: 0 });
  let memory: Memory = { ...fresh(), ...readJSON(store.get(MEMORY_KEY)) };
  const remember = () => granted() && store.set(MEMORY_KEY, JSON.stringify(memory));
  let traitsHistory: PurchaseHistory | undefined;
  /** What assignment reads as segments: set by resegment (which every start runs), published after the assignments. */
  let segments: SegmentName[] | undefined;
  /** The page file's full schedule check, once it has loaded ($runtime.schedule). */
  let inSchedule: AssignContext['schedule'];

  // Visits: a new one after 30 idle minutes, the same rule as the tracker's sessions.
  const visits = (memory.visits = now() - memory.at > VISIT_GAP ? memory.visits + 1 : Math.max(1, memory.visits));
  memory.at = now();

  function audience(): AudienceContext {
    const { utm, referral } = tracker.visitor();
    let referrerHost: string | undefined;
    try {
      referrerHost = doc?.referrer ? new URL(doc.referrer).hostname : undefined;
    } catch {}
    return {
      segments,
      returning: visits > 1,
      visits,
      device: win && (win.matchMedia?.('(pointer: coarse) and (max-width: 1024px)').matches ? 'mobile' : 'desktop'),
      path: loc?.pathname,
      utm,
      referrerHost,
      locale: nav?.language,
      cartValue: $cart.get()?.value,
      hasReferral: !!referral && referral !== $user.get().ownReferralCode,
    };
  }

  /**
   * Segments from what is known now, then assignments, which may depend on them. $segment is published last: a widget
   * notified by it reads $config, which must not be newer than the $widgetProps it sees.
   */
  function resegment() {
    segments = computeSegments(traitsHistory ?? memory.history, now(), $config.get()?.segments);
    reassign();
    $segment.set(segments);
  }

  function reassign() {
    const config = $config.get();
    const id = unit();
    const next: Record<string, Assignment> = {};
    if (config && id) {
      const results = assignAll(config.experiments, id, {
        audience: audience(),
        forced,
        sticky: memory.sticky,
        schedule: inSchedule,
      });
      let changed = false;
      for (const e of config.experiments) {
        const { sticky: kept, ...r } = results[e.key]!;
        next[e.key] = r;
        // assign() answers 'assigned' only with a variant.
        if (r.reason === 'assigned' && !kept) {
          memory.sticky[e.key] = { variant: r.variant!, bucketVersion: e.bucketVersion ?? 0 };
          changed = true;
        }
      }
      if (changed) remember();
    } else if (config) {
      for (const e of config.experiments)
        next[e.key] = { variant: null, reason: consent === 'denied' ? 'no-consent' : 'consent-pending' };
    }
    $assignments.set(next);
    publishWidgets();
  }

  function expose(key: string, widget?: string) {
    const config = $config.get();
    const e = config?.experiments.find((x) => x.key === key);
    const a = current()[key];
    if (!e || !a || !enrolled(a)) return;
    const mark = `${key}:${a.variant}:${e.bucketVersion ?? 0}`;
    if (memory.exposed.includes(mark)) return;
    memory.exposed = [...memory.exposed, mark].slice(-MAX_EXPOSED);
    remember();
    tracker.track('experiment_exposure', {
      experiment: key,
      variant: a.variant,
      widget,
      bucket_version: e.bucketVersion ?? 0,
    });
  }

  /**
   * Each widget's props for this visitor, resolved once per change and published as one value ($widgetProps). A change
   * that leaves them as they were (a cart update, an SPA view on the same path) notifies no widget.
   */
  function publishWidgets() {
    const config = $config.get();
    const ctx = audience();
    const all: Record<string, Record<string, unknown>> = {};
    for (const w of config?.widgets ?? []) {
      // A variant's boolean `enabled` wins over the widget's own.
      const { enabled = w.enabled, ...props } = variantPatch(config!.experiments, (k) => current()[k]?.variant, w.id);
      if (enabled !== false && evaluate(w.audience, ctx)) all[w.id] = { ...w.props, ...props };
    }
    if (JSON.stringify(all) != JSON.stringify($widgetProps.get())) $widgetProps.set(all);
  }

  const runtime: NudgeRuntime = {
    track: (name, props) => nudge.track(name, props),
    widgetProps: (widgetId) => $widgetProps.get()[widgetId],
    schedule(check) {
      inSchedule = check;
      reassign();
    },
    exposed(widgetId) {
      for (const e of $config.get()?.experiments ?? []) {
        if (e.variants.some((v) => v.patch?.[widgetId])) expose(e.key, widgetId);
      }
    },
    post(path, body) {
      const v = tracker.visitor();
      // Without consent there is no id, and nothing is sent; a text body is a simple request (no CORS preflight). The
      // server reads the ids it needs and ignores the rest.
      if (v.anonymousId)
        return fetch(o.endpoint + path, { method: 'POST', body: JSON.stringify({ ...v, site: o.site, ...body }) });
    },
  };

  /** $user with the current anonymousId, visit count and last purchase (remembered, so only with consent). */
  const who = (user: UserState) =>
    $user.set({
      ...user,
      anonymousId: unit(),
      visits,
      lastOrderAt: granted() ? memory.history?.lastOrderAt : undefined,
    });

  const publishRuntime = (config: NudgeConfig | null) =>
    $runtime.set({ ...runtime, locale: config?.locale, currency: config?.currency });

  const client: ConfigClient = createConfigClient({
    site: o.site,
    endpoint: o.configUrl ?? o.endpoint,
    storage: store,
    initial: o.config,
    live: o.live,
    onConfig(config) {
      $config.set(config);
      resegment();
      publishRuntime(config);
    },
    onInvalid(issues, _source, message) {
      if (DEV) console.warn('[nudge]', message);
      tracker.track('nudge_error', { message: message.slice(0, 500), path: issues[0]?.path, code: 'invalid_config' });
    },
  });

  const unsubscribeCart = $cart.listen(reassign);
  // A new product view (an SPA route) may change the path a widget's audience names.
  const unsubscribeProduct = $product.listen(publishWidgets);

  function setConsent(c: Consent) {
    tracker.setConsent(c);
    consent = c;
    $consent.set(c);
    if (c === 'granted') remember();
    else forget(true);
    // A grant brings back what is remembered, a denial takes the id and the purchase away from the widgets.
    who($user.get());
    reassign();
  }

  /** A different visitor from here on: nothing remembered for the previous one may follow them. */
  function forget(all?: boolean) {
    memory = { ...fresh(), visits: all ? 0 : memory.visits, at: memory.at };
    traitsHistory = undefined;
    if (all) store.remove(MEMORY_KEY);
    else remember();
  }

  function identify(userId: string, traits?: Record<string, unknown>) {
    tracker.identify(userId, traits);
    traitsHistory = historyFromTraits(traits) ?? traitsHistory;
    const user = $user.get();
    const own = traits?.referral_code;
    $user.set({
      ...user,
      userId: tracker.visitor().userId,
      traits: { ...user.traits, ...traits },
      ownReferralCode: typeof own === 'string' ? own : user.ownReferralCode,
    });
    resegment();
  }

  const nudge: Nudge = {
    ...tracker,
    track(name: string, props?: object) {
      (tracker.track as (n: string, p?: object) => void)(name, props);
      if (name === 'purchase') {
        // Purchases seen in this browser feed the RFM segments when identify() gave no order history.
        const value = Number((props as { value?: unknown } | undefined)?.value);
        const h = memory.history;
        memory.history = {
          orders: (h?.orders ?? 0) + 1,
          spent: (h?.spent ?? 0) + (Number.isFinite(value) ? value : 0),
          lastOrderAt: now(),
        };
        remember();
        resegment();
        // The thank-you page's popup asks for the buyer's next-order coupon when it sees this.
        who($user.get());
      }
    },
    identify,
    reset() {
      tracker.reset();
      forget();
      who({});
      resegment();
    },
    setConsent,
    variant(key) {
      expose(key);
      return current()[key]?.variant ?? null;
    },
    refresh: () => client.refresh(),
    close() {
      client.close();
      unsubscribeCart();
      unsubscribeProduct();
      $runtime.set(null);
    },
  };

  $consent.set(consent);
  remember();
  who($user.get());
  if (!client.current()) {
    resegment();
    publishRuntime(null);
  }
  if (o.user) identify(o.user.id, o.user.traits);

  // Every method is guarded: an SDK bug must never surface as an exception in the shop's code.
  for (const k of Object.keys(nudge) as (keyof Nudge)[]) {
    const fn = nudge[k] as (...a: unknown[]) => unknown;
    (nudge as unknown as Record<string, unknown>)[k] = (...a: unknown[]) => {
      try {
        const r = fn(...a);
        return r instanceof Promise ? r.catch(() => {}) : r;
      } catch (e) {
        if (DEV) console.warn('[nudge]', e);
      }
    };
  }
  return nudge;
}
