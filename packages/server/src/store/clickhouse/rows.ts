// Events as ClickHouse rows: the EventRow columns plus the props fields reports read, taken out of the JSON at insert.
import type { EventRow } from '../records.js';

/**
 * What metrics and the dashboard read (added to older tables by the migration): every props path a metric may name
 * (`a`, `a.b`, up to four names) with its text and number, each purchase item's fields, and the visitor's context.
 */
export const METRIC_COLUMNS: readonly (readonly [string, string])[] = [
  ['prop_keys', 'Array(String)'],
  ['prop_texts', 'Array(String)'],
  ['prop_nums', 'Array(Nullable(Float64))'],
  ['item_ids', 'Array(Nullable(String))'],
  ['item_names', 'Array(Nullable(String))'],
  ['item_prices', 'Array(Nullable(Float64))'],
  ['item_qtys', 'Array(Nullable(Float64))'],
  ['item_discounts', 'Array(Nullable(Float64))'],
  ['item_margins', 'Array(Nullable(Float64))'],
  ['c_screen_w', 'Nullable(Int64)'],
  ['c_utm_source', 'Nullable(String)'],
  ['c_utm_medium', 'Nullable(String)'],
  ['c_locale', 'Nullable(String)'],
  // 1 on rows written with the columns above filled; rows stored before read 0, which the backfill looks for
  ['filled', 'UInt8'],
];

/**
 * 18.16 has no JSON functions beyond visitParam* (no JSONExtract, no JSON type), so the props fields the reports read
 * are columns filled here, with the DuckDB backend's reading of them: a field's text as json_extract_string gives it
 * (strings as they are, other values as JSON), numbers as TRY_CAST(... AS DOUBLE) reads that text.
 */
export const EVENT_COLUMNS = `
  id String, id_ms Int64, site String, name String, ts Int64, received_at Int64,
  anonymous_id Nullable(String), user_id Nullable(String), session_id Nullable(String), seq Nullable(Int32),
  url Nullable(String), path Nullable(String), referrer Nullable(String),
  experiments String, forced String, props String, context String, source String,
  exp_key Nullable(String), exp_variant Nullable(String), exp_forced UInt8, value Nullable(Float64),
  transaction_id Nullable(String), ref_code Nullable(String), widget Nullable(String), widget_type Nullable(String),
  exp_keys Array(String), exp_values Array(String), forced_keys Array(String), simulated UInt8, invalid_props UInt8,
  p_code Nullable(String), p_source Nullable(String), p_event Nullable(String), p_path Nullable(String),
  p_widget_id Nullable(String), p_message Nullable(String), p_update Nullable(String), p_as_of Nullable(String),
  share_code Nullable(String), claim Nullable(String),
  lcp Nullable(Float64), inp Nullable(Float64), cls Nullable(Float64), sample_rate Nullable(Float64),
  ${METRIC_COLUMNS.map(([name, type]) => `${name} ${type}`).join(', ')}`;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A field as json_extract_string reads it: null when absent or JSON null, strings as they are, the rest as JSON. */
