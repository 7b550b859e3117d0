/** Builds packages/embed/dist (or `outDir`) and resolves to the output folder. */
export function buildEmbed(options?: { outDir?: string; logLevel?: 'silent' | 'info' }): Promise<string>;
