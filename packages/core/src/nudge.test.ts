// createNudge in Node: config -> assignment -> widget props -> exposure, sticky and deduped across "page loads".
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NudgeConfig } from './config/schema.js';
import { createNudge, parseForce, type NudgeOptions } from './nudge.js';
import { memoryStorage } from './storage/storage.js';
import { $assignments, $cart, $config, $product, $runtime, $segment, $user, $widgetProps } from './stores.js';
import type { Batch } from './track/schema.js';
import { checkEventProps } from './track/event-props.js';

const config = (over: Partial<NudgeConfig> = {}): NudgeConfig => ({
  schema: 1,
  site: 'demo',
  version: 1,
  currency: 'USD',
  widgets: [
    { id: 'bar', type: 'buy-bar', props: { position: 'bottom', color: '#0b57d0', label: 'Buy' } },
    { id: 'welcome', type: 'coupon-popup', audience: { segment: 'new' }, props: { code: 'HI', amount: 10 } },
  ],
  experiments: [
    {
      key: 'bar-color',
      status: 'running',
      traffic: 1,
      variants: [
        { key: 'control', weight: 1 },
        { key: 'red', weight: 1, patch: { bar: { color: '#d92d20', position: 'top' } } },
      ],
    },
  ],
  ...over,
});

function setup(storage = memoryStorage(), over: Partial<NudgeOptions> = {}) {
  const batches: Batch[] = [];
  const send = vi.fn(async ({ body }: { body: string }) => {
    batches.push(JSON.parse(body));
    return { status: 200 };
  });
  const nudge = createNudge({
    site: 'demo',
    endpoint: 'https://api.example',
    storage,
    send,
    flushInterval: 10,
    webVitals: false,
    ...over,
  });
  const events = () => batches.flatMap((b) => b.events);
  return { nudge, storage, events };
}

