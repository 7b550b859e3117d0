// Schedule arithmetic: is a widget's or experiment's schedule on at an instant, and when does that next change, in
// the site's IANA time zone. Pure (time comes in as epoch ms); used by the page file, the server and the console.

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const weekdays: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** A repeating window in local time: on the listed days (every day when none is listed), from `from` until `to`. */
export interface ScheduleWindow {
  /** Days of the week. With `monthDays` too, a day must match both. */
  days?: Weekday[] | undefined;
  /** Days of the month, 1-31; -1 is the month's last day. A 31 skips months that have no 31st. */
  monthDays?: number[] | undefined;
  /** Local time "HH:MM", inclusive; default "00:00". */
  from?: string | undefined;
  /** Local time "HH:MM" (or "24:00"), exclusive; later than `from`; default "24:00". */
  to?: string | undefined;
}

export interface Schedule {
  /** ISO instant: on from here. */
  start?: string | undefined;
  /** ISO instant: off from here. */
  end?: string | undefined;
  /** Between start and end, on only inside one of these windows (in the site's time zone). */
  windows?: ScheduleWindow[] | undefined;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Throws a RangeError for a zone the runtime does not know. */
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether `timeZone` is an IANA zone this runtime knows ("UTC", "Asia/Shanghai"). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface Local {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  /** minutes since local midnight */
  minutes: number;
  /** 0 = Sunday */
  weekday: number;
  /** local wall clock as if it were UTC, ms */
  wall: number;
}

/** The wall clock in `timeZone` at instant `ms`. */
export function localTime(ms: number, timeZone: string): Local {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(ms)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const { year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second) + (((ms % 1000) + 1000) % 1000);
  return { year, month, day, minutes: hour * 60 + minute, weekday: new Date(wall).getUTCDay(), wall };
}

/**
 * The instant when the wall clock in `timeZone` shows `wall` (a local time written as UTC ms). A time skipped by a
 * DST change (02:30 on a spring-forward night) maps to the moment the clocks jump; a repeated one to its first pass.
 */
export function zonedInstant(wall: number, timeZone: string): number {
  const offsetAt = (ms: number) => localTime(ms, timeZone).wall - ms;
  const first = wall - offsetAt(wall);
  const second = wall - offsetAt(first);
  if (first === second || localTime(second, timeZone).wall === wall) return Math.min(first, second);
  if (localTime(first, timeZone).wall === wall) return first;
  // In a gap: the first instant whose wall clock has passed `wall` is when the clocks jumped.
  let lo = Math.min(first, second);
  let hi = Math.max(first, second);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (localTime(mid, timeZone).wall >= wall) hi = mid;
    else lo = mid;
  }
  return hi;
}

const hhmm = (s: string | undefined, fallback: number) => {
  if (!s) return fallback;
  const [h, m] = s.split(':').map(Number);
  return h! * 60 + m!;
};

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Whether the window covers this local day (before looking at the time of day). */
function onDay(w: ScheduleWindow, l: Pick<Local, 'year' | 'month' | 'day' | 'weekday'>): boolean {
  if (w.days?.length && !w.days.includes(weekdays[l.weekday]!)) return false;
  if (w.monthDays?.length) {
    const last = daysInMonth(l.year, l.month);
    if (!w.monthDays.some((d) => d === l.day || (d === -1 && l.day === last))) return false;
  }
  return true;
}

/** Whether the schedule is on at instant `now` (no schedule: always). */
export function isScheduled(schedule: Schedule | undefined, timeZone: string, now: number): boolean {
  if (!schedule) return true;
  if (schedule.start && now < Date.parse(schedule.start)) return false;
  if (schedule.end && now >= Date.parse(schedule.end)) return false;
  if (!schedule.windows?.length) return true;
  const l = localTime(now, timeZone);
  return schedule.windows.some((w) => onDay(w, l) && l.minutes >= hhmm(w.from, 0) && l.minutes < hhmm(w.to, 24 * 60));
}

/** Days ahead scanned for a window's next edge: a 31st can be two months away. */
const SCAN_DAYS = 62;

/**
 * Instants after `from` (exclusive) and up to `to` (inclusive) where the schedule may change state, ascending: its
 * start and end, and each window's local edges converted in the zone. Some may not change anything (two windows
 * meeting); `transitions` keeps those that do.
 */
export function edges(schedule: Schedule, timeZone: string, from: number, to: number): number[] {
  const out = new Set<number>();
  const add = (t: number) => {
    if (t > from && t <= to) out.add(t);
  };
  if (schedule.start) add(Date.parse(schedule.start));
  if (schedule.end) add(Date.parse(schedule.end));
  if (schedule.windows?.length) {
    const startDay = localTime(from, timeZone);
    const day0 = Date.UTC(startDay.year, startDay.month - 1, startDay.day);
    const days = Math.min(Math.ceil((to - from) / DAY) + 2, 3660);
    for (let i = -1; i <= days; i++) {
      const day = day0 + i * DAY;
      const d = new Date(day);
      const l = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: d.getUTCDay() };
      for (const w of schedule.windows) {
        if (!onDay(w, l)) continue;
        add(zonedInstant(day + hhmm(w.from, 0) * MINUTE, timeZone));
        add(zonedInstant(day + hhmm(w.to, 24 * 60) * MINUTE, timeZone));
      }
    }
  }
  return [...out].sort((a, b) => a - b);
}

/** Every change of state after `from` up to `to` (inclusive): when, and whether the schedule turned on or off. */
export function transitions(
  schedule: Schedule,
  timeZone: string,
  from: number,
  to: number,
): { at: number; on: boolean }[] {
  let state = isScheduled(schedule, timeZone, from);
  const out: { at: number; on: boolean }[] = [];
  for (const at of edges(schedule, timeZone, from, to)) {
    const on = isScheduled(schedule, timeZone, at);
    if (on !== state) out.push({ at, on });
    state = on;
  }
  return out;
}

/** When the schedule next changes state after `now`, looking `horizon` ms ahead (62 days); undefined if not by then. */
export function nextChange(
  schedule: Schedule | undefined,
  timeZone: string,
  now: number,
  horizon = SCAN_DAYS * DAY,
): number | undefined {
  if (!schedule) return undefined;
  return transitions(schedule, timeZone, now, now + horizon)[0]?.at;
}

/** The zone to compute in: the site's, or UTC when this runtime does not know it (an old browser's Intl). */
export const zoneOrUtc = (timeZone: string | undefined) => (timeZone && isTimeZone(timeZone) ? timeZone : 'UTC');
