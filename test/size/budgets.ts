// Size budgets per public entry point (gzip bytes); `pnpm size` prints them and size.test.ts enforces them.
export interface SizeEntry {
  /** What a user imports or loads, in words. */
  name: string;
  /** Module source bundled as the entry (minified, tree-shaken, production). */
  code?: string;
  /** A built file to measure instead, relative to the repo root. */
  file?: string;
  /** Gzip budget in bytes. */
  budget: number;
}

const KB = 1024;

export const budgets: SizeEntry[] = [
  // Each package adds its entries here as they land.
];
export { KB };
