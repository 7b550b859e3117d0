// <nudge-console>, the shell: sign-in, site picker, tab bar, notices, confirm dialog; the tabs live in tabs/.
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { NudgeConfig as Config } from '@nudge/core';
import { ApiError, type AdminClient, type ApiIssue, type Published, type SiteSummary } from './api.js';
import { SessionController, type SessionHost, type SessionStart } from './controllers/session.js';
import { confirmDialog, type Pending } from './confirm-dialog.js';
import { pickLang, translate, type Lang, type MessageKey } from './i18n.js';
import { consoleStyles } from './nudge-console.styles.js';
import { defaultRange } from './range.js';
import { TABS, type Route } from './route.js';
import { RouteController } from './controllers/route.js';
import type { JsonSchema } from './schema-form.js';
import { forgetLink, signInView, unreachableView } from './sign-in.js';
import { AlertsTab } from './tabs/alerts-tab.js';
import { DashboardTab } from './tabs/dashboard-tab.js';
import { ErrorsTab } from './tabs/errors-tab.js';
import { ExperimentsTab } from './tabs/experiments-tab.js';
import { HistoryTab } from './tabs/history-tab.js';
import { InstallTab } from './tabs/install-tab.js';
import type { ConsoleHost, Tab, TabView } from './tabs/host.js';
import { LiveTab } from './tabs/live-tab.js';
import { MetricsTab } from './tabs/metrics-tab.js';
import { ReportsTab } from './tabs/reports-tab.js';
import { PeopleTab } from './tabs/people-tab.js';
import { ResultsTab } from './tabs/results-tab.js';
import { RewardsTab } from './tabs/rewards-tab.js';
import { SettingsTab } from './tabs/settings-tab.js';
import { needsRoleView, tabAllowed, visibleTabs } from './tabs/tab-roles.js';
import { WidgetsTab } from './tabs/widgets-tab.js';

export class NudgeConsole extends LitElement {
  static override styles = consoleStyles;

  static override properties = {
    lang: { state: true },
    sites: { state: true },
    site: { state: true },
    tab: { state: true },
    config: { state: true },
    schemas: { state: true },
    notice: { state: true },
    issues: { state: true },
    pending: { state: true },
    range: { state: true },
    undoVersion: { state: true },
  };

  declare lang: Lang;
  declare sites: SiteSummary[];
  declare site: string;
  declare tab: Tab;
  declare config: Config | null;
  declare schemas: Record<string, JsonSchema>;
  declare notice: { kind: 'ok' | 'error'; text: string } | null;
  declare issues: ApiIssue[];
  declare pending: Pending | null;
  /** local calendar days (YYYY-MM-DD) in the browser's time zone; sent as that zone's day boundaries */
  declare range: { from: string; to: string };
  /** The version a publish replaced, while the notice offers to go back to it. */
  declare undoVersion: number | null;

  readonly #session: SessionController;
  readonly #tabs: Record<Tab, TabView>;
  readonly #errors: ErrorsTab;
  readonly #results: ResultsTab;
  readonly #router: RouteController;
  #rangeDefault: { from: string; to: string };

