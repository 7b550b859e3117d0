// Getting a batch body to the collector: fetch with keepalive (survives unload) and sendBeacon (text/plain: no preflight).
export interface SendRequest {
  url: string;
  /** The JSON batch body. */
  body: string;
}
export interface SendResult {
  status: number;
  /** The Retry-After header, if any. */
  retryAfter?: string | null;
}
/** A transport; a rejected promise or thrown error counts as a network error and is retried; void counts as 200. */
export type Send = (request: SendRequest) => Promise<SendResult | void>;

/**
 * Characters per request body. Browsers allow a page 64 KiB of keepalive/beacon payload in flight; 20 000 characters
 * stay under it even if every character takes 3 bytes of UTF-8.
 */
export const BODY_CHARS = 20_000;

export const fetchSend: Send = async ({ url, body }) => {
  const r = await fetch(url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json' },
    credentials: 'omit',
    keepalive: true,
  });
  return { status: r.status, retryAfter: r.headers.get('retry-after') };
};

/** Hands bodies to sendBeacon in order; returns how many were accepted (the rest stay queued). */
export function beacon(url: string, bodies: string[]): number {
  let n = 0;
  try {
    while (n < bodies.length && navigator.sendBeacon(url, bodies[n]!)) n++;
  } catch {}
  return n;
}
