// The estimate every test reads: a treatment's lift over the control (delta method) or, when an arm is at 0, the difference.

/** One arm's summary of a per-visitor metric. */
export interface Arm {
  n: number;
  mean: number;
  /** variance of a single observation */
  variance: number;
  /** visitors with a non-zero value (buyers, converters) */
  conversions: number;
}

/** The point estimate on its scale and its standard error; what sequential, fixed and Bayesian intervals are built on. */
export interface LiftEstimate {
  /**
   * `relative`: lift m1/m0 - 1 with the delta-method standard error; `absolute`: difference m1 - m0 with Welch's
   * standard error, used when an arm's mean is 0 (a relative lift is then undefined or -100% with no spread).
   */
  scale: 'relative' | 'absolute';
  /** the lift or the difference, per `scale` */
  estimate: number;
  se: number;
  /** relative lift; null when the control mean is 0 */
  lift: number | null;
  difference: number;
  /** visitors in both arms (the sample size a confidence sequence is indexed by) */
  n: number;
}

/** Delta method on the ratio of means (as GrowthBook's frequentist engine does); Welch on the difference at 0. */
export function liftEstimate(control: Arm, treatment: Arm): LiftEstimate {
  const { n: n0, mean: m0, variance: v0 } = control;
  const { n: n1, mean: m1, variance: v1 } = treatment;
  const relative = m0 > 0 && m1 > 0;
  return {
    scale: relative ? 'relative' : 'absolute',
    estimate: relative ? m1 / m0 - 1 : m1 - m0,
    se: relative ? Math.sqrt(v1 / (n1 * m0 * m0) + (m1 * m1 * v0) / (n0 * m0 ** 4)) : Math.sqrt(v0 / n0 + v1 / n1),
    lift: m0 > 0 ? m1 / m0 - 1 : null,
    difference: m1 - m0,
    n: n0 + n1,
  };
}

/** A conversion rate as an arm: a Bernoulli mean with variance p(1-p). */
export function proportionArm(a: { n: number; conversions: number }): Arm {
  const p = a.n ? a.conversions / a.n : 0;
  return { n: a.n, mean: p, variance: p * (1 - p), conversions: a.conversions };
}

/** What a rate's lift and difference can possibly be: p1 in [0, 1], so lift in [-1, 1/p0 - 1], difference in [-1, 1]. */
export function proportionBounds(control: Arm): { lift: [number, number]; difference: [number, number] } {
  return { lift: [-1, control.mean > 0 ? 1 / control.mean - 1 : Infinity], difference: [-1, 1] };
}
