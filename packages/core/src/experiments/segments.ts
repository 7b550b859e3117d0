// RFM segments (new / active / dormant / high_value) from identify() traits or purchases seen in this browser. Pure.
import type { SegmentName, SegmentSettings } from '../config/schema.js';

export interface PurchaseHistory {
  orders: number;
  spent: number;
  /** ISO instant or epoch ms of the latest order. */
  lastOrderAt?: string | number;
}

const DAY = 86_400_000;
export const segmentDefaults = { activeWithinDays: 30, dormantAfterDays: 90, highValue: { minOrders: 3, minSpent: 500 } };

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined);

/** History from identify() traits (`orders_count`, `total_spent`, `last_order_at`), or undefined if they say nothing. */
export function historyFromTraits(traits: Record<string, unknown> | undefined): PurchaseHistory | undefined {
  const orders = num(traits?.orders_count);
  if (orders === undefined) return undefined;
  const last = traits?.last_order_at;
  return {
    orders,
    spent: num(traits?.total_spent) ?? 0,
    lastOrderAt: typeof last === 'string' || typeof last === 'number' ? last : undefined,
  };
}

/**
 * new: no purchase yet. active: purchased within activeWithinDays. dormant: no purchase for dormantAfterDays.
 * Between the two windows a buyer is neither (lapsing). high_value: orders >= minOrders and spent >= minSpent.
 */
export function computeSegments(history: PurchaseHistory | undefined, now: number, settings: SegmentSettings = {}): SegmentName[] {
  const active = settings.activeWithinDays ?? segmentDefaults.activeWithinDays;
  const dormant = settings.dormantAfterDays ?? segmentDefaults.dormantAfterDays;
  const minOrders = settings.highValue?.minOrders ?? segmentDefaults.highValue.minOrders;
  const minSpent = settings.highValue?.minSpent ?? segmentDefaults.highValue.minSpent;
  if (!history || history.orders <= 0) return ['new'];
  const out: SegmentName[] = [];
  const last = history.lastOrderAt === undefined ? NaN : typeof history.lastOrderAt === 'number' ? history.lastOrderAt : Date.parse(history.lastOrderAt);
  if (Number.isFinite(last)) {
    const days = (now - last) / DAY;
    if (days <= active) out.push('active');
    else if (days >= dormant) out.push('dormant');
  }
  if (history.orders >= minOrders && history.spent >= minSpent) out.push('high_value');
  return out;
}
