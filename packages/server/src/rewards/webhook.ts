// Signed calls to a merchant's endpoint: HMAC-SHA256 over "<timestamp>.<body>" with the site's secret.
import type { OutsideCode } from './claims.js';
import { CODE_PATTERN } from './csv.js';
import type { CodeWebhook } from './settings.js';
import { signedHeaders } from '../webhook-sign.js';

/** Answers larger than this are not read: a code and its expiry fit in far less. */
const MAX_ANSWER = 16 * 1024;

/**
 * Asks the merchant's webhook for a code: `{code, expiresAt?, amount?, currency?}` back within the timeout, else
 * undefined (a timeout, an error status, a malformed answer are all "no code"; the claim falls back). `report` is told
 * why, for the server log.
 */
export async function codeFromWebhook(
  hook: CodeWebhook,
  payload: Record<string, unknown>,
  now: number,
  report: (why: string) => void = () => {},
): Promise<OutsideCode | undefined> {
  const body = JSON.stringify(payload);
  try {
    const res = await fetch(hook.url, {
      method: 'POST',
      headers: signedHeaders(hook.secret, body, now),
      body,
      signal: AbortSignal.timeout(hook.timeoutMs),
      redirect: 'error',
    });
    const text = await res.text();
    if (!res.ok) return void report(`code webhook answered ${res.status}`);
    if (text.length > MAX_ANSWER) return void report('code webhook answer too large');
    const a = JSON.parse(text) as Record<string, unknown>;
    if (typeof a.code !== 'string' || !CODE_PATTERN.test(a.code))
      return void report('code webhook answered no usable code (3 to 64 letters, digits, - or _)');
    const end = typeof a.expiresAt === 'string' ? Date.parse(a.expiresAt) : NaN;
    return {
      code: a.code,
      expiresAt: Number.isNaN(end) ? null : end,
      ...(typeof a.amount === 'number' && a.amount > 0 ? { amount: a.amount } : {}),
      ...(typeof a.currency === 'string' && /^[A-Z]{3}$/.test(a.currency) ? { currency: a.currency } : {}),
    };
  } catch (err) {
    report(`code webhook failed: ${(err as Error).message}`);
    return undefined;
  }
}
