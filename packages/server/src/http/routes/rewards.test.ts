// POST /v1/coupons/claim and the coupon-pool admin routes on a real server: validation, CORS, fallbacks, redemption.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { beforeAll, describe, expect, it } from 'vitest';
import { envelope } from '../../testing.js';
import { ORIGIN, admin, post, s, useServer } from './test-server.js';

useServer();

/** The coupon popups the claims below name: a claim is only answered for a popup of the published config. */
const POPUPS = ['popup-a', 'popup-r', 'popup-g', 'popup-bare', 'thanks'];
beforeAll(async () => {
  const widgets = POPUPS.map((id) => ({ id, type: 'coupon-popup', enabled: true, props: { amount: 10 } }));
  const config = { schema: 1, site: 'shop', version: 1, widgets, experiments: [] };
  expect((await admin.post('/sites/shop/config', { config })).status).toBe(200);
});

const claim = (body: unknown, origin = ORIGIN) => post('/v1/coupons/claim', body, { origin });

describe('POST /v1/coupons/claim', () => {
  it('refuses bad input with the field path, an unknown site, and an origin the site does not allow', async () => {
    const bad = await claim({ site: 'shop', widget: 'w', anonymousId: '' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid_claim', issues: [{ path: 'anonymousId' }] });
    expect((await claim('not json')).status).toBe(400);
    expect((await claim({ site: 'nope', widget: 'w', anonymousId: 'a' })).status).toBe(404);
    const foreign = await claim({ site: 'shop', widget: 'w', anonymousId: 'a' }, 'https://evil.example');
    expect(foreign.status).toBe(403);
    const pre = await fetch(`${s.url}/v1/coupons/claim`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });

  it('answers 410 pool_empty when a popup of the config has no pool, webhook or static code', async () => {
    const r = await claim({ site: 'shop', widget: 'popup-bare', anonymousId: 'a' });
    expect(r.status).toBe(410);
    expect(await r.json()).toMatchObject({ reason: 'pool_empty' });
  });

  it('answers 404 with the path for a widget the published config has no coupon popup for', async () => {
    for (const widget of ['nothing-here', 'welcome-coupon']) {
      const r = await claim({ site: 'shop', widget, anonymousId: 'a' });
      expect(r.status).toBe(404);
      expect(r.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      expect(await r.json()).toMatchObject({ error: 'unknown_widget', path: 'widget', issues: [{ path: 'widget' }] });
    }
    // a widget of another type (the demo site's stock banner) is not a coupon popup either
    const demo = await post('/v1/coupons/claim', { site: 'demo', widget: 'stock', anonymousId: 'a' });
    expect([demo.status, ((await demo.json()) as { error: string }).error]).toEqual([404, 'unknown_widget']);
    // that site's own popup is answered (its static code here)
    const ok = await post('/v1/coupons/claim', { site: 'demo', widget: 'welcome-coupon', anonymousId: 'a' });
    expect(ok.status).toBe(200);
  });

  it('issues one pool code per visitor, the same again, and rate limits a visitor who keeps asking', async () => {
    const made = await admin.post('/sites/shop/coupon-pools', {
      id: 'welcome',
      widget: 'popup-a',
      kind: 'generated',
      prefix: 'HI-',
      length: 8,
      count: 3,
      validDays: 30,
    });
    expect(made.status).toBe(201);
    expect(made.body.pool).toMatchObject({ id: 'welcome', total: 3, remaining: 3 });
    expect((await admin.post('/sites/shop/coupon-pools', { id: 'welcome', kind: 'generated' })).status).toBe(409);
    const r = await claim({ site: 'shop', widget: 'popup-a', anonymousId: 'v1' });
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const got = (await r.json()) as { code: string; expiresAt: string; source: string };
    expect(got).toMatchObject({ source: 'pool', code: expect.stringMatching(/^HI-[A-Z2-9]{8}$/) });
    expect(Date.parse(got.expiresAt)).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const again = await claim({ site: 'shop', widget: 'popup-a', anonymousId: 'v1' });
      statuses.push(again.status);
      if (again.status === 200) expect(((await again.json()) as { code: string }).code).toBe(got.code);
    }
    expect(statuses).toContain(429);
    expect((await admin.get('/sites/shop/coupon-pools')).body.pools[0]).toMatchObject({ issued: 1, remaining: 2 });
  });

  it("next-order coupon: published for its widget (not the pool), 204 until the buyer's purchase binds a code", async () => {
    await admin.post('/sites/shop/coupon-pools', {
      id: 'next',
      widget: 'thanks',
      kind: 'generated',
      prefix: 'NX-',
      count: 2,
    });
    const set = await admin.patch('/sites/shop/reward-settings', {
      nextOrder: { widget: 'thanks', pool: 'next', minOrder: 50 },
    });
    expect(set.status).toBe(200);
    const config = await (await fetch(`${s.url}/v1/config/shop`)).text();
    expect(JSON.parse(config).nextOrder).toEqual({ widget: 'thanks', minOrder: 50 });
    const withOffer = JSON.parse(config) as Record<string, unknown>;
    expect(config).not.toContain('"next"');
    const ask = (anonymousId: string) => claim({ site: 'shop', widget: 'thanks', anonymousId });
    const before = await ask('buyer-n');
    expect([before.status, await before.text()]).toEqual([204, '']);
    const buy = (id: string, value: number, anonymousId: string) =>
      envelope('purchase', { transaction_id: id, currency: 'USD', value, items: [] }, { anonymousId });
    const events = [buy('T-N1', 80, 'buyer-n'), buy('T-N2', 20, 'small-n')];
    expect((await post('/v1/events', { site: 'shop', sentAt: Date.now(), events }, { origin: ORIGIN })).status).toBe(
      200,
    );
    let got: Response | undefined;
    for (let i = 0; i < 100 && got?.status !== 200; i++) {
      if (i) await new Promise((done) => setTimeout(done, 50));
      got = await ask('buyer-n');
    }
    expect(((await got!.json()) as { code: string }).code).toMatch(/^NX-/);
    expect((await ask('small-n')).status).toBe(204); // below the minimum: none
    expect((await ask('nobody')).status).toBe(204);
    await admin.patch('/sites/shop/reward-settings', { nextOrder: null });
    expect(JSON.parse(await (await fetch(`${s.url}/v1/config/shop`)).text()).nextOrder).toBeUndefined();
    // the copy from before, published again (no baseVersion), cannot bring back what the settings ended
    const again = await admin.post('/sites/shop/config', { config: withOffer });
    expect(again.status).toBe(200);
    expect(JSON.parse(await (await fetch(`${s.url}/v1/config/shop`)).text()).nextOrder).toBeUndefined();
    // nor can a document that sets a server key by hand
    await admin.post('/sites/shop/config', { config: { ...withOffer, leadDelivery: true } });
    expect(JSON.parse(await (await fetch(`${s.url}/v1/config/shop`)).text()).leadDelivery).toBeUndefined();
  });

  it('next-order coupon: only a coupon popup of the config may show it, and its pool must exist (400 with the path)', async () => {
    const widgets = [
      { id: 'pop', type: 'coupon-popup', enabled: true, props: { amount: 10 } },
      { id: 'stock', type: 'stock-banner', enabled: true, props: {} },
    ];
    expect((await admin.post('/sites', { id: 'm8', allowedOrigins: [ORIGIN] })).status).toBe(201);
    const config = { schema: 1, site: 'm8', version: 1, widgets, experiments: [] };
    expect((await admin.post('/sites/m8/config', { config })).status).toBe(200);
    expect((await admin.post('/sites/m8/coupon-pools', { id: 'nx', kind: 'generated', count: 1 })).status).toBe(201);
    const set = (nextOrder: unknown) => admin.patch('/sites/m8/reward-settings', { nextOrder });
    const banner = await set({ widget: 'stock', pool: 'nx' });
    expect([banner.status, banner.body.issues]).toEqual([
      400,
      [
        {
          path: 'nextOrder.widget',
          code: 'not_coupon_popup',
          message: '"stock" is a stock-banner: only a coupon popup shows a code',
        },
      ],
    ]);
    expect((await set({ widget: 'nope', pool: 'nx' })).body.issues[0]).toMatchObject({
      path: 'nextOrder.widget',
      code: 'unknown_widget',
    });
    expect((await set({ widget: 'pop', pool: 'gone' })).body.issues[0]).toMatchObject({
      path: 'nextOrder.pool',
      code: 'unknown_pool',
    });
    expect((await admin.get('/sites/m8/reward-settings')).body.nextOrder).toBeNull();
    const ok = await set({ widget: 'pop', pool: 'nx', capPerAddressPerDay: 2 });
    expect([ok.status, ok.body.nextOrder]).toEqual([200, { widget: 'pop', pool: 'nx', capPerAddressPerDay: 2 }]);
    expect((await set({ widget: 'pop', pool: 'nx', capPerSitePerHour: -1 })).body.issues[0].path).toBe(
      'nextOrder.capPerSitePerHour',
    );
  });

  it('next-order coupon: the (cap+1)-th made-up purchase from one address binds no code; the report counts it', async () => {
    expect((await admin.post('/sites', { id: 'h4', allowedOrigins: [ORIGIN] })).status).toBe(201);
    const widgets = [{ id: 'thanks', type: 'coupon-popup', enabled: true, props: { amount: 10 } }];
    expect(
      (
        await admin.post('/sites/h4/config', {
          config: { schema: 1, site: 'h4', version: 1, widgets, experiments: [] },
        })
      ).status,
    ).toBe(200);
    await admin.post('/sites/h4/coupon-pools', { id: 'nx', kind: 'generated', prefix: 'NX-', count: 10 });
    const cap = 2;
    expect(
      (
        await admin.patch('/sites/h4/reward-settings', {
          nextOrder: { widget: 'thanks', pool: 'nx', capPerAddressPerDay: cap },
        })
      ).status,
    ).toBe(200);
    const report = async () => (await admin.get('/sites/h4/coupon-report')).body.nextOrder[0];
    const codes: (string | undefined)[] = [];
    for (let i = 0; i <= cap; i++) {
      const anonymousId = `fake-${i}`;
      const events = [
        envelope('purchase', { transaction_id: `F-${i}`, currency: 'USD', value: 9999, items: [] }, { anonymousId }),
      ];
      const sent = await post('/v1/events', { site: 'h4', sentAt: Date.now(), events }, { origin: ORIGIN });
      expect((await sent.json()) as unknown).toEqual({ accepted: 1, rejected: [] });
      // the binding runs after the events are stored: wait until it is bound or refused
      for (let t = 0; t < 100; t++) {
        const r = await report();
        if (r && r.bound + (r.refused.address ?? 0) > i) break;
        await new Promise((done) => setTimeout(done, 50));
      }
      const got = await claim({ site: 'h4', widget: 'thanks', anonymousId });
      codes.push(got.status === 200 ? ((await got.json()) as { code: string }).code : undefined);
    }
    expect(codes.slice(0, cap)).toEqual([expect.stringMatching(/^NX-/), expect.stringMatching(/^NX-/)]);
    expect(codes[cap]).toBeUndefined();
    expect(await report()).toMatchObject({ widget: 'thanks', bound: cap, shown: cap, refused: { address: 1 } });
  });

  it('imports codes from CSV, naming a bad line', async () => {
    expect(
      (await admin.post('/sites/shop/coupon-pools', { id: 'imp', kind: 'imported', count: 5 })).body.issues,
    ).toEqual([{ path: 'count', message: 'an imported pool gets its codes from a CSV import, not count' }]);
    expect((await admin.post('/sites/shop/coupon-pools', { id: 'imp', kind: 'imported', widget: 'b' })).status).toBe(
      201,
    );
    const bad = await admin.post('/sites/shop/coupon-pools/imp/import', { csv: 'code\nOK-1\nno good\n' });
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual([{ path: 'csv.3', message: 'a code is 3 to 64 letters, digits, - or _' }]);
    const ok = await admin.post('/sites/shop/coupon-pools/imp/import', { csv: 'code\nOK-1\nOK-2\n' });
    expect(ok.body).toEqual({ added: 2, skipped: 0 });
    expect((await admin.post('/sites/shop/coupon-pools/nope/import', { csv: 'A-1' })).status).toBe(404);
    expect((await admin.post('/sites/shop/coupon-pools/imp/codes', { count: 3 })).status).toBe(404);
  });

  it('refuses a pool bound to a variant the config does not have, naming the field', async () => {
    const paths = async (body: Record<string, unknown>) => {
      const r = await admin.post('/sites/shop/coupon-pools', { id: 'bound', kind: 'generated', count: 1, ...body });
      return [r.status, (r.body.issues as { path: string }[]).map((i) => i.path)];
    };
    expect(await paths({ widget: 'popup-a', variant: 'b' })).toEqual([400, ['experiment']]);
    expect(await paths({ widget: 'popup-a', experiment: 'x' })).toEqual([400, ['variant']]);
    expect(await paths({ experiment: 'x', variant: 'b' })).toEqual([400, ['widget']]);
    expect(await paths({ widget: 'popup-a', experiment: 'x', variant: 'b' })).toEqual([400, ['experiment']]);
    expect((await admin.get('/sites/shop/coupon-pools')).body.pools.some((p: { id: string }) => p.id === 'bound')).toBe(
      false,
    );
  });

  it('claim -> purchase with the code -> redeemed once in the report, discount and net revenue to the cent', async () => {
    await admin.post('/sites/shop/coupon-pools', {
      id: 'ten',
      widget: 'popup-r',
      kind: 'generated',
      count: 2,
      amount: 10.05,
      currency: 'USD',
    });
    const { code } = (await (await claim({ site: 'shop', widget: 'popup-r', anonymousId: 'buyer' })).json()) as {
      code: string;
    };
    const items = [{ item_id: 'sku', price: 64.995, quantity: 2 }];
    const buy = envelope(
      'purchase',
      { transaction_id: 'T-9', currency: 'USD', value: 129.99, coupon: code, items },
      { anonymousId: 'buyer' },
    );
    for (let i = 0; i < 2; i++) {
      const r = await post('/v1/events', { site: 'shop', sentAt: Date.now(), events: [buy] }, { origin: ORIGIN });
      expect(r.status).toBe(200);
    }
    let row: Record<string, unknown> | undefined;
    for (let i = 0; i < 100 && !row?.redeemed; i++) {
      if (i) await new Promise((r) => setTimeout(r, 50));
      const rep = await admin.get('/sites/shop/coupon-report');
      row = rep.body.widgets.find((w: { widget: string }) => w.widget === 'popup-r');
    }
    expect(row).toMatchObject({
      claimed: 1,
      redeemed: 1,
      redemptionRate: 1,
      discount: 10.05,
      revenue: 129.99,
      netRevenue: 119.94,
      currency: 'USD',
    });
    expect((await admin.get('/sites/shop/coupon-report?from=x')).status).toBe(400);
  });

  it('keeps the code webhook secret on the server: refused URLs name the field, the secret is answered once', async () => {
    const bad = await admin.patch('/sites/shop/reward-settings', { codeWebhook: { url: 'http://example.com/x' } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toBe('codeWebhook.url');
    const set = await admin.patch('/sites/shop/reward-settings', {
      codeWebhook: { url: 'https://shop.example/nudge/codes', timeoutMs: 2000 },
    });
    expect(set.status).toBe(200);
    expect(set.body.secret).toMatch(/^whsec_/);
    const read = await admin.get('/sites/shop/reward-settings');
    expect(read.body).toEqual({
      codeWebhook: { url: 'https://shop.example/nudge/codes', timeoutMs: 2000, secretSet: true },
      referral: null,
      leads: null,
      nextOrder: null,
    });
    const served = await (await fetch(`${s.url}/v1/config/shop`)).text();
    expect(served).not.toContain(set.body.secret);
    expect(served).not.toContain('shop.example/nudge/codes');
    expect((await admin.patch('/sites/shop/reward-settings', { codeWebhook: null })).body).toEqual({
      codeWebhook: null,
      referral: null,
      leads: null,
      nextOrder: null,
    });
  });

  it('referral: a stable code and link per customer, rewards from ingested sign-ups, approve and reject', async () => {
    const none = await post('/v1/referrals/code', { site: 'shop', anonymousId: 'inv-a', userId: 'ann' });
    expect(none.status).toBe(404);
    const program = {
      currency: 'USD',
      stages: [{ stage: 'friend_signup', friend: 20, inviter: 20 }],
      onRule: 'hold',
    };
    const badProgram = await admin.patch('/sites/shop/reward-settings', {
      referral: { ...program, stages: [{ stage: 'nope' }] },
    });
    expect(badProgram.body.issues[0].path).toBe('referral.stages.0.stage');
    expect((await admin.patch('/sites/shop/reward-settings', { referral: program })).status).toBe(200);
    // the card's rewards come from the public config: amounts and rules, never the pool or the review settings
    const published = async () => JSON.parse(await (await fetch(`${s.url}/v1/config/shop`)).text()).referral;
    expect(await published()).toEqual({
      currency: 'USD',
      stages: [{ stage: 'friend_signup', friend: 20, inviter: 20 }],
    });
    const bad = await post('/v1/referrals/code', { site: 'shop', anonymousId: 'inv-a' }, { origin: ORIGIN });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { issues: { path: string }[] }).issues[0]!.path).toBe('userId');
    const r = await post(
      '/v1/referrals/code',
      { site: 'shop', anonymousId: 'inv-a', userId: 'ann' },
      { origin: ORIGIN },
    );
    expect(r.status).toBe(200);
    const mine = (await r.json()) as { code: string; url: string };
    expect(mine.url).toBe(`${ORIGIN}/?ref=${mine.code}`);
    const again = await post('/v1/referrals/code', { site: 'shop', anonymousId: 'x', userId: 'ann' });
    expect(await again.json()).toEqual(mine);
    // a second shop of the site: the link leads back to the shop the customer is on, not the first allowed origin
    const other = 'https://other-shop.test';
    expect((await admin.patch('/sites/shop', { allowedOrigins: [ORIGIN, other] })).status).toBe(200);
    const there = await post(
      '/v1/referrals/code',
      { site: 'shop', anonymousId: 'x', userId: 'ann' },
      { origin: other },
    );
    expect(await there.json()).toEqual({ code: mine.code, url: `${other}/?ref=${mine.code}` });
    const self = envelope(
      'sign_up',
      { method: 'email' },
      { anonymousId: 'inv-a', userId: 'ann-2', referral: mine.code },
    );
    const friend = envelope(
      'sign_up',
      { method: 'email' },
      { anonymousId: 'fr-a', userId: 'bob', referral: mine.code },
    );
    expect((await post('/v1/events', { site: 'shop', sentAt: Date.now(), events: [self, friend] })).status).toBe(200);
    let entries: { id: string; status: string; reason: string | null; friend: string }[] = [];
    for (let i = 0; i < 100 && entries.length < 4; i++) {
      if (i) await new Promise((done) => setTimeout(done, 50));
      entries = (await admin.get('/sites/shop/rewards')).body.entries;
    }
    expect(entries.map((e) => [e.friend, e.status, e.reason]).sort()).toEqual([
      ['u:ann-2', 'pending', 'self_referral'],
      ['u:ann-2', 'pending', 'self_referral'],
      ['u:bob', 'approved', null],
      ['u:bob', 'approved', null],
    ]);
    const held = entries.filter((e) => e.status === 'pending');
    expect((await admin.get('/sites/shop/rewards?status=pending')).body.entries).toHaveLength(2);
    expect((await admin.get('/sites/shop/rewards?limit=0')).status).toBe(400);
    const path = (e: { id: string }, what: string) => `/sites/shop/rewards/${encodeURIComponent(e.id)}/${what}`;
    expect((await admin.post(path(held[0]!, 'approve'))).status).toBe(200);
    expect((await admin.post(path(held[0]!, 'approve'))).status).toBe(409);
    expect((await admin.post(path(held[1]!, 'reject'), {})).body.issues[0].path).toBe('reason');
    expect((await admin.post(path(held[1]!, 'reject'), { reason: 'same person' })).status).toBe(200);
    expect((await admin.post(path({ id: 'nope' }, 'approve'))).status).toBe(404);
    const after = (await admin.get('/sites/shop/rewards?person=u%3Aann-2')).body.entries;
    expect(after.map((e: { status: string }) => e.status).sort()).toEqual(['approved', 'rejected']);
    const changed = { ...program, pool: 'ref-pool', review: true, minOrder: 50, capPerInviterPerMonth: 200 };
    expect((await admin.patch('/sites/shop/reward-settings', { referral: changed })).status).toBe(200);
    expect(await published()).toEqual({ ...program, onRule: undefined, minOrder: 50, capPerInviterPerMonth: 200 });
    expect((await admin.patch('/sites/shop/reward-settings', { referral: null })).status).toBe(200);
    expect(await published()).toBeUndefined();
  });

  it('leads: a webhook alone publishes no leadDelivery flag (the shopper gets no email); a generate_lead reaches the signed webhook', async () => {
    const flag = async () => JSON.parse(await (await fetch(`${s.url}/v1/config/shop`)).text()).leadDelivery;
    expect(await flag()).toBeUndefined();
    const got: { body: string; sig: string | undefined }[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        got.push({ body, sig: req.headers['x-nudge-signature'] as string | undefined });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`;
      const bad = await admin.patch('/sites/shop/reward-settings', { leads: { email: { host: 'x', port: 0 } } });
      expect(bad.body.issues.map((i: { path: string }) => i.path)).toEqual(['leads.email.port', 'leads.email.from']);
      const set = await admin.patch('/sites/shop/reward-settings', {
        leads: { webhook: { url, secret: 'whsec_test_secret_123' } },
      });
      expect(set.body.leads.webhook).toEqual({ url, timeoutMs: 5000, secretSet: true });
      expect(JSON.stringify(set.body)).not.toContain('whsec_test_secret_123');
      expect(await flag()).toBeUndefined(); // the merchant gets the lead; nothing promises the shopper an email
      const e = envelope('generate_lead', { email: 'ann@example.test', lead_source: 'coupon_popup' });
      expect((await post('/v1/events', { site: 'shop', sentAt: Date.now(), events: [e] })).status).toBe(200);
      let leads: { id: string; deliveries: { status: string }[] }[] = [];
      for (let i = 0; i < 100 && leads[0]?.deliveries[0]?.status !== 'delivered'; i++) {
        if (i) await new Promise((done) => setTimeout(done, 50));
        leads = (await admin.get('/sites/shop/leads')).body.leads;
      }
      expect(leads[0]).toMatchObject({ id: e.id, email: 'ann@example.test', deliveries: [{ status: 'delivered' }] });
      expect(got).toHaveLength(1);
      expect(got[0]!.sig).toMatch(/^v1=[0-9a-f]{64}$/);
      expect(JSON.parse(got[0]!.body)).toMatchObject({ type: 'lead.created', id: e.id, email: 'ann@example.test' });
      expect((await admin.post(`/sites/shop/leads/${e.id}/retry`)).status).toBe(404);
      await admin.patch('/sites/shop/reward-settings', { leads: { webhook: null } });
    } finally {
      await new Promise((r) => receiver.close(r));
    }
  });

  it('double opt-in: the emailed link shows a confirm button (strict CSP); pressing it confirms the lead', async () => {
    const mails: string[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, done) {
        let text = '';
        stream.on('data', (c: Buffer) => (text += c.toString('utf8')));
        stream.on('end', () => (mails.push(text), done()));
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    try {
      const refused = await admin.patch('/sites/shop/reward-settings', {
        leads: { doubleOptIn: { serverUrl: s.url } },
      });
      expect([refused.status, refused.body.issues]).toEqual([
        400,
        [
          {
            path: 'leads.doubleOptIn',
            code: 'needs_email',
            message: 'needs leads.email (an SMTP server) for the confirmation link',
          },
        ],
      ]);
      const port = (smtp.server.address() as AddressInfo).port;
      const set = await admin.patch('/sites/shop/reward-settings', {
        leads: { email: { host: '127.0.0.1', port, from: 'shop@example.test' }, doubleOptIn: { serverUrl: s.url } },
      });
      expect(set.body.leads.doubleOptIn).toEqual({ serverUrl: s.url });
      const e = envelope('generate_lead', { email: 'mei@example.test', lead_source: 'coupon_popup' });
      expect((await post('/v1/events', { site: 'shop', sentAt: Date.now(), events: [e] })).status).toBe(200);
      for (let i = 0; i < 100 && !mails.length; i++) await new Promise((done) => setTimeout(done, 50));
      const text = mails[0]!
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
      const link = /http:\/\/127\.0\.0\.1:\d+\/v1\/leads\/confirm\?\S+/.exec(text)![0];
      const shown = await fetch(link);
      expect(shown.status).toBe(200);
      expect(shown.headers.get('content-security-policy')).toContain("default-src 'none'");
      const html = await shown.text();
      expect(html).toContain('<button type="submit">Confirm my email address</button>');
      const lead = async () =>
        ((await admin.get('/sites/shop/leads')).body.leads as { id: string; confirmed: boolean }[]).find(
          (l) => l.id === e.id,
        );
      expect(await lead()).toMatchObject({ confirmed: false }); // opening the link alone confirms nothing
      const form = new URLSearchParams({
        site: new URL(link).searchParams.get('site')!,
        token: new URL(link).searchParams.get('token')!,
      });
      const pressed = await fetch(`${s.url}/v1/leads/confirm`, { method: 'POST', body: form });
      expect([pressed.status, await pressed.text()]).toEqual([200, expect.stringContaining('is confirmed')]);
      expect(await lead()).toMatchObject({ confirmed: true });
      for (let i = 0; i < 100 && mails.length < 2; i++) await new Promise((done) => setTimeout(done, 50));
      expect(mails[1]).toContain('Thanks for signing up');
      form.set('token', 'x'.repeat(24));
      const bogus = await fetch(`${s.url}/v1/leads/confirm`, { method: 'POST', body: form });
      expect(bogus.status).toBe(404);
      const bad = await fetch(`${s.url}/v1/leads/confirm?site=shop&token=%3Cscript%3E`);
      expect(bad.status).toBe(400);
      await admin.patch('/sites/shop/reward-settings', { leads: { email: null } });
    } finally {
      await new Promise((r) => smtp.close(() => r(undefined)));
    }
  });

  it('visitors: export and delete what rewards keep about a visitor', async () => {
    await admin.post('/sites/shop/coupon-pools', { id: 'gdpr', widget: 'popup-g', kind: 'generated', count: 1 });
    await claim({ site: 'shop', widget: 'popup-g', anonymousId: 'gdpr-v', userId: 'gdpr-u' });
    const seen = envelope('page_view', {}, { anonymousId: 'gdpr-v', userId: 'gdpr-u' });
    expect((await post('/v1/events', { site: 'shop', sentAt: Date.now(), events: [seen] })).status).toBe(200);
    const out = await admin.get('/sites/shop/visitors/gdpr-u');
    expect(out.status).toBe(200);
    expect(out.body.claims).toEqual([expect.objectContaining({ visitor: 'gdpr-v', user_id: 'gdpr-u' })]);
    // the event store's side: an acknowledged event is stored, so it is in the export, and gone after the delete
    expect(out.body.events).toEqual([expect.objectContaining({ anonymousId: 'gdpr-v', userId: 'gdpr-u' })]);
    const del = await fetch(`${s.url}/v1/admin/sites/shop/visitors/gdpr-v`, {
      method: 'DELETE',
      headers: { authorization: 'Bearer test-token' },
    });
    expect(((await del.json()) as { removed: { claims: number; events: number } }).removed).toMatchObject({
      claims: 1,
      events: 1,
    });
    expect((await admin.get('/sites/shop/visitors/gdpr-u')).body).toMatchObject({ claims: [], events: [] });
    expect(
      (await admin.get('/sites/shop/coupon-pools')).body.pools.find((p: { id: string }) => p.id === 'gdpr'),
    ).toMatchObject({
      issued: 1,
    });
  });
});
