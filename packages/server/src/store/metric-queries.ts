// The report query metrics add to ReportQueries: per-variant sums of any measure, for the statistics to compare.
import type { SegmentSettings } from '@nudge/core/spec';
import type { Measure } from '../metrics/definition.js';
import type { ReportScope, TimeRange } from './report-rows.js';

/** What a result can be broken down by, read from each visitor's first exposure. */
export const BREAKDOWNS = ['device', 'source', 'segment', 'visitor_type', 'locale'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

export interface MetricSumsRequest {
  measures: readonly Measure[];
  /** ratios: the sum over visitors of measure i × measure j, per pair */
  pairs: readonly (readonly [number, number])[];
  /** the site's margin (a share), for cost of goods and profit; null when unset */
  margin: number | null;
  /** CUPED: also each measure over this long before the visitor's first exposure (0: not asked for) */
  preExposureMs: number;
  breakdown?: Breakdown;
  /** the site's segment thresholds (the config's `segments`), for `breakdown: segment` */
  segments?: SegmentSettings;
}

export interface MeasureSums {
  /** sum over visitors of the visitor's value, and of its square */
  sum: number;
  sumSq: number;
  /** visitors with a non-zero value */
  nonZero: number;
  /** the same visitor's value before exposure (X for CUPED): sum, sum of squares, and sum of X·Y */
  pre: { sum: number; sumSq: number; sumXY: number };
}

export interface MetricSumsRow {
  variant: string;
  /** the breakdown's value for this row (null without a breakdown) */
  group: string | null;
  /** visitors exposed */
  n: number;
  measures: MeasureSums[];
  /** per requested pair */
  cross: number[];
}

/** Implemented per backend beside ReportQueries (DuckDB: store/duckdb/metric-queries.ts). */
export interface MetricQueries {
  metricSums(
    site: string,
    experiment: string,
    range: TimeRange,
    scope: ReportScope,
    request: MetricSumsRequest,
  ): Promise<MetricSumsRow[]>;
}

/**
 * The store's metric queries, or, for a backend that has none yet, one that refuses with a clear error (the route
 * answers 501) instead of the whole app failing to start.
 */
export function metricQueriesOf(store: object): MetricQueries {
  if ('metricSums' in store && typeof store.metricSums === 'function') return store as MetricQueries;
  return {
    metricSums: () => Promise.reject(new MetricsUnsupported()),
  };
}

export class MetricsUnsupported extends Error {
  constructor() {
    super('this event store does not answer metric queries yet');
  }
}
