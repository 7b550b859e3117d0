// The Rewards tab: coupon pools (what is left, a warning when low), the referral ledger to approve or reject, and
// leads whose delivery failed (dead letters) to send again.
import { html, nothing } from 'lit';
import type { CouponPool, LeadRow, LedgerEntry, LedgerFilter } from '../api.js';
import { fmtTime } from '../format.js';
import type { ConsoleHost, TabView } from './host.js';

export type RewardsHost = Pick<
  ConsoleHost,
  'requestUpdate' | 'lang' | 't' | 'client' | 'site' | 'fail' | 'sayDone' | 'confirmThen' | 'can'
>;

const STATUSES = ['pending', 'approved', 'issued', 'rejected'] as const;

export class RewardsTab implements TabView {
  #pools: CouponPool[] = [];
  #ledger: LedgerEntry[] = [];
  #dead: LeadRow[] = [];
  #filter: LedgerFilter = 'pending';
  /** One referrer's friends and rewards: their `u:<user id>` (or a friend's key). */
  #person = '';

  constructor(private readonly host: RewardsHost) {}

  siteChanged(): void {
    this.#pools = [];
    this.#ledger = [];
    this.#dead = [];
  }

  async load(): Promise<void> {
    const { client, site } = this.host;
    if (!client || !site) return;
    const [pools, ledger, dead] = await Promise.all([
      client.couponPools(site),
      client.ledger(site, this.#filter, this.#person),
      // leads carry people's emails: admins only (the API refuses the others, which would fail the whole tab)
      this.host.can('admin') ? client.deadLeads(site) : Promise.resolve({ leads: [] }),
    ]);
    this.#pools = pools.pools;
    this.#ledger = ledger.entries;
    this.#dead = dead.leads;
    this.host.requestUpdate();
  }

  async #do(run: () => Promise<unknown>, done: string): Promise<void> {
    try {
      await run();
      this.host.sayDone(done);
      await this.load();
    } catch (e) {
      this.host.fail(e);
    }
  }

