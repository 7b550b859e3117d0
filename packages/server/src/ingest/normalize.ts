// Flattens a validated event envelope into the stored row: the columns reports filter and join on.
import type { EventRow } from '../store/store.js';

/** The fields of the tracker's envelope the server reads (validated beforehand by the core's schema). */
export interface Envelope {
  id: string;
  name: string;
  ts: number | string;
  anonymousId?: string | null;
  userId?: string | null;
  sessionId?: string | null;
  seq?: number | null;
  page?: { url?: string; path?: string; referrer?: string; title?: string } | null;
  context?: Record<string, unknown> | null;
  props?: Record<string, unknown> | null;
}

const asString = (v: unknown): string | null =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;
const asNumber = (v: unknown): number | null => {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
};
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function toMillis(ts: number | string, fallback: number): number {
  if (typeof ts === 'number' && Number.isFinite(ts)) return ts;
  const t = typeof ts === 'string' ? Date.parse(ts) : NaN;
  return Number.isFinite(t) ? t : fallback;
}

/** The referral code a visitor arrived with: `context.referral` may be the code or `{ code }`. */
function referralCode(context: Record<string, unknown>): string | null {
  const r = context.referral;
  if (typeof r === 'string') return r || null;
  if (isRecord(r)) return asString(r.code) ?? asString(r.ref);
  return null;
}

const UUIDV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7/i;

/** The ms timestamp inside a UUIDv7 (its first 48 bits), so every copy of an event maps to the same time. */
export function idMillis(id: string, fallback: number): number {
  return UUIDV7.test(id) ? parseInt(id.slice(0, 8) + id.slice(9, 13), 16) : fallback;
}

export function toEventRow(
  site: string,
  e: Envelope,
  receivedAt: number,
  source: EventRow['source'] = 'web',
): EventRow {
  const context = isRecord(e.context) ? e.context : {};
  const props = isRecord(e.props) ? e.props : {};
  const experiments = isRecord(context.experiments) ? context.experiments : {};
  const forced = Array.isArray(context.forced) ? context.forced.filter((k): k is string => typeof k === 'string') : [];
  const page = isRecord(e.page) ? e.page : {};
  const isExposure = e.name === 'experiment_exposure';
  const expKey = isExposure
    ? (asString(props.experiment) ?? asString(props.experiment_key) ?? asString(props.key))
    : null;
  const expForced = isExposure && (props.forced === true || (expKey !== null && forced.includes(expKey)));
  return {
    id: e.id,
    idMs: idMillis(e.id, toMillis(e.ts, receivedAt)),
    site,
    name: e.name,
    ts: toMillis(e.ts, receivedAt),
    receivedAt,
    anonymousId: asString(e.anonymousId),
    userId: asString(e.userId),
    sessionId: asString(e.sessionId),
    seq: asNumber(e.seq),
    url: asString(page.url),
    path: asString(page.path),
    referrer: asString(page.referrer),
    experiments: experiments as Record<string, string>,
    forced,
    props,
    context,
    source,
    expKey,
    expVariant: isExposure ? (asString(props.variant) ?? asString(props.variant_key)) : null,
    expForced,
    value: e.name === 'purchase' ? asNumber(props.value) : null,
    transactionId: e.name === 'purchase' ? asString(props.transaction_id) : null,
    refCode: referralCode(context),
    widget: asString(props.promotion_id) ?? asString(props.widget) ?? asString(props.widget_id),
    widgetType: null,
  };
}
