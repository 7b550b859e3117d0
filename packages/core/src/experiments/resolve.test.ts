import { describe, expect, it } from 'vitest';
import type { Experiment } from '../config/schema.js';
import { variantPatch, variantPatches } from './resolve.js';

const exp = (key: string, patches: Record<string, Record<string, Record<string, unknown>>>): Experiment =>
  ({
    key,
    status: 'running',
    variants: Object.entries(patches).map(([k, patch]) => ({ key: k, weight: 1, patch })),
  }) as unknown as Experiment;

const experiments = [
  exp('color', { control: {}, red: { bar: { color: 'red' }, popup: { amount: 5 } } }),
  exp('off', { control: {}, hide: { bar: { enabled: false, color: 'blue' } } }),
];

describe('variant-patch rule', () => {
  it("lists each widget's patches from the chosen variants, in experiment order", () => {
    expect(variantPatches(experiments, (k) => ({ color: 'red', off: 'hide' })[k])).toEqual({
      bar: [{ color: 'red' }, { enabled: false, color: 'blue' }],
      popup: [{ amount: 5 }],
    });
  });
  it('applies nothing for an experiment without a variant (null) or an unknown variant', () => {
    expect(variantPatches(experiments, (k) => (k === 'color' ? null : 'nope'))).toEqual({});
  });
  it('merges one widget: later experiments win, enabled is kept for the caller', () => {
    expect(variantPatch(experiments, (k) => ({ color: 'red', off: 'hide' })[k], 'bar')).toEqual({
      enabled: false,
      color: 'blue',
    });
    expect(variantPatch(experiments, () => 'control', 'bar')).toEqual({});
  });
  it('honours only a boolean enabled: any other value is dropped and leaves an earlier boolean in force', () => {
    const odd = [
      exp('hide', { on: { bar: { enabled: false } } }),
      exp('odd', { on: { bar: { enabled: 'no', color: 'red' }, popup: { enabled: null } } }),
    ];
    expect(variantPatch(odd, () => 'on', 'bar')).toEqual({ enabled: false, color: 'red' });
    expect(variantPatch(odd, () => 'on', 'popup')).toEqual({});
    expect('enabled' in variantPatch(odd, () => 'on', 'popup')).toBe(false);
    expect(variantPatch([exp('show', { on: { bar: { enabled: true } } })], () => 'on', 'bar')).toEqual({
      enabled: true,
    });
  });
});
