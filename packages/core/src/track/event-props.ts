// Known events and their GA4 parameters as one compact table: the browser checks it directly (zod would cost more
// than the whole tracker budget) and schema.ts builds the server's zod schemas from the same table.

/**
 * `event=field:code,...;...`; codes: s string, n finite number, c ISO 4217 currency, i GA4 items[]; a trailing ? marks
 * a field optional. Optional descriptive strings (item_name, coupon, promotion_id, method...) are not listed, so not
 * checked: GA4 takes numbers there as well (numeric SKUs and order ids are common), and refusing such an event would
 * lose a real purchase over a type nit. They are typed in KnownEventProps for TypeScript users.
 */
const C = 'currency:c?,value:n?,items:i';
const TABLE =
  `item=price:n?,quantity:n?,discount:n?;page_view=;view_item=${C};add_to_cart=${C};remove_from_cart=${C};` +
  `begin_checkout=${C};purchase=transaction_id:s,currency:c,value:n,tax:n?,shipping:n?,items:i;` +
  `view_promotion=items:i?;select_promotion=items:i?;share=;generate_lead=currency:c?,value:n?;sign_up=;` +
  `experiment_exposure=experiment:s,variant:s;web_vitals=lcp:n?,inp:n?,cls:n?,fcp:n?,ttfb:n?,sample_rate:n?;nudge_dismiss=promotion_id:s;` +
  `nudge_error=message:s`;

let parsed: Record<string, Record<string, string>> | undefined;
/** The table as `{ event: { field: code } }` (`item` holds the fields of one GA4 item). */
export const eventFields = (): Record<string, Record<string, string>> => {
  if (!parsed) {
    parsed = {};
    for (const row of TABLE.split(';')) {
      const [name, fields] = row.split('=') as [string, string];
      const spec: Record<string, string> = (parsed[name] = {});
      for (const f of fields.split(',')) {
        const [k, code] = f.split(':') as [string, string];
        if (k) spec[k] = code;
      }
    }
  }
  return parsed;
};

export interface Item {
  item_id?: string | number;
  item_name?: string;
  price?: number;
  quantity?: number;
  discount?: number;
  coupon?: string;
  item_brand?: string;
  item_category?: string;
  item_variant?: string;
  [param: string]: unknown;
}
interface Commerce {
  currency?: string;
  value?: number;
  items: Item[];
}
interface Promotion {
  promotion_id?: string;
  promotion_name?: string;
  creative_name?: string;
  creative_slot?: string;
  items?: Item[];
}
/** Props of each known event (the table above, typed); custom parameters beyond these are allowed. */
export interface KnownEventProps {
  page_view: { page_title?: string; page_location?: string; page_referrer?: string };
  view_item: Commerce;
  add_to_cart: Commerce;
  remove_from_cart: Commerce;
  begin_checkout: Commerce & { coupon?: string };
  purchase: {
    transaction_id: string;
    currency: string;
    value: number;
    tax?: number;
    shipping?: number;
    coupon?: string;
    items: Item[];
  };
  view_promotion: Promotion;
  select_promotion: Promotion;
  share: { method?: string; content_type?: string; item_id?: string };
  generate_lead: { currency?: string; value?: number; lead_source?: string };
  sign_up: { method?: string };
  experiment_exposure: { experiment: string; variant: string; widget?: string };
  /** `sample_rate`: the share of page views that report (config `tracking.webVitals`); weight counts by 1/rate. */
  web_vitals: { lcp?: number; inp?: number; cls?: number; fcp?: number; ttfb?: number; sample_rate?: number };
  /** Like every widget event, the widget is `promotion_id` (its config id) and `creative_slot` (its type). */
  nudge_dismiss: { promotion_id: string; creative_slot?: string; reason?: string };
  nudge_error: { message: string; event?: string; path?: string; code?: string };
}
export type KnownEvent = keyof KnownEventProps;
export type EventProps<N extends KnownEvent> = KnownEventProps[N] & Record<string, unknown>;

export interface PropsIssue {
  /** Dotted path of the bad field, e.g. `items.0.price`. */
  path: string;
  message: string;
}

const TYPES = { s: 'string', n: 'finite number', c: 'ISO 4217 code', i: 'array' };

function check(spec: Record<string, string>, v: unknown, at: string): PropsIssue | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return { path: at, message: 'expected object' };
  for (const k of Object.keys(spec)) {
    const x = (v as Record<string, unknown>)[k];
    const t = spec[k]![0] as keyof typeof TYPES;
    const optional = spec[k]![1];
    const path = at ? `${at}.${k}` : k;
    if (
      x === undefined
        ? !optional
        : !(t === 's'
            ? typeof x === 'string' && x.length <= 500
            : t === 'n'
              ? Number.isFinite(x)
              : t === 'c'
                ? typeof x === 'string' && /^[A-Z]{3}$/.test(x)
                : Array.isArray(x))
    )
      return { path, message: x === undefined ? 'required' : 'expected ' + TYPES[t] };
    if (t === 'i' && x)
      for (const [i, item] of (x as unknown[]).entries()) {
        const bad = check(eventFields().item!, item, `${path}.${i}`);
        if (bad) return bad;
      }
  }
  return undefined;
}

/**
 * The first problem with an event's props, undefined when valid: props must be a JSON object, and a known event's
 * fields must match the table.
 */
export function checkEventProps(name: string, props: unknown): PropsIssue | undefined {
  // Own keys only: `constructor` or `toString` must not find Object.prototype's members.
  return check((name !== 'item' && Object.hasOwn(eventFields(), name) && eventFields()[name]) || {}, props ?? {}, '');
}
