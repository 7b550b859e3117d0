// The growth console for an e2e spec: the console built once into a temp folder, a seeded server on 127.0.0.1 that
// serves it, events posted to the collector, and a Chromium page; plus the helpers the console specs share.
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, type RunningServer } from '@nudge/server';
import { envelope } from '../../packages/server/src/testing.js';
import type { Browser, Frame, Page } from 'playwright';
import { build } from 'vite';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchChromium } from './chromium.js';

export interface ConsoleStack {
  server: RunningServer;
  browser: Browser;
  page: Page;
}

/** Started in beforeAll (the events are posted to the demo site in batches of 500), closed in afterAll. */
export function useConsoleStack(adminToken: string, events: () => unknown[]): ConsoleStack {
  const s = {} as ConsoleStack;
  beforeAll(async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'nudge-console-'));
    await build({
      configFile: fileURLToPath(new URL('../../packages/console/vite.config.ts', import.meta.url)),
      logLevel: 'silent',
      build: { outDir, sourcemap: false },
    });
    s.server = await startServer({
      port: 0,
      data: ':memory:',
      adminToken,
      seedDemo: true,
      consoleDir: outDir,
      log: () => {},
    });
    const all = events();
    for (let i = 0; i < all.length; i += 500) {
      const r = await fetch(`${s.server.url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ site: 'demo', sentAt: Date.now(), events: all.slice(i, i + 500) }),
      });
      expect(r.status).toBe(200);
    }
    s.browser = await launchChromium();
    s.page = await (await s.browser.newContext({ locale: 'en-US' })).newPage();
    // An action that cannot happen (a button that stays disabled) fails naming itself, not as the test's 60 s timeout.
    s.page.setDefaultTimeout(20_000);
  }, 120_000);
  afterAll(async () => {
    await s.browser?.close();
    await s.server?.close();
  });
  return s;
}

/** The shared 2-core machine can be slow: wait up to 10 s for the UI to catch up (no timing is asserted). */
/** The seeded experiment's results: 200 visitors per colour, red (the control) buys twice as often as blue (40 each). */
export function colourResults(): unknown[] {
  const events = [];
  for (let i = 0; i < 400; i++) {
    const variant = i % 2 ? 'blue' : 'red';
    const anonymousId = `visitor-${i}`;
    const ts = Date.now() - 60_000 + i;
    const experiments = { 'buy-bar-color': variant };
    events.push(
      envelope('experiment_exposure', { experiment: 'buy-bar-color', variant }, { anonymousId, ts, experiments }),
    );
    if (i % 10 < (variant === 'red' ? 4 : 2))
      events.push(
        envelope(
          'purchase',
          { transaction_id: `T${i}`, currency: 'USD', value: 40, items: [] },
          { anonymousId, ts: ts + 5 },
        ),
      );
  }
  return events;
}

export const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 10_000 });

/** axe-core's violations on the page (or one of its frames) as `rule: targets` lines (empty when there are none). */
export async function axeViolations(page: Page | Frame): Promise<string[]> {
  // Evaluated rather than added as a <script>: the console's Content-Security-Policy refuses inline scripts.
  if (!(await page.evaluate(() => 'axe' in window)))
    await page.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    // Contrast is judged on settled colours: a button's background transition caught halfway is not a state anyone
    // reads (bounded, in case an animation never ends).
    await Promise.race([
      Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {}))),
      new Promise((r) => setTimeout(r, 2000)),
    ]);
    const r = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map(
      (v: any) =>
        `${v.id}: ${v.nodes
          .map((n: any) => n.target.join(' '))
          .slice(0, 3)
          .join(' | ')}`,
    );
  });
}
