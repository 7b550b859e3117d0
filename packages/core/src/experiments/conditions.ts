// Audience conditions: a small declarative language evaluated against what we know about the visit. Pure.
import type { Condition, Range, SegmentName } from '../config/schema.js';

/** What a condition can look at; every field optional so a missing fact simply fails to match. */
export interface AudienceContext {
  segments?: readonly SegmentName[];
  /** True once the visitor has had a previous visit. */
  returning?: boolean;
  visits?: number;
  device?: 'mobile' | 'desktop';
  path?: string;
  utm?: { source?: string; medium?: string; campaign?: string };
  referrerHost?: string;
  locale?: string;
  cartValue?: number;
  hasReferral?: boolean;
}

const list = <T>(v: T | readonly T[]): readonly T[] => (Array.isArray(v) ? v : [v as T]);
const inRange = (n: number | undefined, r: Range) =>
  n !== undefined && (r.gte === undefined || n >= r.gte) && (r.lte === undefined || n <= r.lte);
const same = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();

/** Glob over a URL path: `*` matches within one segment, `**` across segments; anchored at both ends. */
export function pathMatches(pattern: string, path: string): boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      const deep = pattern[i + 1] === '*';
      source += deep ? '.*' : '[^/]*';
      if (deep) i++;
    } else source += /[\\^$.|?+()[\]{}]/.test(c) ? `\\${c}` : c;
  }
  return new RegExp(`^${source}$`).test(path);
}

/** `google.com` matches google.com and www.google.com, not notgoogle.com. */
const hostMatches = (pattern: string, host: string | undefined) => {
  if (!host) return false;
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  return h === p || h.endsWith(`.${p}`);
};

/** `zh` matches zh, zh-CN and zh-TW; `zh-CN` matches only zh-CN (case-insensitive). */
const localeMatches = (pattern: string, locale: string | undefined) => {
  if (!locale) return false;
  const p = pattern.toLowerCase();
  const l = locale.toLowerCase();
  return l === p || l.startsWith(`${p}-`);
};

/** True when every key of the condition holds (an empty condition matches everyone). */
export function evaluate(condition: Condition | undefined, ctx: AudienceContext): boolean {
  if (!condition) return true;
  const c = condition;
  if (c.all && !c.all.every((x) => evaluate(x, ctx))) return false;
  if (c.any && !c.any.some((x) => evaluate(x, ctx))) return false;
  if (c.not && evaluate(c.not, ctx)) return false;
  if (c.segment !== undefined && !list(c.segment).some((s) => ctx.segments?.includes(s))) return false;
  if (c.visitor !== undefined && (ctx.returning === undefined || (c.visitor === 'returning') !== ctx.returning)) return false;
  if (c.visits && !inRange(ctx.visits, c.visits)) return false;
  if (c.device !== undefined && c.device !== ctx.device) return false;
  if (c.path !== undefined && (ctx.path === undefined || !list(c.path).some((p) => pathMatches(p, ctx.path!)))) return false;
  if (c.utmSource !== undefined && !list(c.utmSource).some((v) => same(ctx.utm?.source, v))) return false;
  if (c.utmMedium !== undefined && !list(c.utmMedium).some((v) => same(ctx.utm?.medium, v))) return false;
  if (c.utmCampaign !== undefined && !list(c.utmCampaign).some((v) => same(ctx.utm?.campaign, v))) return false;
  if (c.referrerHost !== undefined && !list(c.referrerHost).some((h) => hostMatches(h, ctx.referrerHost))) return false;
  if (c.locale !== undefined && !list(c.locale).some((l) => localeMatches(l, ctx.locale))) return false;
  if (c.cartValue && !inRange(ctx.cartValue, c.cartValue)) return false;
  if (c.hasReferral !== undefined && c.hasReferral !== (ctx.hasReferral ?? false)) return false;
  return true;
}
