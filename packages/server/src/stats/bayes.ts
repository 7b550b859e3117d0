// Bayesian read-out: the chance a treatment beats the control, from the same estimate and standard error.
import { normalCdf } from './stats.js';

/**
 * With a flat prior the posterior of the lift is approximately normal around the estimate with the delta-method
 * standard error (GrowthBook's Bayesian engine with an uninformative prior), so P(lift > 0) = Phi(estimate / se).
 * `higherIsBetter` false (errors, refunds, load time) turns it into the chance of being lower.
 */
export function chanceToBeat(estimate: number, se: number, higherIsBetter = true): number {
  if (!(se > 0)) return estimate === 0 ? 0.5 : estimate > 0 === higherIsBetter ? 1 : 0;
  const p = normalCdf(estimate / se);
  return higherIsBetter ? p : 1 - p;
}
