// Delivers an alert to a webhook, signed like every Nudge webhook (webhook-sign.ts: HMAC-SHA256 of "<timestamp>.<body>").
import { signedHeaders } from '../webhook-sign.js';
import type { Deliver } from './scheduler.js';

const TIMEOUT_MS = 5_000;

export const webhookDeliver =
  (doFetch: typeof fetch = fetch, clock: () => number = Date.now): Deliver =>
  async (url, body, secret) => {
    const res = await doFetch(url, {
      method: 'POST',
      headers: signedHeaders(secret, body, clock()),
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await res.body?.cancel();
    return res.ok ? { ok: true } : { ok: false, detail: `HTTP ${res.status}` };
  };
