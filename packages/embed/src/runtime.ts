// nudge-runtime.js: started by nudge.js. Creates the SDK, fills $product, mounts configured widgets, follows SPA
// navigation and config pushes, and replaces the window.nudge stub with the real API. Product parsing, the mounter
// and auto-tracking are chunks of their own, loaded only on pages that have a product, a widget to show or a selector
// to track.
import {
  $assignments,
  $cart,
  $config,
  $product,
  $runtime,
  $segment,
  $widgetProps,
  createNudge,
  microtask,
  nextTask,
  productItem,
} from '@nudge/core';
import type { CartState, Nudge, ProductContext } from '@nudge/core';
import { readTag, type LoaderOptions } from './attributes.js';
import type { AutoTrackConfig } from './autotrack.js';
import type { WidgetSpec } from './mount.js';
import { watchNavigation } from './spa.js';
import { LEFT_CALLS, replay, takeClicks, type NudgeStub, type QueuedCall } from './stub.js';

type Props = Record<string, unknown>;

/** What window.nudge offers once loaded (see packages/embed/README.md). */
export interface NudgeApi {
  track(name: string, props?: Props): void;
  page(props?: Props): void;
  identify(userId: string, traits?: Props): void;
  reset(): void;
  setProduct(product: ProductContext | null): void;
  /** `{ value, currency, items }`; items may be GA4 items[] (sent with begin_checkout) or a count. */
  setCart(cart: (Omit<CartState, 'items'> & { items?: number | Record<string, unknown>[] }) | null): void;
  setConsent(state: 'granted' | 'denied'): void;
  variant(key: string): string | null;
  flush(): Promise<void>;
  ready(): Promise<NudgeApi>;
  debug(): DebugInfo;
}

export interface DebugInfo {
  site: string;
  configVersion: number | null;
  segment: string[];
  assignments: Record<string, string | null>;
  mounted: { id: string; type: string }[];
  product: ProductContext | null;
}

/** Markup that may describe a product; only pages with it load the product parser. */
const PRODUCT_MARKUP =
  'script[type="application/ld+json"],meta[property^="product:"],meta[property="og:type"],[data-nudge-product],[itemtype*="schema.org/Product"]';

const log = (level: 'info' | 'warn' | 'error', ...args: unknown[]) => console[level]('[nudge]', ...args);

/** Entry called by nudge.js with its own <script> element. */
export function start(script: HTMLScriptElement): void {
  const win = window as unknown as { nudge?: NudgeStub & { loaded?: boolean }; litNonce?: string };
  const stub = win.nudge;
  if (stub?.loaded) return;
  const options = readTag(script, location.href);
  // A tag that failed a check: its message comes with a chunk only such a page fetches (tag-errors.ts).
  if (typeof options == 'number')
    return void import('./tag-errors.js')
      .then((m) => log('error', m.tagError(options, script)))
      .catch((e: unknown) => log('error', e));
  boot(options, win, stub).catch((e: unknown) => log('error', 'failed to start; the page is unaffected', e));
}

