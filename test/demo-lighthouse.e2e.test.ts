// Lighthouse performance score of the demo product page with and without Nudge, printed side by side. Shopify lets a
// theme app embed cost at most 10 Lighthouse points; this prints what Nudge costs (median of 3 runs each, Lighthouse's
// default mobile emulation and simulated throttling). Printed, not asserted: scores vary between runs and machines.
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, requireChromium } from './support/chromium.js';
import { demoShop, nudgeServer } from './fixtures/embed/harness.js';

interface Run {
  score: number;
  fcp: number;
  lcp: number;
  tbt: number;
  cls: number;
  si: number;
}

let chrome: chromeLauncher.LaunchedChrome;
let stack: Awaited<ReturnType<typeof nudgeServer>>;
let shop: Awaited<ReturnType<typeof demoShop>>;

beforeAll(async () => {
  stack = await nudgeServer();
  shop = await demoShop(stack.server.url);
  await stack.allow(shop.url);
  chrome = await chromeLauncher.launch({
    chromePath: requireChromium().path,
    chromeFlags: ['--headless=new', ...chromiumArgs],
  });
});
afterAll(async () => {
  await chrome?.kill();
  await shop?.close();
  await stack?.server.close();
});

async function audit(url: string, keepStorage = false): Promise<Run> {
  const r = await lighthouse(url, {
    port: chrome.port,
    output: 'json',
    onlyCategories: ['performance'],
    logLevel: 'error',
    disableStorageReset: keepStorage,
  });
  const lhr = r!.lhr;
  const v = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
  return {
    score: Math.round((lhr.categories.performance?.score ?? 0) * 100),
    fcp: v('first-contentful-paint'),
    lcp: v('largest-contentful-paint'),
    tbt: v('total-blocking-time'),
    cls: v('cumulative-layout-shift'),
    si: v('speed-index'),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('Lighthouse on the demo product page', () => {
  it('prints the performance score and its metrics with and without Nudge (median of 3)', async () => {
    const url = `${shop.url}/en/p/tieguanyin-oolong`;
    await audit(`${url}?nudge=off`); // warm-up: the first run of a fresh browser is slower for reasons of its own
    const without: Run[] = [],
      first: Run[] = [],
      returning: Run[] = [];
    for (let i = 0; i < 3; i++) {
      without.push(await audit(`${url}?nudge=off`));
      first.push(await audit(url)); // storage reset: a first visit, the config fetched and validated
      returning.push(await audit(url, true)); // the storage the first visit left: cached config, known visitor
    }
    const row = (label: string, runs: Run[]) => {
      const m = (k: keyof Run, d = 0) => median(runs.map((r) => r[k])).toFixed(d);
      return `${label.padEnd(24)} score ${m('score').padStart(3)} (runs ${runs.map((r) => r.score).join('/')})  FCP ${m('fcp')} ms  LCP ${m('lcp')} ms  TBT ${m('tbt')} ms  CLS ${m('cls', 3)}  SI ${m('si')} ms`;
    };
    const cost = (runs: Run[]) => median(without.map((r) => r.score)) - median(runs.map((r) => r.score));
    console.log(
      `\nLighthouse ${'performance'} (mobile emulation, simulated throttling), median of 3:\n${row('without Nudge', without)}\n${row('with Nudge, first visit', first)}\n${row('with Nudge, returning', returning)}\n` +
        `points Nudge costs: first visit ${cost(first)}, returning ${cost(returning)} (Shopify's limit for an app embed: 10)`,
    );
    expect([...without, ...first, ...returning].every((r) => r.score > 0 && Number.isFinite(r.lcp))).toBe(true);
  }, 240_000);
});
