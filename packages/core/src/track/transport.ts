// Getting a batch body to the collector: fetch (keepalive when it fits) and sendBeacon (text/plain: no preflight).
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
/** A transport; a rejected promise or thrown error counts as a network error and is retried. */
export type Send = (request: SendRequest) => Promise<SendResult>;

/** Browsers cap the keepalive and beacon payload of a page at 64 KiB. */
export const KEEPALIVE_BYTES = 60_000;

export const byteLength = (s: string): number => (typeof TextEncoder === 'function' ? new TextEncoder().encode(s).length : s.length * 3);

export const fetchSend: Send = async ({ url, body }) => {
  const r = await fetch(url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json' },
    credentials: 'omit',
    keepalive: byteLength(body) < KEEPALIVE_BYTES,
  });
  return { status: r.status, retryAfter: r.headers.get('retry-after') };
};

/** Hands bodies to sendBeacon in order; returns how many were accepted (the rest stay queued). */
export function beacon(url: string, bodies: string[]): number {
  const nav = typeof navigator === 'object' ? navigator : undefined;
  let n = 0;
  try {
    while (n < bodies.length && nav?.sendBeacon?.(url, bodies[n]!)) n++;
  } catch {}
  return n;
}
