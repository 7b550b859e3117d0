import type { Experiment } from '@nudge/core';
import { describe, expect, it } from 'vitest';
import { experimentEn } from '../i18n/experiment-en.js';
import { experimentZh } from '../i18n/experiment-zh-cn.js';
import { controlShown, overriddenBy } from './control-note.js';

const base: Experiment = {
  key: 'bar',
  status: 'running',
  traffic: 1,
  variants: [
    { key: 'red', weight: 1, patch: { 'buy-bar': { color: '#d92d20' } } },
    { key: 'blue', weight: 1 },
  ],
};
const NOON = Date.parse('2026-03-02T12:00:00Z');

describe('controlShown: when every visitor sees the first variant, as the core assigns', () => {
  it('says paused, and stopped with no winner; a shipped winner, a draft and a running experiment are not', () => {
    expect(controlShown({ ...base, status: 'paused' }, undefined, NOON)).toBe('paused');
    expect(controlShown({ ...base, status: 'stopped' }, undefined, NOON)).toBe('stopped');
    expect(controlShown({ ...base, status: 'stopped', winner: 'blue' }, undefined, NOON)).toBeNull();
    expect(controlShown({ ...base, status: 'draft' }, undefined, NOON)).toBeNull();
    expect(controlShown(base, undefined, NOON)).toBeNull();
  });
  it('says unscheduled for a running experiment outside its schedule, in the site’s zone', () => {
    const later = { ...base, schedule: { start: '2026-04-01T00:00:00Z' } };
    expect(controlShown(later, undefined, NOON)).toBe('unscheduled');
    expect(controlShown(later, undefined, Date.parse('2026-04-02T00:00:00Z'))).toBeNull();
    // 09:00-17:00 in Shanghai: noon UTC is 20:00 there
    const office = { ...base, schedule: { windows: [{ from: '09:00', to: '17:00' }] } };
    expect(controlShown(office, 'Asia/Shanghai', NOON)).toBe('unscheduled');
    expect(controlShown(office, 'UTC', NOON)).toBeNull();
  });
});

it('has the control notes in both languages', () => {
  const keys = (o: object) => Object.keys(o).filter((k) => /control/i.test(k));
  expect(keys(experimentZh).sort()).toEqual(keys(experimentEn).sort());
  expect(keys(experimentEn)).toHaveLength(7);
});

describe('overriddenBy: later experiments that set a field the control sets win over it for some visitors', () => {
  const stopped: Experiment = { ...base, status: 'stopped' };
  const green: Experiment = {
    key: 'bar-green',
    status: 'running',
    traffic: 1,
    variants: [
      { key: 'a', weight: 1 },
      { key: 'b', weight: 1, patch: { 'buy-bar': { color: '#047857' } } },
    ],
  };
  const cfg = (experiments: Experiment[]) => ({ experiments }) as never;
  it('names a later running experiment that sets the same field, on that widget', () => {
    expect(overriddenBy(stopped, cfg([stopped, green]))).toEqual(['bar-green']);
    expect(overriddenBy(stopped, cfg([stopped, green]), 'buy-bar')).toEqual(['bar-green']);
    expect(overriddenBy(stopped, cfg([stopped, green]), 'stock-banner')).toEqual([]);
  });
  it('not an earlier one, a draft, another field, or a shipped winner that does not set it', () => {
    expect(overriddenBy(stopped, cfg([green, stopped]))).toEqual([]);
    expect(overriddenBy(stopped, cfg([stopped, { ...green, status: 'draft' }]))).toEqual([]);
    const label = {
      ...green,
      variants: [green.variants[0]!, { key: 'b', weight: 1, patch: { 'buy-bar': { label: 'Buy' } } }],
    };
    expect(overriddenBy(stopped, cfg([stopped, label]))).toEqual([]);
    expect(overriddenBy(stopped, cfg([stopped, { ...green, status: 'stopped', winner: 'a' }]))).toEqual([]);
    expect(overriddenBy(stopped, cfg([stopped, { ...green, status: 'stopped', winner: 'b' }]))).toEqual(['bar-green']);
    // a later paused experiment shows only its control: its variant b reaches nobody
    expect(overriddenBy(stopped, cfg([stopped, { ...green, status: 'paused' }]))).toEqual([]);
  });
});
