// PATCH /v1/admin/sites/:site/reward-settings on a real server: each refused field answered by its path and a code from
// the documented list (with its bounds), so a client words it in its own language.
import { expect, it } from 'vitest';
import { admin, useServer } from '../test-server.js';

useServer();

const patch = (body: unknown) => admin.patch('/sites/shop/reward-settings', body);

it('answers each bad field with its path and a documented code, not zod’s words', async () => {
  const r = await patch({
    codeWebhook: { url: 'javascript:alert(1)', secret: 'short', timeoutMs: 50.5 },
    leads: { email: { host: '', port: 70_000, from: 'x' }, retentionDays: 0 },
    referral: {
      stages: [
        { stage: 'friend_signup', friend: -1 },
        { stage: 'friend_signup', inviter: 1 },
      ],
      currency: 'usd',
      onRule: 'maybe',
    },
    nextOrder: { widget: 'w', pool: '', capPerSitePerHour: 'many' },
  });
  expect(r.status).toBe(400);
  expect(r.body.error).toBe('invalid_settings');
  const byPath = Object.fromEntries(
    (r.body.issues as { path: string; code: string }[]).map(({ path, code, ...rest }) => [
      path,
      { code, ...('min' in rest ? { min: rest.min } : {}), ...('max' in rest ? { max: rest.max } : {}) },
    ]),
  );
  expect(byPath).toEqual({
    'codeWebhook.url': { code: 'bad_url' },
    'codeWebhook.secret': { code: 'too_short', min: 16 },
    'codeWebhook.timeoutMs': { code: 'not_whole' },
    'leads.email.host': { code: 'required' },
    'leads.email.port': { code: 'too_big', max: 65_535 },
    'leads.email.from': { code: 'too_short', min: 3 },
    'leads.retentionDays': { code: 'too_small', min: 1 },
    'referral.stages.0.friend': { code: 'too_small', min: 0 },
    'referral.stages': { code: 'duplicate' },
    'referral.currency': { code: 'bad_currency' },
    'referral.onRule': { code: 'not_one_of' },
    'nextOrder.pool': { code: 'required' },
    'nextOrder.capPerSitePerHour': { code: 'not_number' },
  });
  // every issue keeps its English message for API users
  for (const i of r.body.issues as { message: string }[]) expect(i.message).toMatch(/\w/);
  expect(
    (r.body.issues as { path: string; values?: string[] }[]).find((i) => i.path === 'referral.onRule')?.values,
  ).toEqual(['reject', 'hold']);
  // a missing field is "required"; nothing was stored
  const missing = await patch({ codeWebhook: {} });
  expect(missing.body.issues).toEqual([{ path: 'codeWebhook.url', code: 'required', message: expect.any(String) }]);
  expect((await admin.get('/sites/shop/reward-settings')).body.codeWebhook).toBeNull();
});

it('takes SMTP settings without a port: kept absent, so the port follows `secure` when sending (587, else 465)', async () => {
  const email = { host: 'smtp.shop.example', from: 'Shop <hi@shop.example>' };
  const plain = await patch({ leads: { email } });
  expect([plain.status, plain.body.leads.email]).toMatchObject([200, { ...email, secure: false }]);
  expect(plain.body.leads.email.port).toBeUndefined();
  // ticking TLS from the start later does not leave a STARTTLS port behind
  const tls = await patch({ leads: { email: { ...email, secure: true } } });
  expect([tls.status, tls.body.leads.email]).toMatchObject([200, { secure: true }]);
  expect(tls.body.leads.email.port).toBeUndefined();
  // a port given is kept whatever `secure` says
  const own = await patch({ leads: { email: { ...email, port: 2525 } } });
  expect((await admin.get('/sites/shop/reward-settings')).body.leads.email).toMatchObject({ port: 2525 });
  expect(own.status).toBe(200);
  expect((await patch({ leads: { email: null } })).status).toBe(200);
});

it('publishes the config only when the next-order coupon or referral program changes what it shows', async () => {
  const widgets = [{ id: 'thanks', type: 'coupon-popup', enabled: true, props: { amount: 10 } }];
  expect((await admin.post('/sites/shop/config', { config: { schema: 1, widgets, experiments: [] } })).status).toBe(
    200,
  );
  expect((await admin.post('/sites/shop/coupon-pools', { id: 'nx', kind: 'generated', count: 1 })).status).toBe(201);
  const version = async () => (await admin.get('/sites/shop/config')).body.version as number;
  const v0 = await version();
  // none stored, none asked (the console's Widget "none" with a minimum typed): nothing to publish
  expect((await patch({ nextOrder: null })).status).toBe(200);
  expect(await version()).toBe(v0);
  expect((await patch({ nextOrder: { widget: 'thanks', pool: 'nx', minOrder: 40 } })).status).toBe(200);
  expect(await version()).toBe(v0 + 1);
  expect((await admin.get('/sites/shop/config')).body.config.nextOrder).toEqual({ widget: 'thanks', minOrder: 40 });
  // the same again, or only what the config never shows (the caps, the pool): stored, not published
  expect((await patch({ nextOrder: { widget: 'thanks', pool: 'nx', minOrder: 40 } })).status).toBe(200);
  const caps = await patch({ nextOrder: { widget: 'thanks', pool: 'nx', minOrder: 40, capPerAddressPerDay: 1 } });
  expect(caps.body.nextOrder).toMatchObject({ capPerAddressPerDay: 1 });
  expect(await version()).toBe(v0 + 1);
  expect((await patch({ nextOrder: null })).status).toBe(200);
  expect(await version()).toBe(v0 + 2);
  expect((await admin.get('/sites/shop/config')).body.config.nextOrder).toBeUndefined();
  // the referral program: ending one that does not run publishes nothing; the same program twice publishes once
  expect((await patch({ referral: null })).status).toBe(200);
  expect(await version()).toBe(v0 + 2);
  const program = { stages: [{ stage: 'friend_first_order', inviter: 50 }], currency: 'USD' };
  expect((await patch({ referral: program })).status).toBe(200);
  expect((await patch({ referral: { ...program, review: true } })).status).toBe(200);
  expect(await version()).toBe(v0 + 3);
  const history = (await admin.get('/sites/shop/config/history')).body.history as { action: { note?: string } }[];
  expect(history.map((h) => h.action.note).filter((n) => /referral|next-order/.test(n ?? ''))).toEqual([
    'referral rewards published',
    'next-order coupon removed',
    'next-order coupon published',
  ]);
});

it('answers a new lead webhook secret once, also when the same request sets the code webhook', async () => {
  const r = await patch({
    leads: { webhook: { url: 'https://shop.example/nudge/leads' } },
    codeWebhook: { url: 'https://shop.example/nudge/codes' },
  });
  expect(r.status).toBe(200);
  expect(r.body.leadSecret).toMatch(/^whsec_/);
  expect(r.body.secret).toMatch(/^whsec_/);
  expect(r.body.secret).not.toBe(r.body.leadSecret);
  expect((await admin.get('/sites/shop/reward-settings')).body.leadSecret).toBeUndefined();
});
