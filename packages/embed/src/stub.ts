// The window.nudge stub: calls made before the loader arrives are queued, then replayed in order.

/** Methods the stub accepts before the loader arrives (ready() resolves once it has). */
export const QUEUED_METHODS = ['track', 'page', 'identify', 'reset', 'setProduct', 'setCart', 'setConsent', 'flush', 'debug'] as const;
export type QueuedCall = [method: string, args: unknown[]];

export interface NudgeStub {
  q: QueuedCall[];
  /** Set by nudge.js so a second copy of the tag does nothing. */
  loading?: boolean;
  loaded?: boolean;
  ready(): Promise<unknown>;
  [method: string]: unknown;
}

/**
 * The optional inline snippet a merchant pastes before the tag (minified by hand: it is copied into pages as is).
 * Under a strict CSP give the inline script the same nonce as the tag. Built by a pure call so bundles that do not
 * use it (nudge.js) drop it whole.
 */
export const STUB_SNIPPET = /* @__PURE__ */ ((methods: readonly string[]) =>
  `!function(w){if(w.nudge)return;var q=[],n=w.nudge={q:q,ready:function(){return new Promise(function(r){q.push(["ready",[r]])})}};` +
  `${JSON.stringify(methods)}.forEach(function(m){n[m]=function(){q.push([m,[].slice.call(arguments)])}})}(window);`)(QUEUED_METHODS);

/** Installs the same stub when the page has no snippet (or keeps the snippet's queue). */
export function installStub(win: { nudge?: unknown }): NudgeStub {
  const existing = win.nudge as NudgeStub | undefined;
  if (existing && typeof existing === 'object' && Array.isArray(existing.q)) return existing;
  const q: QueuedCall[] = [];
  const stub: NudgeStub = { q, ready: () => new Promise((r) => q.push(['ready', [r]])) };
  for (const m of QUEUED_METHODS) stub[m] = (...args: unknown[]) => { q.push([m, args]); };
  win.nudge = stub;
  return stub;
}

/** Replays queued calls on the real API; one bad call is reported and the rest still run. */
export function replay(queue: QueuedCall[], api: Record<string, unknown>, onError: (method: string, error: unknown) => void): void {
  for (const [method, args] of queue.splice(0)) {
    try {
      if (method === 'ready') {
        // Resolves when the real ready() does, not merely when the queue is replayed.
        void (api.ready as () => Promise<unknown>)().then(args[0] as (v: unknown) => void);
        continue;
      }
      const fn = api[method];
      if (typeof fn !== 'function') throw new Error(`nudge.${method} is not a function`);
      const out: unknown = fn.apply(api, args);
      if (out instanceof Promise) out.catch((e: unknown) => onError(method, e));
    } catch (e) {
      onError(method, e);
    }
  }
}
