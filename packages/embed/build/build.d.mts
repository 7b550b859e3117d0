/** Builds packages/embed/dist (or `outDir`) and resolves to the output folder. */
export function buildEmbed(options?: {
  outDir?: string;
  logLevel?: 'silent' | 'info';
  /** `.map` files beside the module files (for bench:page:profile). */
  sourcemap?: boolean;
}): Promise<string>;
/** The first line of every file whose code runs as a product page loads (V8's explicit compile hint). */
export const COMPILE_HINT: string;
/** Those files, relative to the dist folder, from the load graph (nudge-manifest.json). */
export function calledOnLoad(graph: {
  eager: string[];
  rendered: Record<string, string[]>;
  lazy: Record<string, string[]>;
}): string[];
