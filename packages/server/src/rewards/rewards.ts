// Rewards as one service over the control database's SQL: its tables made once, claims, pools, redemption, reports.
import type { NudgeConfig } from '@nudge/core/spec';
import type { EventRow, EventSink } from '../store/store.js';
import { followStored } from './after-ingest.js';
import { migrateOnce, type Sql } from '../store/sql/sql.js';
import type { Claimed } from './claims.js';
import { claimable, claimFor } from './claim-service.js';
import { bindNextOrders } from './next-order.js';
import type {
  DeliveryStatus,
  ImportedCode,
  NextOrderReward,
  PoolInput,
  PoolSummary,
  ReferralProgram,
} from './types.js';
import type {
  ClaimInput,
  HookInput,
  LeadConfirmation,
  LeadDeliveryPatch,
  LedgerQuery,
  RewardsService,
  SettingsWithSecret,
  VisitorExport,
  VisitorRemoved,
} from './service.js';
import { REWARDS_MIGRATIONS } from './migrations.js';
import { createPool, generateCodes, getPool, importCodes, listPools, MAX_GENERATE } from './pools.js';
import { redeemPurchases, redemptionReport, type RedemptionReport } from './redemption.js';
import { captureLeads, confirmLead, deliverDue, dropExpiredLeads, listLeads, retryLead } from './leads.js';
import { decide, issue, ledger, referralCode, referralEvents, shareLink } from './referrals.js';
import { exportVisitor, forgetVisitor } from './visitors.js';
import type { VisitorEvents } from '../store/visitor-events.js';
import { publicSettings, readSettings, writeSettings, type LeadDelivery, type RewardSettings } from './settings.js';
import { publicKeysOf, showsKeys } from './public-rewards.js';
import { withCodeWebhook, withLeadDelivery } from './settings-edit.js';

export type { Claimed, CodeSource } from './claims.js';
export type { PoolInput, PoolSummary } from './types.js';
export type { RedemptionReport } from './redemption.js';
export type { RewardSettings } from './settings.js';
export type { Lead, DeliveryStatus, Channel, LedgerEntry, LedgerStatus, ReferralProgram, Stage } from './types.js';
export type { ClaimInput, RewardsService } from './service.js';

export interface RewardsOptions {
  /** The site's config in force (for a widget's static code and the experiments that patch it). */
  config(site: string): NudgeConfig | undefined;
  now?: () => number;
  /** A failed lead delivery is tried again after this many ms x 4^(attempt - 1) (default 30 s). */
  leadBackoffMs?: number;
  /**
   * Publishes the site's config again after a change to what it shows of the rewards (`publicKeys`: `leadDelivery`,
   * `referral`, `nextOrder`); every publish takes those keys from the settings, so this only says why, in `note`.
   */
  republish?: (site: string, note: string) => Promise<void>;
  /** The page a referral link opens when the program names none (the site's first allowed origin). */
  origin?: (site: string) => string | undefined;
  /** Where failures are told: redemptions that failed after retries, code webhooks that gave nothing (default console.error). */
  log?: (message: string, err?: unknown) => void;
  /** The event store's visitor lookups, so a visitor data request covers their events too. */
  events?: VisitorEvents | undefined;
}

/** Redemption of one appended batch is tried this often before it is logged as failed. */
const REDEEM_TRIES = 3;

export class Rewards implements RewardsService {
  readonly #sql: Sql;
  readonly #opts: RewardsOptions;
  readonly #migrated: () => Promise<void>;
  readonly #redeeming = new Set<Promise<void>>();

  constructor(sql: Sql, opts: RewardsOptions) {
    this.#sql = sql;
    this.#opts = opts;
    this.#migrated = migrateOnce(sql, 'rewards', REWARDS_MIGRATIONS);
  }

  #now() {
    return (this.#opts.now ?? Date.now)();
  }

