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

/**
 * safeUrl for a link that promises a same-site path unless written as an absolute http(s) URL: such a path must stay
 * on the page's origin, as browsers read `//host` and `/\host` as another site.
 */
export function sameSiteUrl(input: string, base: string = location.href): string | null {
  const url = safeUrl(input, base);
  return url && (/^\s*https?:\/\//i.test(input) || new URL(url).origin == new URL(base).origin) ? url : null;
}
