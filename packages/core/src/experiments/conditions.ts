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

/** Glob over a URL path: `*` matches within one segment, `**` across segments; anchored at both ends. */
export function pathMatches(pattern: string, path: string): boolean {
  const literal = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(
    `^${pattern
      .split('**')
      .map((part) => part.split('*').map(literal).join('[^/]*'))
      .join('.*')}$`,
  ).test(path);
}

type Rule = (value: never, ctx: AudienceContext) => boolean;

/** A rule over one text fact: true when the fact is known and matches any of the given patterns (case-insensitive). */
const text =
  (
    fact: (ctx: AudienceContext) => string | undefined,
    test: (pattern: string, value: string) => boolean = (p, v) => p === v,
  ): Rule =>
  (patterns: string | string[], ctx) => {
    const v = fact(ctx)?.toLowerCase();
    return v !== undefined && list(patterns).some((p) => test(p.toLowerCase(), v));
  };

/** One rule per condition key. */
const rules: Record<string, Rule> = {
  all: (cs: Condition[], ctx) => cs.every((c) => evaluate(c, ctx)),
  any: (cs: Condition[], ctx) => cs.some((c) => evaluate(c, ctx)),
  not: (c: Condition, ctx) => !evaluate(c, ctx),
  segment: (s: SegmentName | SegmentName[], ctx) => list(s).some((x) => ctx.segments?.includes(x) ?? false),
  visitor: (v: 'new' | 'returning', ctx) => ctx.returning !== undefined && (v === 'returning') === ctx.returning,
  visits: (r: Range, ctx) => inRange(ctx.visits, r),
  device: (d: string, ctx) => d === ctx.device,
  // Paths are matched as written (URL paths are case-sensitive).
  path: (p: string | string[], ctx) => ctx.path !== undefined && list(p).some((x) => pathMatches(x, ctx.path!)),
  utmSource: text((c) => c.utm?.source),
  utmMedium: text((c) => c.utm?.medium),
  utmCampaign: text((c) => c.utm?.campaign),
  // `google.com` matches google.com and www.google.com, not notgoogle.com.
  referrerHost: text(
    (c) => c.referrerHost,
    (p, h) => h === p || h.endsWith(`.${p}`),
  ),
  // `zh` matches zh, zh-CN and zh-TW; `zh-CN` matches only zh-CN.
  locale: text(
    (c) => c.locale,
    (p, l) => l === p || l.startsWith(`${p}-`),
  ),
  cartValue: (r: Range, ctx) => inRange(ctx.cartValue, r),
  hasReferral: (b: boolean, ctx) => b === (ctx.hasReferral ?? false),
};

/** True when every key of the condition holds (an empty condition matches everyone; an unknown key never does). */
export function evaluate(condition: Condition | undefined, ctx: AudienceContext): boolean {
  // Own keys only: a host page may have added an enumerable property to Object.prototype.
  for (const key of Object.keys(condition ?? {})) {
    const value = condition![key as keyof Condition];
    if (value !== undefined && !rules[key]?.(value as never, ctx)) return false;
  }
  return true;
}