  /** The tables, made on first use (a failed attempt is tried again by the next call). */
  async #db(): Promise<Sql> {
    await this.#migrated();
    return this.#sql;
  }

  /** A code for the visitor, or undefined when nothing can be issued (the route's 410). */
  async claim(input: ClaimInput): Promise<Claimed | undefined> {
    const ctx = { sql: await this.#db(), config: this.#opts.config(input.site), now: this.#now() };
    return claimFor({ ...ctx, log: (m) => this.#log(m) }, input);
  }

  /** Whether the widget may claim at all (claim-service.ts): false is the route's 404, not an empty pool. */
  async claimable(site: string, widget: string): Promise<boolean> {
    return claimable(await this.#db(), this.#opts.config(site), site, widget);
  }

  /** Sets (or, with null, ends) the site's next-order coupon; its widget (never its pool) is published. */
  async setNextOrder(site: string, reward: NextOrderReward | null) {
    const out = await this.#edit(site, (s) => void (reward ? (s.nextOrder = reward) : delete s.nextOrder));
    await this.#republish(site, `next-order coupon ${reward ? 'published' : 'removed'}`);
    return out;
  }

  /** Publishes the config only when the settings change what it shows: a version that changes nothing is noise. */
  async #republish(site: string, note: string) {
    if (!showsKeys(this.#opts.config(site), await this.publicKeys(site))) await this.#opts.republish?.(site, note);
  }

  /** Binds a next-order coupon to each buyer in `rows` whose order qualifies (once per buyer while it is live). */
  async nextOrderRewards(rows: readonly EventRow[], address?: string): Promise<void> {
    await bindNextOrders(await this.#db(), rows, address);
  }

  /** The config keys the server owns, as the site's settings make them (public-rewards.ts); every publish sets them. */
  async publicKeys(site: string) {
    return publicKeysOf(await readSettings(await this.#db(), site));
  }

  /** The site's reward settings as the admin API shows them: secrets replaced by whether one is set. */
  async settings(site: string) {
    return publicSettings(await readSettings(await this.#db(), site));
  }

  /**
   * Sets (or, with null, removes) the site's code webhook. Without a `secret` a new one is made (and kept when the
   * URL alone changes); the answer carries it once, when it is new.
   */
  async setCodeWebhook(site: string, hook: HookInput | null): Promise<SettingsWithSecret> {
    return this.#edit(site, (s) => withCodeWebhook(s, hook));
  }

  /** Sets (or, with null, ends) the site's referral program; its amounts and rules (never its pool) are published. */
  async setReferralProgram(site: string, program: ReferralProgram | null) {
    const out = await this.#edit(site, (s) => void (program ? (s.referral = program) : delete s.referral));
    await this.#republish(site, `referral rewards ${program ? 'published' : 'removed'}`);
    return out;
  }

  async #program(site: string): Promise<ReferralProgram | undefined> {
    return (await readSettings(await this.#db(), site)).referral;
  }

  /** The customer's own code and share link; undefined when the site runs no referral program. */
  async referralCode(
    site: string,
    who: { anonymousId: string; userId: string; email?: string | undefined },
    shop?: string,
  ) {
    const p = await this.#program(site);
    if (!p) return undefined;
    const code = await referralCode(await this.#db(), site, who, this.#now());
    // the program's own url, else the shop the customer is on, else the site's first allowed origin
    return { code, url: shareLink(p.url ?? shop ?? this.#opts.origin?.(site), code) };
  }

  async ledger(site: string, q: LedgerQuery) {
    return ledger(await this.#db(), site, q);
  }

  /** Approves a held reward and issues it from the program's pool: 'unknown' id, or 'conflict' when not pending. */
  async approve(site: string, id: string, by: string) {
    const sql = await this.#db();
    const out = await decide(sql, site, id, 'approved', by, null, this.#now());
    const p = await this.#program(site);
    if (out === 'done' && p) await issue(sql, site, p, id, this.#now());
    return out;
  }

  async reject(site: string, id: string, by: string, reason: string) {
    return decide(await this.#db(), site, id, 'rejected', by, reason, this.#now());
  }

  /** Sign-ups and purchases through the referral program (what watch() does for ingested events). */
  async referralEvents(rows: readonly EventRow[]): Promise<void> {
    if (rows.some((r) => r.name === 'purchase' || r.name === 'sign_up'))
      await referralEvents(await this.#db(), (site) => this.#program(site), rows);
  }

  async #leadDelivery(site: string): Promise<LeadDelivery | undefined> {
    return (await readSettings(await this.#db(), site)).leads;
  }

  /**
   * Sets the site's lead delivery (each part: a value sets it, null removes it, absent keeps it). A webhook without a
   * `secret` gets a new one (kept when only the URL changes), answered once. Publishes the config flag.
   */
  async setLeadDelivery(site: string, patch: LeadDeliveryPatch): Promise<SettingsWithSecret> {
    let was = false;
    const out = await this.#edit(site, (s) => {
      was = !!s.leads?.email;
      return withLeadDelivery(s, patch);
    });
    // The flag tells the popup it may promise the shopper an email: only mail sent by this server keeps that promise
    // (a webhook hands the lead to the merchant, who may or may not write to them).
    const on = !!out.leads?.email;
    if (on !== was) await this.#opts.republish?.(site, `lead delivery ${on ? 'on' : 'off'}`);
    return out;
  }

  /** Reads the site's settings, lets `change` edit them (it may answer a new secret), writes them back. */
  async #edit(site: string, change: (s: RewardSettings) => string | undefined | void): Promise<SettingsWithSecret> {
    const sql = await this.#db();
    const s = await readSettings(sql, site);
    const secret = change(s);
    await writeSettings(sql, site, s, this.#now());
    return { ...publicSettings(s), ...(secret ? { secret } : {}) };
  }

  async leads(site: string, q: { status?: DeliveryStatus | undefined; limit: number }) {
    return listLeads(await this.#db(), site, q);
  }

  /** A double opt-in link opened: the lead counts, and its deliveries go out now. */
  async confirmLead(site: string, token: string): Promise<LeadConfirmation> {
    const out = await confirmLead(await this.#db(), (s) => this.#leadDelivery(s), site, token, this.#now());
    if (out === 'confirmed') this.#kick();
    return out;
  }

  /** Puts a lead's dead deliveries back in the queue and sends them now; false when it had none. */
  async retryLead(site: string, lead: string): Promise<boolean> {
    const ok = await retryLead(await this.#db(), site, lead, this.#now());
    if (ok) await this.deliver();
    return ok;
  }

  #retentionAt = 0;

  /** Rounds run one after another in this process (a timer tick, a new lead, a retry from the console). */
  #round: Promise<unknown> = Promise.resolve();
  /** One round of lead deliveries that are due (and, once a minute, the retention of each site's leads). */
  deliver(): Promise<number> {
    const next = this.#round.then(() => this.#deliverOnce());
    this.#round = next.catch(() => {});
    return next;
  }

  async #deliverOnce(): Promise<number> {
    const sql = await this.#db();
    const now = this.#now();
    if (now >= this.#retentionAt) {
      this.#retentionAt = now + 60_000;
      await dropExpiredLeads(sql, now);
    }
    return deliverDue(sql, (site) => this.#leadDelivery(site), now, this.#opts.leadBackoffMs ?? 30_000);
  }

  #timer: ReturnType<typeof setInterval> | undefined;
  #stopped = false;

  /** Delivers due leads every `everyMs` until stop(); the timer does not keep the process alive. */
  startDelivery(everyMs = 5000): void {
    this.#timer ??= setInterval(() => this.#kick(), everyMs);
    this.#timer.unref?.();
  }

  /** Stops the timer and waits for the round in flight (before the store closes). */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#round;
  }

  /** After a restart: the delivery timer starts (soon after) only if deliveries wait; a new lead starts it too. */
  resumeDelivery(afterMs = 5000): void {
    setTimeout(() => {
      if (this.#stopped) return;
      void this.#db()
        .then((sql) => sql.query("SELECT lead FROM lead_deliveries WHERE status = 'pending' LIMIT 1"))
        .then((due) => due.length && !this.#stopped && this.startDelivery())
        .catch(() => {}); // a store closed meanwhile (tests that never shut the app down)
    }, afterMs).unref?.();
  }

  #kick(): void {
    if (this.#stopped) return;
    this.startDelivery();
    this.deliver().catch((err: unknown) => {
      if (!this.#stopped) this.#log('[nudge-server] lead delivery round failed', err);
    });
  }

  /** Everything rewards keep about a visitor (visitor id, user id or email). */
  async exportVisitor(site: string, id: string): Promise<VisitorExport> {
    return exportVisitor(await this.#db(), site, id, this.#opts.events);
  }

  /** Erases it (see visitors.ts); what was removed, per kind. */
  async forgetVisitor(site: string, id: string): Promise<VisitorRemoved> {
    return forgetVisitor(await this.#db(), site, id, this.#opts.events);
  }

  #log(message: string, err?: unknown) {
    const log = this.#opts.log ?? console.error;
    if (err === undefined) log(message);
    else log(message, err);
  }

  /** Creates a pool (and a generated pool's first codes); false when the site already has one with that id. */
  async createPool(site: string, input: PoolInput): Promise<boolean> {
    const sql = await this.#db();
    const now = this.#now();
    if (!(await createPool(sql, site, input, now))) return false;
    if (input.kind === 'generated' && input.count) await this.generate(site, input.id, input.count);
    return true;
  }

  /** Adds codes to a generated pool: how many were added, or undefined when there is no such generated pool. */
  async generate(site: string, pool: string, count: number): Promise<number | undefined> {
    const sql = await this.#db();
    const p = await getPool(sql, site, pool);
    if (!p || p.kind !== 'generated') return undefined;
    return generateCodes(sql, site, p, Math.min(count, MAX_GENERATE), this.#now());
  }

  /** Imports codes into a pool; undefined when the site has no such pool. */
  async import(site: string, pool: string, codes: ImportedCode[]) {
    const sql = await this.#db();
    if (!(await getPool(sql, site, pool))) return undefined;
    return importCodes(sql, site, pool, codes, this.#now());
  }

  async pools(site: string): Promise<PoolSummary[]> {
    return listPools(await this.#db(), site, this.#now());
  }

  /** Marks the claims the purchases in `rows` redeemed; the number marked. */
  async redeem(rows: readonly EventRow[]): Promise<number> {
    return rows.some((r) => r.name === 'purchase') ? redeemPurchases(await this.#db(), rows) : 0;
  }

  async report(site: string, from: number, to: number): Promise<RedemptionReport> {
    const sql = await this.#db();
    return redemptionReport(sql, site, from, to, (await readSettings(sql, site)).nextOrder);
  }

  /**
   * The event sink with the rewards' work at ingest: after each appended batch, purchases mark their codes redeemed
   * and bind next-order coupons, sign-ups and first orders go through the referral program, leads are kept and sent
   * (tried again on failure; every step is idempotent), for every batch a write stores (after-ingest.ts). It runs
   * beside the sink and never holds up an acknowledgement: the sink's own `flush` does not wait for it (`settled()`
   * does). Everything else is the sink's.
   */
  watch(sink: EventSink): EventSink {
    return followStored(sink, (rows, address) => this.#redeemWithRetry(rows, address), this.#redeeming);
  }

  /** Resolves when the work of every batch appended so far is done (tests, a graceful stop). */
  async settled(): Promise<void> {
    while (this.#redeeming.size) await Promise.all([...this.#redeeming]);
  }

  async #redeemWithRetry(rows: EventRow[], address: string | undefined): Promise<void> {
    for (let i = 1; ; i++) {
      try {
        await this.redeem(rows);
        await this.referralEvents(rows);
        if (rows.some((r) => r.name === 'purchase')) await this.nextOrderRewards(rows, address);
        if (rows.some((r) => r.name === 'generate_lead')) {
          const config = this.#opts.config;
          if (await captureLeads(await this.#db(), (site) => this.#leadDelivery(site), rows, config)) this.#kick();
        }
        return;
      } catch (err) {
        if (i >= REDEEM_TRIES) {
          this.#log('[nudge-server] could not mark coupon redemptions or referral rewards', err);
          return;
        }
        await new Promise((r) => setTimeout(r, 100 * 2 ** i));
      }
    }
  }
}
