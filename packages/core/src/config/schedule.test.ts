// The schedule arithmetic: zones, DST changes, month ends, and the validation paths.
import { describe, expect, it } from 'vitest';
import { parseConfig } from './parse.js';
import { edges, isScheduled, nextChange, transitions, zonedInstant, type Schedule } from './schedule.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('isScheduled', () => {
  it('is on from start (inclusive) until end (exclusive)', () => {
    // The end is written with an offset: 12:00 at +01:00 is 11:00Z.
    const s: Schedule = { start: '2026-12-01T10:00:00Z', end: '2026-12-01T12:00:00+01:00' };
    expect(isScheduled(s, 'UTC', at('2026-12-01T09:59:59.999Z'))).toBe(false);
    expect(isScheduled(s, 'UTC', at('2026-12-01T10:00:00Z'))).toBe(true);
    expect(isScheduled(s, 'UTC', at('2026-12-01T10:59:59.999Z'))).toBe(true);
    expect(isScheduled(s, 'UTC', at('2026-12-01T11:00:00Z'))).toBe(false);
    expect(nextChange(s, 'UTC', at('2026-12-01T10:20:00Z'))).toBe(at('2026-12-01T11:00:00Z'));
    expect(isScheduled(undefined, 'UTC', 0)).toBe(true);
  });

  it('reads a window in the site time zone: the 1st in Shanghai starts at 16:00 UTC the day before', () => {
    const member: Schedule = { windows: [{ monthDays: [1] }] };
    expect(isScheduled(member, 'Asia/Shanghai', at('2026-11-30T15:59:00Z'))).toBe(false);
    expect(isScheduled(member, 'Asia/Shanghai', at('2026-11-30T16:00:00Z'))).toBe(true);
    expect(isScheduled(member, 'Asia/Shanghai', at('2026-12-01T15:59:59Z'))).toBe(true);
    expect(isScheduled(member, 'Asia/Shanghai', at('2026-12-01T16:00:00Z'))).toBe(false);
    expect(isScheduled(member, 'UTC', at('2026-11-30T16:00:00Z'))).toBe(false);
  });

  it('takes -1 as the last day of each month, February of a leap year included', () => {
    const last: Schedule = { windows: [{ monthDays: [-1], from: '18:00', to: '24:00' }] };
    expect(isScheduled(last, 'UTC', at('2028-02-29T19:00:00Z'))).toBe(true);
    expect(isScheduled(last, 'UTC', at('2028-02-28T19:00:00Z'))).toBe(false);
    expect(isScheduled(last, 'UTC', at('2027-02-28T19:00:00Z'))).toBe(true);
    expect(isScheduled(last, 'UTC', at('2026-04-30T23:59:00Z'))).toBe(true);
    expect(isScheduled(last, 'UTC', at('2026-04-30T17:59:00Z'))).toBe(false);
  });

  it('needs both the weekday and the day of the month when both are given', () => {
    const s: Schedule = { windows: [{ days: ['fri'], monthDays: [13] }] };
    expect(isScheduled(s, 'UTC', at('2026-11-13T12:00:00Z'))).toBe(true); // a Friday
    expect(isScheduled(s, 'UTC', at('2026-12-13T12:00:00Z'))).toBe(false); // a Sunday
    expect(isScheduled(s, 'UTC', at('2026-11-20T12:00:00Z'))).toBe(false);
  });
});

