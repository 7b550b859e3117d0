// The referral ledger on any control database: the playbook's staged rewards, exactly once, and the fraud rules.
import { describe, expect, it } from 'vitest';
import type { SqlFactory } from '../store/sql/sql.contract.js';
import type { Sql } from '../store/sql/sql.js';
import type { EventRow, EventSink } from '../store/store.js';
import { purchase } from './rewards.contract.js';
import { Rewards, type ReferralProgram } from './rewards.js';

const T0 = Date.UTC(2026, 11, 1);
const PLAYBOOK: ReferralProgram = {
  currency: 'USD',
  stages: [
    { stage: 'friend_signup', friend: 20, inviter: 20 },
    { stage: 'friend_first_order', inviter: 50 },
  ],
  minOrder: 30,
  onRule: 'reject',
  pool: 'ref',
};

let n = 0;
const signUp = (anonymousId: string, userId: string | null, refCode: string | null, ts: number): EventRow =>
  purchase('s', {
    id: `su-${++n}`,
    name: 'sign_up',
    anonymousId,
    userId,
    refCode,
    ts,
    value: null,
    transactionId: null,
    props: { method: 'email' },
  });
const order = (anonymousId: string, userId: string | null, tx: string, value: number, ts: number, refCode = null) =>
  purchase('s', {
    id: `o-${++n}`,
    anonymousId,
    userId,
    refCode,
    ts,
    props: { transaction_id: tx, value, currency: 'USD' },
  });

