// Whether a rule fires on the figures of a window and the same weekday's history: pure, so it can be simulated.
import type { AlertRule } from './rules.js';

export interface Figures {
  /** the watched value in the window (a rate, a count, or 1/0 for a condition) */
  value: number;
  /** visitors in the window */
  volume: number;
  /** the same weekday over the last weeks, oldest first; each with its volume */
  history: { value: number; volume: number }[];
  /** every day from the oldest history day to the window, oldest first: what the alert's chart draws */
  series?: { day: string; value: number }[];
  /** for conditions: what was found (the experiment, the figures' age) */
  detail?: Record<string, unknown>;
}

export interface Verdict {
  firing: boolean;
  /** no verdict: too little volume or history */
  quiet: boolean;
  expected: number | null;
  /** the edge the value crossed (expected ± max(drop·expected, band·sd)), or the threshold */
  limit: number | null;
  /** expected ± that margin: the values that raise no alarm (the console draws it) */
  band?: { low: number; high: number };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export function evaluate(rule: AlertRule, f: Figures): Verdict {
  const quiet = { firing: false, quiet: true, expected: null, limit: null };
  if (rule.comparison === 'condition') return { firing: f.value > 0, quiet: false, expected: null, limit: null };
  if (f.volume < rule.minVolume) return quiet;
  if (rule.comparison === 'below' || rule.comparison === 'above') {
    const limit = rule.threshold!;
    return {
      firing: rule.comparison === 'below' ? f.value < limit : f.value > limit,
      quiet: false,
      expected: null,
      limit,
    };
  }
  const hist = f.history.filter((h) => h.volume >= rule.minVolume).map((h) => h.value);
  // two weeks at least: one value has no spread to make a band from
  if (hist.length < Math.min(2, rule.weeks)) return quiet;
  const expected = mean(hist);
  const sd = hist.length > 1 ? Math.sqrt(hist.reduce((a, x) => a + (x - expected) ** 2, 0) / (hist.length - 1)) : 0;
  const margin = Math.max(rule.drop * Math.abs(expected), rule.band * sd);
  const limit = rule.comparison === 'below_expected' ? expected - margin : expected + margin;
  const firing = rule.comparison === 'below_expected' ? f.value < limit : f.value > limit;
  return { firing, quiet: false, expected, limit, band: { low: expected - margin, high: expected + margin } };
}
