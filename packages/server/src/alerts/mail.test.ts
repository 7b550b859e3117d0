// Alerts by email through the site's mail server (set for its leads), against a real SMTP server (smtp-server) on
// 127.0.0.1: a drop fires one mail and its recovery one "resolved" mail; a repeat within the cooldown sends nothing.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteMailer } from '../mail.js';
import { readMail } from '../testing.js';
import { Rewards } from '../rewards/rewards.js';
import { Connection } from '../store/duckdb/connection.js';
import { duckdbSql } from '../store/duckdb/sql.js';
import { AlertScheduler, type AlertSources, type DayFigures } from './scheduler.js';
import { AlertStore } from './store.js';

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 5);
const mails: { to: string[]; text: string }[] = [];
let smtp: SMTPServer;
let port = 0;
let db: Connection;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, done) {
      let text = '';
      stream.on('data', (c: Buffer) => (text += c.toString('utf8')));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), text });
        done();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  port = (smtp.server.address() as AddressInfo).port;
  db = new Connection(':memory:');
  await db.open();
});
afterAll(async () => {
  await new Promise((r) => smtp.close(() => r(undefined)));
  db.close();
});

/** 2,000 visitors a day at 5% (exactly), with the given days at 2%. */
function sources(drops: Set<number>): AlertSources {
  const days: DayFigures[] = Array.from({ length: 80 }, (_, d) => {
    const buyers = drops.has(d) ? 40 : 100;
    return {
      day: new Date(START + d * DAY).toISOString().slice(0, 10),
      visitors: 2000,
      buyers,
      orders: buyers,
      revenue: 0,
    };
  });
  return {
    days: async (_s, r) => days.filter((x) => Date.parse(x.day) >= r.from && Date.parse(x.day) <= r.to),
    errors: async () => 0,
    srm: async () => [],
    staleStock: async () => [],
    lowPools: async () => [],
  };
}

