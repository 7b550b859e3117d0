// <nudge-console>: sign-in, then widgets, experiments, results, reports, errors, history and live events for one site.
import { css, html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { Api, ApiError, type ApiIssue } from './api.js';
import type { Chart } from 'chart.js';
import { pickLang, translate, type Lang, type MessageKey } from './i18n.js';
import { fieldsOf, readField, type Field, type JsonSchema } from './schema-form.js';
import type { ConfigAction, ConfigChange } from '../config/history.js';
import { actionWords, changeWords, statusLabel } from './history-words.js';
import { dayRange, localDay } from './range.js';
import { formatP, liftSentence, srmSentence, type ComparisonLike, type SrmLike } from './words.js';

type Tab = 'widgets' | 'experiments' | 'results' | 'reports' | 'errors' | 'history' | 'live' | 'settings';
const TABS: [Tab, MessageKey][] = [
  ['widgets', 'tabWidgets'],
  ['experiments', 'tabExperiments'],
  ['results', 'tabResults'],
  ['reports', 'tabReports'],
  ['errors', 'tabErrors'],
  ['history', 'tabHistory'],
  ['live', 'tabLive'],
  ['settings', 'tabSettings'],
];
const STEPS = ['view_item', 'add_to_cart', 'begin_checkout', 'purchase'] as const;

interface Widget {
  id: string;
  type: string;
  enabled?: boolean;
  props: Record<string, unknown>;
  [k: string]: unknown;
}
interface Variant {
  key: string;
  weight: number;
  patch?: Record<string, Record<string, unknown>>;
}
interface Experiment {
  key: string;
  name?: string;
  status: string;
  traffic: number;
  variants: Variant[];
  winner?: string;
}
interface Config {
  site: string;
  version: number;
  widgets: Widget[];
  experiments: Experiment[];
  [k: string]: unknown;
}
interface Published {
  version: number;
  config: Config;
}
interface HistoryEntry {
  version: number;
  author: string;
  action: ConfigAction;
  changes: ConfigChange[];
  createdAt: number;
}
interface Change {
  path: string;
  op: string;
  before?: unknown;
  after?: unknown;
}
interface VariantResult {
  variant: string;
  weight: number;
  exposed: number;
  steps: Record<string, number>;
  conversion: Record<string, number>;
  orders: number;
  revenue: number;
  revenuePerVisitor: number;
  averageOrderValue: number;
  simulated: { exposed: number; orders: number };
  vsControl?: { steps: Record<string, ComparisonLike>; revenuePerVisitor: ComparisonLike };
}
interface Report {
  experiment: string;
  status: string;
  control: string;
  variants: VariantResult[];
  startedAt: number | null;
  stoppedAt: number | null;
  timeZone: string;
  method: { comparisons: number; level: number; minVisitors: number; minConversions: number };
  simulated: { exposed: number; orders: number; excluded: boolean };
  srm: SrmLike | null;
  /** by exposure day (in timeZone): visitors exposed up to the day and the share of them who purchased */
  overTime: { day: string; variants: Record<string, { rate: number }> }[];
  /** pageViews: what the samples stand for (each weighs 1/sample_rate); sampleRate: null when samples differ in rate */
  vitals: {
    variant: string;
    samples: number;
    pageViews: number;
    sampleRate: number | null;
    lcp: number | null;
    inp: number | null;
    cls: number | null;
  }[];
}
interface Pending {
  text: string;
  run: () => Promise<unknown>;
}
interface ErrorGroup {
  code: string | null;
  source: string | null;
  event: string | null;
  path: string | null;
  widget: string | null;
  /** the widget's type in the config in force or an older version; null when no version knows the id */
  widgetType: string | null;
  count: number;
  visitors: number;
  firstSeen: number;
  lastSeen: number;
  example: { message: string | null };
}
interface ErrorReport {
  total: number;
  totalGroups: number;
  groups: ErrorGroup[];
}

const fmtTime = (ms: number, lang: Lang) => new Date(ms).toLocaleString(lang);
/** When a set of stock figures was read: one time, or the oldest and newest read. */
const readAt = (a: { first: string; last: string }, lang: Lang) =>
  a.first === a.last
    ? fmtTime(Date.parse(a.first), lang)
    : `${fmtTime(Date.parse(a.first), lang)} – ${fmtTime(Date.parse(a.last), lang)}`;
/** Referral codes listed (the API returns all, most friends landed first). */
const TOP_CODES = 50;
const fmtCount = (n: number, lang: Lang) => Math.round(n).toLocaleString(lang);

/** GET /stats: `events` is every stored row and includes `invalidProps`; `rejected` were refused and not stored. */
interface Stats {
  events: number;
  invalidProps: number;
  rejected: number;
  clientDropped: number;
}
/** JSON with object keys sorted, to compare a draft with the props in force whatever order either lists them in. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1)))
      : x,
  );
const money = (n: number) => (Math.round(n * 100) / 100).toFixed(2);
const pct = (n: number) => `${(Math.round(n * 1000) / 10).toFixed(1)}%`;

export class NudgeConsole extends LitElement {
  static override properties = {
    lang: { state: true },
    api: { state: true },
    sites: { state: true },
    site: { state: true },
    tab: { state: true },
    config: { state: true },
    schemas: { state: true },
    notice: { state: true },
    issues: { state: true },
    pending: { state: true },
    history: { state: true },
    diffFor: { state: true },
    diff: { state: true },
    report: { state: true },
    reportKey: { state: true },
    range: { state: true },
    reportError: { state: true },
    excludeSimulated: { state: true },
    tail: { state: true },
    widgetReport: { state: true },
    referralReport: { state: true },
    errorReport: { state: true },
    rawFor: { state: true },
    drafts: { state: true },
    expDrafts: { state: true },
    undoVersion: { state: true },
    previewVariant: { state: true },
    settings: { state: true },
    newKey: { state: true },
    unreachable: { state: true },
  };

  declare lang: Lang;
  declare api: Api | null;
  declare sites: { id: string; name: string; version: number }[];
  declare site: string;
  declare tab: Tab;
  declare config: Config | null;
  declare schemas: Record<string, JsonSchema>;
  declare notice: { kind: 'ok' | 'error'; text: string } | null;
  declare issues: ApiIssue[];
  declare pending: Pending | null;
  declare history: HistoryEntry[];
  declare diffFor: number | null;
  declare diff: Change[];
  declare report: Report | null;
  declare reportKey: string;
  /** local calendar days (YYYY-MM-DD) in the browser's time zone; sent as that zone's day boundaries */
  declare range: { from: string; to: string };
  /** why the last results request failed, in words (the results are cleared then) */
  declare reportError: string | null;
  declare excludeSimulated: boolean;
  declare tail: {
    id: string;
    name: string;
    ts: number;
    receivedAt: number;
    anonymousId: string | null;
    source: string;
    experiments: Record<string, string>;
    props: Record<string, unknown>;
  }[];
  declare widgetReport: {
    widgets: {
      widget: string;
      type: string | null;
      shows: number;
      claims: number;
      shares: number;
      dismissals: number;
    }[];
    stockClaims: {
      widget: string;
      shows: number;
      figures: Record<string, unknown>;
      asOf?: { first: string; last: string };
    }[];
  } | null;
  declare referralReport: {
    rewards: { inviter: string | null; friend: string | null };
    codes: {
      code: string;
      landings: number;
      firstPurchases: number;
      rewardsOwed: { inviter: number; friend: number };
    }[];
  } | null;
  declare errorReport: ErrorReport | null;
  declare rawFor: Record<string, boolean>;
  declare drafts: Record<string, string>;
  /** Traffic and weights being edited, per experiment key: kept in state so a re-render shows (and applies) them. */
  declare expDrafts: Record<string, { traffic?: number; weights?: Record<string, number> }>;
  declare undoVersion: number | null;
  declare previewVariant: Record<string, string>;
  declare settings: { origins: string[]; keys: { prefix: string; createdAt: number }[]; stats: Stats } | null;
  declare newKey: string | null;
  /** Signing in with the saved token failed for another reason than a refused token: the token is kept for a retry. */
  declare unreachable: { token: string; actor: string; message: string } | null;

  private charts: Chart[] = [];
  /** Only the newest results request may set the report: a slower, older answer is dropped. */
  private reportSeq = 0;
  private tailTimer: number | undefined;

  constructor() {
    super();
    this.lang = pickLang(localStorage.getItem('nudge-console-lang'), navigator.language);
    document.documentElement.lang = this.lang;
    this.api = null;
    this.sites = [];
    this.site = '';
    this.tab = 'widgets';
    this.config = null;
    this.schemas = {};
    this.notice = null;
    this.issues = [];
    this.pending = null;
    this.history = [];
    this.diffFor = null;
    this.diff = [];
    this.report = null;
    this.reportKey = '';
    this.reportError = null;
    this.excludeSimulated = false;
    const day = 86_400_000;
    this.range = { from: localDay(new Date(Date.now() - 30 * day)), to: localDay(new Date()) };
    this.tail = [];
    this.widgetReport = null;
    this.referralReport = null;
    this.errorReport = null;
    this.rawFor = {};
    this.drafts = {};
    this.expDrafts = {};
    this.undoVersion = null;
    this.previewVariant = {};
    this.settings = null;
    this.newKey = null;
    this.unreachable = null;
    const token = sessionStorage.getItem('nudge-console-token');
    if (token) void this.signIn(token, sessionStorage.getItem('nudge-console-actor') ?? '', false);
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

  private fail(e: unknown) {
    if (e instanceof ApiError && e.status === 401) return;
    if (e instanceof ApiError)
      this.say('error', e.issues.length ? this.t('invalid') : this.t('consoleError', { m: e.message }), e.issues);
    // fetch rejects with a TypeError when no answer came (server down, network): say so, signed in as before
    else if (e instanceof TypeError) this.say('error', this.t('unreachableNotice', { m: e.message }));
    else this.say('error', this.t('consoleError', { m: String(e) }));
  }

  /**
   * Only a refused token (401) forgets the saved one; the server being down or failing keeps it, with a retry.
   * `focus`: a person just signed in, so the keyboard lands on the console's heading, not on the page body.
   */
  private async signIn(token: string, actor: string, focus = true) {
    // A 401 on any later request means the token stopped working (the server was given another one): back to sign-in.
    const api: Api = new Api(token, actor || 'console', () => {
      if (this.api === api) this.signOut(this.t('sessionEnded'));
    });
    try {
      const r = await api.get<{ sites: { id: string; name: string; version: number }[] }>('/sites');
      const s = await api.get<{ widgets: Record<string, JsonSchema> }>('/schema');
      sessionStorage.setItem('nudge-console-token', token);
      sessionStorage.setItem('nudge-console-actor', actor);
      this.api = api;
      this.unreachable = null;
      this.sites = r.sites;
      this.schemas = s.widgets;
      this.notice = null;
      this.issues = [];
      if (focus) void this.focusAfterRender('h1');
      await this.selectSite(r.sites[0]?.id ?? '');
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        sessionStorage.removeItem('nudge-console-token');
        this.unreachable = null;
        this.say('error', this.t('badToken'));
        return;
      }
      // signed in, and loading the first site failed: an error in the console, not an unreachable server
      if (this.api === api) return this.fail(e);
      this.notice = null;
      this.unreachable = { token, actor, message: e instanceof ApiError ? `${e.status} ${e.message}` : String(e) };
      if (focus) void this.focusAfterRender('#retry');
    }
  }

  /** Signs out; `message` says why when it was not the person's choice. The keyboard lands on the token field. */
  private signOut(message?: string) {
    sessionStorage.removeItem('nudge-console-token');
    window.clearInterval(this.tailTimer);
    this.api = null;
    this.config = null;
    this.unreachable = null;
    if (message) this.say('error', message);
    else {
      this.notice = null;
      this.issues = [];
    }
    void this.focusAfterRender('input[name="token"]');
  }

  private async focusAfterRender(selector: string) {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  private async selectSite(id: string) {
    this.site = id;
    this.newKey = null;
    this.errorReport = null;
    if (!id || !this.api) return;
    await this.loadConfig();
    await this.loadTab();
  }

  private async loadConfig() {
    const r = await this.api!.get<Published>(`/sites/${this.site}/config`);
    this.config = r.config;
    this.drafts = {};
    this.expDrafts = {};
    if (!this.reportKey || !r.config.experiments.some((e) => e.key === this.reportKey))
      this.reportKey = r.config.experiments[0]?.key ?? '';
  }

  private async loadTab() {
    window.clearInterval(this.tailTimer);
    try {
      if (this.tab === 'history')
        this.history = (await this.api!.get<{ history: HistoryEntry[] }>(`/sites/${this.site}/config/history`)).history;
      if (this.tab === 'results') await this.loadReport();
      if (this.tab === 'reports') await this.loadWidgetReports();
      if (this.tab === 'settings') await this.loadSettings();
      // The errors tab needs its report; every other tab refreshes it for the count badge on the nav entry.
      if (this.tab === 'errors') await this.loadErrors();
      else void this.loadErrors().catch(() => undefined);
      if (this.tab === 'live') {
        await this.loadTail();
        this.tailTimer = window.setInterval(() => void this.loadTail(), 2000);
      }
    } catch (e) {
      this.fail(e);
    }
  }

  private async loadSettings() {
    const [site, keys, stats] = await Promise.all([
      this.api!.get<{ site: { allowedOrigins: string[] } }>(`/sites/${this.site}`),
      this.api!.get<{ writeKeys: { prefix: string; createdAt: number }[] }>(`/sites/${this.site}/write-keys`),
      this.api!.get<Stats>(`/sites/${this.site}/stats`),
    ]);
    this.settings = { origins: site.site.allowedOrigins, keys: keys.writeKeys, stats };
  }

  private async saveOrigins(text: string) {
    this.issues = [];
    try {
      const origins = text
        .split(/\s+/)
        .map((o) => o.trim())
        .filter(Boolean);
      await this.api!.call('PATCH', `/sites/${this.site}`, { allowedOrigins: origins });
      this.say('ok', this.t('originsSaved'));
      this.undoVersion = null;
      await this.loadSettings();
    } catch (e) {
      this.fail(e);
    }
  }

  private async createWriteKey() {
    try {
      this.newKey = (await this.api!.post<{ key: string }>(`/sites/${this.site}/write-keys`)).key;
      await this.loadSettings();
    } catch (e) {
      this.fail(e);
    }
  }

  private async createSite(id: string, name: string) {
    this.issues = [];
    try {
      await this.api!.post('/sites', { id, name });
      this.sites = (await this.api!.get<{ sites: NudgeConsole['sites'] }>('/sites')).sites;
      this.say('ok', this.t('created', { s: id }));
      this.undoVersion = null;
      await this.selectSite(id);
    } catch (e) {
      this.fail(e);
    }
  }

  /** The chosen days from the start of From to the end of To in the browser's time zone. */
  private rangeQuery() {
    const { from, to } = dayRange(this.range.from, this.range.to);
    return `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  }

  private get timeZone(): string {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  }

  /** Loads the results for the current selection; an answer for an older selection, or a failure, never shows as current. */
  private async loadReport() {
    const seq = ++this.reportSeq;
    const site = this.site,
      key = this.reportKey;
    if (this.report && this.report.experiment !== key) this.report = null;
    if (!key || !this.api) return;
    const q = `${this.rangeQuery()}&tz=${encodeURIComponent(this.timeZone)}${this.excludeSimulated ? '&simulated=exclude' : ''}`;
    try {
      const r = await this.api.get<Report>(`/sites/${site}/reports/experiments/${encodeURIComponent(key)}?${q}`);
      if (seq !== this.reportSeq || site !== this.site || key !== this.reportKey) return;
      this.report = r;
      this.reportError = null;
    } catch (e) {
      // A failure for another site or experiment, or after sign-out (a 401), is not this selection's.
      if (seq !== this.reportSeq || site !== this.site || key !== this.reportKey || !this.api) return;
      this.report = null;
      const m = e instanceof Error ? e.message : String(e);
      // no answer at all (server down): said as elsewhere in the console
      this.reportError = e instanceof TypeError ? this.t('unreachableNotice', { m }) : this.t('reportFailed', { m });
    }
  }

  private async loadWidgetReports() {
    [this.widgetReport, this.referralReport] = await Promise.all([
      this.api!.get<NonNullable<NudgeConsole['widgetReport']>>(
        `/sites/${this.site}/reports/widgets?${this.rangeQuery()}`,
      ),
      this.api!.get<NonNullable<NudgeConsole['referralReport']>>(
        `/sites/${this.site}/reports/referrals?${this.rangeQuery()}`,
      ),
    ]);
  }

  private async loadErrors() {
    if (!this.api || !this.site) return;
    const site = this.site;
    const r = await this.api.get<ErrorReport>(`/sites/${site}/reports/errors?${this.rangeQuery()}`);
    if (site === this.site) this.errorReport = r;
  }

  private async loadTail() {
    if (this.tab !== 'live' || !this.api) return;
    this.tail = (
      await this.api.get<{ events: NudgeConsole['tail'] }>(`/sites/${this.site}/events/tail?limit=50`)
    ).events;
  }

  /**
   * Every change goes through here: publish, then offer an undo that rolls back to the version before. Unsaved edits
   * of other widgets and experiments stay (a draft the new version differs from is marked unsaved); `saved` drops
   * the edits this publish applied.
   */
  private async publish(run: () => Promise<Published>, saved?: () => void): Promise<boolean> {
    const before = this.config?.version ?? null;
    this.issues = [];
    try {
      const r = await run();
      this.config = r.config;
      saved?.();
      this.undoVersion = before;
      this.say('ok', this.t('published', { v: r.version }));
      if (this.tab === 'history' || this.tab === 'results') await this.loadTab();
      return true;
    } catch (e) {
      this.fail(e);
      return false;
    }
  }

  private confirmThen(text: string, run: () => Promise<unknown>) {
    this.pending = { text, run };
  }

  private async undo() {
    if (this.undoVersion === null) return;
    const v = this.undoVersion;
    if (!(await this.publish(() => this.api!.post<Published>(`/sites/${this.site}/config/rollback`, { version: v }))))
      return;
    this.undoVersion = null;
    this.say('ok', this.t('undone', { v: this.config?.version ?? v }));
  }

  /** Publishes a whole document; `saved` runs once the server has taken it. */
  private publishConfig(config: Config, action: ConfigAction & { type: 'widget' }, saved?: () => void) {
    return this.publish(
      () => this.api!.post<Published>(`/sites/${this.site}/config`, { config, action, baseVersion: config.version }),
      saved,
    );
  }

  private experimentAction(e: Experiment, action: string, body: Record<string, unknown>, text: string) {
    // applying traffic or weights drops that edit only; start, pause and stop keep both
    const saved =
      action === 'traffic' || action === 'weights'
        ? () => {
            const { [action]: _applied, ...rest } = this.expDrafts[e.key] ?? {};
            this.expDrafts = { ...this.expDrafts, [e.key]: rest };
          }
        : undefined;
    this.confirmThen(text, () =>
      this.publish(
        () =>
          this.api!.post<Published>(`/sites/${this.site}/experiments/${encodeURIComponent(e.key)}/${action}`, {
            ...body,
            baseVersion: this.config?.version,
          }),
        saved,
      ),
    );
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('report') || changed.has('lang') || changed.has('tab')) this.drawCharts();
    if (changed.has('pending')) {
      const d = this.renderRoot.querySelector<HTMLDialogElement>('dialog#confirm');
      if (d && this.pending && !d.open) d.showModal();
    }
    if (
      changed.has('config') ||
      changed.has('previewVariant') ||
      changed.has('drafts') ||
      changed.has('tab') ||
      changed.has('lang')
    )
      this.renderPreviews();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.clearInterval(this.tailTimer);
    for (const c of this.charts) c.destroy();
  }

  private async drawCharts() {
    for (const c of this.charts) c.destroy();
    this.charts = [];
    const r = this.report;
    if (this.tab !== 'results' || !r || !r.variants.some((v) => v.exposed)) return;
    const { funnelChart, overTimeChart } = await import('./charts.js');
    const f = this.renderRoot.querySelector<HTMLCanvasElement>('#funnel');
    const o = this.renderRoot.querySelector<HTMLCanvasElement>('#overtime');
    if (f)
      this.charts.push(
        funnelChart(
          f,
          STEPS.map((s) => this.t(s)),
          r.variants.map((v) => ({ label: v.variant, values: STEPS.map((s) => v.conversion[s] ?? 0) })),
        ),
      );
    if (o)
      this.charts.push(
        overTimeChart(
          o,
          r.overTime.map((p) => p.day),
          r.variants.map((v) => ({
            label: v.variant,
            values: r.overTime.map((p) => p.variants[v.variant]?.rate ?? 0),
          })),
        ),
      );
  }

  /**
   * Sends each widget's edited props (and a chosen variant's patch) to its preview frame, which renders the real
   * element, with the caption for what the frame fills in (preview.ts) in the console's language.
   */
  private renderPreviews() {
    if (this.tab !== 'widgets' || !this.config) return;
    const captions: Record<string, string> = {
      'coupon-popup': this.t('previewPopup'),
      'stock-banner': this.t('previewStock'),
      'referral-card': this.t('previewReferral'),
      'buy-bar': this.t('previewBar'),
    };
    for (const w of this.config.widgets) {
      const frame = this.renderRoot.querySelector<HTMLIFrameElement>(`iframe[data-preview="${CSS.escape(w.id)}"]`);
      const { enabled, ...patch } = this.patchFor(w.id);
      const props = { ...this.widgetProps(w), ...patch };
      // A variant that turns the widget off is previewed as what its visitors get: nothing, said in words.
      const off = enabled === false ? this.t('previewOff') : undefined;
      frame?.contentWindow?.postMessage(
        {
          kind: 'nudge-preview',
          type: w.type,
          id: w.id,
          props,
          lang: this.lang,
          caption: captions[w.type],
          open: this.t('previewOpen'),
          off,
        },
        location.origin,
      );
    }
  }

  private patchFor(widgetId: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const e of this.config?.experiments ?? []) {
      const key = this.previewVariant[e.key];
      const patch = e.variants.find((v) => v.key === key)?.patch?.[widgetId];
      if (patch) Object.assign(out, patch);
    }
    return out;
  }

  private widgetProps(w: Widget): Record<string, unknown> {
    const draft = this.drafts[w.id];
    if (draft === undefined) return w.props;
    try {
      return JSON.parse(draft) as Record<string, unknown>;
    } catch {
      return w.props;
    }
  }

  private setDraftField(w: Widget, f: Field, raw: string | boolean) {
    const props = { ...this.widgetProps(w) };
    const v = readField(f, raw);
    if (v === undefined) delete props[f.name];
    else props[f.name] = v;
    this.drafts = { ...this.drafts, [w.id]: JSON.stringify(props, null, 2) };
  }

  /** The widget's draft when it differs from its props in force, i.e. an edit not published yet. */
  private unsaved(w: Widget): boolean {
    const draft = this.drafts[w.id];
    if (draft === undefined) return false;
    try {
      return canonical(JSON.parse(draft)) !== canonical(w.props);
    } catch {
      return true;
    }
  }

  private saveWidget(w: Widget) {
    if (!this.config) return;
    const draft = this.drafts[w.id];
    let props: Record<string, unknown>;
    try {
      props = JSON.parse(draft ?? JSON.stringify(w.props)) as Record<string, unknown>;
    } catch (e) {
      this.say('error', this.t('notJson', { m: (e as Error).message }));
      return;
    }
    const config = structuredClone(this.config);
    config.widgets = config.widgets.map((x) => (x.id === w.id ? { ...x, props } : x));
    // the draft is dropped once published, unless it was edited again meanwhile
    void this.publishConfig(config, { type: 'widget', widget: w.id, action: 'settings' }, () => {
      if (this.drafts[w.id] !== draft) return;
      const { [w.id]: _published, ...rest } = this.drafts;
      this.drafts = rest;
    });
  }

  private discardDraft(w: Widget) {
    const { [w.id]: _dropped, ...rest } = this.drafts;
    this.drafts = rest;
  }

  private toggleWidget(w: Widget) {
    if (!this.config) return;
    const config = structuredClone(this.config);
    const on = !(w.enabled ?? true);
    config.widgets = config.widgets.map((x) => (x.id === w.id ? { ...x, enabled: on } : x));
    // recorded as data and said in the reader's language (history-words.ts)
    void this.publishConfig(config, { type: 'widget', widget: w.id, action: on ? 'on' : 'off' });
  }

  static override styles = css`
    :host { display: block; max-width: 1180px; margin: 0 auto; padding: 16px; }
    header { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; margin-bottom: 12px; }
    h1 { font-size: 20px; margin: 0 12px 0 0; }
    h2 { font-size: 16px; margin: 0 0 8px; }
    .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
    nav { display: flex; gap: 4px; flex-wrap: wrap; margin: 8px 0 16px; }
    nav button[aria-current='page'] { background: #111827; color: white; }
    button { font: inherit; padding: 6px 12px; border-radius: 6px; border: 1px solid #cbd5e1; background: white; cursor: pointer; }
    button.primary { background: #1d4ed8; color: white; border-color: #1d4ed8; }
    button.danger { color: #b42318; border-color: #fda29b; }
    button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 3px solid #93c5fd; outline-offset: 1px; }
    input, select, textarea { font: inherit; padding: 5px 8px; border: 1px solid #cbd5e1; border-radius: 6px; }
    textarea { width: 100%; min-height: 180px; font-family: ui-monospace, monospace; font-size: 13px; box-sizing: border-box; }
    .card { background: white; border: 1px solid #e5e7eb; border-radius: 10px; padding: 16px; margin-bottom: 12px; }
    .row { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
    .grid { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 16px; }
    @media (max-width: 800px) { .grid { grid-template-columns: 1fr; } }
    label.field { display: grid; grid-template-columns: 160px 1fr; gap: 8px; align-items: center; margin: 4px 0; }
    table { border-collapse: collapse; width: 100%; font-size: 14px; }
    th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #eef0f3; vertical-align: top; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
    .notice { padding: 10px 12px; border-radius: 8px; margin-bottom: 12px; }
    .notice.ok { background: #ecfdf3; color: #05603a; }
    .notice.error { background: #fef3f2; color: #912018; }
    .card.error { background: #fef3f2; color: #912018; }
    .simulated { background: #eff8ff; color: #175cd3; padding: 10px 12px; border-radius: 8px; border: 1px dashed #175cd3; }
    .srm { background: #fffaeb; color: #93370d; padding: 10px 12px; border-radius: 8px; font-weight: 600; }
    .status { font-weight: 600; text-transform: uppercase; font-size: 12px; letter-spacing: .04em; }
    .chart { position: relative; height: 260px; }
    .preview { border: 1px dashed #cbd5e1; border-radius: 8px; width: 100%; height: 320px; box-sizing: border-box; background: white; }
    code, pre { font-family: ui-monospace, monospace; font-size: 12px; }
    pre { white-space: pre-wrap; margin: 0; }
    .muted { color: #6b7280; font-size: 13px; }
    .sentences li { margin: 4px 0; }
    .badge { display: inline-block; min-width: 1.4em; padding: 0 6px; border-radius: 999px; background: #b42318; color: white; font-size: 12px; font-weight: 600; text-align: center; }
    td.message { overflow-wrap: anywhere; max-width: 360px; }
    .unsaved { background: #fffaeb; color: #93370d; padding: 2px 8px; border-radius: 6px; font-size: 13px; font-weight: 600; }
    .switch[aria-checked='true'] { background: #047857; color: white; border-color: #047857; }
    dialog::backdrop { background: rgb(0 0 0 / .35); }
    @media (prefers-reduced-motion: no-preference) { button { transition: background-color .15s; } }
  `;

  override render(): TemplateResult {
    return html`
      <header>
        <h1 tabindex="-1">${this.t('title')}</h1>
        ${
          this.api
            ? html`<label>${this.t('site')}
                <select @change=${(e: Event) => void this.selectSite((e.target as HTMLSelectElement).value)}>
                  ${this.sites.map((s) => html`<option value=${s.id} ?selected=${s.id === this.site}>${s.name} (${s.id})</option>`)}
                </select></label>
              <span class="muted">${this.t('version')} ${this.config?.version ?? '–'}</span>
              <button @click=${() => this.signOut()}>${this.t('signOut')}</button>`
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
      ${this.api ? this.renderMain() : this.unreachable ? this.renderUnreachable() : this.renderSignIn()}
      </main>
      ${this.renderConfirm()}
    `;
  }

  private renderSignIn() {
    const submit = (e: SubmitEvent) => {
      e.preventDefault();
      const data = new FormData(e.target as HTMLFormElement);
      void this.signIn(String(data.get('token') ?? ''), String(data.get('actor') ?? ''));
    };
    return html`<form class="card" @submit=${submit} style="max-width:460px">
      <label class="field">${this.t('token')} <input name="token" type="password" required autocomplete="current-password" /></label>
      <label class="field">${this.t('yourName')} <input name="actor" autocomplete="name" /></label>
      <p class="muted">${this.t('tokenHelp')}</p>
      <button class="primary" type="submit">${this.t('signIn')}</button>
    </form>`;
  }

  /** The saved token could not be tried (server down, network, 5xx): it is kept, and Retry tries it again. */
  private renderUnreachable() {
    const u = this.unreachable!;
    return html`<section class="card" aria-labelledby="unreachable-h" style="max-width:460px">
      <h2 id="unreachable-h">${this.t('unreachableTitle')}</h2>
      <p role="alert">${this.t('unreachableBody')}</p>
      <p class="muted"><code>${u.message}</code></p>
      <div class="row">
        <button id="retry" class="primary" @click=${() => void this.signIn(u.token, u.actor)}>${this.t('retry')}</button>
        <button @click=${() => this.signOut()}>${this.t('otherToken')}</button>
      </div>
    </section>`;
  }

  private renderConfirm() {
    const close = () => {
      this.renderRoot.querySelector<HTMLDialogElement>('dialog#confirm')?.close();
      this.pending = null;
    };
    return html`<dialog id="confirm" aria-labelledby="confirm-text" @close=${() => (this.pending = null)}>
      <p id="confirm-text">${this.pending?.text ?? ''}</p>
      <div class="row">
        <button class="primary" @click=${async () => {
          const p = this.pending;
          close();
          await p?.run();
        }}>${this.t('confirm')}</button>
        <button @click=${close}>${this.t('cancel')}</button>
      </div>
    </dialog>`;
  }

  private renderMain() {
    return html`
      <nav aria-label=${this.t('sections')}>
        ${TABS.map(
          ([tab, key]) =>
            html`<button aria-current=${this.tab === tab ? 'page' : 'false'} @click=${() => {
              this.tab = tab;
              this.notice = null;
              void this.loadTab();
            }}>${this.t(key)}${
              tab === 'errors' && this.errorReport?.total
                ? html` <span class="badge" aria-hidden="true">${this.errorReport.total}</span><span class="sr-only">${this.t('errorsBadge', { n: this.errorReport.total })}</span>`
                : nothing
            }</button>`,
        )}
      </nav>
      ${
        !this.config
          ? nothing
          : this.tab === 'widgets'
            ? this.renderWidgets()
            : this.tab === 'experiments'
              ? this.renderExperiments()
              : this.tab === 'results'
                ? this.renderResults()
                : this.tab === 'reports'
                  ? this.renderReports()
                  : this.tab === 'errors'
                    ? this.renderErrors()
                    : this.tab === 'history'
                      ? this.renderHistory()
                      : this.tab === 'settings'
                        ? this.renderSettings()
                        : this.renderLive()
      }
    `;
  }

  private renderWidgets() {
    const c = this.config!;
    return html`
      ${
        c.experiments.length
          ? html`<div class="card row"><strong>${this.t('previewVariant')}</strong>
            ${c.experiments.map(
              (e) => html`<label>${e.key}
              <select @change=${(ev: Event) => (this.previewVariant = { ...this.previewVariant, [e.key]: (ev.target as HTMLSelectElement).value })}>
                <option value="">–</option>
                ${e.variants.map((v) => html`<option value=${v.key} ?selected=${this.previewVariant[e.key] === v.key}>${v.key}</option>`)}
              </select></label>`,
            )}
          </div>`
          : nothing
      }
      ${c.widgets.map((w) => {
        const on = w.enabled ?? true;
        const props = this.widgetProps(w);
        const raw = this.rawFor[w.id];
        return html`<section class="card" aria-labelledby="w-${w.id}">
          <div class="row">
            <h2 id="w-${w.id}" style="font-size:16px;margin:0">${w.id} <span class="muted">${w.type}</span></h2>
            <button class="switch" role="switch" aria-checked=${on ? 'true' : 'false'} @click=${() => this.toggleWidget(w)}>${on ? this.t('enabled') : this.t('disabled')}</button>
            ${
              this.unsaved(w)
                ? html`<span class="unsaved">${this.t('unsaved')}</span><button @click=${() => this.discardDraft(w)}>${this.t('discard')}</button>`
                : nothing
            }
            <span style="flex:1"></span>
            <button @click=${() => (this.rawFor = { ...this.rawFor, [w.id]: !raw })}>${raw ? this.t('form') : this.t('rawJson')}</button>
          </div>
          <div class="grid">
            <div>
              ${
                raw
                  ? html`<textarea aria-label="${w.id} JSON" .value=${this.drafts[w.id] ?? JSON.stringify(w.props, null, 2)}
                    @input=${(e: Event) => (this.drafts = { ...this.drafts, [w.id]: (e.target as HTMLTextAreaElement).value })}></textarea>`
                  : fieldsOf(this.schemas[w.type]).map((f) => this.renderField(w, f, props[f.name]))
              }
              <button class="primary" @click=${() => this.saveWidget(w)}>${this.t('save')}</button>
            </div>
            <div>
              <div class="muted">${this.t('preview')}</div>
              <iframe class="preview" data-preview=${w.id} src="preview.html" title="${this.t('preview')}: ${w.id}" @load=${() => this.renderPreviews()}></iframe>
            </div>
          </div>
        </section>`;
      })}
    `;
  }

  private renderField(w: Widget, f: Field, value: unknown) {
    const id = `f-${w.id}-${f.name}`;
    const onInput = (e: Event) => {
      const t = e.target as HTMLInputElement;
      this.setDraftField(w, f, t.type === 'checkbox' ? t.checked : t.value);
    };
    const input =
      f.kind === 'boolean'
        ? html`<input id=${id} type="checkbox" .checked=${value === true} @change=${onInput} />`
        : f.kind === 'select'
          ? html`<select id=${id} @change=${onInput}><option value="">–</option>${f.options!.map((o) => html`<option ?selected=${o === value}>${o}</option>`)}</select>`
          : f.kind === 'number' || f.kind === 'integer'
            ? html`<input id=${id} type="number" step=${f.kind === 'integer' ? '1' : 'any'} .value=${value === undefined ? '' : String(value)} min=${f.min ?? ''} @change=${onInput} />`
            : f.kind === 'json'
              ? html`<input id=${id} .value=${value === undefined ? '' : JSON.stringify(value)} @change=${onInput} />`
              : html`<input id=${id} .value=${value === undefined ? '' : String(value)} maxlength=${f.maxLength ?? 500} @change=${onInput} />`;
    return html`<label class="field" for=${id}><span>${f.name}</span>${input}</label>`;
  }

  private renderExperiments() {
    const c = this.config!;
    return html`${c.experiments.map((e) => {
      const draft = this.expDrafts[e.key] ?? {};
      const traffic = draft.traffic ?? e.traffic;
      const weights: Record<string, number> = {
        ...Object.fromEntries(e.variants.map((v) => [v.key, v.weight])),
        ...draft.weights,
      };
      const edit = (d: typeof draft) => (this.expDrafts = { ...this.expDrafts, [e.key]: { ...draft, ...d } });
      return html`<section class="card">
        <div class="row">
          <h2 style="font-size:16px;margin:0">${e.name ?? e.key} <code>${e.key}</code></h2>
          <span class="status">${statusLabel(this.lang, e.status)}${e.winner ? ` → ${e.winner}` : ''}</span>
        </div>
        <div class="row" style="margin-top:8px">
          ${e.status !== 'running' ? html`<button class="primary" @click=${() => this.experimentAction(e, 'start', {}, this.t('confirmStart', { e: e.key }))}>${this.t('start')}</button>` : nothing}
          ${e.status === 'running' ? html`<button @click=${() => this.experimentAction(e, 'pause', {}, this.t('confirmPause', { e: e.key }))}>${this.t('pause')}</button>` : nothing}
          ${e.status !== 'stopped' ? html`<button class="danger" @click=${() => this.experimentAction(e, 'stop', {}, this.t('confirmStop', { e: e.key }))}>${this.t('stop')}</button>` : nothing}
          ${e.variants.map((v) => html`<button @click=${() => this.experimentAction(e, 'stop', { winner: v.key }, this.t('confirmShip', { e: e.key, v: v.key }))}>${this.t('shipWinner', { v: v.key })}</button>`)}
        </div>
        <div class="row" style="margin-top:8px">
          <label>${this.t('traffic')} <input type="range" min="0" max="100" step="1" .value=${String(Math.round(traffic * 100))}
            @input=${(ev: Event) => edit({ traffic: Number((ev.target as HTMLInputElement).value) / 100 })} /><output>${Math.round(traffic * 100)}%</output></label>
          <button @click=${() => this.experimentAction(e, 'traffic', { traffic }, this.t('confirmTraffic', { e: e.key, p: Math.round(traffic * 100) }))}>${this.t('applyTraffic')}</button>
        </div>
        <div class="row" style="margin-top:8px">
          ${this.t('weights')}:
          ${e.variants.map(
            (
              v,
            ) => html`<label>${v.key} <input type="number" min="0" step="any" style="width:80px" .value=${String(weights[v.key])}
            @change=${(ev: Event) => edit({ weights: { ...draft.weights, [v.key]: Number((ev.target as HTMLInputElement).value) } })} /></label>`,
          )}
          <button @click=${() =>
            this.experimentAction(
              e,
              'weights',
              { weights },
              this.t('confirmWeights', {
                e: e.key,
                w: Object.entries(weights)
                  .map(([k, w]) => `${k}=${w}`)
                  .join(', '),
              }),
            )}>${this.t('applyWeights')}</button>
        </div>
      </section>`;
    })}`;
  }

  private renderResults() {
    const c = this.config!;
    const r = this.report;
    const reload = () => void this.loadReport();
    const srm = r ? srmSentence(this.lang, r.srm) : null;
    const total = r?.variants.reduce((a, v) => a + v.exposed, 0) ?? 0;
    const orders = r?.variants.reduce((a, v) => a + v.orders, 0) ?? 0;
    return html`
      <div class="card row">
        <label>${this.t('experiment')} <select @change=${(e: Event) => {
          this.reportKey = (e.target as HTMLSelectElement).value;
          reload();
        }}>
          ${c.experiments.map((e) => html`<option value=${e.key} ?selected=${e.key === this.reportKey}>${e.key}</option>`)}
        </select></label>
        ${this.renderRange(reload)}
        <label><input type="checkbox" .checked=${this.excludeSimulated} @change=${(e: Event) => {
          this.excludeSimulated = (e.target as HTMLInputElement).checked;
          reload();
        }} /> ${this.t('excludeSimulated')}</label>
        <p class="muted">${this.t('rangeZone', { tz: this.timeZone })}</p>
      </div>
      ${this.reportError ? html`<p class="card error" role="alert">${this.reportError}</p>` : nothing}
      ${
        !r || r.experiment !== this.reportKey
          ? nothing
          : !r.variants.some((v) => v.exposed)
            ? html`<p class="card">${this.t('noData')}</p>`
            : html`
        ${
          r.simulated.exposed || r.simulated.orders
            ? html`<p class="simulated" role="note"><strong>${this.t('simulatedLabel')}</strong> ${this.t('simulatedCounted', { v: r.simulated.exposed, t: total, o: r.simulated.orders, n: orders })}</p>`
            : r.simulated.excluded
              ? html`<p class="muted">${this.t('simulatedExcluded')}</p>`
              : nothing
        }
        ${srm ? html`<p class="srm" role="alert">${srm}</p>` : nothing}
        <section class="card">
          <p class="muted">${r.startedAt === null ? this.t('neverStarted') : this.t('startedOn', { d: fmtTime(r.startedAt, this.lang) })}${r.stoppedAt === null ? '' : ` ${this.t('stoppedOn', { d: fmtTime(r.stoppedAt, this.lang) })}`}
            ${this.t('peeking')}</p>
          <ul class="sentences">
            ${r.variants
              .filter((v) => v.vsControl)
              .flatMap((v) => [
                html`<li>${liftSentence(this.lang, v.variant, r.control, this.t('purchase'), v.vsControl!.steps.purchase!)}</li>`,
                html`<li class="muted">${liftSentence(this.lang, v.variant, r.control, this.t('revenuePerVisitor'), v.vsControl!.revenuePerVisitor, 'money')}</li>`,
              ])}
          </ul>
          <p class="muted">${this.t('method', { v: r.method.minVisitors, c: r.method.minConversions })}${r.method.comparisons > 1 ? ` ${this.t('methodBonferroni', { k: r.method.comparisons, l: `${Math.round(r.method.level * 1000) / 10}%` })}` : ''}</p>
          <table>
            <thead><tr><th>${this.t('variant')}</th><th class="num">${this.t('exposed')}</th>${STEPS.map((s) => html`<th class="num">${this.t(s)}</th>`)}
              <th class="num">${this.t('orders')}</th><th class="num">${this.t('revenuePerVisitor')}</th><th class="num">${this.t('aov')}</th></tr></thead>
            <tbody>${r.variants.map(
              (v) => html`<tr>
              <td>${v.variant}${v.variant === r.control ? html` <span class="muted">(${this.t('control')})</span>` : nothing}</td>
              <td class="num">${v.exposed}</td>
              ${STEPS.map((s) => {
                const cmp = v.vsControl?.steps[s];
                return html`<td class="num">${v.steps[s]} <span class="muted">${pct(v.conversion[s] ?? 0)}</span>${cmp?.enough ? html`<br /><span class="muted">${this.cellLift(cmp)} · p ${formatP(cmp.pValue)}</span>` : nothing}</td>`;
              })}
              <td class="num">${v.orders}</td><td class="num">${money(v.revenuePerVisitor)}</td><td class="num">${money(v.averageOrderValue)}</td>
            </tr>`,
            )}</tbody>
          </table>
        </section>
        <div class="grid">
          <section class="card"><h2>${this.t('funnel')}</h2><p class="muted">${this.t('funnelNote')}</p><div class="chart"><canvas id="funnel" role="img" aria-label=${this.t('funnel')}></canvas></div></section>
          <section class="card"><h2>${this.t('overTime', { tz: r.timeZone })}</h2><p class="muted">${this.t('overTimeNote')}</p><div class="chart"><canvas id="overtime" role="img" aria-label=${this.t('overTime', { tz: r.timeZone })}></canvas></div></section>
        </div>
        <section class="card"><h2>${this.t('vitals')}</h2>
          <table><thead><tr><th>${this.t('variant')}</th><th class="num">${this.t('samples')}</th><th class="num">${this.t('vitalsLcp')}</th><th class="num">${this.t('vitalsInp')}</th><th class="num">CLS</th></tr></thead>
          <tbody>${r.vitals.map(
            (
              v,
            ) => html`<tr><td>${v.variant}</td><td class="num">${this.samples(v)}</td><td class="num">${v.lcp === null ? '–' : Math.round(v.lcp)}</td>
            <td class="num">${v.inp === null ? '–' : Math.round(v.inp)}</td><td class="num">${v.cls === null ? '–' : v.cls.toFixed(3)}</td></tr>`,
          )}</tbody></table>
        </section>`
      }
    `;
  }

  /** A table cell's estimate: relative lift, or the difference in points when a rate was at 0. */
  private cellLift(c: Extract<ComparisonLike, { enough: true }>) {
    if (c.scale === 'relative') return `${c.lift! >= 0 ? '+' : ''}${pct(c.lift!)}`;
    return `${c.difference >= 0 ? '+' : ''}${pct(c.difference).replace('%', '')} ${this.t('points')}`;
  }

  /** Raw sample count, plus the page views it stands for when web vitals were sampled (tracking.webVitals < 1). */
  private samples(v: Report['vitals'][number]) {
    const n = fmtCount(v.samples, this.lang);
    if (v.sampleRate === 1) return n;
    const pages = fmtCount(v.pageViews, this.lang);
    return html`${n} <span class="muted">${v.sampleRate === null ? this.t('vitalsPagesMixed', { n: pages }) : this.t('vitalsPages', { n: pages, p: pct(v.sampleRate).replace(/\.0%$/, '%') })}</span>`;
  }

  /** The report period (shared by results and errors); Refresh also updates the errors badge for the new period. */
  private renderRange(reload: () => void) {
    return html`
      <label>${this.t('from')} <input type="date" .value=${this.range.from} @change=${(e: Event) => (this.range = { ...this.range, from: (e.target as HTMLInputElement).value })} /></label>
      <label>${this.t('to')} <input type="date" .value=${this.range.to} @change=${(e: Event) => (this.range = { ...this.range, to: (e.target as HTMLInputElement).value })} /></label>
      <button @click=${() => {
        reload();
        if (this.tab !== 'errors') void this.loadErrors().catch(() => undefined);
      }}>${this.t('refresh')}</button>`;
  }

  /** What went wrong, in words (the codes and sources the collector and the browser SDK send). */
  private errorWhat(g: ErrorGroup) {
    if (g.code === 'invalid_props') return this.t('errInvalidProps', { e: g.event ?? '?' });
    if (g.code === 'invalid_config') return this.t('errInvalidConfig');
    if (g.code === 'invalid_name') return this.t('errInvalidName');
    if (g.source === 'widget') return this.t('errWidget');
    if (g.source) return this.t('errLoad', { s: g.source });
    return this.t('errOther');
  }

  private renderErrors() {
    const r = this.errorReport;
    const reload = () => void this.loadErrors().catch((e: unknown) => this.fail(e));
    const where = (g: ErrorGroup) => [
      g.event ? html`<div>${this.t('event')}: <code>${g.event}</code></div>` : nothing,
      g.path ? html`<div>${this.t('field')}: <code>${g.path}</code></div>` : nothing,
      g.widget
        ? html`<div>${this.t('widget')}: <code>${g.widget}</code>${g.widgetType ? html` <span class="muted">(${g.widgetType})</span>` : nothing}</div>`
        : nothing,
    ];
    return html`
      <div class="card row">${this.renderRange(reload)}</div>
      <section class="card" aria-labelledby="errors-h">
        <h2 id="errors-h">${this.t('errorsTitle')}</h2>
        <p class="muted">${this.t('errorsNote')}</p>
        ${
          !r
            ? nothing
            : !r.total
              ? html`<p role="status">${this.t('noErrors')}</p>`
              : html`
          <p role="status">${this.t('errorsSummary', { n: r.total, g: r.totalGroups })}</p>
          <table>
            <thead><tr><th>${this.t('errWhatCol')}</th><th>${this.t('errWhereCol')}</th><th class="num">${this.t('errCount')}</th>
              <th class="num">${this.t('visitors')}</th><th>${this.t('lastSeen')}</th><th>${this.t('exampleMessage')}</th></tr></thead>
            <tbody>${r.groups.map(
              (g) => html`<tr>
              <td>${this.errorWhat(g)}<div class="muted"><code>${g.code ?? g.source ?? 'nudge_error'}</code></div></td>
              <td>${where(g)}</td>
              <td class="num">${g.count}</td><td class="num">${g.visitors}</td>
              <td>${fmtTime(g.lastSeen, this.lang)}<div class="muted">${this.t('firstSeen')} ${fmtTime(g.firstSeen, this.lang)}</div></td>
              <td class="message">${g.example.message ?? '–'}</td>
            </tr>`,
            )}</tbody>
          </table>
          ${r.totalGroups > r.groups.length ? html`<p class="muted">${this.t('errorsCut', { n: r.groups.length, g: r.totalGroups })}</p>` : nothing}`
        }
      </section>`;
  }

  private renderReports() {
    const w = this.widgetReport;
    const r = this.referralReport;
    return html`
      <section class="card"><h2>${this.t('widgetsReport')}</h2>
        <table><thead><tr><th>${this.t('widget')}</th><th class="num">${this.t('shows')}</th><th class="num">${this.t('claims')}</th><th class="num">${this.t('shares')}</th><th class="num">${this.t('dismissals')}</th></tr></thead>
        <tbody>${(w?.widgets ?? []).map((x) => html`<tr><td>${x.widget} <span class="muted">${x.type ?? ''}</span></td><td class="num">${x.shows}</td><td class="num">${x.claims}</td><td class="num">${x.shares}</td><td class="num">${x.dismissals}</td></tr>`)}</tbody></table>
      </section>
      <section class="card"><h2>${this.t('stockClaims')}</h2>
        <table><thead><tr><th>${this.t('widget')}</th><th>${this.t('figures')}</th><th>${this.t('figuresRead')}</th><th class="num">${this.t('shows')}</th></tr></thead>
        <tbody>${(w?.stockClaims ?? []).map(
          (x) => html`<tr><td>${x.widget}</td><td><code>${Object.entries(x.figures)
            .map(([k, v]) => `${k}: ${String(v)}`)
            .join(' · ')}</code></td>
          <td>${x.asOf ? readAt(x.asOf, this.lang) : '–'}</td><td class="num">${x.shows}</td></tr>`,
        )}</tbody></table>
      </section>
      <section class="card"><h2>${this.t('referrals')}</h2>
        <p class="muted">${this.t('inviter')}: ${r?.rewards.inviter ?? '–'} · ${this.t('friend')}: ${r?.rewards.friend ?? '–'}</p>
        ${(r?.codes.length ?? 0) > TOP_CODES ? html`<p class="muted">${this.t('topCodes', { n: TOP_CODES, t: r!.codes.length })}</p>` : nothing}
        <table><thead><tr><th>${this.t('code')}</th><th class="num">${this.t('landings')}</th><th class="num">${this.t('firstPurchases')}</th><th class="num">${this.t('rewardsOwed')}</th></tr></thead>
        <tbody>${(r?.codes ?? []).slice(0, TOP_CODES).map(
          (
            x,
          ) => html`<tr><td><code>${x.code}</code></td><td class="num">${x.landings}</td><td class="num">${x.firstPurchases}</td>
          <td class="num">${x.rewardsOwed.inviter} × ${this.t('inviter')}, ${x.rewardsOwed.friend} × ${this.t('friend')}</td></tr>`,
        )}</tbody></table>
      </section>`;
  }

  private renderHistory() {
    const showDiff = async (v: number) => {
      this.diffFor = this.diffFor === v ? null : v;
      if (this.diffFor !== null)
        this.diff = (
          await this.api!.get<{ changes: Change[] }>(`/sites/${this.site}/config/diff?from=${v - 1}&to=${v}`)
        ).changes;
    };
    return html`<section class="card"><h2>${this.t('history')}</h2>
      <table><thead><tr><th>${this.t('version')}</th><th>${this.t('when')}</th><th>${this.t('who')}</th><th>${this.t('what')}</th><th><span class="sr-only">${this.t('rollback')}</span></th></tr></thead>
      <tbody>${this.history.map(
        (h) => html`<tr>
        <td>v${h.version}${h.version === this.config?.version ? html` <span class="status">${this.t('current')}</span>` : nothing}</td>
        <td>${fmtTime(h.createdAt, this.lang)}</td><td>${h.author}</td>
        <td>${actionWords(this.lang, h.action) ? html`<div>${actionWords(this.lang, h.action)}</div>` : nothing}<div class="muted">${h.changes.slice(0, 4).map((c) => html`<div>${changeWords(this.lang, c)}</div>`)}${h.changes.length > 4 ? html`<div>… +${h.changes.length - 4}</div>` : nothing}</div>
          ${this.diffFor === h.version ? html`<pre>${this.diff.map((d) => `${d.op === 'add' ? '+' : d.op === 'remove' ? '-' : '~'} ${d.path}: ${d.op !== 'add' ? JSON.stringify(d.before) : ''}${d.op === 'change' ? ' → ' : ''}${d.op !== 'remove' ? JSON.stringify(d.after) : ''}`).join('\n')}</pre>` : nothing}</td>
        <td><button @click=${() => void showDiff(h.version)}>${this.t('showDiff')}</button>
          ${
            h.version !== this.config?.version
              ? html`<button class="danger" @click=${() =>
                  this.confirmThen(this.t('confirmRollback', { v: h.version }), () =>
                    this.publish(() =>
                      this.api!.post<Published>(`/sites/${this.site}/config/rollback`, { version: h.version }),
                    ),
                  )}>${this.t('rollback')}</button>`
              : nothing
          }</td>
      </tr>`,
      )}</tbody></table></section>`;
  }

  private renderSettings() {
    const st = this.settings;
    // The textarea's value is read when the form is submitted: a background refresh (the errors badge) re-renders
    // the view, and a value kept in this render's closure would then save the stored origins, not what was typed.
    const saveOrigins = (e: SubmitEvent) => {
      e.preventDefault();
      void this.saveOrigins(String(new FormData(e.target as HTMLFormElement).get('origins') ?? ''));
    };
    const newSite = (e: SubmitEvent) => {
      e.preventDefault();
      const data = new FormData(e.target as HTMLFormElement);
      void this.createSite(String(data.get('id') ?? ''), String(data.get('name') ?? ''));
    };
    return html`
      ${
        st
          ? html`<p class="muted" id="ingest-stats">${this.t('stats', {
              // three disjoint numbers: valid stored events, stored as nudge_error, refused
              v: fmtCount(st.stats.events - st.stats.invalidProps, this.lang),
              i: fmtCount(st.stats.invalidProps, this.lang),
              r: fmtCount(st.stats.rejected, this.lang),
              d: fmtCount(st.stats.clientDropped, this.lang),
            })}</p>`
          : nothing
      }
      <form class="card" @submit=${saveOrigins}>
        <label for="origins"><strong>${this.t('allowedOrigins')}</strong></label>
        <textarea id="origins" name="origins" style="min-height:100px" .value=${(st?.origins ?? []).join('\n')}></textarea>
        <button class="primary" type="submit">${this.t('saveOrigins')}</button>
      </form>
      <section class="card">
        <h2>${this.t('writeKeys')}</h2>
        <ul>${(st?.keys ?? []).map((k) => html`<li><code>${k.prefix}…</code> <span class="muted">${fmtTime(k.createdAt, this.lang)}</span></li>`)}</ul>
        ${this.newKey ? html`<p role="status">${this.t('writeKeyOnce')} <code>${this.newKey}</code></p>` : nothing}
        <button @click=${() => void this.createWriteKey()}>${this.t('newWriteKey')}</button>
      </section>
      <form class="card" @submit=${newSite}>
        <h2>${this.t('newSite')}</h2>
        <label class="field">${this.t('siteId')} <input name="id" required maxlength="64" /></label>
        <label class="field">${this.t('siteName')} <input name="name" /></label>
        <button class="primary" type="submit">${this.t('create')}</button>
      </form>`;
  }

  /** Newest first by when the collector received them; an event's own time can be earlier (a queue sent late, backdated
   * simulated traffic), so both are shown, the order's column first. */
  private renderLive() {
    return html`<section class="card"><h2>${this.t('live')}</h2>
      <table><thead><tr><th>${this.t('received')}</th><th>${this.t('eventTime')}</th><th>${this.t('event')}</th><th>${this.t('visitor')}</th><th>${this.t('source')}</th><th>${this.t('eventProps')}</th></tr></thead>
      <tbody>${this.tail.map(
        (
          e,
        ) => html`<tr><td>${fmtTime(e.receivedAt, this.lang)}</td><td>${fmtTime(e.ts, this.lang)}</td><td><code>${e.name}</code></td><td><code>${(e.anonymousId ?? '').slice(0, 12)}</code></td>
        <td>${e.source}</td><td><code>${JSON.stringify(e.props).slice(0, 120)}</code></td></tr>`,
      )}</tbody></table></section>`;
  }
}
