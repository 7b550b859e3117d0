// Leads from generate_lead events delivered to a real SMTP server (smtp-server) and a signature-checking webhook
// receiver (examples/code-webhook.mjs's verify), both started here on 127.0.0.1; retries, dead letters, retry once.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { controlSqlBackends } from '../../../../test/support/engines/control-sql.js';
import type { EventRow, EventSink } from '../store/store.js';
import { readMail } from '../testing.js';
import type { NudgeConfig } from '@nudge/core/spec';
import { leadLocale } from './lead-words.js';
import { purchase } from './rewards.contract.js';
import { Rewards } from './rewards.js';

type Verify = (secret: string, timestamp: unknown, body: string, sig: unknown, now?: number) => boolean;
const T0 = Date.UTC(2026, 11, 6, 12);
const open: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
});
// Deliveries claim their rows with conditional updates: the same on DuckDB and on Postgres's READ COMMITTED.
const backends = controlSqlBackends();

async function smtp() {
  const mails: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, done) {
      let text = '';
      stream.on('data', (c: Buffer) => (text += c.toString('utf8')));
      stream.on('end', () => {
        mails.push(text);
        done();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  open.push(() => new Promise((r) => server.close(() => r(undefined))));
  return { mails, port: (server.server.address() as AddressInfo).port };
}

async function receiver(verify: Verify, secret: () => string, now: () => number) {
  const got: Record<string, unknown>[] = [];
  const state = { up: true };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const ok = verify(secret(), req.headers['x-nudge-timestamp'], body, req.headers['x-nudge-signature'], now());
      if (!state.up || !ok) return void res.writeHead(ok ? 503 : 401).end();
      got.push(JSON.parse(body) as Record<string, unknown>);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  open.push(() => new Promise((r) => server.close(r)));
  return { got, state, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/leads` };
}

const lead = (id: string, anonymousId: string, email: string): EventRow =>
  purchase('s', {
    id,
    name: 'generate_lead',
    anonymousId,
    widget: 'welcome',
    receivedAt: T0,
    value: null,
    transactionId: null,
    props: { email, promotion_id: 'welcome', lead_source: 'coupon_popup' },
  });

describe.each(backends)('lead delivery on %s', { timeout: 30_000 }, (_name, openDb) => {
  it.skipIf(!openDb)(
    'reaches a real SMTP server and a verifying webhook; a receiver that stays down ends in the dead letters, and a retry from there delivers once',
    async () => {
      const { verify } = (await import(
        pathToFileURL(join(import.meta.dirname, '../../examples/code-webhook.mjs')).href
      )) as { verify: Verify };
      const db = await openDb!();
      open.push(() => db.close());
      const clock = { now: T0 };
      const flags: [string, string][] = [];
      const r = new Rewards(db.sql, {
        config: () => undefined,
        now: () => clock.now,
        leadBackoffMs: 1000,
        republish: async (site, note) => void flags.push([site, note]),
      });
      open.push(() => r.stop());
      let secret = '';
      const hook = await receiver(
        verify,
        () => secret,
        () => clock.now,
      );
      const mail = await smtp();
      secret = (await r.setLeadDelivery('s', { webhook: { url: hook.url } })).secret!;
      expect(flags).toEqual([]); // a webhook alone sends the shopper nothing: the popup must not promise an email
      const set = await r.setLeadDelivery('s', {
        email: { host: '127.0.0.1', port: mail.port, secure: false, from: 'shop@example.test', password: 'pw-123' },
      });
      expect(JSON.stringify(set)).not.toContain('pw-123');
      expect(flags).toEqual([['s', 'lead delivery on']]);

      await r.createPool('s', { id: 'p', kind: 'generated', prefix: 'HI-', count: 2 });
      const { code } = (await r.claim({ site: 's', widget: 'welcome', anonymousId: 'v1' }))!;
      const rows: EventRow[] = [];
      const sink = { append: (x: EventRow[]) => rows.push(...x), flush: async () => {} } as unknown as EventSink;
      const watched = r.watch(sink);
      const first = lead('L-1', 'v1', 'ann@example.test');
      watched.append([first, first, lead('bad', 'v9', 'not an email')]);
      await r.settled();
      expect(rows).toHaveLength(3); // every event still reaches the store

      await r.deliver();
      expect(hook.got).toEqual([
        expect.objectContaining({ type: 'lead.created', id: 'L-1', email: 'ann@example.test', code }),
      ]);
      expect(mail.mails).toHaveLength(1);
      expect(mail.mails[0]).toContain('To: ann@example.test');
      expect(mail.mails[0]).toContain(`Your code: ${code}`);

      hook.state.up = false;
      watched.append([lead('L-2', 'v2', 'bob@example.test')]);
      await r.settled();
      for (let i = 0; i < 6; i++) {
        await r.deliver();
        clock.now += 1000 * 4 ** i; // past each backoff
      }
      const dead = await r.leads('s', { status: 'dead', limit: 10 });
      expect(dead.map((l) => [l.id, l.deliveries])).toEqual([
        [
          'L-2',
          [
            { channel: 'email', status: 'delivered', attempts: 1, lastError: null },
            { channel: 'webhook', status: 'dead', attempts: 5, lastError: 'the lead webhook answered 503' },
          ],
        ],
      ]);
      hook.state.up = true;
      expect(await r.retryLead('s', 'L-2')).toBe(true);
      expect(await r.retryLead('s', 'L-2')).toBe(false);
      await r.deliver();
      expect(hook.got.map((g) => g.id)).toEqual(['L-1', 'L-2']);
      expect(mail.mails).toHaveLength(2);
      expect(await r.leads('s', { status: 'dead', limit: 10 })).toEqual([]);

      // retention: leads older than the setting are deleted with their deliveries
      await r.setLeadDelivery('s', { retentionDays: 1 });
      clock.now = T0 + 3 * 86_400_000;
      await r.deliver();
      expect(await r.leads('s', { limit: 10 })).toEqual([]);
      await r.setLeadDelivery('s', { webhook: null, email: null });
      expect(flags).toEqual([
        ['s', 'lead delivery on'],
        ['s', 'lead delivery off'],
      ]);
    },
  );

  it.skipIf(!openDb)(
    'double opt-in: only a confirmation link goes out first; the webhook and the code follow the confirmation, once',
    async () => {
      const { verify } = (await import(
        pathToFileURL(join(import.meta.dirname, '../../examples/code-webhook.mjs')).href
      )) as { verify: Verify };
      const db = await openDb!();
      open.push(() => db.close());
      const clock = { now: T0 };
      const r = new Rewards(db.sql, { config: () => undefined, now: () => clock.now, leadBackoffMs: 1000 });
      open.push(() => r.stop());
      let secret = '';
      const hook = await receiver(
        verify,
        () => secret,
        () => clock.now,
      );
      const mail = await smtp();
      const email = { host: '127.0.0.1', port: mail.port, secure: false, from: 'shop@example.test' };
      secret = (await r.setLeadDelivery('s', { webhook: { url: hook.url }, email })).secret!;
      const set = await r.setLeadDelivery('s', { doubleOptIn: { serverUrl: 'https://nudge.example.test/' } });
      expect(set.leads?.doubleOptIn).toEqual({ serverUrl: 'https://nudge.example.test/' });
      await r.createPool('s', { id: 'p', kind: 'generated', prefix: 'HI-', count: 2 });
      const { code } = (await r.claim({ site: 's', widget: 'welcome', anonymousId: 'v1' }))!;
      const sink = { append: () => {}, flush: async () => {} } as unknown as EventSink;
      r.watch(sink).append([lead('L-1', 'v1', 'ann@example.test')]);
      await r.settled();
      await r.deliver();
      expect(hook.got).toEqual([]);
      expect(mail.mails).toHaveLength(1);
      expect(mail.mails[0]).toContain('Subject: Please confirm your email address');
      expect(mail.mails[0]).not.toContain(code);
      // the mail body is quoted-printable: soft line breaks and =XX escapes undone
      const text = mail.mails[0]!.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) =>
        String.fromCharCode(parseInt(h, 16)),
      );
      const url = new URL(/https:\/\/nudge\.example\.test\/v1\/leads\/confirm\?\S+/.exec(text)![0]);
      expect(url.searchParams.get('site')).toBe('s');
      const token = url.searchParams.get('token')!;
      expect(token).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect((await r.leads('s', { limit: 10 }))[0]).toMatchObject({
        confirmed: false,
        deliveries: [{ channel: 'confirm', status: 'delivered', attempts: 1, lastError: null }],
      });

      expect(await r.confirmLead('s', 'not-the-token-at-all')).toBe('unknown');
      expect(await r.confirmLead('other', token)).toBe('unknown');
      expect(await r.confirmLead('s', token)).toBe('confirmed');
      expect(await r.confirmLead('s', token)).toBe('already');
      await r.deliver();
      expect(hook.got).toEqual([expect.objectContaining({ id: 'L-1', email: 'ann@example.test', code })]);
      expect(mail.mails).toHaveLength(2);
      expect(mail.mails[1]).toContain(`Your code: ${code}`);
      await r.deliver();
      expect([hook.got.length, mail.mails.length]).toEqual([1, 2]);
      expect((await r.leads('s', { limit: 10 }))[0]!.confirmed).toBe(true);
      // without SMTP there is no confirmation to send: the setting goes with it
      expect((await r.setLeadDelivery('s', { email: null })).leads?.doubleOptIn).toBeNull();
    },
  );
  it.skipIf(!openDb)(
    "a popup's own code, shown when the server issued none, is the code its lead's email carries",
    async () => {
      const db = await openDb!();
      open.push(() => db.close());
      const config = {
        widgets: [{ id: 'welcome', type: 'coupon-popup', props: { code: 'WELCOME20', collectEmail: true } }],
        experiments: [],
      } as unknown as NudgeConfig;
      const r = new Rewards(db.sql, { config: () => config, now: () => T0, leadBackoffMs: 1000 });
      open.push(() => r.stop());
      const mail = await smtp();
      await r.setLeadDelivery('s', {
        email: { host: '127.0.0.1', port: mail.port, secure: false, from: 'shop@x.test' },
      });
      // no claim: the popup could not ask (no consent yet, the request failed) and showed its own code
      const sink = { append: () => {}, flush: async () => {} } as unknown as EventSink;
      r.watch(sink).append([lead('L-1', 'v1', 'ann@example.test')]);
      await r.settled();
      await r.deliver();
      expect((await r.leads('s', { limit: 5 }))[0]).toMatchObject({ code: 'WELCOME20' });
      expect(readMail(mail.mails[0]!).text).toContain('WELCOME20');
    },
  );

  it.skipIf(!openDb)(
    "in the shop's language: a zh-TW widget's shopper gets the confirmation and the code in zh-TW",
    async () => {
      const db = await openDb!();
      open.push(() => db.close());
      const config = {
        locale: 'zh-CN',
        widgets: [{ id: 'welcome', type: 'coupon-popup', props: { locale: 'zh-TW' } }],
        experiments: [],
      } as unknown as NudgeConfig;
      const r = new Rewards(db.sql, { config: () => config, now: () => T0, leadBackoffMs: 1000 });
      open.push(() => r.stop());
      const mail = await smtp();
      const email = { host: '127.0.0.1', port: mail.port, secure: false, from: 'shop@example.test' };
      await r.setLeadDelivery('s', { email, doubleOptIn: { serverUrl: 'https://nudge.example.test/' } });
      await r.createPool('s', { id: 'p', kind: 'generated', prefix: 'HI-', count: 2 });
      const { code } = (await r.claim({ site: 's', widget: 'welcome', anonymousId: 'v1' }))!;
      const sink = { append: () => {}, flush: async () => {} } as unknown as EventSink;
      // the browser says English: the widget's own language wins, as on the page
      r.watch(sink).append([{ ...lead('L-1', 'v1', 'ann@example.test'), context: { locale: 'en-US' } }]);
      await r.settled();
      await r.deliver();
      const confirm = readMail(mail.mails[0]!);
      expect(confirm.subject).toBe('請確認你的電子郵件地址');
      expect(confirm.text).toContain('如果不是你本人，請忽略此郵件');
      const token = new URL(
        /https:\/\/nudge\.example\.test\/v1\/leads\/confirm\?\S+/.exec(confirm.text)![0],
      ).searchParams.get('token')!;
      expect(await r.confirmLead('s', token)).toBe('confirmed');
      await r.deliver();
      const codeMail = readMail(mail.mails[1]!);
      expect(codeMail.subject).toBe('你的優惠碼');
      expect(codeMail.text).toBe(`你的優惠碼：${code}\n\n結帳時輸入即可使用。\n`);
    },
  );
});

describe("the language of a lead's emails", () => {
  const row = (widget: string | null, locale?: string) => ({ widget, context: locale ? { locale } : {} });
  const config = (site?: string, widget?: string) =>
    ({
      ...(site ? { locale: site } : {}),
      widgets: [{ id: 'w', type: 'coupon-popup', props: widget ? { locale: widget } : {} }],
    }) as unknown as NudgeConfig;

  it("is the widget's, else the site's, else the browser's, else English; any tag onto en, zh-CN or zh-TW", () => {
    expect(leadLocale(config('en', 'zh-TW'), row('w', 'en-US'))).toBe('zh-TW');
    expect(leadLocale(config('zh-CN'), row('w', 'en-US'))).toBe('zh-CN');
    expect(leadLocale(config('zh-CN', 'zh-TW'), row('gone', 'en-US'))).toBe('zh-CN');
    expect(leadLocale(config(), row('w', 'zh-Hant-HK'))).toBe('zh-TW');
    expect(leadLocale(undefined, row(null, 'zh-SG'))).toBe('zh-CN');
    expect(leadLocale(undefined, row(null, 'fr-FR'))).toBe('en');
    expect(leadLocale(undefined, row(null, 'not a tag!'))).toBe('en');
    expect(leadLocale(undefined, row(null))).toBe('en');
  });

  it("is first the language the popup was shown in (its tag's data-locale, the page's lang), sent with the event", () => {
    // a zh page (tag data-locale="zh-CN") in an English browser, on a site whose config says en
    expect(leadLocale(config('en'), { ...row('w', 'en-US'), props: { language: 'zh-CN' } })).toBe('zh-CN');
    expect(leadLocale(config('zh-CN'), { ...row('w', 'zh-CN'), props: { language: 'en' } })).toBe('en');
    expect(leadLocale(config('zh-CN'), { ...row('w'), props: { language: 42 } })).toBe('zh-CN');
  });
});
