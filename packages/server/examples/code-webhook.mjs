// A small receiver for Nudge's signed code webhook: checks the signature and the time, then answers a fresh code.
// Run: NUDGE_WEBHOOK_SECRET=whsec_... node examples/code-webhook.mjs 8788
// In a real shop, `makeCode` creates the discount in the shop first (Shopify Admin API `discountCodeBasicCreate`,
// WooCommerce `POST /wp-json/wc/v3/coupons`) and answers its code, so the checkout accepts it.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';

/** Older (or newer) requests than this are refused: a captured request cannot be replayed later. */
const TOLERANCE_S = 300;

/** True when `signature` (X-Nudge-Signature) is HMAC-SHA256 of "<timestamp>.<body>" with `secret`, sent recently. */
export function verify(secret, timestamp, body, signature, now = Date.now()) {
  const t = Number(timestamp);
  if (!Number.isInteger(t) || Math.abs(now / 1000 - t) > TOLERANCE_S) return false;
  const want = Buffer.from(`v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`);
  const got = Buffer.from(String(signature ?? ''));
  return got.length === want.length && timingSafeEqual(got, want);
}

/** An HTTP server answering signed claims with `makeCode(claim)` -> { code, expiresAt?, amount?, currency? }. */
export function receiver(secret, makeCode) {
  return createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (!verify(secret, req.headers['x-nudge-timestamp'], body, req.headers['x-nudge-signature'])) {
        res.writeHead(401).end();
        return;
      }
      try {
        const answer = await makeCode(JSON.parse(body));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      } catch {
        res.writeHead(500).end();
      }
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const secret = process.env.NUDGE_WEBHOOK_SECRET;
  if (!secret) throw new Error('set NUDGE_WEBHOOK_SECRET to the secret the admin API gave');
  const port = Number(process.argv[2] ?? 8788);
  receiver(secret, (claim) => {
    const code = `SHOP-${randomBytes(5).toString('hex').toUpperCase()}`;
    console.log(`claim for ${claim.site}/${claim.widget} by ${claim.anonymousId}: ${code}`);
    return { code, expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() };
  }).listen(port, '127.0.0.1', () => console.log(`code webhook on http://127.0.0.1:${port}/`));
}
