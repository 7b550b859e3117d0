// Enforces the size budgets in the test run and checks the measuring itself is sound.
import { describe, expect, it } from 'vitest';
import { budgets } from './budgets.js';
import { formatRow, measure } from './measure.js';

describe('size budgets', () => {
  it('measures tree-shaken, minified output (an unused export costs nothing)', async () => {
    const direct = await measure({
      name: 'probe',
      budget: 1,
      code: `const unused = () => "${'y'.repeat(5000)}"; export const used = 1;`,
    });
    expect(direct.gzip).toBeLessThan(200);
  });
  it('counts dynamic imports as lazy, not in the entry', async () => {
    const fixture = new URL('./lazy-fixture.ts', import.meta.url).pathname;
    const r = await measure({ name: 'probe', budget: 1, code: `export const later = () => import('${fixture}');` });
    expect(r.lazyGzip).toBeGreaterThan(r.gzip);
  });
  for (const entry of budgets) {
    it(`${entry.name} stays within ${entry.budget} B gzip`, async () => {
      const r = await measure(entry);
      console.log(formatRow(r));
      expect(r.gzip).toBeLessThanOrEqual(entry.budget);
    }, 60_000);
  }
});