  constructor() {
    super();
    this.lang = pickLang(localStorage.getItem('nudge-console-lang'), navigator.language);
    document.documentElement.lang = this.lang;
    this.sites = [];
    this.site = '';
    this.tab = 'widgets';
    this.config = null;
    this.schemas = {};
    this.notice = null;
    this.issues = [];
    this.pending = null;
    this.undoVersion = null;
    this.range = this.#rangeDefault = defaultRange();
    const host = this.#tabHost();
    this.#errors = new ErrorsTab(host);
    this.#results = new ResultsTab(host);
    this.#tabs = {
      home: new DashboardTab(host),
      alerts: new AlertsTab(host),
      metrics: new MetricsTab(host),
      widgets: new WidgetsTab(host),
      experiments: new ExperimentsTab(host),
      results: this.#results,
      reports: new ReportsTab(host),
      errors: this.#errors,
      history: new HistoryTab(host),
      live: new LiveTab(host),
      settings: new SettingsTab(host),
      people: new PeopleTab(host),
      rewards: new RewardsTab(host),
      install: new InstallTab(host),
    };
    this.#session = new SessionController(this.#sessionHost());
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the getter below has its own `this`
    const el = this;
    this.#router = new RouteController({
      addController: (c) => this.addController(c),
      get route() {
        return { site: el.site, tab: el.tab, experiment: el.#results.experiment };
      },
      showRoute: (r) => this.showRoute(r),
    });
  }

  /** What the tabs see of the shell (tabs/host.ts): the rest of its state stays private. */
  #tabHost(): ConsoleHost {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the getters below have their own `this`
    const el = this;
    return {
      addController: (c) => el.addController(c),
      requestUpdate: () => el.requestUpdate(),
      get renderRoot() {
        return el.renderRoot;
      },
      get lang() {
        return el.lang;
      },
      get tab() {
        return el.tab;
      },
      get client() {
        return el.#client;
      },
      get site() {
        return el.site;
      },
      get config() {
        return el.config;
      },
      get schemas() {
        return el.schemas;
      },
      get range() {
        return el.range;
      },
      set range(r) {
        el.range = r;
      },
      t: (key, params) => el.t(key, params),
      say: (kind, text, issues) => el.say(kind, text, issues),
      sayDone: (text) => el.sayDone(text),
      clearIssues: () => (el.issues = []),
      fail: (e) => el.fail(e),
      confirmThen: (text, run) => (el.pending = { text, run }),
      publish: (run, saved) => el.publish(run, saved),
      siteCreated: (id) => el.siteCreated(id),
      reloadTab: () => void el.loadTab(),
      navigated: () => el.#router.go('push'),
      can: (role) => el.#session.can(role),
      get person() {
        return !!el.#session.me?.userId;
      },
    };
  }

  /** What the session controller sees of the shell (controllers/session.ts). */
  #sessionHost(): SessionHost {
    return {
      addController: (c) => this.addController(c),
      requestUpdate: () => this.requestUpdate(),
      signedIn: (start, focus) => this.signedIn(start, focus),
      signedOut: (ended) => this.signedOut(ended),
      refused: (locked) => this.say('error', this.t(locked ? 'locked' : 'badToken')),
      fail: (e) => this.fail(e),
      clearNotice: () => (this.notice = null),
      focusAfterRender: (selector) => void this.focusAfterRender(selector),
    };
  }

  get #client(): AdminClient | null {
    return this.#session.client;
  }

  private t(key: MessageKey, params?: Record<string, string | number>) {
    return translate(this.lang, key, params);
  }

  private setLang(lang: Lang) {
    this.lang = lang;
    localStorage.setItem('nudge-console-lang', lang);
    document.documentElement.lang = lang;
  }

  /** Shows one message; the field list always belongs to it, so a later message never shows an earlier attempt's fields. */
  private say(kind: 'ok' | 'error', text: string, issues: ApiIssue[] = []) {
    this.notice = { kind, text };
    this.issues = issues;
  }

  /** Says something that went well and is not a publish, so no undo is offered. */
  private sayDone(text: string) {
    this.say('ok', text);
    this.undoVersion = null;
  }

  private fail(e: unknown) {
    if (e instanceof ApiError && e.status === 401) return;
    if (e instanceof ApiError)
      this.say('error', e.issues.length ? this.t('invalid') : this.t('consoleError', { m: e.message }), e.issues);
    // fetch rejects with a TypeError when no answer came (server down, network): say so, signed in as before
    else if (e instanceof TypeError) this.say('error', this.t('unreachableNotice', { m: e.message }));
    else this.say('error', this.t('consoleError', { m: String(e) }));
  }

  private async signedIn({ sites, schemas }: SessionStart, focus: boolean) {
    forgetLink();
    this.sites = sites;
    this.schemas = schemas;
    this.notice = null;
    this.issues = [];
    if (focus) void this.focusAfterRender('h1');
    // a deep link (shared, or the page reloaded) opens its view; anything else the first site's widgets
    const r = this.#router.current();
    const site = r.site && sites.some((s) => s.id === r.site) ? r.site : (sites[0]?.id ?? '');
    this.tab = site === r.site && r.tab ? r.tab : 'widgets';
    if (r.experiment) this.#results.select(r.experiment);
    await this.selectSite(site, 'replace');
  }

  /** Back and Forward: show the view of the URL, without writing a new entry. */
  private showRoute(r: Route) {
    if (!this.#client) return;
    if (r.experiment) this.#results.select(r.experiment);
    this.tab = r.tab ?? 'widgets';
    if (r.site && r.site !== this.site && this.sites.some((s) => s.id === r.site)) void this.selectSite(r.site, 'none');
    else void this.loadTab();
  }

  /** The keyboard lands on the token field; `ended` says the server no longer accepts the token. */
  private signedOut(ended: boolean) {
    for (const tab of Object.values(this.#tabs)) tab.leave?.();
    this.config = null;
    if (ended) this.say('error', this.t('sessionEnded'));
    else {
      this.notice = null;
      this.issues = [];
    }
    void this.focusAfterRender('input[name="email"]');
  }

  private async focusAfterRender(selector: string) {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  private async selectSite(id: string, url: 'push' | 'replace' | 'none' = 'push') {
    this.site = id;
    for (const tab of Object.values(this.#tabs)) tab.siteChanged?.();
    if (!id || !this.#client) return;
    if (url !== 'none') this.#router.go(url);
    await this.loadConfig();
    await this.loadTab();
  }

  /** Another site picked: edits not yet published would be lost, so that is asked first. */
  private switchSite(select: HTMLSelectElement) {
    const id = select.value;
    if (!Object.values(this.#tabs).some((tab) => tab.unsaved?.())) return void this.selectSite(id);
    select.value = this.site;
    this.pending = { text: this.t('confirmLeave'), run: () => this.selectSite(id) };
  }

  private async siteCreated(id: string) {
    this.sites = (await this.#client!.sites()).sites;
    this.sayDone(this.t('created', { s: id }));
    await this.selectSite(id);
  }

  private async loadConfig() {
    const r = await this.#client!.config(this.site);
    this.config = r.config;
    // an untouched default period follows the site's zone (today may differ there); one the person picked stays
    if (this.range === this.#rangeDefault) this.range = this.#rangeDefault = defaultRange(r.config.timeZone);
    for (const tab of Object.values(this.#tabs)) tab.configLoaded?.(r.config);
  }

  private async loadTab() {
    for (const tab of Object.values(this.#tabs)) tab.leave?.();
    try {
      // the live tab starts polling once the errors badge is on its way; a tab the role cannot use loads nothing
      if (this.tab !== 'live' && tabAllowed(this.tab, (r) => this.#session.can(r))) await this.#tabs[this.tab].load?.();
      // The errors tab needs its report; every other tab refreshes it for the count badge on the nav entry.
      if (this.tab !== 'errors') void this.#errors.load().catch(() => undefined);
      if (this.tab === 'live') await this.#tabs.live.load?.();
    } catch (e) {
      this.fail(e);
    }
  }

  private async publish(
    run: (client: AdminClient, site: string) => Promise<Published>,
    saved?: () => void,
  ): Promise<boolean> {
    const before = this.config?.version ?? null;
    this.issues = [];
    try {
      const r = await run(this.#client!, this.site);
      this.config = r.config;
      saved?.();
      this.undoVersion = before;
      this.say('ok', this.t('published', { v: r.version }));
      if (this.tab === 'history' || this.tab === 'results' || this.tab === 'experiments') await this.loadTab();
      return true;
    } catch (e) {
      this.fail(e);
      return false;
    }
  }

  private async undo() {
    if (this.undoVersion === null) return;
    const v = this.undoVersion;
    if (!(await this.publish((client, site) => client.rollback(site, v)))) return;
    this.sayDone(this.t('undone', { v: this.config?.version ?? v }));
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('pending')) {
      const d = this.renderRoot.querySelector<HTMLDialogElement>('dialog#confirm');
      if (d && this.pending && !d.open) d.showModal();
    }
  }

  override render(): TemplateResult {
    const signedIn = this.#client !== null;
    return html`
      <header>
        <h1 tabindex="-1">${this.t('title')}</h1>
        ${
          signedIn
            ? html`<label>${this.t('site')}
                <select @change=${(e: Event) => this.switchSite(e.target as HTMLSelectElement)}>
                  ${this.sites.map((s) => html`<option value=${s.id} ?selected=${s.id === this.site}>${s.name} (${s.id})</option>`)}
                </select></label>
              <span class="muted">${this.t('version')} ${this.config?.version ?? '–'}</span>
              <span class="muted">${this.#session.me?.name} · ${this.t(`role_${this.#session.me?.role ?? 'viewer'}`)}</span>
              <button @click=${() => this.#session.signOut()}>${this.t('signOut')}</button>`
            : nothing
        }
        <span style="flex:1"></span>
        <label><select aria-label="Language / 语言" @change=${(e: Event) => this.setLang((e.target as HTMLSelectElement).value as Lang)}>
          <option value="en" ?selected=${this.lang === 'en'}>English</option>
          <option value="zh-CN" ?selected=${this.lang === 'zh-CN'}>简体中文</option>
        </select></label>
      </header>
      <main>
      ${
        this.notice
          ? html`<div class="notice ${this.notice.kind}" role=${this.notice.kind === 'error' ? 'alert' : 'status'}>
            ${this.notice.text}
            ${this.issues.length ? html`<ul>${this.issues.map((i) => html`<li><code>${i.path || '(document)'}</code>: ${i.message}</li>`)}</ul>` : nothing}
            ${this.notice.kind === 'ok' && this.undoVersion !== null ? html` <button @click=${() => void this.undo()}>${this.t('undo')}</button>` : nothing}
          </div>`
          : nothing
      }
      ${signedIn ? this.renderMain() : this.#session.unreachable ? unreachableView(this.#session, this.t.bind(this)) : signInView(this.#session, this.t.bind(this), (text) => this.sayDone(text))}
      </main>
      ${this.renderConfirm()}
    `;
  }

  private renderConfirm() {
    return confirmDialog(this.pending, this.t.bind(this), () => {
      this.renderRoot.querySelector<HTMLDialogElement>('dialog#confirm')?.close();
      this.pending = null;
    });
  }

  private renderMain() {
    const errors = this.#errors.total;
    return html`
      <nav aria-label=${this.t('sections')}>
        ${visibleTabs(TABS, (r) => this.#session.can(r)).map(
          ([tab, key]) =>
            html`<button aria-current=${this.tab === tab ? 'page' : 'false'} aria-label=${tab === 'errors' && errors ? this.t('errorsBadge', { tab: this.t(key), n: errors }) : nothing} @click=${() => {
              this.tab = tab;
              this.#router.go('push');
              this.notice = null;
              void this.loadTab();
            }}>${this.t(key)}${
              tab === 'errors' && errors ? html` <span class="badge" aria-hidden="true">${errors}</span>` : nothing
            }</button>`,
        )}
      </nav>
      ${this.config ? (needsRoleView(this.tab, (r) => this.#session.can(r), this.t.bind(this)) ?? this.#tabs[this.tab].render()) : nothing}
    `;
  }
}
