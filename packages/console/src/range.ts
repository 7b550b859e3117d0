// The report period as the browser's calendar days: From's first instant to To's last, in the local time zone.

/** YYYY-MM-DD of `d` in the local time zone (toISOString would give the UTC date). */
export function localDay(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** ISO instants for local midnight at the start of `from` and the last millisecond of `to` (DST-safe). */
export function dayRange(from: string, to: string): { from: string; to: string } {
  const start = (day: string) => {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    return new Date(y, m - 1, d);
  };
  const end = start(to);
  end.setDate(end.getDate() + 1);
  return { from: start(from).toISOString(), to: new Date(end.getTime() - 1).toISOString() };
}

/** The browser's time zone, which the chosen days are in. */
export const browserTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
