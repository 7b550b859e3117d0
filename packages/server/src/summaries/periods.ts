// The last complete day and ISO week (Monday to Sunday) before a moment, as instants, in a time zone.

const DAY = 86_400_000;

/** The zone's offset from UTC at `ms` (ms to add to UTC to get the local wall time). */
function offset(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(ms);
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return (
    Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(ms / 1000) * 1000
  );
}

/** The local calendar date at `ms` as a UTC-midnight number (so days can be counted with plain arithmetic). */
const localDate = (ms: number, tz: string) => Math.floor((ms + offset(ms, tz)) / DAY) * DAY;

/** The instant local midnight of `date` (a UTC-midnight number) begins in `tz`; twice corrected for a DST change. */
function midnight(date: number, tz: string): number {
  let t = date - offset(date, tz);
  t = date - offset(t, tz);
  return t;
}

export interface Period {
  from: number;
  /** the last millisecond of the period */
  to: number;
  /** the first local date, YYYY-MM-DD */
  label: string;
}

/** The day before the local day `now` falls in. */
export function lastDay(now: number, timeZone: string): Period {
  const today = localDate(now, timeZone);
  const from = midnight(today - DAY, timeZone);
  return { from, to: midnight(today, timeZone) - 1, label: new Date(today - DAY).toISOString().slice(0, 10) };
}

/** The Monday-to-Sunday week before the local week `now` falls in. */
export function lastWeek(now: number, timeZone: string): Period {
  const today = localDate(now, timeZone);
  const monday = today - ((new Date(today).getUTCDay() + 6) % 7) * DAY;
  return {
    from: midnight(monday - 7 * DAY, timeZone),
    to: midnight(monday, timeZone) - 1,
    label: new Date(monday - 7 * DAY).toISOString().slice(0, 10),
  };
}
