import { afterEach, expect, it } from 'vitest';
import { dayRange, localDay } from './range.js';

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
