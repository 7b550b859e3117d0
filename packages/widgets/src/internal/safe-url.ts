// URL check for anything taken from attributes or config: only http(s) survives, relative URLs resolve against the page.

/**
 * Returns the absolute URL when it is http or https, else null (javascript:, data:, garbage). A URL written without
 * a scheme is a same-site path and must stay on the page's origin: browsers read `//host` and `/\host` as another site.
 */
export function safeUrl(input: string | null | undefined, base: string = location.href): string | null {
  if (!input) return null;
  try {
    const url = new URL((input = input.trim()), base);
    const http = /^https?:/i;
    return http.test(url.href) && (http.test(input) || url.origin == new URL(base).origin) ? url.href : null;
  } catch {
    return null;
  }
}
