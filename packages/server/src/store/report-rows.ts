// The rows report queries answer with: plain numbers per variant, widget, code or error group.
import type { ErrorCounts } from './error-kind.js';

export interface TimeRange {
  from: number;
  to: number;
}

export const FUNNEL_STEPS = ['view_item', 'add_to_cart', 'begin_checkout', 'purchase'] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

export interface FunnelVariantRow {
  variant: string;
  exposed: number;
  steps: Record<FunnelStep, number>;
  orders: number;
  revenue: number;
  /** sum of squared per-visitor revenue, for the variance of revenue per visitor */
  revenueSq: number;
  /** of `exposed` and `orders`, those from simulated traffic (`props.simulated: true`) */
  simulated: { exposed: number; orders: number };
}

/** How an experiment report reads the events beyond the time range. */
export interface ReportScope {
  /** the experiment stopped here: exposures and purchases after it are not attributed (from the config history) */
  until?: number;
  /** leave out visitors whose exposure, and purchases, came from simulated traffic */
  excludeSimulated?: boolean;
  /** IANA time zone the days of `conversionOverTime` are cut in (default UTC) */
  timeZone?: string;
}

/** Visitors first exposed in each period between config changes (see `ReportQueries.exposurePeriods`). */
export interface ExposurePeriodRow {
  variant: string;
  period: number;
  visitors: number;
}

export interface ConversionPoint {
  variant: string;
  /** the visitors' exposure day (ISO date in the report's time zone) */
  day: string;
  exposed: number;
  converted: number;
}

export interface VitalsRow {
  variant: string;
  /** web_vitals events received */
  samples: number;
  /** page views they stand for: each sample weighs 1 / its props.sample_rate (1 when absent or not in (0, 1]) */
  pageViews: number;
  /** the sampling rate when every sample carries the same one (1 when none was sampled), else null */
  sampleRate: number | null;
  lcp: number | null;
  inp: number | null;
  cls: number | null;
}

export interface WidgetRow {
  widget: string;
  /** the widget's type as stored with its events (e.g. coupon-popup); null when none was recorded */
  type: string | null;
  shows: number;
  claims: number;
  shares: number;
  dismissals: number;
}

export interface DisplayedClaim {
  widget: string;
  /** The figures shown (the view_promotion props without promotion ids and asOf), as JSON. */
  claim: string;
  shows: number;
  /** Oldest and newest time those figures were read (their asOf), when the banner sent one. */
  asOf?: { first: string; last: string };
}

export interface ReferralRow {
  code: string;
  landings: number;
  firstPurchases: number;
}

/** `nudge_error` events grouped by what went wrong (one row per code/source/event/path/widget/kind). */
export interface ErrorGroup {
  /** invalid_props, invalid_config, invalid_name, ... (null when the sender gave none) */
  code: string | null;
  /** where in the browser it happened: widget, mounting, product, spa, ... */
  source: string | null;
  /** the event a bad-props or bad-name error is about, e.g. purchase */
  event: string | null;
  /** the bad field, e.g. transaction_id (inside the event's props) or widgets.0.props.amount (config) */
  path: string | null;
  /** config widget id */
  widget: string | null;
  /** that widget's type as stored with its events (e.g. stock-banner); null when none was recorded */
  widgetType: string | null;
  /**
   * the kind of error: its code when the sender named one (e.g. no_add_to_cart), else its message with URLs, quoted
   * values and tokens holding digits replaced (`<url>`, `"…"`, `#`), so one widget's different failures are apart
   * and one failure on many pages or ids is one row; null when the event had neither
   */
  kind: string | null;
  count: number;
  /** what `count` counts: sessions for a report sent once per browser session (errorCounts), else page views */
  counts: ErrorCounts;
  /** distinct anonymous ids */
  visitors: number;
  /** distinct page paths it happened on */
  pages: number;
  firstSeen: number;
  lastSeen: number;
  /** the most recent message of the group */
  example: { message: string | null };
}

export interface ErrorReport {
  /** the largest groups, most frequent first */
  groups: ErrorGroup[];
  /** every nudge_error in the range */
  total: number;
  /** how many groups there are in all (more than groups.length when the list was cut) */
  totalGroups: number;
}
