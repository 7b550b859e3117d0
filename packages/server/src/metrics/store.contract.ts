// What the metric store must do on any Sql backend (run with a fresh database per test by each backend's test file).
import { describe, expect, it } from 'vitest';
import type { SqlFactory } from '../store/sql/sql.contract.js';
import { BUILT_IN, DEFAULT_EXPERIMENT_METRICS, metricSchema } from './definition.js';
import { MetricStore } from './store.js';

export function metricStoreContract(name: string, open: SqlFactory): void {
  describe(`metric store: ${name}`, () => {
    const withStore = (fn: (s: MetricStore, again: () => MetricStore) => Promise<void>) => async () => {
      const db = await open();
      try {
        await fn(new MetricStore(db.sql), () => new MetricStore(db.sql));
      } finally {
        await db.close();
      }
    };
    const refunds = metricSchema.parse({
      key: 'refunds',
      name: 'Refunds',
      numerator: {
        event: 'refund',
        aggregate: 'sum',
        property: 'value',
        filters: [{ property: 'reason', op: 'ne', value: 'duplicate' }],
      },
      higherIsBetter: false,
      format: 'money',
    });

    it(
      'lists the built-ins, then the site’s own; a second server sees them; sites do not share',
      withStore(async (s, again) => {
        expect((await s.list('a')).map((m) => m.key)).toEqual(BUILT_IN.map((m) => m.key));
        expect(await s.put('a', refunds, 1000)).toBe(true);
        expect(await s.put('a', { ...refunds, name: 'Refunds (net)' }, 2000)).toBe(false);
        const list = await again().list('a');
        expect(list.at(-1)).toEqual({ ...refunds, name: 'Refunds (net)', builtIn: false });
        expect((await s.list('b')).some((m) => m.key === 'refunds')).toBe(false);
        expect(await s.remove('a', 'refunds')).toBe(true);
        expect(await s.remove('a', 'refunds')).toBe(false);
        expect(await s.get('a', 'refunds')).toBeUndefined();
      }),
    );

    it(
      'keeps each experiment’s metric roles, defaulting to purchase as the goal',
      withStore(async (s) => {
        expect(await s.experimentMetrics('a', 'x')).toEqual({ ...DEFAULT_EXPERIMENT_METRICS, chosen: false });
        await s.setExperimentMetrics('a', 'x', {
          goal: 'profit_per_visitor',
          secondary: ['purchase'],
          guardrails: ['refunds'],
        });
        await s.setExperimentMetrics('a', 'x', { goal: 'profit_per_visitor', secondary: [], guardrails: ['refunds'] });
        expect(await s.experimentMetrics('a', 'x')).toEqual({
          goal: 'profit_per_visitor',
          secondary: [],
          guardrails: ['refunds'],
          chosen: true,
        });
        expect((await s.experimentMetrics('a', 'y')).chosen).toBe(false);
      }),
    );

    it(
      'keeps the site margin, unset until set',
      withStore(async (s) => {
        expect(await s.settings('a')).toEqual({ margin: null });
        await s.setSettings('a', { margin: 0.4 });
        await s.setSettings('a', { margin: 0.35 });
        expect(await s.settings('a')).toEqual({ margin: 0.35 });
        await expect(s.setSettings('a', { margin: 1.5 })).rejects.toThrow();
      }),
    );
  });
}
