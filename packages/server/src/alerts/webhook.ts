// Delivers an alert to a webhook, signed: X-Nudge-Signature is sha256=<hex HMAC-SHA256 of the body with the secret>.
import { createHmac } from 'node:crypto';
import type { Deliver } from './scheduler.js';

const TIMEOUT_MS = 5_000;

export const signature = (body: string, secret: string) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

export const webhookDeliver =
  (doFetch: typeof fetch = fetch): Deliver =>
  async (url, body, secret) => {
    const res = await doFetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(secret ? { 'x-nudge-signature': signature(body, secret) } : {}),
      },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    return res.ok ? { ok: true } : { ok: false, detail: `HTTP ${res.status}` };
  };
