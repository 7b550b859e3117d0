// The window.nudge stub: calls made before the loader arrives are queued, then replayed in order; clicks made before
// auto-tracking is ready are recorded for it to replay.

/** Methods the stub accepts before the loader arrives (ready() resolves once it has). */
export const QUEUED_METHODS = [
  'track',
  'page',
  'identify',
  'reset',
  'setProduct',
  'setCart',
  'setConsent',
  'flush',
  'debug',
] as const;
export type QueuedCall = [method: string, args: unknown[]];
/** A click seen before auto-tracking was ready: its target (retargeted to a shadow host) and Date.now(). */
export type EarlyClick = [target: EventTarget | null, at: number];
/** How many early clicks the stub keeps (the latest): a shopper clicks a few times at most before Nudge is up. */
export const EARLY_CLICKS = 20;

/**
 * localStorage key prefix (+ site) that carries `track` and `identify` calls queued on a page that went before its
 * runtime started (a purchase on a thank-you page closed at once) to the site's next page in any tab (left-clicks.ts
 * writes it on pagehide, the runtime reads it): `[method, args, Date.now(), path]` each, at most 100.
 */
export const LEFT_CALLS = 'nudge_calls:';
export type LeftCall = [method: 'track' | 'identify', args: unknown[], at: number, path: string];

export interface NudgeStub {
  q: QueuedCall[];
  /** Set by nudge.js so a second copy of the tag does nothing. */
  loading?: boolean;
  loaded?: boolean;
  /** Clicks recorded by the early listener `k` until the runtime takes them over (see takeClicks). */
  c?: EarlyClick[];
  k?: (e: Event) => void;
  ready(): Promise<unknown>;
  [method: string]: unknown;
}

/**
 * The optional inline snippet a merchant pastes before the tag (minified by hand: it is copied into pages as is).
 * Besides the queue it records the page's clicks (one capture-phase listener, the last EARLY_CLICKS) so an
 * auto-tracked button clicked before Nudge is ready still counts. Under a strict CSP give the inline script the same
 * nonce as the tag. Built by a pure call so bundles that do not use it (nudge.js) drop it whole.
 */
export const STUB_SNIPPET = /* @__PURE__ */ ((methods: readonly string[]) =>
  `!function(w){if(w.nudge)return;var q=[],c=[],n=w.nudge={q:q,c:c,k:function(e){c.push([e.target,Date.now()])>${EARLY_CLICKS}&&c.shift()},` +
  `ready:function(){return new Promise(function(r){q.push(["ready",[r]])})}};w.document.addEventListener("click",n.k,!0);` +
  `${JSON.stringify(methods)}.forEach(function(m){n[m]=function(){q.push([m,[].slice.call(arguments)])}})}(window);`)(
  QUEUED_METHODS,
);

/**
 * Installs the same stub when the page has no snippet (or keeps the snippet's queue), with the click recorder: a
 * snippet pasted before it had one gets it here. The loaded API (a second copy of the tag) gets none.
 */
export function installStub(win: { nudge?: unknown; document: Pick<Document, 'addEventListener'> }): NudgeStub {
  let stub = win.nudge as NudgeStub | undefined;
  if (!Array.isArray(stub?.q)) {
    const q: QueuedCall[] = [];
    stub = { q, ready: () => new Promise((r) => q.push(['ready', [r]])) };
    for (const m of QUEUED_METHODS)
      stub[m] = (...args: unknown[]) => {
        q.push([m, args]);
      };
    win.nudge = stub;
  }
  if (!stub.c && !stub.loaded) {
    const c: EarlyClick[] = (stub.c = []);
    win.document.addEventListener(
      'click',
      (stub.k = (e) => {
        if (c.push([e.target, Date.now()]) > EARLY_CLICKS) c.shift();
      }),
      true,
    );
  }
  return stub;
}

/**
 * Stops the stub's click recorder and hands over what it recorded (each click once: a second call returns none).
 * Call it in the same task that installs the real listener, so every click is seen by exactly one of the two.
 */
export function takeClicks(stub: NudgeStub | undefined, doc: Pick<Document, 'removeEventListener'>): EarlyClick[] {
  if (stub?.k) doc.removeEventListener('click', stub.k, true);
  return stub?.c?.splice(0) ?? [];
}

/** Replays queued calls on the real API; one bad call is reported and the rest still run. */
export function replay(
  queue: QueuedCall[],
  api: Record<string, unknown>,
  onError: (method: string, error: unknown) => void,
): void {
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
