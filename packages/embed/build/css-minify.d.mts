/** Minifies a css template's static parts (the text between its interpolations); returns as many parts. */
export function minifyCssParts(parts: readonly string[]): string[];
/** Minifies a css text without interpolations. */
export function minifyCss(text: string): string;
/** Cooked template text back to template-literal source (backslashes, backticks and `${` escaped). */
export function toRaw(text: string): string;
/** Every `css` tagged template in a JS/TS module: each static part's span in `code`, raw and cooked text. */
export function cssTemplates(
  code: string,
  filename?: string,
): Promise<{ start: number; end: number; raw: string; cooked: string | null }[][]>;
/** The module with each css template's static text minified. */
export function minifyCssTemplates(code: string, filename?: string): Promise<string>;
/** Vite/rolldown plugin: minifies css templates in the modules `include` matches (default: the widgets' sources). */
export function cssTemplateMinify(options?: { include?: RegExp }): import('vite').Plugin;
