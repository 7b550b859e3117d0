// Web vitals sampling: what decides, after the load event, whether a page view loads web-vitals at all.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { $assignments, $config, $runtime, $user } from './stores.js';
import { createNudge, type NudgeOptions } from './nudge.js';
import { memoryStorage } from './storage/storage.js';
import type { Batch } from './track/schema.js';
import { createTracker, type TrackerOptions } from './tracker.js';

// web-vitals itself stands in for "was it loaded": the tracker's vitals chunk registers its callbacks on import.
const onLCP = vi.hoisted(() =>
  vi.fn((cb: (m: { name: string; value: number }) => void) => cb({ name: 'LCP', value: 1234.4 })),
);
vi.mock('web-vitals', () => ({ onLCP, onINP: vi.fn(), onCLS: vi.fn(), onFCP: vi.fn(), onTTFB: vi.fn() }));

/** A page that has not finished loading: the tracker waits for its load event. */
function fakePage() {
  const win = new EventTarget();
  const doc = Object.assign(new EventTarget(), {
    readyState: 'loading',
    visibilityState: 'visible',
    referrer: '',
    title: 'Shop',
  });
  vi.stubGlobal('window', win);
  vi.stubGlobal('document', doc);
  return {
    load: () => win.dispatchEvent(new Event('load')),
    leave: () => win.dispatchEvent(new Event('pagehide')),
  };
}

function collector() {
  const batches: Batch[] = [];
  const send = vi.fn(async ({ body }: { body: string }) => {
    batches.push(JSON.parse(body));
    return { status: 200 };
  });
  return {
    send,
    vitals: () =>
      batches
        .flatMap((b) => b.events)
        .filter((e) => e.name === 'web_vitals')
        .map((e) => e.props),
  };
}

/** Long enough for the load handler's timeout and a dynamic import that was started to finish. */
const settled = () => new Promise((r) => setTimeout(r, 50));

beforeEach(() => {
  onLCP.mockClear();
  $config.set(null);
  $assignments.set({});
  $runtime.set(null);
  $user.set({});
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(null, { status: 304 })),
  );
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('createTracker webVitals option', () => {
  const base = (o: Partial<TrackerOptions>): TrackerOptions => ({
    site: 's',
    endpoint: 'https://c.example',
    storage: memoryStorage(),
    ...o,
  });

  it('asks a function once, after the load event; false loads nothing, true loads web-vitals', async () => {
    const page = fakePage();
    const no = vi.fn(() => false);
    const yes = vi.fn(() => true);
    createTracker(base({ webVitals: no }));
    createTracker(base({ webVitals: yes }));
    await settled();
    expect(no).not.toHaveBeenCalled(); // not before load
    expect(onLCP).not.toHaveBeenCalled();
    page.load();
    await vi.waitFor(() => expect(onLCP).toHaveBeenCalledTimes(1));
    await settled();
    expect(onLCP).toHaveBeenCalledTimes(1); // only the tracker told yes
    expect([no.mock.calls.length, yes.mock.calls.length]).toEqual([1, 1]);
  });

  it('keeps webVitals: false (never asks, never loads) and adds an object answer to the event props', async () => {
    const page = fakePage();
    const c = collector();
    createTracker(base({ webVitals: false }));
    const t = createTracker(base({ webVitals: () => ({ sample_rate: 0.25 }), send: c.send }));
    page.load();
    await vi.waitFor(() => expect(onLCP).toHaveBeenCalledTimes(1));
    page.leave();
    await t.flush();
    expect(c.vitals()).toEqual([{ lcp: 1234, sample_rate: 0.25 }]);
  });

  it('a visitor who denied tracking (or whose browser sends GPC) never downloads web-vitals; pending waits for consent', async () => {
    const page = fakePage();
    const c = collector();
    const asked = vi.fn(() => ({ sample_rate: 1 }));
    createTracker(base({ webVitals: asked, respectGPC: false, consent: 'required' })).setConsent('denied');
    vi.stubGlobal('navigator', { globalPrivacyControl: true, language: 'en' });
    createTracker(base({ webVitals: asked }));
    const pending = createTracker(base({ webVitals: asked, consent: 'required', respectGPC: false, send: c.send }));
    page.load();
    await settled();
    expect(onLCP).not.toHaveBeenCalled();
    expect(asked).not.toHaveBeenCalled();
    pending.setConsent('granted');
    await vi.waitFor(() => expect(onLCP).toHaveBeenCalledTimes(1));
    expect(asked).toHaveBeenCalledTimes(1);
    pending.setConsent('granted'); // once per page view, however often consent is repeated
    page.leave();
    await pending.flush();
    expect(onLCP).toHaveBeenCalledTimes(1);
    expect(c.vitals()).toEqual([{ lcp: 1234, sample_rate: 1 }]);
  });

  it('a throwing function loads nothing and does not escape into the page', async () => {
    const page = fakePage();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    createTracker(
      base({
        webVitals: () => {
          throw new Error('boom');
        },
      }),
    );
    page.load();
    await settled();
    expect(onLCP).not.toHaveBeenCalled();
  });

  it('web-vitals throwing while it starts leaves nothing unhandled (a rejection would reach the page)', async () => {
    const page = fakePage();
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    onLCP.mockImplementationOnce(() => {
      throw new Error('no PerformanceObserver here');
    });
    const c = collector();
    const t = createTracker(base({ webVitals: true, send: c.send }));
    page.load();
    await settled();
    t.track('after');
    await t.flush();
    process.off('unhandledRejection', onUnhandled);
    expect(onLCP).toHaveBeenCalledTimes(1);
    expect(unhandled).toEqual([]);
  });
});

