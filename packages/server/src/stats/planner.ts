// The pre-test calculator: how many visitors, and so how many days, a test needs to find the smallest lift worth having.
import { sequentialHalfWidth, sequentialRho } from './sequential.js';
import { normalQuantile } from './stats.js';

export interface PlanInput {
  /** the control's conversion rate now, in (0, 1) */
  baseline: number;
  /** the smallest relative lift worth finding, e.g. 0.1 for +10% */
  minLift: number;
  /** visitors entering the experiment per day, all variants together */
  dailyVisitors: number;
  /** variants including the control (2) */
  variants?: number;
  alpha?: number;
  power?: number;
  method?: 'sequential' | 'fixed';
}

export interface Plan {
  method: 'sequential' | 'fixed';
  /** visitors needed in each variant */
  perVariant: number;
  total: number;
  days: number;
  /** the per-comparison alpha planned for: alpha / (variants - 1), the strictest step of Holm */
  alpha: number;
  power: number;
  /** the rates compared */
  rates: [number, number];
}

/**
 * Equal split, two-sided test of the difference of two rates with unpooled variances:
 * fixed: n = (z(1 - a/2) + z(power))² (p0 q0 + p1 q1) / (p1 - p0)² per variant;
 * sequential: the smallest n per variant at which the confidence sequence's half-width plus z(power) standard errors
 * fits inside the difference, so the sequence excludes 0 with that power at n (it needs more visitors than a fixed
 * test, the price of looking every day).
 */
export function plan(input: PlanInput): Plan {
  const { baseline: p0, minLift, dailyVisitors } = input;
  const variants = Math.max(2, Math.floor(input.variants ?? 2));
  const alpha = (input.alpha ?? 0.05) / (variants - 1);
  const power = input.power ?? 0.8;
  const method = input.method ?? 'sequential';
  const p1 = p0 * (1 + minLift);
  const d = Math.abs(p1 - p0);
  const v = p0 * (1 - p0) + p1 * (1 - p1);
  const zb = normalQuantile(power);
  let n: number;
  if (method === 'fixed') {
    n = Math.ceil(((normalQuantile(1 - alpha / 2) + zb) ** 2 * v) / (d * d));
  } else {
    const rho = sequentialRho(alpha);
    const short = (m: number) => {
      const se = Math.sqrt(v / m);
      return sequentialHalfWidth(se, 2 * m, alpha, rho) + zb * se > d;
    };
    let lo = 1,
      hi = 2;
    while (short(hi) && hi < 1e12) hi *= 2;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (short(mid)) lo = mid;
      else hi = mid;
    }
    n = hi;
  }
  const total = n * variants;
  return { method, perVariant: n, total, days: Math.ceil(total / dailyVisitors), alpha, power, rates: [p0, p1] };
}