let fetchMock: ReturnType<typeof vi.fn>;
beforeEach(() => {
  $config.set(null);
  $assignments.set({});
  $runtime.set(null);
  $user.set({});
  fetchMock = vi.fn(async () => new Response(null, { status: 304 }));
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => vi.unstubAllGlobals());

/** Lets the lazily loaded validator accept the inline document (or refuse it). */
const settle = async (version?: number) => {
  await new Promise((r) => setTimeout(r, 30));
  if (version !== undefined) await vi.waitFor(() => expect($config.get()?.version).toBe(version), { timeout: 5000 });
};

describe('createNudge', () => {
  it("publishes every widget's props in $widgetProps, whole, from a config and that config's assignments", async () => {
    // Version 2 adds an experiment that relabels the bar for everyone: props from version 2 with version 1's
    // assignments (which know nothing of it) would keep the old label.
    const v2 = config({ version: 2 });
    v2.widgets[1]!.enabled = false;
    v2.experiments.push({
      key: 'bar-label',
      status: 'running',
      traffic: 1,
      variants: [{ key: 'big', weight: 1, patch: { bar: { label: 'Big' } } }],
    });
    const seen: [number | undefined, unknown][] = [];
    const off = $widgetProps.listen((all) => seen.push([$config.get()?.version, all.bar?.label]));
    const { nudge } = setup(memoryStorage(), { config: config() });
    await settle(1);
    fetchMock.mockImplementation(
      async () => new Response(JSON.stringify(v2), { status: 200, headers: { 'content-type': 'application/json' } }),
    );
    await nudge.refresh();
    await settle(2);
    off();
    nudge.close();
    expect(seen).toContainEqual([2, 'Big']);
    for (const [version, label] of seen) if (version) expect(label).toBe(version === 2 ? 'Big' : 'Buy');
    // A widget config turns off is left out.
    expect(Object.keys($widgetProps.get())).toEqual(['bar']);
  });

  it("republishes $widgetProps only when a widget's props change (a product view on another path, not a cart update)", async () => {
    const page = { pathname: '/shoes', search: '' };
    vi.stubGlobal('location', page);
    const c = config();
    c.widgets[0]!.audience = { path: '/shoes' };
    const { nudge } = setup(memoryStorage(), { config: c });
    await settle(1);
    const seen: string[][] = [];
    const off = $widgetProps.listen((all) => seen.push(Object.keys(all)));
    $cart.set({ value: 5 });
    $product.set({ id: 'p1' });
    page.pathname = '/hats';
    $product.set({ id: 'p2' });
    off();
    nudge.close();
    $cart.set(null);
    $product.set(null);
    expect(seen).toEqual([['welcome']]);
  });

  it('never lets a store a widget listens to show a new $config with the old $widgetProps', async () => {
    // Version 2 adds a widget: a widget notified while $widgetProps still lacks it would think config turned it off.
    const v2 = config({ version: 2 });
    v2.widgets.push({ id: 'bar2', type: 'buy-bar', props: { label: 'Two' } });
    const mixed: string[] = [];
    const check = (store: string) => () => {
      for (const w of $config.get()?.widgets ?? [])
        if (!w.audience && !$widgetProps.get()[w.id]) mixed.push(`${store}: v${$config.get()?.version} ${w.id}`);
    };
    const stores = { $widgetProps, $segment, $runtime, $user };
    const offs = Object.entries(stores).map(([name, s]) => s.listen(check(name)));
    const { nudge } = setup(memoryStorage(), { config: config() });
    await settle(1);
    fetchMock.mockImplementation(
      async () => new Response(JSON.stringify(v2), { status: 200, headers: { 'content-type': 'application/json' } }),
    );
    await nudge.refresh();
    await settle(2);
    nudge.identify('u1', { orders: 3 });
    offs.forEach((off) => off());
    nudge.close();
    expect($widgetProps.get().bar2).toEqual({ label: 'Two' });
    expect(mixed).toEqual([]);
  });

  it('applies an inline config, assigns, patches widget props and exposes once across page loads', async () => {
    const storage = memoryStorage();
    const { nudge, events } = setup(storage, { config: config() });
    await settle(1);
    const a = $assignments.get()['bar-color']!;
    expect(a.reason).toBe('assigned');
    const props = $runtime.get()!.widgetProps('bar')!;
    expect(props.color).toBe(a.variant === 'red' ? '#d92d20' : '#0b57d0');
    expect($runtime.get()!.currency).toBe('USD');

    $runtime.get()!.exposed('bar');
    $runtime.get()!.exposed('bar');
    $runtime.get()!.exposed('welcome'); // no experiment patches it
    nudge.track('add_to_cart', { currency: 'USD', value: 5, items: [{ item_id: 'x', price: 5, quantity: 1 }] });
    await nudge.flush();
    const exposures = events().filter((e) => e.name === 'experiment_exposure');
    expect(exposures).toHaveLength(1);
    expect(exposures[0]!.props).toMatchObject({ experiment: 'bar-color', variant: a.variant, widget: 'bar' });
    const cart = events().find((e) => e.name === 'add_to_cart')!;
    expect(cart.context.experiments).toEqual({ 'bar-color': a.variant });
    nudge.close();

    // Next page load: the cached config is applied synchronously and the exposure is not sent again.
    $config.set(null);
    const second = setup(storage);
    expect($config.get()?.version).toBe(1);
    expect($assignments.get()['bar-color']).toEqual(a);
    $runtime.get()!.exposed('bar');
    await second.nudge.flush();
    expect(second.events().filter((e) => e.name === 'experiment_exposure')).toHaveLength(0);
    expect(second.events().length).toBe(0);
    second.nudge.close();
  });

  it('keeps a visitor in their variant when the weights change, until bucketVersion is raised', async () => {
    const storage = memoryStorage();
    const first = setup(storage, { config: config() });
    await settle(1);
    const was = $assignments.get()['bar-color']!.variant!;
    first.nudge.close();
    const flipped = config({
      version: 2,
      experiments: [
        {
          ...config().experiments[0]!,
          variants: [
            { key: 'control', weight: was === 'control' ? 0 : 1 },
            { key: 'red', weight: was === 'red' ? 0 : 1, patch: { bar: { color: '#d92d20' } } },
          ],
        },
      ],
    });
    const second = setup(storage, { config: flipped });
    await settle(2);
    expect($assignments.get()['bar-color']).toEqual({ variant: was, reason: 'assigned' });
    second.nudge.close();
    const reshuffled = config({ version: 3, experiments: [{ ...flipped.experiments[0]!, bucketVersion: 1 }] });
    const third = setup(storage, { config: reshuffled });
    await settle(3);
    expect($assignments.get()['bar-color']!.variant).not.toBe(was);
    third.nudge.close();
  });

  it('paused shows the control and sends no exposure; stopped with a winner shows the winner', async () => {
    const paused = config({ experiments: [{ ...config().experiments[0]!, status: 'paused' }] });
    const { nudge, events } = setup(memoryStorage(), { config: paused });
    await settle(1);
    expect($assignments.get()['bar-color']).toEqual({ variant: 'control', reason: 'not-running' });
    expect(nudge.variant('bar-color')).toBe('control');
    $runtime.get()!.exposed('bar');
    await nudge.flush();
    expect(events().some((e) => e.name === 'experiment_exposure')).toBe(false);
    nudge.close();
    const won = setup(memoryStorage(), {
      config: config({ version: 2, experiments: [{ ...config().experiments[0]!, status: 'stopped', winner: 'red' }] }),
    });
    await settle(2);
    expect($runtime.get()!.widgetProps('bar')!.color).toBe('#d92d20');
    won.nudge.close();
  });

  it('forced variants win and events are marked forced', async () => {
    vi.stubGlobal('location', new URL('https://shop.example/p?nudge_force=bar-color:red'));
    const { nudge, events } = setup(memoryStorage(), { config: config() });
    await settle(1);
    expect($assignments.get()['bar-color']).toEqual({ variant: 'red', reason: 'forced', forced: true });
    expect(nudge.variant('bar-color')).toBe('red');
    await nudge.flush();
    const exposure = events().find((e) => e.name === 'experiment_exposure')!;
    expect(exposure.context.forced).toEqual(['bar-color']);
    nudge.close();
  });

  it('rejects an invalid inline config with field paths and a nudge_error, keeping the last good one', async () => {
    const storage = memoryStorage();
    const good = setup(storage, { config: config() });
    await settle(1);
    good.nudge.close();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const bad = { ...config({ version: 2 }), widgets: [{ id: 'bar', type: 'buy-bar', props: { position: 'middle' } }] };
    const { nudge, events } = setup(storage, { config: bad });
    await vi.waitFor(() => expect(warn).toHaveBeenCalled(), { timeout: 5000 });
    expect($config.get()?.version).toBe(1);
    await nudge.flush();
    const error = events().find((e) => e.name === 'nudge_error')!;
    expect(error.props).toMatchObject({ code: 'invalid_config', path: 'widgets.0.props.position' });
    expect(warn.mock.calls.flat().join(' ')).toContain('widgets.0.props.position');
    warn.mockRestore();
    nudge.close();
  });

  it("keeps a long invalid_config report within the collector's 500 characters, so it keeps its code", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const widgets = Array.from({ length: 40 }, (_, i) => ({
      id: `bar-${i}`,
      type: 'buy-bar',
      props: { position: 'middle' },
    }));
    const { nudge, events } = setup(memoryStorage(), { config: { ...config(), widgets } });
    await vi.waitFor(() => expect(warn).toHaveBeenCalled(), { timeout: 5000 });
    await nudge.flush();
    const error = events().find((e) => e.name === 'nudge_error')!;
    expect(error.props).toMatchObject({ code: 'invalid_config' });
    expect((error.props.message as string).length).toBe(500);
    // what the collector checks: over 500 it would be stored as an invalid_props error instead
    expect(checkEventProps('nudge_error', error.props)).toBeUndefined();
    warn.mockRestore();
    nudge.close();
  });

  it('computes RFM segments from identify() traits or from purchases seen here, and widget audiences follow', async () => {
    const { nudge } = setup(memoryStorage(), { config: config() });
    await settle(1);
    expect($segment.get()).toEqual(['new']);
    expect($runtime.get()!.widgetProps('welcome')).toMatchObject({ code: 'HI' });
    nudge.track('purchase', {
      transaction_id: 'T1',
      currency: 'USD',
      value: 40,
      items: [{ item_id: 'a', price: 40, quantity: 1 }],
    });
    expect($segment.get()).toEqual(['active']);
    expect($runtime.get()!.widgetProps('welcome')).toBeUndefined();
    nudge.identify('u1', { orders_count: 9, total_spent: 2000, last_order_at: '2025-01-01T00:00:00Z' });
    expect($segment.get()).toEqual(['dormant', 'high_value']);
    nudge.close();
  });

  it('with consent required nothing is stored or enrolled until granted', async () => {
    const storage = memoryStorage();
    const { nudge } = setup(storage, { config: config(), consent: 'required' });
    await settle(1);
    expect($assignments.get()['bar-color']).toEqual({ variant: null, reason: 'consent-pending' });
    expect(storage.keys().filter((k) => k !== 'nudge_config:demo')).toEqual([]);
    nudge.setConsent('granted');
    expect($assignments.get()['bar-color']!.reason).toBe('assigned');
    expect(storage.get('nudge_memory')).toContain('bar-color');
    nudge.close();
  });

  it('parses ?nudge_force lists', () => {
    expect(parseForce('?nudge_force=a:x,%20b:y,bad,c:')).toEqual({ a: 'x', b: 'y' });
    expect(parseForce('')).toEqual({});
  });

  it('never throws into the page', () => {
    const { nudge } = setup(memoryStorage(), { config: config() });
    expect(() => nudge.variant(undefined as unknown as string)).not.toThrow();
    expect(() => nudge.track(null as unknown as string)).not.toThrow();
    expect(() => $runtime.get()!.widgetProps('nope')).not.toThrow();
    nudge.close();
  });

  it('a throwing storage adapter or a missing endpoint does not throw; the missing endpoint is named', async () => {
    const boom = () => {
      throw new Error('boom');
    };
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    let nudge: ReturnType<typeof createNudge> | undefined;
    expect(() => {
      nudge = createNudge({
        site: 'demo',
        endpoint: undefined as unknown as string,
        webVitals: false,
        live: false,
        storage: { get: boom, set: boom, remove: boom, keys: boom },
        config: config(),
      });
    }).not.toThrow();
    expect(err).toHaveBeenCalledWith(expect.stringContaining('`endpoint` must be a non-empty string, got undefined'));
    await settle(1);
    expect(['control', 'red']).toContain(nudge!.variant('bar-color'));
    // The config request went to this site (a relative URL), not to "undefined/...".
    expect(String(fetchMock.mock.calls[0]?.[0])).toMatch(/^\/v1\/config\/demo/);
    expect(() =>
      nudge!.track('add_to_cart', { currency: 'USD', value: 1, items: [{ item_id: 'a', price: 1, quantity: 1 }] }),
    ).not.toThrow();
    nudge!.close();
    err.mockRestore();
  });

  it('identify() with something that is not an id keeps the user the stores had', () => {
    const { nudge } = setup(memoryStorage(), { config: config() });
    nudge.identify('u-1');
    (nudge.identify as (u: unknown) => void)({ id: 2 });
    expect($user.get().userId).toBe('u-1');
    nudge.close();
  });

  it('reset() starts a new visitor: new anonymousId, nothing sticky or segmented carries over', async () => {
    const storage = memoryStorage();
    const { nudge } = setup(storage, { config: config() });
    await settle(1);
    nudge.track('purchase', {
      transaction_id: 'T1',
      currency: 'USD',
      value: 40,
      items: [{ item_id: 'a', price: 40, quantity: 1 }],
    });
    nudge.identify('u1', { referral_code: 'ME123' });
    expect($user.get().ownReferralCode).toBe('ME123');
    const before = $user.get().anonymousId;
    expect(storage.get('nudge_memory')).toContain('bar-color');
    nudge.reset();
    expect($user.get().anonymousId).toBeTruthy();
    expect($user.get().anonymousId).not.toBe(before);
    expect($segment.get()).toEqual(['new']);
    expect(JSON.parse(storage.get('nudge_memory')!).history).toBeUndefined();
    nudge.close();
  });

  it('a variant can switch a widget off, and a cart-value audience enrols once the cart qualifies', async () => {
    const doc = config({
      experiments: [
        {
          key: 'no-bar',
          status: 'running',
          traffic: 1,
          variants: [{ key: 'off', weight: 1, patch: { bar: { enabled: false } } }],
        },
        {
          key: 'big-cart',
          status: 'running',
          traffic: 1,
          audience: { cartValue: { gte: 150 } },
          variants: [
            { key: 'a', weight: 1 },
            { key: 'b', weight: 1, patch: { welcome: { amount: 30 } } },
          ],
        },
      ],
    });
    const { nudge } = setup(memoryStorage(), { config: doc });
    await settle(1);
    expect($runtime.get()!.widgetProps('bar')).toBeUndefined();
    expect($assignments.get()['big-cart']).toEqual({ variant: null, reason: 'not-in-audience' });
    $cart.set({ value: 180, currency: 'USD' });
    expect($assignments.get()['big-cart']!.reason).toBe('assigned');
    nudge.close();
  });

  it("a variant's enabled counts only when boolean: null or a string never shows a widget config turns off", () => {
    const doc = config({
      experiments: [
        {
          key: 'odd',
          status: 'running',
          traffic: 1,
          variants: [
            { key: 'on', weight: 1, patch: { bar: { enabled: null, label: 'Odd' }, welcome: { enabled: 'yes' } } },
          ],
        },
      ],
    });
    doc.widgets[0]!.enabled = false;
    doc.widgets.push({ id: 'shown', type: 'buy-bar', enabled: false, props: {} });
    doc.experiments.push({
      key: 'show',
      status: 'running',
      traffic: 1,
      variants: [{ key: 'on', weight: 1, patch: { shown: { enabled: true } } }],
    });
    // Validation refuses such a patch; a cached document is applied without it (shape checks only).
    const storage = memoryStorage();
    storage.set('nudge_config:demo', JSON.stringify({ config: doc }));
    const { nudge } = setup(storage);
    expect($config.get()?.experiments[0]!.key).toBe('odd');
    expect($runtime.get()!.widgetProps('bar')).toBeUndefined();
    expect($runtime.get()!.widgetProps('welcome')).toEqual({ code: 'HI', amount: 10 });
    expect($runtime.get()!.widgetProps('shown')).toEqual({});
    nudge.close();
  });

  it('experiments in one layer never share a visitor', async () => {
    const layered = config({
      experiments: ['a', 'b', 'c'].map((key) => ({
        key,
        status: 'running' as const,
        traffic: 1 / 3,
        layer: 'pdp',
        variants: [
          { key: 'x', weight: 1 },
          { key: 'y', weight: 1 },
        ],
      })),
    });
    for (let i = 0; i < 30; i++) {
      const { nudge } = setup(memoryStorage(), { config: layered });
      await settle(1);
      const enrolled = Object.values($assignments.get()).filter((a) => a.variant !== null);
      expect(enrolled.length).toBe(1); // the three shares cover the layer, so exactly one
      nudge.close();
      $config.set(null);
    }
  });
});

