// Daily and weekly summaries over the real server: a person opts in for a site in their own settings; one run sends
// each period's summary once, by email (smtp-server) and by a signed webhook, with the previous period beside it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../server.js';
import { adminClient, envelope, readMail } from '../../../testing.js';

let s: RunningServer;
let admin: ReturnType<typeof adminClient>;
let smtp: SMTPServer;
let hook: Server;
let hookUrl = '';
const mails: { to: string[]; text: string; raw: string }[] = [];
const hooks: { body: string; timestamp: unknown; signature: unknown }[] = [];
const D = (day: number, h = 12) => Date.UTC(2026, 10, day, h);
const verifyOf = async () =>
  (
    (await import(pathToFileURL(join(import.meta.dirname, '../../../../examples/code-webhook.mjs')).href)) as {
      verify(secret: string, timestamp: unknown, body: string, sig: unknown, now?: number): boolean;
    }
  ).verify;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, done) {
      let text = '';
      stream.on('data', (c: Buffer) => (text += c.toString('utf8')));
      stream.on('end', () => {
        // the body as a mail reader shows it (nodemailer sends long lines quoted-printable)
        const shown = text
          .replace(/=\r?\n/g, '')
          .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), text: shown, raw: text });
        done();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      hooks.push({ body, timestamp: req.headers['x-nudge-timestamp'], signature: req.headers['x-nudge-signature'] });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/summaries`;
  s = await startServer({
    port: 0,
    data: ':memory:',
    adminToken: 'test-token',
    log: () => {},
    alertsIntervalMs: 0,
    rateLimit: { perAddress: { rate: 1000, burst: 1000 } },
  });
  admin = adminClient(s.url, 'test-token');
  expect((await admin.post('/sites', { id: 'sum', allowedOrigins: [] })).status).toBe(201);
  const email = {
    host: '127.0.0.1',
    port: (smtp.server.address() as AddressInfo).port,
    secure: false,
    from: 'nudge@shop.example',
  };
  expect((await admin.patch('/sites/sum/reward-settings', { leads: { email } })).status).toBe(200);
  const buy = (t: string, value: number) => ({ transaction_id: t, currency: 'USD', value, items: [] });
  const events = [
    // Sunday 1 November: one visitor, one order of 40; Monday 2 November: two visitors, one order of 100
    envelope('page_view', {}, { anonymousId: 'A', ts: D(1) }),
    envelope('purchase', buy('T0', 40), { anonymousId: 'A', ts: D(1, 13) }),
    envelope('page_view', {}, { anonymousId: 'B', ts: D(2) }),
    envelope('page_view', {}, { anonymousId: 'C', ts: D(2) }),
    envelope('purchase', buy('T1', 100), { anonymousId: 'C', ts: D(2, 13) }),
  ];
  const res = await fetch(`${s.url}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ site: 'sum', sentAt: Date.now(), events }),
  });
  expect(res.status).toBe(200);
});
afterAll(async () => {
  await s.close();
  await new Promise((r) => smtp.close(() => r(undefined)));
  hook.close();
});

let ann: Awaited<ReturnType<typeof person>>;

