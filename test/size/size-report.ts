// `pnpm size`: prints every entry point's gzip size against its budget; exits 1 when any is over.
import { budgets } from './budgets.js';
import { formatRow, measure } from './measure.js';

let over = 0;
console.log(`Nudge size report (minified, tree-shaken, gzip -9)\n`);
for (const entry of budgets) {
  const r = await measure(entry);
  if (r.gzip > r.budget) over++;
  console.log(formatRow(r));
}
console.log(
  over
    ? `\n${over} entr${over === 1 ? 'y is' : 'ies are'} over budget`
    : `\nall ${budgets.length} entries within budget`,
);
process.exit(over ? 1 : 0);
