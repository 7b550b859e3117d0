// Scheduled widgets on a real page: placed when their start passes and taken off at their end, without a new sync,
// with one timer however often the page syncs, and without moving the page.
import { $config, type NudgeConfig } from '@nudge/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWidgetMounter } from './mounting.js';

const config = (schedule: Record<string, unknown>): NudgeConfig =>
  ({
    schema: 1,
    site: 'demo',
    version: 1,
    timeZone: 'Asia/Shanghai',
    widgets: [{ id: 'ref', type: 'referral-card', props: { url: 'https://shop.example/' }, schedule }],
    experiments: [],
  }) as NudgeConfig;

const quiet = () => () => {};
const card = () => document.querySelector('[data-nudge-slot] nudge-referral-card');

afterEach(() => {
  $config.set(null);
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

describe('scheduled widgets', () => {
  it('appear at their start and go at their end by themselves, leaving the slot its height', async () => {
    document.body.innerHTML =
      '<main><div data-nudge-slot="referral-card" data-nudge-code="ALICE7" style="min-height:40px"></div><p>after</p></main>';
    const start = Date.now() + 1200;
    $config.set(config({ start: new Date(start).toISOString(), end: new Date(start + 1500).toISOString() }));
    const mounter = createWidgetMounter({ quiet, reportError: () => {} });
    await mounter.sync([{ id: 'ref', type: 'referral-card' }]);
    expect(card()).toBeNull();
    await vi.waitFor(() => expect(card()).not.toBeNull(), { timeout: 5000, interval: 50 });
    expect(Date.now()).toBeGreaterThanOrEqual(start);
    const slot = document.querySelector<HTMLElement>('[data-nudge-slot]')!;
    await vi.waitFor(() => expect(slot.getBoundingClientRect().height).toBeGreaterThan(40), { timeout: 5000 });
    const height = slot.getBoundingClientRect().height;
    const after = document.querySelector('p')!.getBoundingClientRect().top;
    await vi.waitFor(() => expect(card()).toBeNull(), { timeout: 5000, interval: 50 });
    expect(slot.getBoundingClientRect().height).toBe(height);
    expect(document.querySelector('p')!.getBoundingClientRect().top).toBe(after);
    mounter.clear();
  });

  it('keeps one timer to the next boundary however often the page syncs', async () => {
    document.body.innerHTML = '<div data-nudge-slot="referral-card" data-nudge-code="ALICE7"></div>';
    $config.set(
      config({ windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '00:00', to: '23:59' }] }),
    );
    const mounter = createWidgetMounter({ quiet, reportError: () => {} });
    await mounter.sync([{ id: 'ref', type: 'referral-card' }]);
    const spy = vi.spyOn(window, 'setTimeout');
    for (let i = 0; i < 20; i++) await mounter.sync([{ id: 'ref', type: 'referral-card' }]);
    const long = spy.mock.calls.filter(([, ms]) => (ms ?? 0) > 1000);
    expect(long).toHaveLength(0);
    // A pushed config moves the next boundary: the one timer is replaced.
    $config.set(config({ end: new Date(Date.now() + 60_000).toISOString() }));
    await mounter.sync([{ id: 'ref', type: 'referral-card' }]);
    expect(spy.mock.calls.filter(([, ms]) => (ms ?? 0) > 1000)).toHaveLength(1);
    mounter.clear();
  });

  it('mounts nothing outside the member day (the 1st, in the site zone)', async () => {
    document.body.innerHTML = '<div data-nudge-slot="referral-card" data-nudge-code="ALICE7"></div>';
    const shanghaiDay = Number(
      new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', day: 'numeric' }).format(Date.now()),
    );
    $config.set(config({ windows: [{ monthDays: [shanghaiDay === 1 ? 2 : 1] }] }));
    const mounter = createWidgetMounter({ quiet, reportError: () => {} });
    await mounter.sync([{ id: 'ref', type: 'referral-card' }]);
    expect(card()).toBeNull();
    $config.set(config({ windows: [{ monthDays: [shanghaiDay] }] }));
    await mounter.sync([{ id: 'ref', type: 'referral-card' }]);
    expect(card()).not.toBeNull();
    mounter.clear();
  });
});

describe('scheduled experiments on the page', () => {
  it('enrol no one until the page file’s check is in, then inside their window', async () => {
    const { $assignments, $runtime, createNudge, memoryStorage } = await import('@nudge/core');
    const { createScheduler } = await import('./scheduling.js');
    const day = Number(
      new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', day: 'numeric' }).format(Date.now()),
    );
    const doc = (monthDay: number) => ({
      ...config({}),
      widgets: [{ id: 'bar', type: 'buy-bar', props: {} }],
      experiments: [
        {
          key: 'bar-color',
          status: 'running',
          traffic: 1,
          schedule: { windows: [{ monthDays: [monthDay] }] },
          variants: [
            { key: 'control', weight: 0 },
            { key: 'red', weight: 1, patch: { bar: { color: '#d92d20' } } },
          ],
        },
      ],
    });
    const nudge = createNudge({
      site: 'demo',
      endpoint: 'https://api.invalid',
      storage: memoryStorage(),
      send: async () => ({ status: 200 }),
      config: doc(day),
    });
    await vi.waitFor(() => expect($runtime.get()).not.toBeNull(), { timeout: 5000 });
    await vi.waitFor(() => expect($assignments.get()['bar-color']).toBeDefined(), { timeout: 5000 });
    expect($assignments.get()['bar-color']!.reason).toBe('not-running');
    const scheduler = createScheduler(window, () => {});
    expect($assignments.get()['bar-color']).toEqual({ variant: 'red', reason: 'assigned' });
    scheduler.stop();
    nudge.close();
  });
});
