// The report period as calendar days: From's first instant to To's last, in the site's time zone when its config
// names one (the zone its schedules run in), else in the browser's.

import { localTime, zonedInstant } from '@nudge/core/spec';

/** YYYY-MM-DD of `d` in `zone` (an IANA name), or in the local time zone (toISOString would give the UTC date). */
export function localDay(d: Date, zone?: string): string {
  const p = (n: number) => String(n).padStart(2, '0');
  if (zone) {
    const l = localTime(d.getTime(), zone);
    return `${l.year}-${p(l.month)}-${p(l.day)}`;
  }
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The first instant of calendar day `day` (YYYY-MM-DD, plus `add` days) in `zone`, or in the local time zone. */
function dayStart(day: string, add: number, zone?: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  if (!zone) return new Date(y, m - 1, d + add).getTime();
  return zonedInstant(Date.UTC(y, m - 1, d + add), zone);
}

/** ISO instants for midnight at the start of `from` and the last millisecond of `to`, in `zone` or locally (DST-safe). */
export function dayRange(from: string, to: string, zone?: string): { from: string; to: string } {
  return {
    from: new Date(dayStart(from, 0, zone)).toISOString(),
    to: new Date(dayStart(to, 1, zone) - 1).toISOString(),
  };
}

/** The browser's time zone, which the chosen days are in when the site's config names none. */
export const browserTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** The zone reports and the dashboard count days in: the site's (config.timeZone) when set, else the browser's. */
export const reportZone = (config: { timeZone?: string | undefined } | null | undefined): string =>
  config?.timeZone || browserTimeZone();

/** The period a view opens with: the last 30 days up to today, today as the calendar in `zone` has it. */
export function defaultRange(zone?: string, now = Date.now()): { from: string; to: string } {
  return { from: localDay(new Date(now - 30 * 86_400_000), zone), to: localDay(new Date(now), zone) };
}