  #approve(e: LedgerEntry) {
    const { client, site, t } = this.host;
    void this.#do(() => client!.approveReward(site, e.id), t('rewardApproved'));
  }

  #reject(e: LedgerEntry, form: HTMLFormElement) {
    const { client, site, t } = this.host;
    const reason = new FormData(form).get('reason')?.toString().trim() ?? '';
    void this.#do(() => client!.rejectReward(site, e.id, reason), t('rewardRejected'));
  }

  #retry(l: LeadRow) {
    const { client, site, t } = this.host;
    void this.#do(() => client!.retryLead(site, l.id), t('leadRetried'));
  }

  /** A new pool: generated codes now, or an empty one to import a CSV file into. */
  #createPool(form: HTMLFormElement) {
    const { client, site, t } = this.host;
    const f = new FormData(form);
    const text = (k: string) => f.get(k)?.toString().trim() ?? '';
    const kind = text('kind') === 'imported' ? 'imported' : 'generated';
    const count = Number(text('count'));
    void this.#do(async () => {
      await client!.createPool(site, {
        id: text('id'),
        kind,
        ...(text('widget') ? { widget: text('widget') } : {}),
        ...(text('prefix') ? { prefix: text('prefix') } : {}),
        ...(kind === 'generated' && count ? { count } : {}),
      });
      form.reset();
    }, t('poolCreated'));
  }

  /** Reads the chosen CSV file (in the browser: nothing is uploaded but its text) and imports it into the pool. */
  #import(form: HTMLFormElement) {
    const { client, site, t } = this.host;
    const f = new FormData(form);
    const file = f.get('csv');
    const pool = f.get('pool')?.toString() ?? '';
    if (!(file instanceof File) || !file.size) return;
    void (async () => {
      try {
        const out = await client!.importCodes(site, pool, await file.text());
        form.reset();
        this.host.sayDone(t('codesImported', { a: out.added, s: out.skipped }));
        await this.load();
      } catch (e) {
        this.host.fail(e);
      }
    })();
  }

  #setFilter(value: string) {
    this.#filter = value ? (value as LedgerFilter) : undefined;
    void this.load().catch((e: unknown) => this.host.fail(e));
  }

  render() {
    const { t, lang } = this.host;
    const money = (e: LedgerEntry) => `${e.amount}${e.currency ? ` ${e.currency}` : ''}`;
    return html`
      <section class="card" aria-labelledby="pools-h">
        <h2 id="pools-h">${t('couponPools')}</h2>
        ${
          this.#pools.length
            ? html`<table><thead><tr><th>${t('pool')}</th><th>${t('widget')}</th><th class="num">${t('remaining')}</th>
              <th class="num">${t('issued')}</th><th class="num">${t('redeemed')}</th><th class="num">${t('expired')}</th></tr></thead>
              <tbody>${this.#pools.map(
                (p) => html`<tr><td><code>${p.id}</code> ${p.name !== p.id ? p.name : nothing}
                  ${p.low ? html`<div class="warn" role="status">${t('poolLow', { n: p.remaining })}</div>` : nothing}</td>
                <td>${p.widget ?? t('anyWidget')}</td><td class="num">${p.remaining}</td><td class="num">${p.issued}</td>
                <td class="num">${p.redeemed}</td><td class="num">${p.expired}</td></tr>`,
              )}</tbody></table>`
            : html`<p class="muted">${t('noPools')}</p>`
        }
      </section>
      ${this.host.can('publisher') ? this.#renderPoolForms() : nothing}
      <section class="card" aria-labelledby="ledger-h">
        <h2 id="ledger-h">${t('ledger')}</h2>
        <form class="row" @submit=${(e: Event) => {
          e.preventDefault();
          this.#person = new FormData(e.currentTarget as HTMLFormElement).get('person')?.toString().trim() ?? '';
          void this.load().catch((err: unknown) => this.host.fail(err));
        }}>
          <label>${t('ledgerPerson')} <input name="person" maxlength="300" placeholder="u:customer-42" .value=${this.#person} /></label>
          <button type="submit">${t('ledgerFind')}</button>
        </form>
        <label>${t('ledgerShow')}
          <select @change=${(e: Event) => this.#setFilter((e.target as HTMLSelectElement).value)}>
            <option value="" ?selected=${!this.#filter}>${t('ledgerAll')}</option>
            ${STATUSES.map((s) => html`<option value=${s} ?selected=${this.#filter === s}>${t(`ledger_${s}`)}</option>`)}
          </select>
        </label>
        ${
          this.#ledger.length
            ? html`<table><thead><tr><th>${t('ledgerStage')}</th><th>${t('ledgerRecipient')}</th><th>${t('friend')}</th>
              <th class="num">${t('amount')}</th><th>${t('ledgerStatus')}</th><th>${t('ledgerWhen')}</th><th><span class="sr-only">${t('ledgerActions')}</span></th></tr></thead>
              <tbody>${this.#ledger.map(
                (e) => html`<tr>
                <td>${t(`stage_${e.stage}`)} <span class="muted">(${t(e.role === 'friend' ? 'friend' : 'inviter')})</span></td>
                <td><code>${e.recipient}</code></td><td><code>${e.friend}</code></td>
                <td class="num">${money(e)}</td>
                <td>${t(`ledger_${e.status}`)}${e.reason ? html`<div class="muted">${e.reason}</div>` : nothing}
                  ${e.code ? html`<div><code>${e.code}</code></div>` : nothing}</td>
                <td>${fmtTime(e.createdAt, lang)}</td>
                <td>${
                  e.status === 'pending' && this.host.can('publisher')
                    ? html`<button type="button" @click=${() => this.#approve(e)}>${t('approve')}</button>`
                    : nothing
                }
                ${
                  (e.status === 'pending' || e.status === 'approved') && this.host.can('publisher')
                    ? html`<form class="row" @submit=${(ev: Event) => {
                        ev.preventDefault();
                        this.#reject(e, ev.currentTarget as HTMLFormElement);
                      }}>
                      <label class="sr-only" for=${`why-${e.id}`}>${t('rejectReason')}</label>
                      <input id=${`why-${e.id}`} name="reason" required maxlength="200" placeholder=${t('rejectReason')} />
                      <button type="submit">${t('reject')}</button></form>`
                    : nothing
                }</td></tr>`,
              )}</tbody></table>`
            : html`<p class="muted" role="status">${t('ledgerEmpty')}</p>`
        }
      </section>
      ${this.host.can('admin') ? this.#renderDead() : nothing}`;
  }

  /** A new pool and a CSV import: publishers' work (the API refuses the others). */
  #renderPoolForms() {
    const { t } = this.host;
    return html`<form class="card" aria-labelledby="new-pool-h" @submit=${(e: Event) => {
      e.preventDefault();
      this.#createPool(e.currentTarget as HTMLFormElement);
    }}>
        <h2 id="new-pool-h">${t('newPool')}</h2>
        <label class="field">${t('poolId')} <input name="id" required maxlength="64" pattern="[A-Za-z0-9_\\-]+" /></label>
        <label class="field">${t('poolKind')}
          <select name="kind"><option value="generated">${t('poolGenerated')}</option><option value="imported">${t('poolImported')}</option></select>
        </label>
        <label class="field">${t('widget')} <input name="widget" maxlength="100" placeholder=${t('anyWidget')} /></label>
        <label class="field">${t('poolPrefix')} <input name="prefix" maxlength="16" pattern="[A-Za-z0-9_\\-]*" /></label>
        <label class="field">${t('poolCount')} <input name="count" type="number" min="1" max="100000" /></label>
        <button class="primary" type="submit">${t('create')}</button>
      </form>
      ${
        this.#pools.length
          ? html`<form class="card" aria-labelledby="import-h" @submit=${(e: Event) => {
              e.preventDefault();
              this.#import(e.currentTarget as HTMLFormElement);
            }}>
            <h2 id="import-h">${t('importCodes')}</h2>
            <p class="muted">${t('importNote')}</p>
            <label class="field">${t('pool')}
              <select name="pool">${this.#pools.map((p) => html`<option value=${p.id}>${p.id}</option>`)}</select>
            </label>
            <label class="field">${t('csvFile')} <input name="csv" type="file" accept=".csv,text/csv,text/plain" required /></label>
            <button type="submit">${t('importCodes')}</button>
          </form>`
          : nothing
      }`;
  }

  #renderDead() {
    const { t, lang } = this.host;
    return html`<section class="card" aria-labelledby="dead-h">
        <h2 id="dead-h">${t('deadLetters')}</h2>
        ${
          this.#dead.length
            ? html`<table><thead><tr><th>${t('leadEmail')}</th><th>${t('ledgerWhen')}</th><th>${t('leadError')}</th><th><span class="sr-only">${t('ledgerActions')}</span></th></tr></thead>
              <tbody>${this.#dead.map(
                (l) => html`<tr><td>${l.email}</td><td>${fmtTime(l.createdAt, lang)}</td>
                <td>${l.deliveries
                  .filter((d) => d.status === 'dead')
                  .map((d) => html`<div>${d.channel}: ${d.lastError ?? ''} (${d.attempts}×)</div>`)}</td>
                <td><button type="button" @click=${() => this.#retry(l)}>${t('sendAgain')}</button></td></tr>`,
              )}</tbody></table>`
            : html`<p class="muted">${t('noDeadLetters')}</p>`
        }
      </section>`;
  }
}
