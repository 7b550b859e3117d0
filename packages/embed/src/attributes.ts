// Reads the loader's options from its own <script> tag (data-* attributes, nonce, src).

export interface LoaderOptions {
  site: string;
  /** Collector and config service base URL, without a trailing slash. */
  endpoint: string;
  locale?: string;
  /** `required`: nothing leaves the page until nudge.setConsent('granted'). */
  consent: 'granted' | 'required';
  debug: boolean;
  /** The script's CSP nonce, passed on to anything the loader injects. */
  nonce?: string;
  /** Auto-tracking selectors from data-track-add-to-cart / data-track-checkout (config can set them too). */
  autoTrack?: { addToCart?: string; beginCheckout?: string };
}

/** The parts of a <script> element the loader reads (an interface so Node tests need no DOM). */
export interface ScriptLike {
  getAttribute(name: string): string | null;
  readonly src: string;
  readonly nonce?: string;
}

// parseScriptAttributes (the same reading with its error worded) is in tag-errors.ts.
export type ParseResult = { ok: true; options: LoaderOptions } | { ok: false; error: string };

const httpUrl = (value: string, base: string): URL | undefined => {
  try {
    const url = new URL(value, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
};

const flag = (value: string | null): boolean => value !== null && value !== 'false' && value !== '0';

/**
 * Which check a tag failed: 0 no data-site, 1 a non-http(s) script URL, 2 a non-http(s) data-endpoint, 3 an unknown
 * data-consent. tag-errors.ts words it, a chunk only such a page fetches: the messages cost every page ~70 B gzip.
 */
export type TagFault = 0 | 1 | 2 | 3;

/** The tag's options, or the check it failed (the loader prints that instead of throwing; see parseScriptAttributes). */
export function readTag(script: ScriptLike, pageUrl: string): LoaderOptions | TagFault {
  const site = script.getAttribute('data-site')?.trim();
  if (!site) return 0;
  const src = httpUrl(script.src || pageUrl, pageUrl);
  if (!src) return 1;
  const rawEndpoint = script.getAttribute('data-endpoint')?.trim();
  const endpoint = rawEndpoint ? httpUrl(rawEndpoint, pageUrl) : src;
  if (!endpoint) return 2;
  const endpointHref = rawEndpoint ? endpoint.href.replace(/\/+$/, '') : endpoint.origin;
  const consentAttr = script.getAttribute('data-consent')?.trim();
  if (consentAttr && consentAttr !== 'required' && consentAttr !== 'granted') return 3;
  const options: LoaderOptions = {
    site,
    endpoint: endpointHref,
    consent: consentAttr === 'required' ? 'required' : 'granted',
    debug: flag(script.getAttribute('data-debug')),
  };
  const locale = script.getAttribute('data-locale')?.trim();
  if (locale) options.locale = locale;
  const addToCart = script.getAttribute('data-track-add-to-cart')?.trim();
  const beginCheckout = script.getAttribute('data-track-checkout')?.trim();
  if (addToCart || beginCheckout) {
    options.autoTrack = {};
    if (addToCart) options.autoTrack.addToCart = addToCart;
    if (beginCheckout) options.autoTrack.beginCheckout = beginCheckout;
  }
  const nonce = script.nonce || script.getAttribute('nonce') || undefined;
  if (nonce) options.nonce = nonce;
  return options;
}
