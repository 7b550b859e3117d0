// served(): the variants an experiment serves now, read off assign(), so the console says what visitors get.
import { describe, expect, it } from 'vitest';
import type { Experiment } from '../config/schema.js';
import { assign, served } from './assign.js';

const base: Experiment = {
  key: 'bar',
  status: 'running',
  traffic: 0.5,
  audience: { device: 'mobile' },
  variants: [
    { key: 'control', weight: 1 },
    { key: 'b', weight: 1 },
    { key: 'c', weight: 0 },
  ],
};
const keys = (e: Experiment, on?: () => boolean) => served(e, on).map((v) => v.key);

describe('served', () => {
  it('serves all variants while running, whatever its traffic and audience (the array itself)', () => {
    expect(served(base)).toBe(base.variants);
    expect(served({ ...base, traffic: 0 })).toHaveLength(3);
  });
  it('serves nothing as a draft, the control while paused or stopped without a winner, the winner once shipped', () => {
    expect(keys({ ...base, status: 'draft' })).toEqual([]);
    expect(keys({ ...base, status: 'paused' })).toEqual(['control']);
    expect(keys({ ...base, status: 'paused', winner: 'b' })).toEqual(['control']);
    expect(keys({ ...base, status: 'stopped' })).toEqual(['control']);
    expect(keys({ ...base, status: 'stopped', winner: 'b' })).toEqual(['b']);
    expect(keys({ ...base, status: 'stopped', winner: 'gone' })).toEqual(['control']);
  });
  it('serves the control outside its schedule, and without a schedule check, as assign does', () => {
    const scheduled = { ...base, schedule: { start: '2026-01-01T00:00:00Z' } };
    expect(keys(scheduled, () => false)).toEqual(['control']);
    expect(keys(scheduled)).toEqual(['control']);
    expect(served(scheduled, () => true)).toBe(scheduled.variants);
  });
  it('agrees with what assign gives every visitor it does not split', () => {
    for (const status of ['draft', 'paused', 'stopped'] as const) {
      for (const winner of [undefined, 'b']) {
        const e = { ...base, status, ...(winner && { winner }) };
        const got = new Set(Array.from({ length: 50 }, (_, i) => assign(e, `u${i}`).variant));
        expect([...got].filter((v) => v !== null)).toEqual(keys(e));
      }
    }
  });
});
