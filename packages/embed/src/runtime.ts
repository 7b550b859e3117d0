// nudge-runtime.js: started by nudge.js. Creates the SDK, fills $product, mounts configured widgets, follows SPA
// navigation and config pushes, and replaces the window.nudge stub with the real API.
import { $assignments, $cart, $config, $product, $runtime, $segment, createNudge } from '@nudge/core';
import type { CartState, Nudge, ProductContext } from '@nudge/core';
import { parseScriptAttributes, type LoaderOptions } from './attributes.js';
import { productItem, startAutoTrack, type AutoTrackConfig } from './autotrack.js';
import { createMounter, tagFor, type WidgetSpec } from './mount.js';
import { mergeProduct, readProduct, type ProductInfo } from './product.js';
import { defineSafely } from './safe-define.js';
import { watchNavigation } from './spa.js';
import { replay, type NudgeStub } from './stub.js';
import { widgetChunks } from './widget-chunks.js';

type Props = Record<string, unknown>;

/** What window.nudge offers once loaded (see packages/embed/README.md). */
export interface NudgeApi {
  track(name: string, props?: Props): void;
  page(props?: Props): void;
  identify(userId: string, traits?: Props): void;
  reset(): void;
  setProduct(product: ProductContext | null): void;
  setCart(cart: CartState | null): void;
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

const log = (level: 'info' | 'warn' | 'error', ...args: unknown[]) => console[level]('[nudge]', ...args);
const message = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 500);

/** Entry called by nudge.js with its own <script> element. */
export function start(script: HTMLScriptElement): void {
  const win = window as unknown as { nudge?: NudgeStub & { loaded?: boolean }; litNonce?: string };
  const stub = win.nudge;
  if (stub?.loaded) return;
  const parsed = parseScriptAttributes(script, location.href);
  if (!parsed.ok) {
    log('error', parsed.error);
    return;
  }
  try {
    boot(parsed.options, win, stub);
  } catch (e) {
    log('error', 'failed to start; the page is unaffected', e);
  }
}

