// What a metric is: an event with property filters, aggregated per visitor, or a ratio of two such totals; the built-ins.
import { z } from 'zod';

/** A dotted path into an event's props (`coupon`, `items.0.price` is not allowed: a path names one value). */
const PROPERTY = /^[A-Za-z_][A-Za-z0-9_]{0,63}(\.[A-Za-z_][A-Za-z0-9_]{0,63}){0,3}$/;
const property = z
  .string()
  .regex(PROPERTY, 'expected a property name or a dotted path, e.g. coupon or shipping.method');
/** Values computed from a purchase's items, usable where a property is: see `VIRTUAL` below. */
export const VIRTUAL = ['discount', 'cost_of_goods', 'profit'] as const;
export type VirtualProperty = (typeof VIRTUAL)[number];

export const filterSchema = z.strictObject({
  property,
  op: z.enum(['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'exists', 'missing']),
  value: z.union([z.string().max(200), z.number().refine(Number.isFinite), z.boolean()]).optional(),
});
export type Filter = z.infer<typeof filterSchema>;

export const measureSchema = z
  .strictObject({
    event: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'expected an event name such as purchase'),
    filters: z.array(filterSchema).max(10).default([]),
    /** converted: 1 if the visitor has a matching event; count: how many; sum: the property summed */
    aggregate: z.enum(['converted', 'count', 'sum']),
    /** the number summed when `aggregate` is sum: a property, or discount, cost_of_goods, profit on purchases */
    property: property.optional(),
  })
  .superRefine((m, ctx) => {
    if (m.aggregate === 'sum' && !m.property)
      ctx.addIssue({ code: 'custom', path: ['property'], message: 'a sum needs the property it adds up' });
    if (m.aggregate !== 'sum' && m.property)
      ctx.addIssue({ code: 'custom', path: ['property'], message: 'only a sum reads a property' });
    for (const [i, f] of m.filters.entries())
      if ((f.op === 'exists' || f.op === 'missing') !== (f.value === undefined))
        ctx.addIssue({
          code: 'custom',
          path: ['filters', i, 'value'],
          message: f.value === undefined ? `${f.op} needs a value` : `${f.op} takes no value`,
        });
  });
export type Measure = z.infer<typeof measureSchema>;

export const KEY = /^[a-z][a-z0-9_]{0,47}$/;
export const metricSchema = z.strictObject({
  key: z.string().regex(KEY, 'expected lower-case letters, digits and _ (start with a letter, at most 48)'),
  name: z.string().trim().min(1).max(80),
  /** per visitor; with a denominator, the ratio of the two totals over all visitors (e.g. average order value) */
  numerator: measureSchema,
  denominator: measureSchema.optional(),
  /** false for metrics where less is better (errors, refunds): guardrails test for a rise */
  higherIsBetter: z.boolean().default(true),
  format: z.enum(['percent', 'number', 'money']).default('number'),
});
export type MetricDefinition = z.infer<typeof metricSchema>;
export type MetricInput = z.input<typeof metricSchema>;

const purchase = (aggregate: Measure['aggregate'], propertyName?: string, filters: Filter[] = []): Measure => ({
  event: 'purchase',
  filters,
  aggregate,
  ...(propertyName ? { property: propertyName } : {}),
});
const step = (key: string, name: string): MetricDefinition => ({
  key,
  name,
  numerator: { event: key, filters: [], aggregate: 'converted' },
  higherIsBetter: true,
  format: 'percent',
});

/**
 * Built in for every site, under reserved keys. Discount of a purchase: its `discount` prop when it has one, else the
 * sum of items' discount × quantity (GA4's item discount is per unit). Cost of goods: the sum of items' price ×
 * quantity × (1 - margin), margin being the item's own `margin` (a share, 0.35) or the site's margin setting.
 * Profit = value - discount - cost of goods.
 */
export const BUILT_IN: readonly MetricDefinition[] = [
  step('view_item', 'Viewed a product'),
  step('add_to_cart', 'Added to cart'),
  step('begin_checkout', 'Began checkout'),
  step('purchase', 'Purchased'),
  {
    key: 'revenue_per_visitor',
    name: 'Revenue per visitor',
    numerator: purchase('sum', 'value'),
    higherIsBetter: true,
    format: 'money',
  },
  {
    key: 'average_order_value',
    name: 'Average order value',
    numerator: purchase('sum', 'value'),
    denominator: purchase('count'),
    higherIsBetter: true,
    format: 'money',
  },
  {
    key: 'coupon_redemption_rate',
    name: 'Orders with a coupon',
    numerator: purchase('count', undefined, [{ property: 'coupon', op: 'exists' }]),
    denominator: purchase('count'),
    higherIsBetter: true,
    format: 'percent',
  },
  {
    key: 'discount_per_visitor',
    name: 'Discount given per visitor',
    numerator: purchase('sum', 'discount'),
    higherIsBetter: false,
    format: 'money',
  },
  {
    key: 'profit_per_visitor',
    name: 'Profit per visitor',
    numerator: purchase('sum', 'profit'),
    higherIsBetter: true,
    format: 'money',
  },
];
export const BUILT_IN_KEYS = new Set(BUILT_IN.map((m) => m.key));

/** A metric needs the site's margin when it reads cost of goods (unless every item carries its own). */
export const needsMargin = (m: MetricDefinition) =>
  [m.numerator, m.denominator].some((x) => x?.property === 'cost_of_goods' || x?.property === 'profit');

/** The roles of an experiment's metrics: one goal, secondary metrics, guardrails (tested one-sided for harm). */
export const experimentMetricsSchema = z.strictObject({
  goal: z.string().regex(KEY, 'expected a metric key'),
  secondary: z.array(z.string().regex(KEY, 'expected a metric key')).max(20).default([]),
  guardrails: z.array(z.string().regex(KEY, 'expected a metric key')).max(20).default([]),
});
export type ExperimentMetrics = z.infer<typeof experimentMetricsSchema>;
/** Without a choice: purchase is the goal, the other steps and revenue secondary. */
export const DEFAULT_EXPERIMENT_METRICS: ExperimentMetrics = {
  goal: 'purchase',
  secondary: ['view_item', 'add_to_cart', 'begin_checkout', 'revenue_per_visitor'],
  guardrails: [],
};

export const settingsSchema = z.strictObject({
  /** gross margin of the site's products as a share, 0.4 for 40% */
  margin: z
    .number()
    .min(0, 'expected a share from 0 to 1, e.g. 0.4 for 40%')
    .max(1, 'expected a share from 0 to 1, e.g. 0.4 for 40%'),
});
export type MetricSettings = z.infer<typeof settingsSchema>;