export function jsonText(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Text as TRY_CAST(... AS DOUBLE) reads it: a number, or null. */
export function toDouble(text: string | null): number | null {
  if (text === null || !/^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/** `props.simulated` as DuckDB's boolean cast reads it (true, 't', 'yes', 'y', '1'; any case; no padding). */
function isSimulated(props: Json): boolean {
  const t = jsonText(props.simulated)?.toLowerCase();
  return t === 'true' || t === 't' || t === 'yes' || t === 'y' || t === '1';
}

const metric = (props: Json, k: string): number | null => {
  const m = isObject(props.metrics) ? props.metrics : {};
  return toDouble(
    jsonText(props[k]) ?? jsonText(props[k.toUpperCase()]) ?? jsonText(m[k]) ?? jsonText(m[k.toUpperCase()]),
  );
};

/** The figures a stock banner showed: its view_promotion props without the promotion fields and asOf. */
function claim(r: EventRow): string | null {
  if (r.name !== 'view_promotion' || r.widget === null || jsonText(r.props.creative_slot) !== 'stock-banner')
    return null;
  const rest: Json = {};
  for (const [k, v] of Object.entries(r.props))
    if (!['promotion_id', 'creative_slot', 'update', 'asOf'].includes(k)) rest[k] = v;
  return JSON.stringify(rest);
}

/** The code a share-like event carries: the referral card's item_id, or older senders' code / referral_code. */
function shareCode(props: Json): string | null {
  const card = jsonText(props.content_type) === 'referral' || jsonText(props.creative_slot) === 'referral-card';
  return (card ? jsonText(props.item_id) : null) ?? jsonText(props.code) ?? jsonText(props.referral_code);
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * The props paths a metric can name, as json_extract_string(props, '$.a.b') reads them: nested objects followed up to
 * four names deep, null values left out (they read as absent). Keys a path cannot spell are skipped.
 */
export function propPaths(props: Json): { keys: string[]; texts: string[]; nums: (number | null)[] } {
  const out = { keys: [] as string[], texts: [] as string[], nums: [] as (number | null)[] };
  const walk = (o: Json, prefix: string, depth: number) => {
    for (const [k, v] of Object.entries(o)) {
      if (!NAME.test(k) || v === null || v === undefined) continue;
      const path = prefix + k;
      const text = jsonText(v)!;
      out.keys.push(path);
      out.texts.push(text);
      out.nums.push(toDouble(text));
      if (isObject(v) && depth < 4) walk(v, `${path}.`, depth + 1);
    }
  };
  walk(props, '', 1);
  return out;
}

/** A purchase's items as the DuckDB reports read them (from_json to text fields, then TRY_CAST), one array per field. */
function items(props: Json) {
  const list = Array.isArray(props.items) ? props.items : [];
  const field = (k: string) => list.map((i: unknown) => (isObject(i) ? jsonText(i[k]) : null));
  const number = (k: string) => field(k).map(toDouble);
  return {
    item_ids: field('item_id'),
    item_names: field('item_name'),
    item_prices: number('price'),
    item_qtys: number('quantity'),
    item_discounts: number('discount'),
    item_margins: number('margin'),
  };
}

/** TRY_CAST(text AS INTEGER): a number rounded half away from zero, in the 32-bit range, else null. */
function screenWidth(text: string | undefined): number | null {
  const n = toDouble(text ?? null);
  if (n === null) return null;
  const w = Math.sign(n) * Math.round(Math.abs(n));
  return w >= -(2 ** 31) && w < 2 ** 31 ? w : null;
}

/** The context fields the breakdowns read: the screen's width (TRY_CAST of what precedes the x), utm, locale. */
function contextFields(ctx: Json) {
  const width = jsonText(ctx.screen)?.split('x')[0];
  const utm = isObject(ctx.utm) ? ctx.utm : {};
  return {
    c_screen_w: screenWidth(width),
    c_utm_source: jsonText(utm.source),
    c_utm_medium: jsonText(utm.medium),
    c_locale: jsonText(ctx.locale),
  };
}

/** The METRIC_COLUMNS of a row, computed from its props and context (at insert, and by the backfill for older rows). */
export function metricFields(props: Json, context: unknown): Json {
  const { keys, texts, nums } = propPaths(props);
  return {
    prop_keys: keys,
    prop_texts: texts,
    prop_nums: nums,
    ...items(props),
    ...contextFields(isObject(context) ? context : {}),
    filled: 1,
  };
}

/** One row for JSONEachRow (values as data in the body, never inlined into SQL). */
export function toInsertRow(r: EventRow): Json {
  const p = r.props;
  const exp = Object.entries(r.experiments);
  return {
    id: r.id,
    id_ms: Math.round(r.idMs),
    site: r.site,
    name: r.name,
    ts: Math.round(r.ts),
    received_at: Math.round(r.receivedAt),
    anonymous_id: r.anonymousId,
    user_id: r.userId,
    session_id: r.sessionId,
    seq: r.seq,
    url: r.url,
    path: r.path,
    referrer: r.referrer,
    experiments: JSON.stringify(r.experiments),
    forced: JSON.stringify(r.forced),
    props: JSON.stringify(p),
    context: JSON.stringify(r.context),
    source: r.source,
    exp_key: r.expKey,
    exp_variant: r.expVariant,
    exp_forced: r.expForced ? 1 : 0,
    value: r.value,
    transaction_id: r.transactionId,
    ref_code: r.refCode,
    widget: r.widget,
    widget_type: r.widgetType,
    exp_keys: exp.map(([k]) => k),
    exp_values: exp.map(([, v]) => String(v)),
    forced_keys: r.forced.map(String),
    simulated: isSimulated(p) ? 1 : 0,
    invalid_props: r.name === 'nudge_error' && jsonText(p.code) === 'invalid_props' && 'original_props' in p ? 1 : 0,
    p_code: jsonText(p.code),
    p_source: jsonText(p.source),
    p_event: jsonText(p.event),
    p_path: jsonText(p.path),
    p_widget_id: jsonText(p.widget_id),
    p_message: jsonText(p.message),
    p_update: jsonText(p.update),
    p_as_of: jsonText(p.asOf),
    share_code: shareCode(p),
    claim: claim(r),
    lcp: metric(p, 'lcp'),
    inp: metric(p, 'inp'),
    cls: metric(p, 'cls'),
    sample_rate: toDouble(jsonText(p.sample_rate)),
    ...metricFields(p, r.context),
  };
}

const parsed = <T>(v: unknown, fallback: T): T => {
  if (typeof v !== 'string') return fallback;
  try {
    return JSON.parse(v) as T;
  } catch {
    return fallback;
  }
};
const s = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const n = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** The columns tail() reads back. */
export const ROW_COLUMNS =
  'id, id_ms, site, name, ts, received_at, anonymous_id, user_id, session_id, seq, url, path, referrer, experiments, forced, props, context, source, exp_key, exp_variant, exp_forced, value, transaction_id, ref_code, widget, widget_type';

/** A stored row (JSON output: 64-bit integers arrive as text) back as an EventRow. */
export function fromStored(r: Json): EventRow {
  return {
    id: String(r.id),
    idMs: Number(r.id_ms),
    site: String(r.site),
    name: String(r.name),
    ts: Number(r.ts),
    receivedAt: Number(r.received_at),
    anonymousId: s(r.anonymous_id),
    userId: s(r.user_id),
    sessionId: s(r.session_id),
    seq: n(r.seq),
    url: s(r.url),
    path: s(r.path),
    referrer: s(r.referrer),
    experiments: parsed(r.experiments, {}),
    forced: parsed(r.forced, []),
    props: parsed(r.props, {}),
    context: parsed(r.context, {}),
    source: r.source === 'segment' ? 'segment' : 'web',
    expKey: s(r.exp_key),
    expVariant: s(r.exp_variant),
    expForced: Number(r.exp_forced) === 1,
    value: n(r.value),
    transactionId: s(r.transaction_id),
    refCode: s(r.ref_code),
    widget: s(r.widget),
    widgetType: s(r.widget_type),
  };
}