describe('createNudge samples page views by tracking.webVitals', () => {
  const doc = (webVitals?: number) => ({
    schema: 1,
    site: 'demo',
    version: 3,
    widgets: [],
    experiments: [],
    ...(webVitals === undefined ? {} : { tracking: { webVitals } }),
  });
  async function pageView(rate: number | undefined, over: Partial<NudgeOptions> = {}, storage = memoryStorage()) {
    const page = fakePage();
    const c = collector();
    const nudge = createNudge({
      site: 'demo',
      endpoint: 'https://api.example',
      live: false,
      storage,
      send: c.send,
      config: doc(rate),
      ...over,
    });
    await vi.waitFor(() => expect($config.get()?.version).toBe(3), { timeout: 5000 });
    return { page, nudge, c };
  }

  it.each([
    [0, false],
    [1, true],
    [undefined, true],
  ])('rate %s: web-vitals loaded on every one of 5 page views: %s (absent = every page view)', async (rate, loads) => {
    for (let i = 1; i <= 5; i++) {
      const { page, nudge } = await pageView(rate);
      page.load();
      await (loads ? vi.waitFor(() => expect(onLCP).toHaveBeenCalledTimes(i)) : settled());
      nudge.close();
    }
    expect(onLCP).toHaveBeenCalledTimes(loads ? 5 : 0);
  });

  it('draws once per page view (not per visitor) and sends the rate with the event', async () => {
    const storage = memoryStorage(); // same visitor on both page views
    const random = vi.spyOn(Math, 'random');

    const first = await pageView(0.5, {}, storage);
    random.mockClear().mockReturnValue(0.49);
    first.page.load();
    await vi.waitFor(() => expect(onLCP).toHaveBeenCalledTimes(1));
    expect(random).toHaveBeenCalledTimes(1);
    first.page.leave();
    await first.nudge.flush();
    expect(first.c.vitals()).toEqual([{ lcp: 1234, sample_rate: 0.5 }]);
    first.nudge.close();

    const second = await pageView(0.5, {}, storage);
    random.mockClear().mockReturnValue(0.5);
    second.page.load();
    await settled();
    expect(random).toHaveBeenCalledTimes(1);
    expect(onLCP).toHaveBeenCalledTimes(1); // the second page view drew no: nothing loaded, nothing sent
    second.page.leave();
    await second.nudge.flush();
    expect(second.c.vitals()).toEqual([]);
    second.nudge.close();
  });

  it("the caller's webVitals: false wins over the config: nothing drawn, nothing loaded", async () => {
    const random = vi.spyOn(Math, 'random');
    const off = await pageView(1, { webVitals: false });
    random.mockClear();
    off.page.load();
    await settled();
    expect(random).not.toHaveBeenCalled();
    expect(onLCP).not.toHaveBeenCalled();
    off.nudge.close();
  });
});
