// URL check for anything taken from attributes or config: only http(s) survives, relative URLs resolve against the page.

/** Returns the absolute URL when it is http or https, else null (javascript:, data:, garbage). */
export function safeUrl(input: string | null | undefined, base: string = location.href): string | null {
  if (!input) return null;
  try {
    const url = new URL(input.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
