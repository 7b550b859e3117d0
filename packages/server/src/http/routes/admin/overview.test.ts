// The Experiments list's figures over HTTP: status, start, days running, visitors so far and the verdict.
import { describe, expect, it } from 'vitest';
import { envelope } from '../../../testing.js';
import { admin, post, siteWithExperiment, useServer } from '../test-server.js';

useServer();

describe('GET .../reports/experiments', () => {
  it('waits while there are no visitors, then names the variant that sells more', async () => {
    await siteWithExperiment('ov');
    const before = await admin.get('/sites/ov/reports/experiments');
    expect(before.body.experiments).toEqual([
      {
        key: 'x',
        name: null,
        status: 'running',
        startedAt: expect.any(Number),
        daysRunning: 0,
        visitors: 0,
        verdict: { kind: 'waiting' },
      },
    ]);
    // 1,000 visitors a side: control buys 5%, b 15%
    const events = [];
    for (let i = 0; i < 2000; i++) {
      const variant = i % 2 ? 'b' : 'control';
      const anonymousId = `ov${i}`;
      events.push(envelope('experiment_exposure', { experiment: 'x', variant }, { anonymousId }));
      if ((variant === 'control' && i % 40 === 0) || (variant === 'b' && i % 40 < 6 && i % 2))
        events.push(
          envelope('purchase', { transaction_id: `T${i}`, currency: 'USD', value: 20, items: [] }, { anonymousId }),
        );
    }
    for (let i = 0; i < events.length; i += 500)
      expect(
        (await post('/v1/events', { site: 'ov', sentAt: Date.now(), events: events.slice(i, i + 500) })).status,
      ).toBe(200);
    const after = await admin.get('/sites/ov/reports/experiments');
    expect(after.body.experiments[0]).toMatchObject({ visitors: 2000, verdict: { kind: 'winner', variant: 'b' } });
  });
});
