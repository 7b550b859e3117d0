// `pnpm test`: finds a browser, type-checks, runs every Vitest project, and ends on one plain "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium, HOW_TO_GET_ONE } from './chromium.js';

const browser = findChromium();
if (!browser) {
  console.error(HOW_TO_GET_ONE);
  process.exit(1);
}
console.log(`browser: ${browser.path} (${browser.source})`);

const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'inherit', env: process.env }).status ?? 1;

const typecheck = run('pnpm', ['-s', 'typecheck']);
if (typecheck !== 0) console.error('\ntypecheck failed (see above); running the tests anyway');
const lint = run('pnpm', ['-s', 'lint']);
if (lint !== 0)
  console.error(
    '\nlint failed (eslint or prettier, see above; `pnpm format` fixes the formatting); running the tests anyway',
  );

const report = join(mkdtempSync(join(tmpdir(), 'nudge-test-')), 'vitest.json');
const extra = process.argv.slice(2);
const code = run('pnpm', [
  'exec',
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...extra,
]);

let passed = 0,
  failed = 0,
  skipped = 0;
try {
  const r = JSON.parse(readFileSync(report, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  };
  passed = r.numPassedTests;
  failed = r.numFailedTests;
  skipped = r.numPendingTests + r.numTodoTests;
} catch {
  failed = Math.max(failed, 1);
}
if (typecheck !== 0) failed++;
if (lint !== 0) failed++;
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(code !== 0 || typecheck !== 0 || lint !== 0 ? 1 : 0);