describe('runtime.post (the popup asks the server for its code)', () => {
  it('posts the site, the body and the visitor ids, and sends nothing before consent', async () => {
    const { nudge } = setup(memoryStorage(), { config: config(), consent: 'required' });
    try {
      await settle(1);
      const rt = $runtime.get()!;
      fetchMock.mockClear();
      expect(rt.post!('/v1/coupons/claim', { widget: 'welcome' })).toBeUndefined();
      expect(fetchMock).not.toHaveBeenCalled();
      nudge.setConsent('granted');
      nudge.identify('user-7');
      const issued = { code: 'HI-7KQ2MX9P', expiresAt: null, source: 'pool' };
      fetchMock.mockImplementation(async () => Response.json(issued));
      expect(await (await rt.post!('/v1/coupons/claim', { widget: 'welcome' }))!.json()).toEqual(issued);
      const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
      expect(url).toBe('https://api.example/v1/coupons/claim');
      expect(init.method).toBe('POST');
      expect(JSON.parse(String(init.body))).toMatchObject({
        site: 'demo',
        widget: 'welcome',
        anonymousId: expect.any(String),
        userId: 'user-7',
      });
      fetchMock.mockImplementation(async () => {
        throw new TypeError('offline');
      });
      await expect(rt.post!('/v1/coupons/claim', { widget: 'welcome' })!).rejects.toThrow('offline');
    } finally {
      nudge.close();
    }
  });
});
