// Announcement throttling: at most one per interval, newest text wins, no repeats.
import { describe, expect, it } from 'vitest';
import { PoliteAnnouncer } from './polite-announcer.js';
import { fakeTimers } from './fake-timers.test-helper.js';

describe('PoliteAnnouncer', () => {
  it('says the first update at once and holds later ones until a minute has passed', () => {
    const t = fakeTimers();
    const said: [number, string][] = [];
    const a = new PoliteAnnouncer((s) => said.push([t.now(), s]), 60_000, t);
    a.update('only 3 left');
    t.advance(10_000);
    a.update('only 2 left');
    t.advance(10_000);
    a.update('only 1 left');
    expect(said).toEqual([[0, 'only 3 left']]);
    t.advance(40_000);
    expect(said).toEqual([
      [0, 'only 3 left'],
      [60_000, 'only 1 left'],
    ]);
    t.advance(600_000);
    expect(said).toHaveLength(2);
  });

  it('never repeats what it last said, even after the interval', () => {
    const t = fakeTimers();
    const said: string[] = [];
    const a = new PoliteAnnouncer((s) => said.push(s), 60_000, t);
    a.update('sold out');
    t.advance(120_000);
    a.update('sold out');
    a.update('sold out');
    expect(said).toEqual(['sold out']);
  });

  it('drops a pending update that returns to the last announced text, and stops on dispose', () => {
    const t = fakeTimers();
    const said: string[] = [];
    const a = new PoliteAnnouncer((s) => said.push(s), 60_000, t);
    a.update('A');
    a.update('B');
    a.update('A');
    t.advance(60_000);
    expect(said).toEqual(['A']);
    a.update('C');
    a.update('D');
    a.dispose();
    t.advance(60_000);
    expect(said).toEqual(['A', 'C']);
  });

  it('keeps a minute between any two announcements under a steady stream of changes', () => {
    const t = fakeTimers();
    const at: number[] = [];
    const a = new PoliteAnnouncer(() => at.push(t.now()), 60_000, t);
    for (let i = 0; i < 300; i++) {
      a.update(`n=${i}`);
      t.advance(1_000);
    }
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(60_000);
    expect(at).toEqual([0, 60_000, 120_000, 180_000, 240_000, 300_000]);
  });
});
