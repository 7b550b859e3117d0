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

/** Parses the tag; a missing data-site or a non-http(s) endpoint is an error the loader prints instead of throwing. */
export function parseScriptAttributes(script: ScriptLike, pageUrl: string): ParseResult {
  const site = script.getAttribute('data-site')?.trim();
  if (!site) return { ok: false, error: 'data-site is missing on the Nudge script tag' };
  const src = httpUrl(script.src || pageUrl, pageUrl);
  if (!src) return { ok: false, error: `the Nudge script URL must be http(s): ${script.src}` };
  const rawEndpoint = script.getAttribute('data-endpoint')?.trim();
  const endpoint = rawEndpoint ? httpUrl(rawEndpoint, pageUrl) : src;
  if (!endpoint) return { ok: false, error: `data-endpoint must be an http(s) URL: ${rawEndpoint}` };
  const endpointHref = rawEndpoint ? endpoint.href.replace(/\/+$/, '') : endpoint.origin;
  const consentAttr = script.getAttribute('data-consent')?.trim();
  if (consentAttr && consentAttr !== 'required' && consentAttr !== 'granted') {
    return { ok: false, error: `data-consent must be "required" or "granted", got "${consentAttr}"` };
  }
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
  return { ok: true, options };
}
