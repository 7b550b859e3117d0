// A production nudge.js checks only that props are an object; the collector checks known events' fields and keeps a
// bad event as a nudge_error that names the field. End to end: the event is neither lost nor counted as a purchase.
import { describe, expect, it } from 'vitest';
import { embedDist, events, fixtureServer, until, useShopStack, watchErrors } from './fixtures/embed/harness.js';

const s = useShopStack();

describe('an event with bad fields from the script tag', () => {
  it('is stored as nudge_error with the field path; the good events of the same batch are stored as they are', async () => {
    const dist = await embedDist();
    const fx = await fixtureServer(dist, {
      '/thanks': {
        html: `<!doctype html><html lang="en"><head><title>Thanks</title></head><body><main><h1>Thank you</h1></main>
<script async src="/nudge/nudge.js" data-site="demo" data-endpoint="${s.stack.server.url}"></script></body></html>`,
      },
    });
    await s.stack.allow(fx.url);
    const page = await s.browser.newPage();
    const errors = await watchErrors(page);
    await page.goto(`${fx.url}/thanks`);
    await page.evaluate(() => (window as any).nudge.ready());
    await page.evaluate(() => {
      const n = (window as any).nudge;
      // transaction_id missing: the shop's thank-you template forgot it
      n.track('purchase', { currency: 'USD', value: 42, items: [{ item_id: 'TEA-1', price: 42, quantity: 1 }] });
      n.track('purchase', {
        transaction_id: 'T-OK',
        currency: 'USD',
        value: 10,
        items: [{ item_id: 'TEA-2', price: 10, quantity: 1 }],
      });
      return n.flush();
    });
    const anonymousId = await page.evaluate(() => JSON.parse(localStorage.getItem('nudge_id')!).a as string);
    const got = await until(
      async () => {
        const mine = (await events(s.stack.admin, 500)).filter((e) => e.anonymousId === anonymousId);
        return mine.some((e) => e.name === 'nudge_error') && mine.some((e) => e.name === 'purchase') ? mine : undefined;
      },
      10_000,
      100,
      'the converted error and the good purchase',
    );
    expect(got.filter((e) => e.name === 'purchase').map((e) => e.props.transaction_id)).toEqual(['T-OK']);
    const error = got.find((e) => e.name === 'nudge_error')!;
    expect(error.props).toMatchObject({ event: 'purchase', code: 'invalid_props', path: 'transaction_id' });
    // Converted by the collector (the production tag sends the event as the shop gave it): its fields are kept.
    expect(error.props.original_props).toMatchObject({ value: 42, items: [{ item_id: 'TEA-1' }] });
    expect(errors).toEqual([]);
    await page.close();
    await fx.close();
  });
});
