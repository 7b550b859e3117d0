// The signed code webhook against the documented example receiver (examples/code-webhook.mjs) on 127.0.0.1.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { controlSqlBackends } from '../../../../test/support/engines/control-sql.js';
import type { SqlFactory } from '../store/sql/sql.contract.js';
import { Rewards } from './rewards.js';
import { signature, signedHeaders } from '../webhook-sign.js';

type Example = {
  verify(secret: string, timestamp: unknown, body: string, sig: unknown, now?: number): boolean;
  receiver(secret: string, make: (claim: Record<string, unknown>) => unknown): Server;
};
const example = (): Promise<Example> =>
  import(pathToFileURL(join(import.meta.dirname, '../../examples/code-webhook.mjs')).href) as Promise<Example>;

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  open.push({ close: () => new Promise((r) => server.close(r)) });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/codes`;
}

// The webhook's code is recorded with the same conditional insert as a pool code: checked on both control databases.
const backends = controlSqlBackends();

async function rewards(openDb: SqlFactory, config?: { code: string }) {
  const db = await openDb();
  open.push(db);
  const logged: string[] = [];
  const widgets = [{ id: 'w', type: 'coupon-popup', props: config ?? {} }];
  const r = new Rewards(db.sql, {
    config: () => ({ schema: 1, site: 's', version: 1, widgets, experiments: [] }) as never,
    log: (m) => logged.push(m),
  });
  return { r, logged };
}

describe('signed code webhook', () => {
  it('signs timestamp.body with HMAC-SHA256 the way the example receiver checks it', async () => {
    const { verify } = await example();
    const now = Date.UTC(2026, 11, 6, 12);
    const body = '{"type":"coupon.claim"}';
    const h = signedHeaders('whsec_x', body, now);
    expect(h['x-nudge-signature']).toBe(signature('whsec_x', now / 1000, body));
    expect(verify('whsec_x', h['x-nudge-timestamp'], body, h['x-nudge-signature'], now)).toBe(true);
    expect(verify('whsec_x', h['x-nudge-timestamp'], body + ' ', h['x-nudge-signature'], now)).toBe(false);
    expect(verify('whsec_y', h['x-nudge-timestamp'], body, h['x-nudge-signature'], now)).toBe(false);
    expect(verify('whsec_x', h['x-nudge-timestamp'], body, h['x-nudge-signature'], now + 301_000)).toBe(false);
  });
});

describe.each(backends)('code webhook claims on %s', { timeout: 30_000 }, (_name, openDb) => {
  it.skipIf(!openDb)(
    "issues the merchant's code when the pools are empty, once per visitor, and keeps the secret to itself",
    async () => {
      const { receiver } = await example();
      const { r } = await rewards(openDb!, { code: 'STATIC10' });
      const set = await r.setCodeWebhook('s', { url: 'http://127.0.0.1:9/none' });
      expect(set.secret).toMatch(/^whsec_/);
      const seen: Record<string, unknown>[] = [];
      const url = await listen(
        receiver(set.secret!, (claim) => {
          seen.push(claim);
          return { code: `SHOP-${seen.length}`, expiresAt: '2027-01-31T00:00:00Z', amount: 15 };
        }),
      );
      const moved = await r.setCodeWebhook('s', { url });
      expect(moved).not.toHaveProperty('secret'); // the URL changed, the secret stays
      expect(JSON.stringify(await r.settings('s'))).not.toContain(set.secret!);
      const got = await r.claim({ site: 's', widget: 'w', anonymousId: 'v1', userId: 'u1' });
      expect(got).toEqual({ code: 'SHOP-1', expiresAt: Date.parse('2027-01-31T00:00:00Z'), source: 'webhook' });
      expect(await r.claim({ site: 's', widget: 'w', anonymousId: 'v1' })).toEqual(got);
      expect(seen).toEqual([{ type: 'coupon.claim', site: 's', widget: 'w', anonymousId: 'v1', userId: 'u1' }]);
    },
  );

  it.skipIf(!openDb)(
    'falls back to the static code when the receiver refuses, answers rubbish or is too slow',
    async () => {
      const { receiver } = await example();
      const { r, logged } = await rewards(openDb!, { code: 'STATIC10' });
      // signed with another secret: the receiver answers 401
      const wrong = await listen(receiver('whsec_other', () => ({ code: 'NEVER-1' })));
      await r.setCodeWebhook('s', { url: wrong, secret: 'whsec_mine' });
      expect(await r.claim({ site: 's', widget: 'w', anonymousId: 'a' })).toMatchObject({ source: 'static' });
      const rubbish = await listen(receiver('whsec_mine', () => ({ code: 'no spaces allowed' })));
      await r.setCodeWebhook('s', { url: rubbish, secret: 'whsec_mine' });
      expect(await r.claim({ site: 's', widget: 'w', anonymousId: 'b' })).toMatchObject({ code: 'STATIC10' });
      const slow = await listen(
        receiver('whsec_mine', () => new Promise((done) => setTimeout(() => done({ code: 'LATE-1' }), 1000))),
      );
      await r.setCodeWebhook('s', { url: slow, secret: 'whsec_mine', timeoutMs: 100 });
      expect(await r.claim({ site: 's', widget: 'w', anonymousId: 'c' })).toMatchObject({ code: 'STATIC10' });
      expect(logged).toEqual([
        '[nudge-server] site s: code webhook answered 401',
        '[nudge-server] site s: code webhook answered no usable code (3 to 64 letters, digits, - or _)',
        '[nudge-server] site s: code webhook failed: The operation was aborted due to timeout',
      ]);
    },
  );
});
