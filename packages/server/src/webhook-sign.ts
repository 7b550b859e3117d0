// The one signature on every webhook Nudge sends (code, leads, alerts, summaries): HMAC-SHA256 over "<timestamp>.<body>".
import { createHmac } from 'node:crypto';

/** `X-Nudge-Signature`'s value for `body` sent at `timestamp` (seconds): `v1=<hex>`. */
export const signature = (secret: string, timestamp: number, body: string) =>
  `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

/** The headers of a signed POST of `body` (JSON text); `secret` null sends it unsigned (no secret set). */
export function signedHeaders(secret: string | null, body: string, now: number): Record<string, string> {
  const timestamp = Math.floor(now / 1000);
  return {
    'content-type': 'application/json',
    'user-agent': 'nudge-server',
    'x-nudge-timestamp': String(timestamp),
    ...(secret ? { 'x-nudge-signature': signature(secret, timestamp, body) } : {}),
  };
}
