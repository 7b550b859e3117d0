// Field readers shared by the product sources: tolerant of how themes write values (strings, arrays, "1.299,00").
import type { ProductContext } from '../stores.js';

export type Availability = NonNullable<ProductContext['availability']>;
export type Json = Record<string, unknown>;

export const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
export const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
export const str = (v: unknown): string | undefined => {
  v = first(v);
  if (typeof v === 'number') return String(v);
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
};

/**
 * A price or count as themes print it: a number, "19.99", "1,299.00", "1.299,00", "12,50" or "$19.99". With both
 * separators the later one is the decimal point; with one kind only, a repeated one or a comma before exactly three digits groups thousands.
 */
export const num = (v: unknown): number | undefined => {
  v = first(v);
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const m = /-?\d+(?:[.,'\u00a0\u202f]\d+)*/.exec(v);
  if (!m) return undefined;
  let s = m[0].replace(/['\u00a0\u202f]/g, '');
  const dot = s.lastIndexOf('.');
  const comma = s.lastIndexOf(',');
  if (dot > -1 && comma > -1) s = s.replace(dot > comma ? /,/g : /\./g, '').replace(',', '.');
  else if (dot > -1 || comma > -1) {
    const parts = s.split(dot > -1 ? '.' : ',');
    s = parts.length > 2 || (comma > -1 && parts[1]!.length === 3) ? parts.join('') : parts.join('.');
  }
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
};
export const count = (v: unknown): number | undefined => {
  const n = num(v);
  return n !== undefined && n >= 0 && Number.isInteger(n) ? n : undefined;
};
export const httpUrl = (v: unknown, base?: string): string | undefined => {
  const o = first(v);
  const s = str(isObj(o) ? (o.url ?? o.contentUrl ?? o['@id']) : o);
  if (!s) return undefined;
  try {
    const u = new URL(s, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
};
/** A full ISO instant; a bare date (priceValidUntil is often one) means the end of that day in UTC. */
export const isoInstant = (v: unknown): string | undefined => {
  const s = str(v);
  if (!s) return undefined;
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T23:59:59.999Z` : s);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
};

/** Maps schema.org ItemAvailability URLs/names and Open Graph's words onto ProductContext's availability. */
export function normalizeAvailability(v: unknown): Availability | undefined {
  const s = str(v)
    ?.toLowerCase()
    .replace(/^https?:\/\/schema\.org\//, '')
    .replace(/[\s_-]/g, '');
  return s
    ? (
        [
          ['in_stock', /^(instock|onlineonly|instoreonly|available(fororder)?)$/],
          ['out_of_stock', /^(outofstock|soldout|oos)$/],
          ['preorder', /^(preorder|presale|backorder)$/],
          ['limited', /^limited(availability)?$/],
          ['discontinued', /^discontinued$/],
        ] as const
      ).find(([, r]) => r.test(s))?.[0]
    : undefined;
}

/** The fields that have a value: a product never carries an undefined field. */
export const clean = <T extends object>(o: T): T => {
  for (const k in o) if (o[k] === undefined) delete o[k];
  return o;
};
export const upper = (v: unknown) => str(v)?.toUpperCase();
