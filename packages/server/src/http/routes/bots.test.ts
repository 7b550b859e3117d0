// Known crawlers: served a config without running experiments, their events refused and counted, never in a report.
import { describe, expect, it } from 'vitest';
import { envelope } from '../../testing.js';
import { admin, post, s, siteWithExperiment, useServer } from './test-server.js';

useServer();

const CRAWLERS = [
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
  'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)',
  'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)',
];
const HUMAN =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/** The answer's JSON, loosely typed for the assertions. */
const json = async (r: Response): Promise<any> => r.json();
const config = (ua: string) => fetch(`${s.url}/v1/config/crawl`, { headers: { 'user-agent': ua } });
const send = (ua: string, events: unknown[]) =>
  fetch(`${s.url}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': ua },
    body: JSON.stringify({ site: 'crawl', sentAt: Date.now(), events }),
  });

describe('known crawlers', () => {
  it('get the config without running experiments, under their own ETag, and a person gets it whole', async () => {
    await siteWithExperiment('crawl');
    const human = await config(HUMAN);
    expect((await json(human)).experiments.map((e: any) => e.key)).toEqual(['x']);
    expect(human.headers.get('vary')).toBe('User-Agent');
    for (const ua of CRAWLERS) {
      const r = await config(ua);
      expect(r.status, ua).toBe(200);
      expect((await json(r)).experiments, ua).toEqual([]);
      expect(r.headers.get('etag')).not.toBe(human.headers.get('etag'));
      // a crawler revalidating gets a 304 for its own copy, never the person's
      const again = await fetch(`${s.url}/v1/config/crawl`, {
        headers: { 'user-agent': ua, 'if-none-match': r.headers.get('etag')! },
      });
      expect(again.status).toBe(304);
    }
  });

  it('are never counted: their events are refused (403) and counted once as left out, in /stats and the report', async () => {
    const before = (await admin.get('/sites/crawl/stats')).body;
    const events = CRAWLERS.map((_, i) =>
      envelope('experiment_exposure', { experiment: 'x', variant: 'b' }, { anonymousId: `bot-${i}` }),
    );
    for (const [i, ua] of CRAWLERS.entries()) {
      const r = await send(ua, [events[i], envelope('page_view', {}, { anonymousId: `bot-${i}` })]);
      expect(r.status, ua).toBe(403);
      expect((await json(r)).error).toBe('crawler');
    }
    // sent again (a retry): not counted twice
    await send(CRAWLERS[0]!, [events[0]]);
    const after = (await admin.get('/sites/crawl/stats')).body;
    expect(after.events).toBe(before.events);
    expect(after.bots - before.bots).toBe(2 * CRAWLERS.length);
    // a person's exposure is stored and counted
    expect(
      (await send(HUMAN, [envelope('experiment_exposure', { experiment: 'x', variant: 'b' }, { anonymousId: 'p' })]))
        .status,
    ).toBe(200);
    const report = (await admin.get('/sites/crawl/reports/experiments/x')).body;
    expect(report.variants.map((v: any) => [v.variant, v.exposed])).toEqual([
      ['control', 0],
      ['b', 1],
    ]);
    expect(report.leftOut).toEqual({ crawlerEvents: 2 * CRAWLERS.length });
  });

  it('neither a browser driven by test automation nor a server-side sender (the tracker in Node, curl) is a crawler', async () => {
    for (const ua of ['node', 'curl/8.5.0', 'python-requests/2.31']) {
      expect((await json(await config(ua))).experiments, ua).toHaveLength(1);
      expect((await send(ua, [envelope('page_view', {}, { anonymousId: 'server' })])).status, ua).toBe(200);
    }
    expect((await json(await config('Googlebot-Image/1.0'))).experiments).toEqual([]);
    const headless =
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36';
    expect((await json(await config(headless))).experiments).toHaveLength(1);
    expect((await send(headless, [envelope('page_view', {}, { anonymousId: 'qa' })])).status).toBe(200);
  });

  it('are refused on every event path: the beacon, and Segment batches (as the caller, or in context.userAgent)', async () => {
    const stats = async () => (await admin.get('/sites/crawl/stats')).body as { events: number; bots: number };
    const before = await stats();
    // sendBeacon's text/plain body
    const beacon = await fetch(`${s.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': CRAWLERS[0]! },
      body: JSON.stringify({
        site: 'crawl',
        sentAt: Date.now(),
        events: [envelope('page_view', {}, { anonymousId: 'b' })],
      }),
    });
    expect(beacon.status).toBe(403);
    expect((await json(beacon)).error).toBe('crawler');

    const key = (await admin.post('/sites/crawl/write-keys')).body.key as string;
    const auth = { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` };
    const viewed = (messageId: string, userAgent?: string) => ({
      type: 'track',
      event: 'Product Viewed',
      messageId,
      anonymousId: `seg-${messageId}`,
      properties: { product_id: 'p1', price: 5 },
      ...(userAgent ? { context: { userAgent } } : {}),
    });
    // a crawler calling the API itself: the whole batch refused, each message counted once (a retry adds nothing)
    for (let i = 0; i < 2; i++) {
      const r = await post(
        '/v1/batch',
        { batch: [viewed('c1'), viewed('c2')] },
        { ...auth, 'user-agent': CRAWLERS[1]! },
      );
      expect(r.status).toBe(403);
      expect((await json(r)).error).toBe('crawler');
    }
    // a backend forwarding visits: the crawler's message left out and named, the person's stored
    const mixed = await post('/v1/batch', { batch: [viewed('h1', HUMAN), viewed('c3', CRAWLERS[2])] }, auth);
    expect(mixed.status).toBe(200);
    const body = await json(mixed);
    expect(body.accepted).toBe(1);
    expect(body.issues).toEqual([{ path: 'batch.1.context.userAgent', message: expect.stringMatching(/crawler/) }]);
    // only crawlers' messages: nothing stored, a 403 naming each
    const bots = await post('/v1/batch', { batch: [viewed('c4', CRAWLERS[3]), viewed('c4', CRAWLERS[3])] }, auth);
    expect(bots.status).toBe(403);
    expect((await json(bots)).issues).toHaveLength(2);
    // a server-side library's own agent is no crawler
    expect(
      (await post('/v1/batch', { batch: [viewed('h2')] }, { ...auth, 'user-agent': 'analytics-node/6.0' })).status,
    ).toBe(200);

    const after = await stats();
    expect(after.events - before.events).toBe(2);
    // beacon 1, c1 and c2 once, c3, c4 once
    expect(after.bots - before.bots).toBe(5);
  });
});
