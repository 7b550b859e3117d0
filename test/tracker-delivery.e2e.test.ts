// The tracker in real Chromium against a real collector: outage across page loads, two tabs, beacon on pagehide.
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { startCollector, type Collector } from './support/collector.js';
import { serveTrackerPage, type TrackerPageServer } from './support/tracker-page.js';

let browser: Browser;
let pages: TrackerPageServer;
let collector: Collector;

beforeAll(async () => {
  [browser, pages, collector] = await Promise.all([launchChromium(), serveTrackerPage(), startCollector()]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), pages?.close(), collector?.close()]);
});

type Win = { nudge: { track(n: string, p?: object): void; flush(): Promise<void> }; nudgeReady: boolean };

async function open(page: Page, query: Record<string, string | number> = {}) {
  await page.goto(pages.pageUrl(collector.url, query));
  await page.waitForFunction(() => (window as unknown as Win).nudgeReady);
}
const trackN = (page: Page, label: string, n: number) =>
  page.evaluate(
    ({ label, n }) => {
      for (let i = 0; i < n; i++) (window as unknown as Win).nudge.track('e2e_event', { label, i });
    },
    { label, n },
  );

/** A page in a fresh context whose first batch (the page_view) was delivered: the collector is known reachable. */
async function reachablePage(interval: number) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await open(page, { interval });
  await page.evaluate(() => (window as unknown as Win).nudge.flush());
  return { context, page };
}

/** Polls until `done()` or the deadline; bounded in time, never throws (the assertions after it do the judging). */
async function until(done: () => boolean, ms = 20_000) {
  const end = Date.now() + ms;
  while (!done() && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
}

const labelled = (prefix: string) =>
  collector.events().filter((e) => e.name === 'e2e_event' && String(e.props.label).startsWith(prefix));
const duplicates = () => {
  const ids = collector.events().map((e) => e.id);
  return ids.length - new Set(ids).size;
};

it('collector down across three page loads, then back: every event delivered exactly once', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await collector.down();
  const tracked: string[] = [];
  for (let load = 1; load <= 3; load++) {
    await open(page, { load });
    await trackN(page, `outage-${load}`, 10);
    for (let i = 0; i < 10; i++) tracked.push(`outage-${load}:${i}`);
    await page.waitForTimeout(400); // the tracker tries, fails, backs off
  }
  await collector.up();
  await until(() => labelled('outage-').length >= tracked.length);
  await page.waitForTimeout(1500); // would-be late duplicates get time to arrive
  await context.close();
  await new Promise((r) => setTimeout(r, 500));

  const got = labelled('outage-');
  const ids = got.map((e) => e.id);
  const pageViews = collector.events().filter((e) => e.name === 'page_view').length;
  console.log(
    `outage: tracked ${tracked.length} events over 3 page loads; delivered ${got.length}, unique ids ${new Set(ids).size}, duplicates ${duplicates()}, page_views ${pageViews}, requests ${collector.attempts}`,
  );
  expect(got.map((e) => `${e.props.label}:${e.props.i}`).sort()).toEqual(tracked.sort());
  expect(new Set(ids).size).toBe(tracked.length);
  expect(duplicates()).toBe(0);
  expect(pageViews).toBe(3);
  // one web_vitals event per page that was left (pagehide), with the experiment variants attached
  const vitals = collector.events().filter((e) => e.name === 'web_vitals');
  console.log(`web_vitals events: ${vitals.length}`, JSON.stringify(vitals.map((e) => e.props)));
  expect(vitals.length).toBeGreaterThanOrEqual(2);
  expect(new Set(vitals.map((e) => (e.page as { url: string }).url)).size).toBe(vitals.length);
  for (const v of vitals) {
    expect((v.context as { experiments: object }).experiments).toEqual({ hero: 'b' });
    expect(v.props).toHaveProperty('ttfb');
  }
  // sequence numbers keep counting across page loads for one visitor
  const seqs = got.map((e) => e.seq as number);
  expect(new Set(got.map((e) => e.anonymousId)).size).toBe(1);
  expect(new Set(seqs).size).toBe(seqs.length);
});

it('two tabs: queues left by closed tabs are adopted and sent exactly once by one of two new tabs', async () => {
  const context = await browser.newContext();
  await collector.down();
  const [a, b] = await Promise.all([context.newPage(), context.newPage()]);
  await Promise.all([open(a), open(b)]);
  await Promise.all([trackN(a, 'tab-a', 8), trackN(b, 'tab-b', 8)]);
  await a.waitForTimeout(400);
  await Promise.all([a.close(), b.close()]);
  await collector.up();
  // two new tabs start at the same moment and race for the orphaned queues
  const [c, d] = await Promise.all([context.newPage(), context.newPage()]);
  await Promise.all([open(c), open(d)]);
  await Promise.all([trackN(c, 'tab-c', 4), trackN(d, 'tab-d', 4)]);
  await until(() => labelled('tab-').length >= 24);
  await c.waitForTimeout(1500);
  const got = labelled('tab-');
  console.log(
    `two tabs: tracked 24, delivered ${got.length}, unique ids ${new Set(got.map((e) => e.id)).size}, duplicates ${duplicates()}`,
  );
  expect(got.length).toBe(24);
  expect(new Set(got.map((e) => `${e.props.label}:${e.props.i}`)).size).toBe(24);
  expect(duplicates()).toBe(0);
  await context.close();
});

it('hands the queue to sendBeacon as text/plain on pagehide when the collector is reachable', async () => {
  const { context, page } = await reachablePage(60_000);
  const before = collector.batches.length;
  await trackN(page, 'beacon', 5);
  await page.goto('about:blank'); // pagehide
  await until(() => labelled('beacon').length >= 5, 5000);
  const beaconed = collector.batches.slice(before).filter((b) => b.body.events.some((e) => e.props.label === 'beacon'));
  expect(beaconed.map((b) => b.contentType)).toEqual(['text/plain;charset=UTF-8']);
  // the next page load finds nothing left to resend
  await open(page);
  await page.evaluate(() => (window as unknown as Win).nudge.flush());
  await page.waitForTimeout(500);
  expect(labelled('beacon')).toHaveLength(5);
  expect(duplicates()).toBe(0);
  await context.close();
});

it('honours 503 + Retry-After and drops (and reports) a 400 batch', async () => {
  const { context, page } = await reachablePage(50);
  collector.fail(503, 1, '1');
  const t0 = Date.now();
  await trackN(page, 'retry', 3);
  await until(() => labelled('retry').length >= 3, 10_000);
  const waited = Date.now() - t0;
  expect(labelled('retry')).toHaveLength(3);
  expect(waited).toBeGreaterThanOrEqual(900);
  collector.fail(400, 1);
  await trackN(page, 'refused', 2);
  await page.waitForTimeout(500);
  await trackN(page, 'after', 1);
  await until(() => labelled('after').length >= 1, 5000);
  const after = collector.batches.find((b) => b.body.events.some((e) => e.props.label === 'after'));
  expect(labelled('refused')).toHaveLength(0);
  expect(after?.body.dropped).toBe(2);
  await context.close();
});
