// Honest-urgency rules: what the banner may claim for given data and instant.
import { describe, expect, it } from 'vitest';
import type { StockFacts } from './stock-state.js';
import { DEFAULT_RULES, stockView } from './stock-state.js';
import { auditProps, countdownParts, nextChangeAt } from './stock-timeline.js';

const NOW = Date.parse('2026-11-21T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const rules = { lowStockThreshold: 5, maxAgeSeconds: 600 };
const fresh = iso(NOW - 60_000);

describe('stockView', () => {
  it('shows "only N left" at and under the threshold, not above it', () => {
    expect(stockView({ remaining: 5, asOf: fresh, source: 'erp' }, rules, NOW)).toEqual({
      kind: 'shown',
      claims: { remaining: 5, asOf: NOW - 60_000, source: 'erp' },
    });
    expect(stockView({ remaining: 1, asOf: fresh }, rules, NOW)).toMatchObject({
      kind: 'shown',
      claims: { remaining: 1, source: 'unknown' },
    });
    expect(stockView({ remaining: 6, asOf: fresh }, rules, NOW)).toMatchObject({
      kind: 'hidden',
      reason: 'nothing-to-say',
    });
  });

  it('states the sold window and drops a sold count that has none', () => {
    expect(stockView({ sold: 27, soldWindowHours: 24, asOf: fresh }, rules, NOW)).toMatchObject({
      kind: 'shown',
      claims: { sold: { count: 27, hours: 24 } },
    });
    expect(stockView({ sold: 27, asOf: fresh }, rules, NOW)).toMatchObject({
      kind: 'hidden',
      reason: 'nothing-to-say',
    });
    expect(stockView({ sold: 0, soldWindowHours: 24, asOf: fresh }, rules, NOW)).toMatchObject({ kind: 'hidden' });
  });

  it('has its own sold-out state, which wins over the countdown', () => {
    const v = stockView({ remaining: 0, asOf: fresh, endsAt: iso(NOW + 3_600_000), source: 'feed' }, rules, NOW);
    expect(v).toEqual({ kind: 'sold-out', claims: { remaining: 0, asOf: NOW - 60_000, source: 'feed' } });
  });

  it('counts down to one absolute instant and drops the countdown once it has passed', () => {
    const endsAt = '2026-11-21T14:30:00+01:00';
    expect(stockView({ endsAt }, rules, NOW)).toEqual({ kind: 'shown', claims: { endsAt: Date.parse(endsAt) } });
    expect(stockView({ endsAt }, rules, Date.parse(endsAt))).toMatchObject({
      kind: 'hidden',
      reason: 'nothing-to-say',
    });
    // The stock claim survives the end of the sale; only the timer goes.
    const soon = iso(NOW + 60_000);
    expect(stockView({ endsAt: soon, remaining: 2, asOf: fresh }, rules, NOW + 60_001)).toEqual({
      kind: 'shown',
      claims: { remaining: 2, asOf: NOW - 60_000, source: 'unknown' },
    });
  });

  it('refuses zone-less instants, which would end at a different moment for each visitor', () => {
    expect(stockView({ endsAt: '2026-11-22T00:00:00' }, rules, NOW)).toMatchObject({
      kind: 'hidden',
      reason: 'inconsistent',
    });
    expect(stockView({ endsAt: '2026-11-22' }, rules, NOW)).toMatchObject({ kind: 'hidden', reason: 'inconsistent' });
    expect(stockView({ remaining: 1, asOf: 'yesterday' }, rules, NOW)).toMatchObject({
      kind: 'hidden',
      reason: 'inconsistent',
    });
  });

  it('hides when data is missing', () => {
    expect(stockView({}, rules, NOW)).toMatchObject({ kind: 'hidden', reason: 'missing' });
    expect(stockView({ remaining: 2 }, rules, NOW)).toMatchObject({ kind: 'hidden', reason: 'missing' });
    expect(
      stockView({ remaining: null, sold: null, soldWindowHours: null, asOf: null, endsAt: null }, rules, NOW),
    ).toMatchObject({ kind: 'hidden', reason: 'missing' });
  });

  it('hides stock figures older than max-age, to the millisecond', () => {
    const asOf = iso(NOW - 600_000);
    expect(stockView({ remaining: 2, asOf }, rules, NOW)).toMatchObject({ kind: 'shown' });
    expect(stockView({ remaining: 2, asOf }, rules, NOW + 1)).toMatchObject({ kind: 'hidden', reason: 'stale' });
    // A stale count does not take a valid countdown with it.
    expect(stockView({ remaining: 2, asOf, endsAt: iso(NOW + 5000) }, rules, NOW + 1)).toEqual({
      kind: 'shown',
      claims: { endsAt: NOW + 5000 },
    });
  });

  it.each<[string, StockFacts]>([
    ['negative stock', { remaining: -1, asOf: fresh }],
    ['fractional stock', { remaining: 2.5, asOf: fresh }],
    ['garbage stock (NaN from the attribute converter)', { remaining: Number.NaN, asOf: fresh }],
    ['negative sold', { sold: -3, soldWindowHours: 24, asOf: fresh }],
    ['zero window', { sold: 3, soldWindowHours: 0, asOf: fresh }],
    ['as-of in the future', { remaining: 2, asOf: iso(NOW + 10 * 60_000) }],
    ['stock contradicting availability', { remaining: 2, asOf: fresh, availability: 'out_of_stock' }],
    ['bad end instant beside good stock', { remaining: 2, asOf: fresh, endsAt: 'soon' }],
  ])('hides entirely on inconsistent data: %s', (_, facts) => {
    expect(stockView(facts, rules, NOW)).toMatchObject({ kind: 'hidden', reason: 'inconsistent' });
  });

  it('tolerates small clock skew on as-of', () => {
    expect(stockView({ remaining: 2, asOf: iso(NOW + 60_000) }, rules, NOW)).toMatchObject({ kind: 'shown' });
  });

  it('is deterministic: the same data and instant always give the same claims', () => {
    const facts = { remaining: 3, sold: 40, soldWindowHours: 48, asOf: fresh, endsAt: iso(NOW + 99_000) };
    const views = Array.from({ length: 5 }, () => stockView(facts, DEFAULT_RULES, NOW));
    for (const v of views) expect(v).toEqual(views[0]);
  });
});

describe('nextChangeAt', () => {
  it('is the earlier of going stale and the sale ending', () => {
    const facts = { remaining: 2, asOf: iso(NOW - 60_000), endsAt: iso(NOW + 3_600_000) };
    const v = stockView(facts, rules, NOW);
    expect(nextChangeAt(facts, rules, v, NOW)).toBe(NOW - 60_000 + 600_000 + 1);
    const soon = { ...facts, endsAt: iso(NOW + 1000) };
    expect(nextChangeAt(soon, rules, stockView(soon, rules, NOW), NOW)).toBe(NOW + 1000);
  });
  it('is undefined when only new data can change the view', () => {
    const facts = { remaining: -1, asOf: fresh };
    expect(nextChangeAt(facts, rules, stockView(facts, rules, NOW), NOW)).toBeUndefined();
  });
});

describe('auditProps', () => {
  it('carries every figure shown, with its instant and source', () => {
    const facts = {
      remaining: 3,
      sold: 27,
      soldWindowHours: 24,
      asOf: fresh,
      source: 'erp',
      endsAt: iso(NOW + 60_000),
    };
    expect(auditProps(stockView(facts, rules, NOW))).toEqual({
      state: 'shown',
      stock: 3,
      sold: 27,
      window: 24,
      endsAt: iso(NOW + 60_000),
      asOf: fresh,
      source: 'erp',
    });
    expect(auditProps(stockView({ remaining: 0, asOf: fresh }, rules, NOW))).toEqual({
      state: 'sold-out',
      stock: 0,
      asOf: fresh,
      source: 'unknown',
    });
    expect(auditProps(stockView({}, rules, NOW))).toEqual({});
  });
});

describe('countdownParts', () => {
  it('splits the remaining time into whole minutes and rounds up, so it never reads zero while running', () => {
    expect(countdownParts(NOW + ((2 * 24 + 3) * 3600 + 4 * 60) * 1000, NOW)).toEqual({ days: 2, hours: 3, minutes: 4 });
    expect(countdownParts(NOW + ((2 * 24 + 3) * 3600 + 4 * 60 + 5) * 1000, NOW)).toEqual({
      days: 2,
      hours: 3,
      minutes: 5,
    });
    expect(countdownParts(NOW + 1, NOW)).toEqual({ days: 0, hours: 0, minutes: 1 });
    expect(countdownParts(NOW + 3_600_000, NOW)).toEqual({ days: 0, hours: 1, minutes: 0 });
    expect(countdownParts(NOW - 5, NOW)).toEqual({ days: 0, hours: 0, minutes: 0 });
  });
});
