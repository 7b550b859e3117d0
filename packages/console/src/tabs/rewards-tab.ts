// The Rewards tab: the coupon report for the period, coupon pools (what is left, a warning when low), the referral
// ledger to filter, approve or reject, and leads whose delivery failed (dead letters) to send again.
import { html, nothing } from 'lit';
import { ApiError, type ApiIssue, type CouponPool, type CouponReport, type LeadRow, type LedgerEntry } from '../api.js';
import { resetSent } from '../edits-since-save.js';
import { fmtTime } from '../format.js';
import { couponReportView } from './coupon-report.js';
import type { ConsoleHost, TabView } from './host.js';
import { periodOf, rangePicker, type RangeHost } from './range-picker.js';
import { RewardSettingsSection } from './reward-settings.js';
import { ledgerView, type LedgerState } from './rewards-ledger.js';
import { poolForms, poolsTable } from './rewards-pools.js';
import { tocView, type TocLink } from './rewards-toc.js';

export type RewardsHost = RangeHost &
  Pick<
    ConsoleHost,
    'requestUpdate' | 'lang' | 't' | 'client' | 'site' | 'fail' | 'sayDone' | 'confirmThen' | 'can' | 'config'
  >;

export class RewardsTab implements TabView {
  #report: CouponReport | null = null;
  #pools: CouponPool[] = [];
  #dead: LeadRow[] = [];
  /** `person`: one referrer's friends and rewards, by their `u:<user id>` (or a friend's key). */
  #ledger: LedgerState = { entries: [], status: 'pending', stage: undefined, person: '' };
  /** The last CSV import's refused lines, shown in the import form. */
  #importIssues: ApiIssue[] = [];
  readonly #settings: RewardSettingsSection;

  constructor(private readonly host: RewardsHost) {
    this.#settings = new RewardSettingsSection(host);
  }

  unsaved(): boolean {
    return this.#settings.unsaved();
  }

  siteChanged(): void {
    this.#report = null;
    this.#pools = [];
    this.#ledger = { ...this.#ledger, entries: [], person: '' };
    this.#dead = [];
    this.#importIssues = [];
    this.#settings.siteChanged();
  }

  async load(): Promise<void> {
    const { client, site } = this.host;
    if (!client || !site) return;
    const { status, person, stage } = this.#ledger;
    const [report, pools, ledger, dead] = await Promise.all([
      client.couponReport(site, periodOf(this.host)),
      client.couponPools(site),
      client.ledger(site, status, person, stage),
      // leads carry people's emails: admins only (the API refuses the others, which would fail the whole tab)
      this.host.can('admin') ? client.deadLeads(site) : Promise.resolve({ leads: [] }),
      // reward settings hold the site's webhook secrets' state: admins only, as the API
      this.host.can('admin') ? this.#settings.load() : undefined,
    ]);
    this.#report = report;
    this.#pools = pools.pools;
    this.#ledger = { ...this.#ledger, entries: ledger.entries };
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

  #filter(f: Partial<Pick<LedgerState, 'status' | 'stage' | 'person'>>) {
    this.#ledger = { ...this.#ledger, ...f };
    void this.load().catch((e: unknown) => this.host.fail(e));
  }

  /** A new pool: generated codes now, or an empty one to import a CSV file into. */
  #createPool(form: HTMLFormElement) {
    const { client, site, t } = this.host;
    const f = new FormData(form);
    const text = (k: string) => f.get(k)?.toString().trim() ?? '';
    const kind = text('kind') === 'imported' ? 'imported' : 'generated';
    const count = Number(text('count'));
    // a variant is picked as widget|experiment|variant: it names the popup the pool serves too
    const [vWidget, experiment, variant] = text('variant').split('|');
    const widget = experiment ? vWidget : text('widget');
    void this.#do(async () => {
      await client!.createPool(site, {
        id: text('id'),
        kind,
        ...(widget ? { widget } : {}),
        ...(experiment && variant ? { experiment, variant } : {}),
        ...(text('prefix') ? { prefix: text('prefix') } : {}),
        ...(kind === 'generated' && count ? { count } : {}),
      });
      resetSent(form, f);
    }, t('poolCreated'));
  }

  /** Reads the chosen CSV file (in the browser: nothing is uploaded but its text) and imports it into the pool. */
  #import(form: HTMLFormElement) {
    const { client, site, t } = this.host;
    const f = new FormData(form);
    const file = f.get('csv');
    const pool = f.get('pool')?.toString() ?? '';
    if (!(file instanceof File) || !file.size) return;
    this.#importIssues = [];
    void (async () => {
      try {
        const out = await client!.importCodes(site, pool, await file.text());
        resetSent(form, f);
        this.host.sayDone(t('codesImported', { a: out.added, s: out.skipped }));
        await this.load();
      } catch (e) {
        // the file's bad lines stay beside the form, where it is fixed and chosen again
        if (e instanceof ApiError) this.#importIssues = e.issues.filter((i) => i.path.startsWith('csv'));
        this.host.fail(e);
        this.host.requestUpdate();
      }
    })();
  }

  /** The tab's parts that are shown, as in-page links (a keyboard path to the settings that does not cross the ledger). */
  #toc(): TocLink[] {
    const { t } = this.host;
    const publisher = this.host.can('publisher');
    const admin = this.host.can('admin');
    return [
      { id: 'coupon-report-h', label: t('couponReport') },
      { id: 'pools-h', label: t('couponPools') },
      ...(publisher ? [{ id: 'new-pool-h', label: t('newPool') }] : []),
      ...(publisher && this.#pools.length ? [{ id: 'import-h', label: t('importCodes') }] : []),
      { id: 'ledger-h', label: t('ledger') },
      ...(admin ? [{ id: 'dead-h', label: t('deadLetters') }] : []),
      ...(admin ? this.#settings.toc() : []),
    ];
  }

  render() {
    const { t } = this.host;
    return html`
      ${tocView(t('onThisPage'), this.#toc())}
      <div class="card row">${rangePicker(this.host)}</div>
      ${couponReportView(this.#report, this.host)}
      ${poolsTable(this.#pools, t)}
      ${
        this.host.can('publisher')
          ? poolForms(this.#pools, t, this.#importIssues, this.host.config, {
              create: (form) => this.#createPool(form),
              import: (form) => this.#import(form),
            })
          : nothing
      }
      ${ledgerView(this.#ledger, this.host, {
        filter: (f) => this.#filter(f),
        approve: (e) => this.#approve(e),
        reject: (e, form) => this.#reject(e, form),
      })}
      ${this.host.can('admin') ? this.#renderDead() : nothing}
      ${this.host.can('admin') ? this.#settings.render(this.#pools) : nothing}`;
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