async function boot(
  o: LoaderOptions,
  win: { nudge?: unknown; litNonce?: string },
  stub: NudgeStub | undefined,
): Promise<void> {
  // Lit falls back to <style> elements where adopted stylesheets are missing; they then need the nonce.
  if (o.nonce) win.litNonce = o.nonce;
  // createNudge guards every method itself: nothing it does throws into the page.
  const sdk: Nudge = createNudge({ site: o.site, endpoint: o.endpoint, consent: o.consent });
  const quiet = (what: string) => (e: unknown) => {
    if (o.debug) log('warn', what, e);
  };
  const reportError = (props: Props, e: unknown) =>
    sdk.track('nudge_error', { ...props, message: String((e as Error)?.message ?? e).slice(0, 500) });
  /** A part of Nudge failed (a chunk did not load): reported once as nudge_error, the page carries on. */
  const reported = new Set<string>();
  const report = (source: string) => (e: unknown) => {
    quiet(`${source} failed`)(e);
    if (reported.has(source)) return;
    reported.add(source);
    reportError({ source }, e);
  };

  // Product context: what the page says, overridden field by field by setProduct().
  let explicit: ProductContext | null = null;
  let fromPage: ProductContext | null = null;
  let viewedUrl = '';
  const applyProduct = () => $product.set(explicit || fromPage ? { ...fromPage, ...explicit } : null);
  const sendViewItem = () => {
    const p = $product.get();
    const url = location.href.split('#')[0]!;
    if (!p || (!p.sku && !p.id && !p.name) || viewedUrl === url) return;
    viewedUrl = url;
    sdk.track('view_item', {
      items: [productItem(p) as { item_id: string }],
      ...(p.currency ? { currency: p.currency } : {}),
      ...(p.price !== undefined ? { value: p.price } : {}),
    });
  };
  // A cached nudge.js can run before the parser reaches the body: read and mount once the document is parsed.
  const parsed =
    document.readyState === 'loading'
      ? new Promise<void>((r) => document.addEventListener('DOMContentLoaded', () => r(), { once: true }))
      : Promise.resolve();
  /** The page's product markup as text: what tells a route that has rendered its own product from the old one's. */
  const markup = () => [...document.querySelectorAll(PRODUCT_MARKUP)].map((n) => n.outerHTML).join();
  /** The markup as of the last read. */
  let readMarkup = '';
  const readPage = async () => {
    await parsed;
    readMarkup = markup();
    fromPage = readMarkup ? await (await import('./product.js')).readProduct(document) : null;
    applyProduct();
    sendViewItem();
  };

  // Mounting: the mounter chunk loads the first time config enables a widget for this visitor.
  let mounter: ReturnType<typeof import('./mounting.js').createWidgetMounter> | undefined;
  let mounterLoad: Promise<NonNullable<typeof mounter>> | undefined;
  const enabledWidgets = (): WidgetSpec[] => {
    // The widgets config shows this visitor (audience and variant patches applied; what runtime.widgetProps reads),
    // read from the store itself: $runtime is always set here (createNudge sets it at once; nothing closes this SDK).
    const shown = $widgetProps.get();
    return (
      ($config.get()?.widgets ?? [])
        .filter((w) => shown[w.id])
        // A buy bar sells the page's product: pages without one (cart, blog) get none.
        .filter((w) => w.type !== 'buy-bar' || $product.get())
        .map((w) => ({ id: w.id, type: w.type, mount: w.mount }))
    );
  };
  let scheduled = false;
  let lastSync: Promise<unknown> = Promise.resolve();
  const sync = () => {
    if (scheduled) return;
    scheduled = true;
    microtask(() => {
      scheduled = false;
      let specs: WidgetSpec[];
      try {
        specs = enabledWidgets();
      } catch (e) {
        return quiet('reading the widget list failed')(e); // never an uncaught error in the page
      }
      if (!specs.length && !mounter) return;
      mounterLoad ??= import('./mounting.js').then(
        (m) =>
          (mounter = m.createWidgetMounter({
            locale: o.locale,
            tagAddToCart: o.autoTrack?.addToCart,
            quiet,
            reportError,
          })),
      );
      lastSync = Promise.all([mounterLoad, parsed])
        .then(([m]) => m.sync(enabledWidgets()))
        .catch(report('mounting'));
    });
  };
  // $widgetProps is set last and whole on every config, assignment or audience change: one notification, one state.
  for (const store of [$widgetProps, $runtime, $product]) (store as { listen(cb: () => void): unknown }).listen(sync);

  let cartItems: Props[] = [];
  // Auto-tracking: selectors from the config's `tracking` block, else from the tag's data-track-* attributes. Its
  // chunk loads once there is a selector; until then the stub records clicks, which the chunk replays (with those an
  // earlier page of this tab left, see left-clicks.ts). Once the first config (or the 3 s wait for one) says there is
  // none, the recorder stops and its clicks are let go.
  const tracking = (): AutoTrackConfig | undefined => $config.get()?.tracking ?? o.autoTrack;
  let autoTrack: Promise<unknown> | undefined;
  const take = () => takeClicks(stub, document);
  const trackClicks = (settled: boolean) => {
    if (autoTrack) return;
    const t = tracking();
    if (!t?.addToCart && !t?.beginCheckout) {
      if (settled) take();
      return;
    }
    autoTrack = import('./autotrack.js')
      .then((m) => m.startAutoTrack(document, tracking, sdk, () => cartItems, take, o.site))
      .catch((e: unknown) => {
        take();
        report('autotrack')(e);
      });
  };
  // The SDK (tracker, cached config, assignment, the config request) is one task; the rest of the start (page view,
  // the queued calls, reading the page, mounting) another: together they made a 53-81 ms task on a 4x slower CPU.
  // Calls and clicks in between wait in the stub, as before the runtime arrived.
  await nextTask();
  trackClicks(!!$config.get());
  $config.listen(() => trackClicks(true));

  // Single-page apps: a page_view and a fresh look at the page on every real URL change.
  let stopFollowing: (() => void) | undefined;
  watchNavigation(window, () => {
    // A new page view: its product is read afresh and may send view_item again (even for a URL seen before).
    explicit = null;
    viewedUrl = '';
    // Sent at once: the envelope's URL must be this route's even if the shopper navigates on within ms (the title
    // may still be the old one; a URL is what reports group by).
    sdk.page();
    // The app renders the new route after pushState returns (or in its own popstate listener, before this one), often
    // only once its data has arrived: follow its rendering (settle.ts, loaded on the first navigation) and read the
    // product when the markup differs from what was last read, so the old route's product is never reported under
    // the new URL; fill new slots as they appear.
    const before = readMarkup;
    stopFollowing?.();
    import('./settle.js')
      .then((m) => {
        stopFollowing?.();
        stopFollowing = m.followRender(document, markup, before, (product) => {
          if (product) readPage().catch(report('product'));
          sync();
        });
      })
      .catch(report('spa'));
  });

  let resolveReady!: () => void;
  const readyPromise = new Promise<NudgeApi>((r) => {
    resolveReady = () => r(api);
  });
  const api: NudgeApi & { loaded: true; q: unknown[] } = {
    loaded: true,
    q: [],
    // The SDK's methods are guarded closures (no `this`): handed on as they are. Its identify() also keeps a
    // customer's own referral code (traits.referral_code) in $user for their referral card.
    track: sdk.track,
    page: sdk.page,
    identify: sdk.identify,
    reset: sdk.reset,
    setConsent: sdk.setConsent,
    setProduct(p) {
      explicit = p && typeof p === 'object' ? { ...p } : null;
      applyProduct();
      sendViewItem();
    },
    setCart(c) {
      const cart = c && typeof c === 'object' ? (c as Omit<CartState, 'items'> & { items?: unknown }) : null;
      // The store keeps the item count audiences use; the GA4 item list stays here for begin_checkout.
      cartItems = Array.isArray(cart?.items) ? (cart.items as Props[]) : [];
      $cart.set(
        cart
          ? { ...cart, items: Array.isArray(cart.items) ? cart.items.length : (cart.items as number | undefined) }
          : null,
      );
    },
    variant: (key) => sdk.variant(key) ?? null,
    // An async function's guard always hands back its promise.
    flush: sdk.flush,
    ready: () => readyPromise,
    debug() {
      const info: DebugInfo = {
        site: o.site,
        configVersion: $config.get()?.version ?? null,
        segment: [...$segment.get()],
        assignments: Object.fromEntries(Object.entries($assignments.get()).map(([k, a]) => [k, a.variant])),
        mounted: mounter?.mounted().map((m) => ({ id: m.id, type: m.type })) ?? [],
        product: $product.get(),
      };
      console.info('[nudge] debug', info);
      return info;
    },
  };
  // Calls queued on an earlier page of this site that went before its runtime started (left-calls.ts, fetched only when
  // there are some) go first, as they were made first;
  // until then the page's calls wait in the stub, in order.
  let left: QueuedCall[] = [];
  try {
    if (localStorage[LEFT_CALLS + o.site]) left = (await import('./left-calls.js')).takeLeftCalls(o.site);
  } catch {
    /* no storage, or the chunk did not load: the calls stay kept for the next page */
  }
  // The stub's queue runs first so a queued setProduct/identify/setConsent is in place before anything is sent.
  win.nudge = api;
  replay([...left, ...(stub?.q.splice(0) ?? [])], api as unknown as Props, (method, e) =>
    log('warn', `queued nudge.${method} failed`, e),
  );
  sdk.page();
  const pageRead = readPage().catch(report('product'));
  sync();
  // ready(): the first config (cached, or fetched with a short wait on a first visit) has been applied and mounted.
  new Promise<void>((r) => {
    if ($config.get()) return r();
    const off = $config.listen(() => {
      off();
      r();
    });
    setTimeout(() => {
      off();
      r();
    }, 3000);
  })
    .then(() => (trackClicks(true), pageRead))
    .then(async () => {
      // Store changes keep scheduling syncs while the first config lands; wait until the latest one has finished.
      for (let seen: Promise<unknown> | undefined; seen !== lastSync || scheduled;) {
        seen = lastSync;
        await new Promise<void>((r) => setTimeout(r));
        await seen;
      }
    })
    .then(resolveReady, resolveReady);
  if (o.debug) log('info', `started for site "${o.site}" against ${o.endpoint}`);
}
