// The report period as calendar days: From's first instant to To's last, in the site's time zone when its config
// names one (the zone its schedules run in), else in the browser's.

/** YYYY-MM-DD of `d` in `zone` (an IANA name), or in the local time zone (toISOString would give the UTC date). */
export function localDay(d: Date, zone?: string): string {
  const p = (n: number) => String(n).padStart(2, '0');
  if (zone) {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    }).formatToParts(d);
    const n = (type: string) => Number(parts.find((x) => x.type === type)?.value);
    return `${n('year')}-${p(n('month'))}-${p(n('day'))}`;
  }
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** How far `zone`'s wall clock is ahead of UTC at instant `t`, in ms. */
function offset(zone: string, t: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(t));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - (t - (t % 1000));
}

/** The first instant of calendar day `day` (YYYY-MM-DD, plus `add` days) in `zone`, or in the local time zone. */
function dayStart(day: string, add: number, zone?: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  if (!zone) return new Date(y, m - 1, d + add).getTime();
  const wall = Date.UTC(y, m - 1, d + add);
  // the offset at the guess may be the other side of a daylight-saving change: ask again at the first answer
  const first = wall - offset(zone, wall);
  return wall - offset(zone, first);
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
