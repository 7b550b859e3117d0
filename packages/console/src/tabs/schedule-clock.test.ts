// The console draws again at an experiment's next schedule boundary, and stops waiting once it is gone.
import type { Experiment, NudgeConfig } from '@nudge/core';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { controlShown } from './control-note.js';
import { nextBoundary, ScheduleClock } from './schedule-clock.js';

const START = Date.parse('2026-03-02T12:00:00Z');
const running: Experiment = {
  key: 'bar',
  status: 'running',
  traffic: 1,
  schedule: { start: '2026-03-02T12:30:00Z', end: '2026-03-02T13:00:00Z' },
  variants: [{ key: 'control', weight: 1 }],
};
const config = (experiments: Experiment[]) =>
  ({ schema: 1, site: 's', version: 1, widgets: [], experiments }) as unknown as NudgeConfig;

beforeEach(() => vi.useFakeTimers({ now: START }));
afterEach(() => vi.useRealTimers());

function hostWith(cfg: NudgeConfig, shown = true) {
  const controllers: ScheduleClock[] = [];
  const updates: number[] = [];
  const host = {
    config: cfg,
    addController: (c: ScheduleClock) => controllers.push(c),
    requestUpdate: () => {
      updates.push(Date.now());
      controllers.forEach((c) => c.hostUpdated());
    },
  };
  const clock = new ScheduleClock(host, () => shown);
  return { clock, updates, render: () => clock.hostUpdated() };
}

it('finds the next start or end of a running experiment, not of a paused one', () => {
  expect(nextBoundary(config([running]), START)).toBe(Date.parse('2026-03-02T12:30:00Z'));
  expect(nextBoundary(config([running]), Date.parse('2026-03-02T12:40:00Z'))).toBe(Date.parse('2026-03-02T13:00:00Z'));
  expect(nextBoundary(config([{ ...running, status: 'paused' }]), START)).toBeUndefined();
  expect(nextBoundary(config([{ ...running, schedule: undefined }]), START)).toBeUndefined();
});

it('draws again at each boundary, where the control note changes', () => {
  const { updates, render } = hostWith(config([running]));
  render();
  expect(controlShown(running, undefined)).toBe('unscheduled');
  vi.advanceTimersByTime(30 * 60_000 - 1);
  expect(updates).toEqual([]);
  vi.advanceTimersByTime(1);
  expect(updates).toEqual([Date.parse('2026-03-02T12:30:00Z')]);
  expect(controlShown(running, undefined)).toBeNull();
  vi.advanceTimersByTime(30 * 60_000);
  expect(updates).toHaveLength(2);
  expect(controlShown(running, undefined)).toBe('unscheduled');
  // past the end nothing changes any more: no timer left
  expect(vi.getTimerCount()).toBe(0);
});

it('waits for nothing once disconnected, or while no view shows the notes', () => {
  const { clock, render } = hostWith(config([running]));
  render();
  expect(vi.getTimerCount()).toBe(1);
  clock.hostDisconnected();
  expect(vi.getTimerCount()).toBe(0);
  hostWith(config([running]), false).render();
  expect(vi.getTimerCount()).toBe(0);
});
