// Vitest projects: unit tests in Node, browser tests in real Chromium, end-to-end specs driving Chromium from Node, and
// the benchmarks whose figures the issues ask for (page cost, Lighthouse, ingest, funnel) on their own at the end.
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { chromiumArgs, findChromium } from './test/support/chromium.js';

const browser = findChromium();
const exclude = ['**/node_modules/**', '**/dist/**'];
/** Timing figures measured on a quiet machine: run after everything else (sequence.groupOrder), one file at a time. */
const bench = [
  'test/demo-page-cost.e2e.test.ts',
  'test/demo-lighthouse.e2e.test.ts',
  'test/server-ingest-bench.e2e.test.ts',
  'test/server-funnel-bench.e2e.test.ts',
  'test/server-clickhouse-bench.e2e.test.ts',
  'test/server-dashboard-bench.e2e.test.ts',
  'test/server-clickhouse-dashboard-bench.e2e.test.ts',
  'test/server-stack-bench.e2e.test.ts',
];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          environment: 'node',
          include: ['packages/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...exclude, '**/*.browser.test.ts', 'test/**/*.e2e.test.ts'],
        },
      },
      {
        test: {
          name: 'browser',
          sequence: { groupOrder: 0 },
          include: ['packages/**/*.browser.test.ts', 'test/**/*.browser.test.ts'],
          exclude,
          testTimeout: 30_000,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({
              launchOptions: { executablePath: browser?.path, args: chromiumArgs },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
      {
        test: {
          name: 'e2e',
          sequence: { groupOrder: 0 },
          environment: 'node',
          include: ['test/**/*.e2e.test.ts'],
          exclude: [...exclude, ...bench],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'bench',
          sequence: { groupOrder: 1 },
          environment: 'node',
          include: bench,
          exclude,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
