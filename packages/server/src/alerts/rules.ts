// Alert rules: what to watch, how to compare, over which window, with how much volume; and the built-ins.
import { z } from 'zod';
import { mailLocaleSchema } from '../mail-locale.js';
import { webhookUrl } from '../webhook-url.js';

export const ALERT_METRICS = [
  'conversion_rate',
  'orders',
  'revenue',
  'visitors',
  'errors',
  'srm',
  'stale_stock',
  'coupon_pool_low',
] as const;
export type AlertMetric = (typeof ALERT_METRICS)[number];

/** The metrics that fire on their own condition rather than against a threshold or the expected value. */
const CONDITIONS: readonly AlertMetric[] = ['srm', 'stale_stock', 'coupon_pool_low'];

const url = webhookUrl;

export const ruleSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9_-]{0,47}$/, 'expected lower-case letters, digits, - and _ (at most 48)'),
    name: z.string().trim().min(1).max(120),
    metric: z.enum(ALERT_METRICS),
    /**
     * below/above: against `threshold`; below_expected/above_expected: against the same weekday over the last `weeks`,
     * firing when off by more than `drop` (a share of the expected value) and by more than `band` standard deviations
     * of those weeks; `anomaly` kinds (srm, stale_stock, coupon_pool_low) fire on their own condition
     */
    comparison: z.enum(['below', 'above', 'below_expected', 'above_expected', 'condition']),
    /** below/above: the limit; coupon_pool_low: codes left under which a pool is low (unset: each pool's own mark) */
    threshold: z.number().refine(Number.isFinite).optional(),
    drop: z.number().min(0).max(10).default(0.2),
    band: z.number().min(0).max(10).default(2),
    weeks: z.number().int().min(1).max(12).default(4),
    /** the window evaluated: the last complete day */
    window: z.enum(['day']).default('day'),
    /** visitors needed in the window (and in each history day) for a verdict, so a quiet night does not alarm */
    minVolume: z.number().int().min(0).max(1e9).default(100),
    /** stale_stock: figures read longer ago than this are stale */
    maxAgeHours: z
      .number()
      .min(1)
      .max(24 * 30)
      .default(24),
    /** a rule that fired again within this long after it resolved does not notify again */
    cooldownMinutes: z
      .number()
      .int()
      .min(0)
      .max(60 * 24 * 30)
      .default(360),
    enabled: z.boolean().default(true),
  })
  .superRefine((r, ctx) => {
    if ((r.comparison === 'below' || r.comparison === 'above') && r.threshold === undefined)
      ctx.addIssue({ code: 'custom', path: ['threshold'], message: `${r.comparison} needs a threshold` });
    const anomaly = CONDITIONS.includes(r.metric);
    if (anomaly !== (r.comparison === 'condition'))
      ctx.addIssue({
        code: 'custom',
        path: ['comparison'],
        message: anomaly
          ? `${r.metric} fires on its own condition: use "condition"`
          : `condition is only for ${CONDITIONS.join(', ')}`,
      });
  });
export type AlertRule = z.infer<typeof ruleSchema>;

/**
 * Where a site's alerts go: a webhook signed with the secret (webhook-sign.ts), and email to `emails` through the
 * site's mail server (`secret` or `emails` absent: they stay as they were).
 */
export const deliverySchema = z.strictObject({
  webhookUrl: url.nullable(),
  /** absent: the stored secret stays (the console never sees it, so it cannot send it back) */
  secret: z.string().min(16).max(200).nullable().optional(),
  emails: z.array(z.string().trim().pipe(z.email())).max(20).optional(),
  /** the emails' language (absent: kept; never set: en); the console sends the one it speaks */
  locale: mailLocaleSchema.optional(),
});
export type AlertDelivery = z.infer<typeof deliverySchema>;

const base = {
  threshold: undefined,
  drop: 0.2,
  band: 2,
  weeks: 4,
  window: 'day',
  minVolume: 100,
  maxAgeHours: 24,
  cooldownMinutes: 360,
  enabled: true,
} as const;
/** On by default for every site (they can be switched off, not deleted). */
export const BUILT_IN_RULES: readonly AlertRule[] = (
  [
    {
      ...base,
      id: 'conversion-drop',
      name: 'Conversion 20% below expected',
      metric: 'conversion_rate',
      comparison: 'below_expected',
    },
    {
      ...base,
      id: 'srm',
      name: 'Sample ratio mismatch in a running experiment',
      metric: 'srm',
      comparison: 'condition',
    },
    {
      ...base,
      id: 'error-spike',
      name: 'Errors well above expected',
      metric: 'errors',
      comparison: 'above_expected',
      drop: 1,
      minVolume: 0,
    },
    {
      ...base,
      id: 'stale-stock',
      name: 'Stock feed gone stale',
      metric: 'stale_stock',
      comparison: 'condition',
      minVolume: 0,
    },
    {
      // the threshold is each pool's own low mark (set when it is made; a tenth of its codes unless given), the one the
      // Rewards view warns at, so the alert and the view agree; a rule's `threshold` overrides it for every pool
      ...base,
      id: 'coupon-pool-low',
      name: 'Coupon pool running low',
      metric: 'coupon_pool_low',
      comparison: 'condition',
      minVolume: 0,
    },
  ] satisfies AlertRule[]
).map((r) => ({ ...r }));