function boot(o: LoaderOptions, win: { nudge?: unknown; litNonce?: string }, stub: NudgeStub | undefined): void {
  // Lit falls back to <style> elements where adopted stylesheets are missing; they then need the nonce.
  if (o.nonce) win.litNonce = o.nonce;
  const sdk: Nudge = createNudge({ site: o.site, endpoint: o.endpoint, consent: o.consent });
  const track = (name: string, props?: Props) => {
    try {
      sdk.track(name, props);
    } catch (e) {
      if (o.debug) log('warn', `track(${name}) failed`, e);
    }
  };

  // Product context: what the page says, overridden field by field by setProduct().
  let explicit: ProductInfo | null = null;
  const refreshProduct = () => {
    const next = mergeProduct(explicit ?? {}, readProduct(document) ?? {}) as ProductContext | null;
    $product.set(next);
    return next;
  };
  let viewedUrl = '';
  const sendViewItem = () => {
    const p = refreshProduct();
    const url = location.href.split('#')[0]!;
    if (!p || (!p.sku && !p.id && !p.name) || viewedUrl === url) return;
    viewedUrl = url;
    const props: Props = { items: [productItem(p)] };
    if (p.currency) props.currency = p.currency;
    if (p.price !== undefined) props.value = p.price;
    track('view_item', props);
  };

  // Mounting.
  const reportError = (spec: WidgetSpec, error: unknown) => {
    if (o.debug) log('warn', `widget "${spec.id}" (${spec.type}) failed and was removed`, error);
    track('nudge_error', { source: 'widget', widget_id: spec.id, widget_type: spec.type, message: message(error) });
  };
  const mounter = createMounter({
    doc: document,
    load: async (type) => {
      const chunk = widgetChunks[type];
      if (!chunk) throw new Error(`this build of nudge.js has no "${type}" widget`);
      defineSafely(tagFor(type), await chunk(), (el, e) => mounter.failed(el, e));
    },
    onError: reportError,
    onSkip: (spec, why) => { if (o.debug) log('info', why); },
    attributes: (spec) => ({
      // The tag's language beats the config's default, so a bilingual shop gets widgets in the page's language.
      ...(o.locale ? { locale: o.locale } : {}),
      // The buy bar clicks the page's main button; the tag's add-to-cart selector names it when config does not.
      ...(spec.type === 'buy-bar' && o.autoTrack?.addToCart ? { target: o.autoTrack.addToCart } : {}),
    }),
  });
  const enabledWidgets = (): WidgetSpec[] => {
    const config = $config.get();
    if (!config) return [];
    const rt = $runtime.get();
    return config.widgets
      .filter((w) => (rt ? rt.widgetProps(w.id) !== undefined : w.enabled !== false))
      .map((w) => ({ id: w.id, type: w.type, mount: w.mount }));
  };
  let scheduled = false;
  let lastSync: Promise<void> = Promise.resolve();
  const sync = () => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      lastSync = mounter.sync(enabledWidgets()).catch((e: unknown) => { if (o.debug) log('warn', 'mount failed', e); });
    });
  };
  $config.listen(sync);
  $assignments.listen(sync);
  $segment.listen(sync);
  $runtime.listen(sync);

  // Auto-tracking: selectors from the tag, or from config when the config carries a `tracking` block.
  startAutoTrack(
    document,
    (): AutoTrackConfig | undefined => ((($config.get() as { tracking?: AutoTrackConfig } | null)?.tracking) ?? o.autoTrack),
    { track, product: () => $product.get(), cart: () => cartProps($cart.get()) },
  );

  // Single-page apps: a page_view and a fresh look at the page on every real URL change.
  watchNavigation(window, () => {
    explicit = null;
    track('page_view');
    // The app renders the new route after pushState returns; read the page once it has.
    setTimeout(() => {
      sendViewItem();
      sync();
    }, 50);
  });

  let resolveReady!: (api: NudgeApi) => void;
  const readyPromise = new Promise<NudgeApi>((r) => { resolveReady = r; });
  const guardCall = <A extends unknown[], R>(name: string, fn: (...a: A) => R, fallback: R) => (...args: A): R => {
    try {
      return fn(...args);
    } catch (e) {
      log('warn', `nudge.${name} failed`, e);
      return fallback;
    }
  };
  const api: NudgeApi & { loaded: true; q: unknown[] } = {
    loaded: true,
    q: [],
    track: guardCall('track', (name: string, props?: Props) => track(name, props), undefined),
    page: guardCall('page', (props?: Props) => sdk.page(props), undefined),
    identify: guardCall('identify', (id: string, traits?: Props) => sdk.identify(id, traits), undefined),
    reset: guardCall('reset', () => sdk.reset(), undefined),
    setConsent: guardCall('setConsent', (s: 'granted' | 'denied') => sdk.setConsent(s), undefined),
    setProduct: guardCall('setProduct', (p: ProductContext | null) => {
      explicit = p ? { ...p } : null;
      refreshProduct();
    }, undefined),
    setCart: guardCall('setCart', (c: CartState | null) => $cart.set(c), undefined),
    variant: guardCall('variant', (key: string) => sdk.variant(key) ?? null, null),
    flush: () => {
      try {
        return sdk.flush().catch(() => undefined);
      } catch {
        return Promise.resolve();
      }
    },
    ready: () => readyPromise,
    debug: () => {
      const config = $config.get();
      const info: DebugInfo = {
        site: o.site,
        configVersion: config?.version ?? null,
        segment: [...$segment.get()],
        assignments: Object.fromEntries(Object.entries($assignments.get()).map(([k, a]) => [k, a.variant])),
        mounted: mounter.mounted().map((m) => ({ id: m.id, type: m.type })),
        product: $product.get(),
      };
      console.info('[nudge] debug', info);
      return info;
    },
  };
  // The stub's queue runs first so a queued setProduct/identify/setConsent is in place before anything is sent.
  const queue = stub?.q ?? [];
  win.nudge = api;
  replay(queue, api as unknown as Props, (method, e) => log('warn', `queued nudge.${method} failed`, e));
  track('page_view');
  sendViewItem();
  sync();
  // ready(): the first config (cached or fetched; at most a short wait on a first visit) has been applied.
  new Promise<void>((r) => {
    if ($config.get()) return r();
    const off = $config.listen(() => { off(); r(); });
    setTimeout(() => { off(); r(); }, 3000);
  })
    .then(() => new Promise<void>((r) => queueMicrotask(r)))
    .then(() => lastSync)
    .then(() => resolveReady(api), () => resolveReady(api));
  if (o.debug) log('info', `started for site "${o.site}" against ${o.endpoint}`);
}

function cartProps(cart: CartState | null): Props | null {
  if (!cart) return null;
  const props: Props = { value: cart.value };
  if (cart.currency) props.currency = cart.currency;
  return props;
}