/** A signed-in person (invited by the admin token, password chosen): calls carry the cookie and the CSRF secret. */
async function person(email: string, role: string) {
  const inv = await admin.post('/users', { email, role });
  const token = new URL(inv.body.inviteUrl).searchParams.get('invite')!;
  let cookie = '';
  let csrf = '';
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${s.url}${path}`, {
      method,
      headers: {
        ...(cookie ? { cookie, 'x-nudge-csrf': csrf } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    cookie = res.headers.get('set-cookie')?.split(';')[0] ?? cookie;
    const json = (await res.json()) as any;
    if (json?.csrf) csrf = json.csrf;
    return { status: res.status, body: json };
  };
  expect((await call('POST', '/v1/auth/accept', { token, password: 'correct horse battery' })).status).toBe(200);
  return call;
}

describe('summaries', () => {
  it('a person opts in for themselves; bad settings are refused with the field path', async () => {
    ann = await person('ann@shop.example', 'admin');
    expect((await ann('GET', '/v1/admin/me/summaries')).body.settings).toEqual({
      email: false,
      webhook: null,
      sites: [],
    });
    const bad = await ann('PUT', '/v1/admin/me/summaries', {
      email: true,
      webhook: { url: 'http://evil.example/x' },
      sites: [{ site: 'nope', daily: true, weekly: false }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path)).toEqual(['webhook.url']);
    const unknown = await ann('PUT', '/v1/admin/me/summaries', {
      email: true,
      sites: [{ site: 'nope', daily: true, weekly: false }],
    });
    expect(unknown.body.issues.map((i: { path: string }) => i.path)).toEqual(['sites.0.site']);
    // the admin token is nobody: it has no summaries of its own
    expect((await admin.put('/me/summaries', { email: true, sites: [] })).body.error).toBe('not_a_person');
    // a viewer opts in too, but may not point the server's calls into this machine or a private network
    const cy = await person('cy@shop.example', 'viewer');
    const optIn = { email: true, sites: [{ site: 'sum', daily: true, weekly: false }] };
    for (const url of [hookUrl, 'https://10.0.0.7/hook', 'https://192.168.1.20/hook', 'https://[::1]/hook']) {
      const refused = await cy('PUT', '/v1/admin/me/summaries', { ...optIn, webhook: { url } });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ role: 'admin', issues: [{ path: 'webhook.url' }] });
    }
    expect(
      (await cy('PUT', '/v1/admin/me/summaries', { ...optIn, webhook: { url: 'https://hooks.example/s' } })).status,
    ).toBe(200);
    expect((await cy('PUT', '/v1/admin/me/summaries', { email: false, sites: [] })).status).toBe(200);
    const ok = await ann('PUT', '/v1/admin/me/summaries', {
      email: true,
      webhook: { url: hookUrl },
      sites: [{ site: 'sum', daily: true, weekly: true }],
    });
    expect(ok.status).toBe(200);
    expect(ok.body.secret).toMatch(/^whsec_/);
    expect(ok.body.settings.webhook).toEqual({ url: hookUrl, secretSet: true });
    expect(JSON.stringify((await ann('GET', '/v1/admin/me/summaries')).body)).not.toContain(ok.body.secret);
    (globalThis as { summarySecret?: string }).summarySecret = ok.body.secret;
  });

  it('sends the last day and week once, by email and signed webhook, with the period before beside them', async () => {
    const now = Date.UTC(2026, 10, 3, 6); // Tuesday 3 November, 06:00 UTC
    expect(await s.summaries.runOnce(now)).toEqual({ sent: 2, failed: 0 });
    // the same period again: nothing more, however often the schedule runs
    expect(await s.summaries.runOnce(now + 600_000)).toEqual({ sent: 0, failed: 0 });
    expect(mails).toHaveLength(2);
    const daily = mails.find((m) => m.text.includes('Daily summary'))!;
    expect(daily.to).toEqual(['ann@shop.example']);
    expect(daily.text).toContain('Subject: [Nudge] Daily summary for sum: 2026-11-02');
    expect(daily.text).toContain('Visitors: 2 (before: 1, +100.0%)');
    expect(daily.text).toContain('Orders: 1 (before: 1, +0.0%)');
    expect(daily.text).toContain('Returning visitors: 0 (before: 0, no change)');
    expect(daily.text).toContain('Revenue: 100 (before: 40, +150.0%)');
    expect(daily.text).toContain('Conversion rate: 50.00% (before: 100.00%, -50.0%)');
    const weekly = mails.find((m) => m.text.includes('Weekly summary'))!;
    // Monday 26 October to Sunday 1 November: the Sunday's visitor and order
    expect(weekly.text).toContain('week of 2026-10-26');
    expect(weekly.text).toContain('Visitors: 1 (before: 0, new)');
    const verify = await verifyOf();
    const secret = (globalThis as { summarySecret?: string }).summarySecret!;
    expect(hooks).toHaveLength(2);
    for (const h of hooks) expect(verify(secret, h.timestamp, h.body, h.signature)).toBe(true);
    const day = JSON.parse(hooks.find((h) => h.body.includes('summary.daily'))!.body);
    expect(day).toMatchObject({
      type: 'summary.daily',
      site: 'sum',
      period: { from: Date.UTC(2026, 10, 2), to: Date.UTC(2026, 10, 3) - 1, start: '2026-11-02', timeZone: 'UTC' },
      totals: { current: { visitors: 2, orders: 1, revenue: 100 }, previous: { visitors: 1, orders: 1, revenue: 40 } },
    });
  });

  it('lists what was sent in the person’s settings; a day later only the new day is sent, to those who asked', async () => {
    const sent = (await ann('GET', '/v1/admin/me/summaries')).body.sent;
    expect(sent.map((x: { period: string; status: string }) => [x.period, x.status]).sort()).toEqual([
      ['daily', 'sent'],
      ['weekly', 'sent'],
    ]);
    const bob = await person('bob@shop.example', 'viewer');
    expect((await bob('GET', '/v1/admin/me/summaries')).body.sent).toEqual([]);
    const before = mails.length;
    expect(await s.summaries.runOnce(Date.UTC(2026, 10, 4, 6))).toEqual({ sent: 1, failed: 0 });
    expect(mails.length - before).toBe(1);
    expect(mails.at(-1)!.to).toEqual(['ann@shop.example']);
    expect(mails.at(-1)!.text).toContain('Daily summary for sum, 2026-11-03');
  });
  it('in the language the person set in the console: a zh-CN subscriber gets a zh-CN summary, subject and body', async () => {
    const dan = await person('dan@shop.example', 'viewer');
    const optIn = { email: true, sites: [{ site: 'sum', daily: true, weekly: false }] };
    const bad = await dan('PUT', '/v1/admin/me/summaries', { ...optIn, locale: 'zh' });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path)).toEqual(['locale']);
    expect((await dan('PUT', '/v1/admin/me/summaries', { ...optIn, locale: 'zh-CN' })).body.settings.locale).toBe(
      'zh-CN',
    );
    // a later save without it keeps it
    expect((await dan('PUT', '/v1/admin/me/summaries', optIn)).body.settings.locale).toBe('zh-CN');
    const before = mails.length;
    // Monday 2 November again: Ann had hers (in English); Dan's is new
    expect(await s.summaries.runOnce(Date.UTC(2026, 10, 3, 7))).toEqual({ sent: 1, failed: 0 });
    const got = mails.slice(before);
    expect(got.map((m) => m.to)).toEqual([['dan@shop.example']]);
    const { subject, text } = readMail(got[0]!.raw);
    expect(subject).toBe('[Nudge] sum 的每日摘要：2026年11月2日');
    expect(text).toContain('sum 的每日摘要，2026年11月2日（UTC）；每个数字旁边是前一天的数字。');
    expect(text).toContain('访客：2（之前：1，+100.0%）');
    expect(text).toContain('回访访客：0（之前：0，无变化）');
    expect(text).toContain('转化率：50.00%（之前：100.00%，-50.0%）');
    expect(text).toContain('收入：100（之前：40，+150.0%）');
    expect(text).not.toMatch(/Visitors|summary|before/);
  });
});