describe('nextChange and transitions', () => {
  it('finds the next 1st of the month for a window on the 31st two months ahead', () => {
    const s: Schedule = { windows: [{ monthDays: [31] }] };
    // From February 1st the next 31st is March 31st (none in February).
    expect(iso(nextChange(s, 'UTC', at('2026-02-01T00:00:00Z')))).toBe('2026-03-31T00:00:00.000Z');
    expect(iso(nextChange(s, 'UTC', at('2026-03-31T05:00:00Z')))).toBe('2026-04-01T00:00:00.000Z');
  });

  it('keeps local times across a spring-forward change (New York, 8 March 2026)', () => {
    const daily: Schedule = { windows: [{ from: '09:00', to: '17:00' }] };
    // EST (-5) before, EDT (-4) after: 09:00 local is 14:00Z on the 7th and 13:00Z on the 9th.
    const ts = transitions(daily, 'America/New_York', at('2026-03-07T00:00:00Z'), at('2026-03-10T00:00:00Z'));
    expect(ts.map((t) => [iso(t.at), t.on])).toEqual([
      ['2026-03-07T14:00:00.000Z', true],
      ['2026-03-07T22:00:00.000Z', false],
      ['2026-03-08T13:00:00.000Z', true],
      ['2026-03-08T21:00:00.000Z', false],
      ['2026-03-09T13:00:00.000Z', true],
      ['2026-03-09T21:00:00.000Z', false],
    ]);
  });

  it('starts a window in the skipped hour when the clocks jump, and a repeated hour on its first pass', () => {
    // 02:30 does not exist in New York on 8 March 2026: the clocks go from 02:00 EST (07:00Z) to 03:00 EDT.
    expect(iso(zonedInstant(Date.UTC(2026, 2, 8, 2, 30), 'America/New_York'))).toBe('2026-03-08T07:00:00.000Z');
    // 01:30 happens twice on 1 November 2026: first at 05:30Z (EDT).
    expect(iso(zonedInstant(Date.UTC(2026, 10, 1, 1, 30), 'America/New_York'))).toBe('2026-11-01T05:30:00.000Z');
    const s: Schedule = { windows: [{ from: '02:30', to: '04:00' }] };
    expect(transitions(s, 'America/New_York', at('2026-03-08T00:00:00Z'), at('2026-03-08T12:00:00Z'))).toEqual([
      { at: at('2026-03-08T07:00:00Z'), on: true },
      { at: at('2026-03-08T08:00:00Z'), on: false },
    ]);
  });

  it('has a 25-hour day across a fall-back change in Europe (Berlin, 25 October 2026)', () => {
    const s: Schedule = { windows: [{ days: ['sun'] }] };
    const ts = transitions(s, 'Europe/Berlin', at('2026-10-24T00:00:00Z'), at('2026-10-27T00:00:00Z'));
    expect(ts.map((t) => iso(t.at))).toEqual(['2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z']);
  });

  it('merges windows that meet, and clips them to start and end', () => {
    const s: Schedule = {
      start: '2026-12-01T10:30:00Z',
      end: '2026-12-02T11:00:00Z',
      windows: [
        { from: '10:00', to: '11:00' },
        { from: '11:00', to: '12:00' },
      ],
    };
    const ts = transitions(s, 'UTC', at('2026-12-01T00:00:00Z'), at('2026-12-03T00:00:00Z'));
    expect(ts.map((t) => [iso(t.at), t.on])).toEqual([
      ['2026-12-01T10:30:00.000Z', true],
      ['2026-12-01T12:00:00.000Z', false],
      ['2026-12-02T10:00:00.000Z', true],
      ['2026-12-02T11:00:00.000Z', false],
    ]);
    // 11:00 is an edge but no change.
    expect(edges(s, 'UTC', at('2026-12-01T10:45:00Z'), at('2026-12-01T12:30:00Z')).map(iso)).toContain(
      '2026-12-01T11:00:00.000Z',
    );
    expect(nextChange(s, 'UTC', at('2026-12-03T00:00:00Z'))).toBeUndefined();
  });
});

describe('config validation of schedules', () => {
  const doc = (extra: Record<string, unknown>, schedule: unknown) => ({
    schema: 1,
    site: 's',
    version: 1,
    ...extra,
    widgets: [{ id: 'w', type: 'buy-bar', props: {}, schedule }],
    experiments: [{ key: 'e', status: 'running', traffic: 1, variants: [{ key: 'a', weight: 1 }], schedule }],
  });
  const paths = (r: ReturnType<typeof parseConfig>) => (r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`));

  it('accepts the member day in a named zone', () => {
    const r = parseConfig(doc({ timeZone: 'Asia/Shanghai' }, { windows: [{ monthDays: [1], from: '00:00' }] }));
    expect(paths(r)).toEqual([]);
  });

  it('names an end before its start, a bad zone and a bad window by path', () => {
    const bad = {
      start: '2026-12-02T00:00:00Z',
      end: '2026-12-01T00:00:00Z',
      windows: [{ from: '18:00', to: '09:00' }],
    };
    expect(paths(parseConfig(doc({ timeZone: 'Mars/Olympus' }, bad)))).toEqual([
      'timeZone: unknown time zone "Mars/Olympus"; expected an IANA name such as Asia/Shanghai',
      'widgets.0.schedule.end: must be after start',
      'widgets.0.schedule.windows.0.to: must be after from (a window over midnight is two windows)',
      'experiments.0.schedule.end: must be after start',
      'experiments.0.schedule.windows.0.to: must be after from (a window over midnight is two windows)',
    ]);
    expect(paths(parseConfig(doc({}, { windows: [{ from: '25:00', days: ['funday'] }] })))).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^widgets\.0\.schedule\.windows\.0\.days\.0: /),
        'widgets.0.schedule.windows.0.from: expected HH:MM',
      ]),
    );
    expect(paths(parseConfig(doc({}, { windows: [{ monthDays: [0] }] })))[0]).toBe(
      'widgets.0.schedule.windows.0.monthDays: days of the month are 1-31, or -1 for the last',
    );
    expect(paths(parseConfig(doc({}, { start: 'tomorrow' })))[0]).toMatch(/^widgets\.0\.schedule\.start: /);
  });
});
