import { afterEach, expect, it } from 'vitest';
import { browserTimeZone, dayRange, defaultRange, localDay, reportZone } from './range.js';

// Runs in Node (unit project), which re-reads TZ when it is assigned; the console's tsconfig has no Node types.
const env = (globalThis as unknown as { process: { env: Record<string, string | undefined> } }).process.env;
const tz = env.TZ;
afterEach(() => {
  if (tz === undefined) delete env.TZ;
  else env.TZ = tz;
});

it('sends the local day boundaries: From = To = 2026-11-21 in Los Angeles is 08:00Z to 07:59:59.999Z next day', () => {
  env.TZ = 'America/Los_Angeles';
  expect(dayRange('2026-11-21', '2026-11-21')).toEqual({
    from: '2026-11-21T08:00:00.000Z',
    to: '2026-11-22T07:59:59.999Z',
  });
  // across the end of daylight saving time (1 November 2026): the day has 25 hours
  expect(dayRange('2026-11-01', '2026-11-01')).toEqual({
    from: '2026-11-01T07:00:00.000Z',
    to: '2026-11-02T07:59:59.999Z',
  });
});

it('names today by the local calendar, not the UTC one', () => {
  env.TZ = 'America/Los_Angeles';
  expect(localDay(new Date('2026-11-22T03:00:00Z'))).toBe('2026-11-21');
  env.TZ = 'Asia/Shanghai';
  expect(localDay(new Date('2026-11-21T20:00:00Z'))).toBe('2026-11-22');
  expect(dayRange('2026-11-22', '2026-11-22').from).toBe('2026-11-21T16:00:00.000Z');
});

it("counts days in the site's time zone when it has one, whatever the browser's", () => {
  env.TZ = 'America/Los_Angeles';
  expect(dayRange('2026-11-22', '2026-11-22', 'Asia/Shanghai')).toEqual({
    from: '2026-11-21T16:00:00.000Z',
    to: '2026-11-22T15:59:59.999Z',
  });
  // London leaves summer time on 25 October 2026: that day has 25 hours
  expect(dayRange('2026-10-25', '2026-10-25', 'Europe/London')).toEqual({
    from: '2026-10-24T23:00:00.000Z',
    to: '2026-10-25T23:59:59.999Z',
  });
  // and New York enters it on 8 March 2026: 23 hours
  expect(dayRange('2026-03-08', '2026-03-08', 'America/New_York')).toEqual({
    from: '2026-03-08T05:00:00.000Z',
    to: '2026-03-09T03:59:59.999Z',
  });
  expect(localDay(new Date('2026-11-21T20:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-22');
  expect(defaultRange('Asia/Shanghai', Date.parse('2026-11-21T20:00:00Z'))).toEqual({
    from: '2026-10-23',
    to: '2026-11-22',
  });
  expect(defaultRange(undefined, Date.parse('2026-11-21T20:00:00Z')).to).toBe('2026-11-21');
});

it("reports in the site's zone when its config names one, else the browser's", () => {
  expect(reportZone({ timeZone: 'Asia/Shanghai' })).toBe('Asia/Shanghai');
  expect(reportZone({})).toBe(browserTimeZone());
  expect(reportZone(null)).toBe(browserTimeZone());
});
