// The last complete day and week in a time zone, across a daylight-saving change.
import { describe, expect, it } from 'vitest';
import { lastDay, lastWeek } from './periods.js';

describe('summary periods', () => {
  it('UTC: yesterday, and Monday to Sunday of last week', () => {
    const now = Date.UTC(2026, 10, 3, 6); // Tuesday
    expect(lastDay(now, 'UTC')).toEqual({
      from: Date.UTC(2026, 10, 2),
      to: Date.UTC(2026, 10, 3) - 1,
      label: '2026-11-02',
    });
    expect(lastWeek(now, 'UTC')).toEqual({
      from: Date.UTC(2026, 9, 26),
      to: Date.UTC(2026, 10, 2) - 1,
      label: '2026-10-26',
    });
  });

  it("a zone's own midnight, a 25-hour day when the clocks go back, and the local date near midnight", () => {
    // Paris went from +2 to +1 on Sunday 25 October 2026
    const day = lastDay(Date.UTC(2026, 9, 26, 10), 'Europe/Paris');
    expect(day).toEqual({ from: Date.UTC(2026, 9, 24, 22), to: Date.UTC(2026, 9, 25, 23) - 1, label: '2026-10-25' });
    expect(day.to + 1 - day.from).toBe(25 * 3_600_000);
    // 23:30 UTC on Monday 2 November is already Tuesday in Tokyo: yesterday there is Monday
    expect(lastDay(Date.UTC(2026, 10, 2, 23, 30), 'Asia/Tokyo').label).toBe('2026-11-02');
    expect(lastWeek(Date.UTC(2026, 10, 2, 23, 30), 'Asia/Tokyo').label).toBe('2026-10-26');
    // 02:00 UTC on Monday 2 November is still Sunday in New York: the last complete week ended the Sunday before
    expect(lastWeek(Date.UTC(2026, 10, 2, 2), 'America/New_York')).toMatchObject({
      label: '2026-10-19',
      to: Date.UTC(2026, 9, 26, 4) - 1,
    });
  });
});