export function referralContract(name: string, open: SqlFactory): void {
  describe(`referral ledger: ${name}`, () => {
    const withRewards = (fn: (r: Rewards, sql: Sql) => Promise<void>) => async () => {
      const db = await open();
      try {
        const r = new Rewards(db.sql, {
          config: () => undefined,
          now: () => T0 + 5000,
          origin: () => 'https://shop.example/',
        });
        await r.createPool('s', { id: 'ref', kind: 'generated', prefix: 'REF-', count: 20 });
        await fn(r, db.sql);
      } finally {
        await db.close();
      }
    };

    it(
      "grants the playbook's rewards once each: 20 + 20 at sign-up, 50 to the inviter on the first order",
      withRewards(async (r) => {
        expect(await r.referralCode('nope', { anonymousId: 'a', userId: 'u' })).toBeUndefined();
        await r.setReferralProgram('s', PLAYBOOK);
        const mine = (await r.referralCode('s', { anonymousId: 'inv-a', userId: 'ann' }))!;
        expect(mine.url).toBe(`https://shop.example/?ref=${mine.code}`);
        expect(await r.referralCode('s', { anonymousId: 'other-browser', userId: 'ann' })).toEqual(mine);
        const su = signUp('fr-a', 'bob', mine.code, T0 + 100);
        await r.referralEvents([su, su]);
        await r.referralEvents([su]);
        const first = order('fr-a', 'bob', 'T-1', 80, T0 + 200);
        await r.referralEvents([first, { ...first, id: 'copy' }]);
        await r.referralEvents([first]);
        await r.referralEvents([order('fr-a', 'bob', 'T-2', 90, T0 + 300)]);
        const ledger = await r.ledger('s', { limit: 100 });
        expect(ledger.map((e) => [e.stage, e.role, e.recipient, e.amount, e.status]).sort()).toEqual([
          ['friend_first_order', 'inviter', 'u:ann', 50, 'issued'],
          ['friend_signup', 'friend', 'u:bob', 20, 'issued'],
          ['friend_signup', 'inviter', 'u:ann', 20, 'issued'],
        ]);
        expect(ledger.every((e) => e.code?.startsWith('REF-'))).toBe(true);
        expect(new Set(ledger.map((e) => e.code)).size).toBe(3);
        expect(ledger.find((e) => e.stage === 'friend_first_order')?.orderId).toBe('T-1');
        expect((await r.ledger('s', { person: 'u:bob', limit: 10 })).map((e) => e.role).sort()).toEqual([
          'friend',
          'inviter',
          'inviter',
        ]);
      }),
    );

    it(
      'rejects self-referral, a friend who had ordered, one device as a second friend and an order below the minimum',
      withRewards(async (r) => {
        await r.setReferralProgram('s', PLAYBOOK);
        const { code } = (await r.referralCode('s', { anonymousId: 'inv-a', userId: 'ann', email: 'Ann@x.io' }))!;
        await r.referralEvents([signUp('inv-a', 'ann-2', code, T0 + 100)]);
        await r.referralEvents([order('old-a', 'carl', 'T-0', 70, T0 + 50), signUp('old-a', 'carl', code, T0 + 150)]);
        await r.referralEvents([signUp('dev-a', 'dan', code, T0 + 200), signUp('dev-a', 'dan-2', code, T0 + 210)]);
        await r.referralEvents([signUp('eve-a', 'eve', code, T0 + 300), order('eve-a', 'eve', 'T-9', 29.99, T0 + 310)]);
        const byFriend = (await r.ledger('s', { limit: 100 })).filter((e) => e.role === 'inviter');
        const why = Object.fromEntries(byFriend.map((e) => [`${e.stage} ${e.friend}`, `${e.status} ${e.reason}`]));
        expect(why).toEqual({
          'friend_signup u:ann-2': 'rejected self_referral',
          'friend_signup u:carl': 'rejected friend_already_ordered',
          'friend_signup u:dan': 'issued null',
          'friend_signup u:dan-2': 'rejected same_device',
          'friend_signup u:eve': 'issued null',
          'friend_first_order u:eve': 'rejected below_minimum',
        });
        // the same email under another account is the inviter too
        await r.referralEvents([
          { ...signUp('f-a', 'fay', code, T0 + 400), props: { method: 'email', email: ' ann@X.io' } },
        ]);
        expect((await r.ledger('s', { person: 'u:fay', limit: 10 }))[0]?.reason).toBe('self_referral');
      }),
    );

    it(
      'holds what a rule trips for review when configured; approve issues a code, reject keeps the reason; the cap',
      withRewards(async (r) => {
        await r.setReferralProgram('s', { ...PLAYBOOK, onRule: 'hold', capPerInviterPerMonth: 60 });
        const { code } = (await r.referralCode('s', { anonymousId: 'inv-a', userId: 'ann' }))!;
        await r.referralEvents([signUp('inv-a', 'ann-2', code, T0 + 100)]);
        const held = await r.ledger('s', { status: 'pending', limit: 10 });
        expect(held.map((e) => [e.role, e.reason])).toEqual([
          ['friend', 'self_referral'],
          ['inviter', 'self_referral'],
        ]);
        expect(await r.approve('s', held[0]!.id, 'ops')).toBe('done');
        expect(await r.approve('s', held[0]!.id, 'ops')).toBe('conflict');
        expect(await r.reject('s', held[1]!.id, 'ops', 'same household')).toBe('done');
        expect(await r.reject('s', 'nope', 'ops', 'x')).toBe('unknown');
        const after = await r.ledger('s', { limit: 10 });
        expect(after.find((e) => e.id === held[0]!.id)).toMatchObject({ status: 'issued', decidedBy: 'ops' });
        expect(after.find((e) => e.id === held[0]!.id)?.code).toMatch(/^REF-/);
        expect(after.find((e) => e.id === held[1]!.id)).toMatchObject({ status: 'rejected', reason: 'same household' });
        // cap 60: 20 at sign-up fits, the 50 for the first order would make 70
        await r.referralEvents([signUp('b-a', 'bob', code, T0 + 200), order('b-a', 'bob', 'T-1', 80, T0 + 300)]);
        const bob = await r.ledger('s', { person: 'u:bob', limit: 10 });
        expect(bob.map((e) => [e.stage, e.role, e.status, e.reason]).sort()).toEqual([
          ['friend_first_order', 'inviter', 'pending', 'cap_reached'],
          ['friend_signup', 'friend', 'issued', null],
          ['friend_signup', 'inviter', 'issued', null],
        ]);
      }),
    );

    it(
      "exports a visitor's rewards data by user id or email, and after delete nothing identifying is left",
      withRewards(async (r, sql) => {
        await r.setReferralProgram('s', PLAYBOOK);
        const { code } = (await r.referralCode('s', { anonymousId: 'inv-a', userId: 'ann', email: 'ann@x.io' }))!;
        // the popup's own pool: the referral program's pool serves its rewards only
        await r.createPool('s', { id: 'welcome-pool', kind: 'generated', widget: 'welcome', count: 5 });
        await r.claim({ site: 's', widget: 'welcome', anonymousId: 'inv-a', userId: 'ann' });
        await r.referralEvents([signUp('fr-a', 'bob', code, T0 + 100), order('inv-a', 'ann', 'T-5', 40, T0 + 150)]);
        const sink = { append: () => {}, flush: async () => {} } as unknown as EventSink;
        const watched = r.watch(sink);
        watched.append([
          purchase('s', {
            id: 'lead-1',
            name: 'generate_lead',
            anonymousId: 'inv-a',
            userId: 'ann',
            props: { email: 'Ann@x.io' },
          }),
        ]);
        await r.settled();
        const out = await r.exportVisitor('s', 'ann@x.io');
        expect(out.leads).toHaveLength(1);
        expect(out.claims).toHaveLength(2); // the popup's code and the referral reward's
        expect(out.referralCodes).toHaveLength(1);
        expect(out.ledger).toHaveLength(2); // ann's 20 as inviter, and bob's 20 naming ann as his inviter
        expect(await r.forgetVisitor('s', 'ann')).toEqual({
          events: null, // no event store given: said, not hidden
          eventsPending: false,
          leads: 1,
          claims: 2,
          referralCodes: 1,
          referredAs: 0,
          friendsInviterForgotten: 1,
          ledger: 1,
          ledgerInviterForgotten: 1,
          orders: 2,
        });
        const again = await r.exportVisitor('s', 'ann');
        expect([again.leads, again.claims, again.referralCodes, again.ledger]).toEqual([[], [], [], []]);
        const all = JSON.stringify(
          await Promise.all(
            [
              'leads',
              'lead_deliveries',
              'reward_claims',
              'reward_codes',
              'referral_codes',
              'referral_friends',
              'reward_ledger',
              'reward_buyers',
            ].map((t) => sql.query(`SELECT * FROM ${t}`)),
          ),
        );
        for (const gone of ['"ann"', 'u:ann', 'inv-a', 'ann@x.io', 'Ann@x.io']) expect(all).not.toContain(gone);
        expect(all).toContain('u:bob'); // the friend's own data stays
      }),
    );
  });
}
