/** The string the built mounting chunk carries until writePreloads() replaces it. */
export const PLACEHOLDER: string;
/** Writes each widget type's `rendered` files into the built file holding the placeholder; returns that file's path. */
export function writePreloads(outDir: string, graph: { rendered: Record<string, string[]> }): string;
