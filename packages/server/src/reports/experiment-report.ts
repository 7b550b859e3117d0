// An experiment's results: funnel per variant from the store, compared with the control (first variant) in JS.
import type { NudgeConfig } from '@nudge/core/spec';
import { compareMeans, compareProportions, sampleRatioMismatch, type Comparison, type SrmResult } from '../stats/stats.js';
import { FUNNEL_STEPS, type FunnelStep, type FunnelVariantRow, type Store, type TimeRange, type VitalsRow } from '../store/store.js';

export interface VariantResult {
  variant: string;
  weight: number;
  exposed: number;
  steps: Record<FunnelStep, number>;
  /** share of exposed visitors reaching each step */
  conversion: Record<FunnelStep, number>;
  orders: number;
  revenue: number;
  revenuePerVisitor: number;
  averageOrderValue: number;
  /** against the control; absent for the control itself */
  vsControl?: { steps: Record<FunnelStep, Comparison | null>; revenuePerVisitor: Comparison | null };
}

export interface ExperimentReport {
  experiment: string;
  status: string;
  control: string;
  winner?: string;
  range: TimeRange;
  variants: VariantResult[];
  srm: SrmResult | null;
  overTime: { day: string; variants: Record<string, { exposed: number; converted: number; rate: number }> }[];
  /** per variant: samples received, the page views they stand for (sampling), p75 of each metric */
  vitals: VitalsRow[];
  queryMs: number;
}

const empty = (variant: string): FunnelVariantRow => ({
  variant, exposed: 0, steps: { view_item: 0, add_to_cart: 0, begin_checkout: 0, purchase: 0 }, orders: 0, revenue: 0, revenueSq: 0,
});

function revenueStats(r: FunnelVariantRow) {
  const n = r.exposed;
  const mean = n ? r.revenue / n : 0;
  const variance = n > 1 ? Math.max(0, (r.revenueSq - n * mean * mean) / (n - 1)) : 0;
  return { n, mean, variance };
}

export async function experimentReport(store: Store, config: NudgeConfig, key: string, range: TimeRange): Promise<ExperimentReport | undefined> {
  const exp = config.experiments.find((e) => e.key === key);
  if (!exp) return undefined;
  const started = performance.now();
  const [rows, points, vitals] = await Promise.all([
    store.funnel(config.site, key, range),
    store.conversionOverTime(config.site, key, range),
    store.vitals(config.site, key, range),
  ]);
  const queryMs = performance.now() - started;
  const byVariant = new Map(rows.map((r) => [r.variant, r]));
  const order = [...exp.variants.map((v) => v.key), ...rows.map((r) => r.variant).filter((v) => !exp.variants.some((x) => x.key === v))];
  const control = exp.variants[0]!.key;
  const controlRow = byVariant.get(control) ?? empty(control);
  const variants = order.map((variant): VariantResult => {
    const r = byVariant.get(variant) ?? empty(variant);
    const conversion = Object.fromEntries(FUNNEL_STEPS.map((s) => [s, r.exposed ? r.steps[s] / r.exposed : 0])) as Record<FunnelStep, number>;
    const result: VariantResult = {
      variant, weight: exp.variants.find((v) => v.key === variant)?.weight ?? 0, exposed: r.exposed, steps: r.steps, conversion,
      orders: r.orders, revenue: r.revenue, revenuePerVisitor: r.exposed ? r.revenue / r.exposed : 0,
      averageOrderValue: r.orders ? r.revenue / r.orders : 0,
    };
    if (variant !== control) {
      result.vsControl = {
        steps: Object.fromEntries(FUNNEL_STEPS.map((s) => [s, compareProportions(
          { n: controlRow.exposed, conversions: controlRow.steps[s] }, { n: r.exposed, conversions: r.steps[s] })])) as Record<FunnelStep, Comparison | null>,
        revenuePerVisitor: compareMeans(revenueStats(controlRow), revenueStats(r)),
      };
    }
    return result;
  });
  const configured = variants.filter((v) => exp.variants.some((x) => x.key === v.variant));
  const srm = sampleRatioMismatch(configured.map((v) => v.exposed), configured.map((v) => v.weight));

  // Cumulative conversion by day of exposure, so each line settles as the sample grows.
  const days = [...new Set(points.map((p) => p.day))].sort();
  const running = new Map<string, { exposed: number; converted: number }>();
  const overTime = days.map((day) => {
    const out: Record<string, { exposed: number; converted: number; rate: number }> = {};
    for (const variant of order) {
      const acc = running.get(variant) ?? { exposed: 0, converted: 0 };
      for (const p of points) if (p.day === day && p.variant === variant) { acc.exposed += p.exposed; acc.converted += p.converted; }
      running.set(variant, acc);
      out[variant] = { ...acc, rate: acc.exposed ? acc.converted / acc.exposed : 0 };
    }
    return { day, variants: out };
  });
  return {
    experiment: key, status: exp.status, control, ...(exp.winner ? { winner: exp.winner } : {}), range, variants, srm, overTime, vitals, queryMs,
  };
}
