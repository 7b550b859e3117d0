// Vitest projects: unit tests in Node, browser tests in real Chromium, end-to-end specs driving Chromium from Node.
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { chromiumArgs, findChromium } from './test/support/chromium.js';

const browser = findChromium();
const exclude = ['**/node_modules/**', '**/dist/**'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['packages/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...exclude, '**/*.browser.test.ts', 'test/**/*.e2e.test.ts'],
        },
      },
      {
        test: {
          name: 'browser',
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
          environment: 'node',
          include: ['test/**/*.e2e.test.ts'],
          exclude,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
