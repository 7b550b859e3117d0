// RFM segments (new / active / dormant / high_value) from identify() traits or purchases seen in this browser. Pure.
import type { SegmentName, SegmentSettings } from '../config/schema.js';

export interface PurchaseHistory {
  orders: number;
  spent: number;
  /** ISO instant or epoch ms of the latest order. */
  lastOrderAt?: string | number;
}

const DAY = 86_400_000;

/** A finite number from a number or numeric string (traits often arrive as strings), else undefined. */
const num = (v: unknown) =>
  (typeof v === 'number' || (typeof v === 'string' && v.trim())) && Number.isFinite(+(v as string))
    ? +(v as string)
    : undefined;

/** History from identify() traits (`orders_count`, `total_spent`, `last_order_at`), or undefined if they say nothing. */
export function historyFromTraits(traits: Record<string, unknown> | undefined): PurchaseHistory | undefined {
  const orders = num(traits?.orders_count);
  const last = traits?.last_order_at;
  return orders === undefined
    ? undefined
    : {
        orders,
        spent: num(traits?.total_spent) ?? 0,
        lastOrderAt: typeof last === 'string' || typeof last === 'number' ? last : undefined,
      };
}

/**
 * new: no purchase yet. active: purchased within activeWithinDays (30). dormant: no purchase for dormantAfterDays
 * (90). Between the two windows a buyer is neither (lapsing). high_value: orders >= minOrders (3) and
 * spent >= minSpent (500).
 */
export function computeSegments(
  history: PurchaseHistory | undefined,
  now: number,
  settings: SegmentSettings = {},
): SegmentName[] {
  const { activeWithinDays = 30, dormantAfterDays = 90, highValue: { minOrders = 3, minSpent = 500 } = {} } = settings;
  if (!history || history.orders <= 0) return ['new'];
  const out: SegmentName[] = [];
  const days =
    (now - (typeof history.lastOrderAt === 'string' ? Date.parse(history.lastOrderAt) : (history.lastOrderAt ?? NaN))) /
    DAY;
  if (days <= activeWithinDays) out.push('active');
  else if (days >= dormantAfterDays) out.push('dormant');
  if (history.orders >= minOrders && history.spent >= minSpent) out.push('high_value');
  return out;
}
