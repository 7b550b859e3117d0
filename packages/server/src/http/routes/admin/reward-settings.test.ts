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

it('takes SMTP settings without a port: 587, or 465 with TLS from the start, stored and answered', async () => {
  const email = { host: 'smtp.shop.example', from: 'Shop <hi@shop.example>' };
  const plain = await patch({ leads: { email } });
  expect([plain.status, plain.body.leads.email]).toMatchObject([200, { ...email, port: 587, secure: false }]);
  const tls = await patch({ leads: { email: { ...email, secure: true } } });
  expect([tls.status, tls.body.leads.email]).toMatchObject([200, { port: 465, secure: true }]);
  // a port given is kept whatever `secure` says
  const own = await patch({ leads: { email: { ...email, port: 2525 } } });
  expect((await admin.get('/sites/shop/reward-settings')).body.leads.email).toMatchObject({ port: 2525 });
  expect(own.status).toBe(200);
  expect((await patch({ leads: { email: null } })).status).toBe(200);
});
