// ClickHouse SQL for the groups a visitor falls in (device, source, segment) and the props a metric reads, per row.
import { segmentValues } from '../duckdb/visitor-groups.js';
import type { SegmentSettings } from '@nudge/core/spec';
import { lit } from './sql.js';

/** From the screen width stored at insert: phones are under 768 CSS px, tablets under 1024 (as the DuckDB reports). */
export const DEVICE = `multiIf(isNull(c_screen_w), 'unknown', c_screen_w < 768, 'mobile', c_screen_w < 1024, 'tablet', 'desktop')`;

const host = (text: string) => `extract(${text}, '^[a-zA-Z][a-zA-Z0-9+.-]*://([^/:?#]+)')`;

/**
 * The raw fields a source is read from, as one value (taken per visitor by argMin, so the regexes below run once per
 * visitor, not once per event): utm source, utm medium, referrer, page URL; '' for a missing one.
 */
export const SOURCE_FIELDS = `(ifNull(c_utm_source, ''), ifNull(c_utm_medium, ''), ifNull(referrer, ''), ifNull(url, ''))`;

/** `utm source / medium` when tagged, else the referrer's host when it is another site, else `direct`. */
export const sourceOf = (
  f: string,
) => `multiIf(${f}.1 != '', concat(${f}.1, if(${f}.2 != '', concat(' / ', ${f}.2), '')),
    ${host(`${f}.3`)} != '' AND ${host(`${f}.3`)} != ${host(`${f}.4`)}, ${host(`${f}.3`)}, 'direct')`;

export const LOCALE = `if(ifNull(c_locale, '') = '', 'unknown', assumeNotNull(c_locale))`;

/**
 * The core's computeSegments rule (high_value, active, dormant, lapsing, new) from a visitor's orders, money spent and
 * last order time measured before `at`.
 */
export function segmentSql(orders: string, spent: string, last: string, at: string, s: SegmentSettings = {}): string {
  const v = segmentValues(s);
  return `multiIf(${orders} = 0, 'new', ${orders} >= ${lit(v.segOrders)} AND ${spent} >= ${lit(v.segSpent)}, 'high_value',
    ${at} - ${last} <= ${lit(v.segActive)}, 'active', ${at} - ${last} >= ${lit(v.segDormant)}, 'dormant', 'lapsing')`;
}

/** A props path's text as json_extract_string gives it ('' when absent: every use treats absent and empty alike). */
export const propText = (path: string) => `prop_texts[indexOf(prop_keys, ${lit(path)})]`;
export const propHas = (path: string) => `has(prop_keys, ${lit(path)})`;
/** A props path as a number (TRY_CAST of its text), NULL when absent or not a number. */
export const propNum = (path: string) => `prop_nums[indexOf(prop_keys, ${lit(path)})]`;