describe('alert email', () => {
  it('fired and resolved by email to every address, through the mail server set for leads', async () => {
    const sql = duckdbSql(db);
    const rewards = new Rewards(sql, { config: () => undefined });
    await rewards.setLeadDelivery('shop', {
      email: { host: '127.0.0.1', port, secure: false, from: 'nudge@shop.example' },
    });
    const store = new AlertStore(sql);
    await store.setDelivery('shop', {
      webhookUrl: null,
      secret: null,
      emails: ['ops@shop.example', 'ann@shop.example'],
    });
    // a later PUT without `emails` keeps them
    await store.setDelivery('shop', { webhookUrl: null, secret: null });
    expect((await store.delivery('shop')).emails).toEqual(['ops@shop.example', 'ann@shop.example']);
    const s = new AlertScheduler({
      store,
      sources: sources(new Set([30, 32])),
      sites: () => ['shop'],
      deliver: async () => ({ ok: true }),
      mail: siteMailer(sql),
      holder: 'a',
    });
    for (let d = 29; d < 36; d++) await s.runOnce(START + d * DAY + 3_600_000);
    const events = await store.events('shop', { rule: 'conversion-drop' });
    // days 30 and 32 dropped: each fire a day after the last resolve, past the 6 h cooldown, so each is mailed
    expect(events.map((e) => [e.kind, e.delivery.email?.status])).toEqual([
      ['resolved', 'delivered'],
      ['fired', 'delivered'],
      ['resolved', 'delivered'],
      ['fired', 'delivered'],
    ]);
    expect(mails).toHaveLength(4);
    expect(mails[0]!.to).toEqual(['ops@shop.example', 'ann@shop.example']);
    expect(mails[0]!.text).toContain('Subject: [Nudge] shop: Conversion 20% below expected fired');
    expect(mails[0]!.text).toContain('Value: 2.00%');
    expect(mails[0]!.text).toContain('Expected: 5.00%');
    expect(mails[0]!.text).toContain('Day evaluated (UTC): 2026-02-04');
    expect(readMail(mails[0]!.text).text).toContain(
      'oldest first, as the chart in the console draws it:\n  2026-01-07: 5.00%',
    );
    expect(readMail(mails[0]!.text).text).toContain('  2026-02-04: 2.00%\n\nRule: conversion-drop');
    expect(mails[1]!.text).toContain('Conversion 20% below expected resolved');
  });

  it('a refire within the cooldown is recorded, not mailed, and its resolve is not mailed either', async () => {
    const sql = duckdbSql(db);
    const store = new AlertStore(sql);
    await store.setDelivery('cool', { webhookUrl: null, secret: null, emails: ['ops@shop.example'] });
    const { builtIn: _, ...rule } = (await store.rules('cool')).find((r) => r.id === 'conversion-drop')!;
    await store.putRule('cool', { ...rule, cooldownMinutes: 3 * 24 * 60 });
    const s = new AlertScheduler({
      store,
      sources: sources(new Set([40, 42])),
      sites: () => ['cool'],
      deliver: async () => ({ ok: true }),
      mail: {
        smtp: async () => ({ host: '127.0.0.1', port, secure: false, from: 'nudge@shop.example' }),
        send: siteMailer(sql).send,
      },
      holder: 'b',
    });
    const before = mails.length;
    // the first test's lock has lapsed by these days
    for (let d = 40; d < 45; d++) await s.runOnce(START + d * DAY + 3_600_000);
    const events = await store.events('cool', { rule: 'conversion-drop' });
    expect(events.map((e) => [e.kind, e.delivery.email?.status])).toEqual([
      ['resolved', 'suppressed'],
      ['fired', 'suppressed'],
      ['resolved', 'delivered'],
      ['fired', 'delivered'],
    ]);
    expect(mails.length - before).toBe(2);
  });

  it('no mail server set: the email is recorded as failed, saying why', async () => {
    const sql = duckdbSql(db);
    const store = new AlertStore(sql);
    await store.setDelivery('nosmtp', { webhookUrl: null, secret: null, emails: ['ops@shop.example'] });
    const s = new AlertScheduler({
      store,
      sources: sources(new Set([50])),
      sites: () => ['nosmtp'],
      deliver: async () => ({ ok: true }),
      mail: siteMailer(sql),
      holder: 'c',
    });
    for (let d = 50; d < 52; d++) await s.runOnce(START + d * DAY + 3_600_000);
    const [fired] = (await store.events('nosmtp', { rule: 'conversion-drop' })).filter((e) => e.kind === 'fired');
    expect(fired!.delivery.email).toEqual({ status: 'failed', detail: expect.stringContaining('no mail server') });
  });

  it('in the language the console set for the site: subject, words, figures and days in zh-CN', async () => {
    const sql = duckdbSql(db);
    const store = new AlertStore(sql);
    await store.setDelivery('zh', {
      webhookUrl: null,
      secret: null,
      emails: ['ops@zh.example'],
      locale: 'zh-CN',
    });
    const s = new AlertScheduler({
      store,
      sources: sources(new Set([60])),
      sites: () => ['zh'],
      deliver: async () => ({ ok: true }),
      mail: {
        smtp: async () => ({ host: '127.0.0.1', port, secure: false, from: 'nudge@shop.example' }),
        send: siteMailer(sql).send,
      },
      holder: 'd',
    });
    const before = mails.length;
    await s.runOnce(START + 61 * DAY + 3_600_000);
    const got = mails.slice(before).filter((m) => m.to.includes('ops@zh.example'));
    expect(got).toHaveLength(1);
    const { subject, text } = readMail(got[0]!.text);
    expect(subject).toBe('[Nudge] zh：转化率低于预期 20% 已触发');
    expect(text).toContain('站点 zh 的警报“转化率低于预期 20%”已触发。');
    expect(text).toContain('评估日（UTC）：2026年3月6日');
    expect(text).toContain('数值：2.00%');
    expect(text).toContain('预期：5.00%');
    expect(text).toContain('当天访客：2,000');
    // the chart's days as text, oldest first: four weeks before the day and the day itself
    const days = text.split('\n').filter((l) => /^ {2}2026年/.test(l));
    expect(days).toHaveLength(29);
    expect(days[0]).toBe('  2026年2月6日：5.00%');
    expect(days.at(-1)).toBe('  2026年3月6日：2.00%');
    expect(text).not.toMatch(/Value|Expected|fired|Visitors/);
  });
  it('error-spike: the event and the email carry the errors of every day over the weeks compared, as the others do', async () => {
    const sql = duckdbSql(db);
    const store = new AlertStore(sql);
    await store.setDelivery('errs', { webhookUrl: null, secret: null, emails: ['ops@errs.example'] });
    const SPIKE = 70;
    const errorsOn = (d: number) => (d === SPIKE ? 90 : 10 + (d % 3));
    const s = new AlertScheduler({
      store,
      sources: {
        ...sources(new Set()),
        // a count for exactly the day asked, so a series of the wrong days or totals cannot pass
        errors: async (_site, r) => {
          expect(r.to - r.from).toBe(DAY - 1);
          return errorsOn((r.from - START) / DAY);
        },
      },
      sites: () => ['errs'],
      deliver: async () => ({ ok: true }),
      mail: {
        smtp: async () => ({ host: '127.0.0.1', port, secure: false, from: 'nudge@shop.example' }),
        send: siteMailer(sql).send,
      },
      holder: 'e',
    });
    const before = mails.length;
    await s.runOnce(START + (SPIKE + 1) * DAY + 3_600_000);
    const [fired] = await store.events('errs', { rule: 'error-spike' });
    expect(fired!.kind).toBe('fired');
    const day = (d: number) => new Date(START + d * DAY).toISOString().slice(0, 10);
    // four weeks before the day and the day itself, oldest first: what the alert's chart draws
    const expected = Array.from({ length: 29 }, (_, k) => ({
      day: day(SPIKE - 28 + k),
      value: errorsOn(SPIKE - 28 + k),
    }));
    expect(fired!.figures.series).toEqual(expected);
    expect(fired!.figures).toMatchObject({ value: 90, history: [42, 49, 56, 63].map((d) => ({ value: errorsOn(d) })) });
    const got = mails.slice(before).filter((m) => m.to.includes('ops@errs.example'));
    expect(got).toHaveLength(1);
    const { subject, text } = readMail(got[0]!.text);
    expect(subject).toBe('[Nudge] errs: Errors well above expected fired');
    expect(text).toContain(
      `Each day (UTC), oldest first, as the chart in the console draws it:\n${expected.map((p) => `  ${p.day}: ${p.value}`).join('\n')}\n`,
    );
  });
});
