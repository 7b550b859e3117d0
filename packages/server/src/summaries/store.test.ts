// The summary store on both control databases: a period's summary is claimed by exactly one of several senders,
// a failed one is tried again up to three times, and the settings round-trip.
import { describe, expect, it } from 'vitest';
import { controlSqlBackends } from '../../../../test/support/engines/control-sql.js';
import { MAX_ATTEMPTS, SummaryStore } from './store.js';

const backends = controlSqlBackends();

describe.each(backends)('summary store on %s', { timeout: 30_000 }, (_name, open) => {
  it.skipIf(!open)('one claim per period among concurrent senders; retries bounded; settings kept', async () => {
    const db = await open!();
    try {
      const store = new SummaryStore(db.sql);
      const T = Date.UTC(2026, 10, 3);
      const claims = await Promise.all(
        Array.from({ length: 6 }, () => store.claim('u1', 'shop', 'daily', T - 86_400_000, T - 1, T)),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
      // sent: never again
      await store.finish('u1', 'shop', 'daily', T - 86_400_000, true, null, T);
      expect(await store.claim('u1', 'shop', 'daily', T - 86_400_000, T - 1, T + 1)).toBe(false);
      // the weekly one fails: tried again on later runs, MAX_ATTEMPTS times in all
      let tries = 0;
      for (let i = 0; i < MAX_ATTEMPTS + 2; i++)
        if (await store.claim('u1', 'shop', 'weekly', T - 7 * 86_400_000, T - 1, T + i)) {
          tries++;
          await store.finish('u1', 'shop', 'weekly', T - 7 * 86_400_000, false, 'smtp down', T + i);
        }
      expect(tries).toBe(MAX_ATTEMPTS);
      const sends = await store.sends('u1');
      expect(sends.map((s) => [s.period, s.status, s.attempts])).toEqual([
        ['daily', 'sent', 1],
        ['weekly', 'failed', MAX_ATTEMPTS],
      ]);
      const settings = { email: true, webhook: null, sites: [{ site: 'shop', daily: true, weekly: false }] };
      await store.setSettings('u1', settings);
      expect(await store.settings('u1')).toEqual(settings);
      expect(await store.subscribers()).toEqual([{ userId: 'u1', settings }]);
    } finally {
      await db.close();
    }
  });
});
