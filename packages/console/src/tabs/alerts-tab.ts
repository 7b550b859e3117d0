// The Alerts tab: the site's rules (switched on and off here), and one page per alert with what triggered it: its
// events, and the chart of the watched figure with the expected value, the band and the limit.
import { html, nothing, type ReactiveController } from 'lit';
import { live } from 'lit/directives/live.js';
import type { AlertEvent, AlertList, AlertPage } from '../api.js';
import type { AlertLine } from '../charts.js';
import { afterSave } from '../edits-since-save.js';
import { fmtTime } from '../format.js';
import { savedWords } from '../i18n/saved-words.js';
import { ruleName } from '../i18n/built-in-names.js';
import { EMAIL_LOCALES, emailLocaleNames, emailWord } from '../i18n/email-words.js';
import type { ConsoleHost, TabView } from './host.js';

/** The delivery form's fields as typed. */
type Delivery = { webhookUrl: string; secret: string; emails: string };
/** The form as the stored delivery fills it (the secret is write-only: never shown). */
const storedDelivery = (d: AlertList['delivery']): Delivery => ({
  webhookUrl: d.webhookUrl ?? '',
  secret: '',
  emails: d.emails.join(', '),
});

export type AlertsHost = Pick<
  ConsoleHost,
  | 'requestUpdate'
  | 'client'
  | 'site'
  | 't'
  | 'lang'
  | 'fail'
  | 'sayDone'
  | 'clearIssues'
  | 'can'
  | 'addController'
  | 'renderRoot'
  | 'tab'
>;

/** A figure as people read it: rates in %, counts and money with at most two decimals. */
const figure = (x: unknown, metric: unknown) =>
  typeof x !== 'number'
    ? '–'
    : metric === 'conversion_rate'
      ? `${(x * 100).toFixed(2)}%`
      : `${Math.round(x * 100) / 100}`;

const DAY = 86_400_000;
const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : null);

/** What the chart draws of one event's figures; null for an alert on a condition (SRM, stale stock, pools). */
export function chartOf(f: Record<string, unknown>, names: Record<AlertLine['kind'], string>) {
  const window = f.window as { from?: number } | undefined;
  const series = Array.isArray(f.series) ? (f.series as { day: string; value: number }[]) : null;
  const history = Array.isArray(f.history) ? (f.history as { value: number }[]) : [];
  const value = num(f.value);
  if (value === null || typeof window?.from !== 'number' || (!series?.length && !history.length)) return null;
  const from = window.from;
  // without the daily series (events recorded before it was kept): the same weekday of the earlier weeks
  const points = series?.length
    ? series
    : [
        ...history.map((h, i) => ({
          day: new Date(from - (history.length - i) * 7 * DAY).toISOString().slice(0, 10),
          value: h.value,
        })),
        { day: new Date(from).toISOString().slice(0, 10), value },
      ];
  const flat = (v: number | null) => points.map(() => v);
  const band = f.band as { low?: number; high?: number } | null | undefined;
  const expected = num(f.expected);
  const limit = num(f.limit);
  const lines: AlertLine[] = [{ label: names.value, values: points.map((p) => p.value), kind: 'value' }];
  if (expected !== null) lines.push({ label: names.expected, values: flat(expected), kind: 'expected' });
  if (band && num(band.low) !== null && num(band.high) !== null) {
    lines.push({ label: `${names.band} (−)`, values: flat(band.low!), kind: 'band' });
    lines.push({ label: `${names.band} (+)`, values: flat(band.high!), kind: 'band' });
  }
  if (limit !== null) lines.push({ label: names.limit, values: flat(limit), kind: 'limit' });
  return { labels: points.map((p) => p.day), lines, day: points.at(-1)!.day, value, expected, limit, band };
}

export class AlertsTab implements TabView, ReactiveController {
  #list: AlertList | null = null;
  /** The delivery form as typed (null: as stored), so a refresh or a save's answer keeps what is typed since. */
  #delivery: Delivery | null = null;
  #page: AlertPage | null = null;
  /** the event whose chart is shown (default: the latest that fired) */
  #shown: string | null = null;
  #chart: { destroy(): void } | null = null;
  #drawn: unknown[] = [];

  constructor(private readonly host: AlertsHost) {
    host.addController(this);
  }

  async load(): Promise<void> {
    const { client, site } = this.host;
    if (!client) return;
    this.#list = await client.alerts(site);
    if (this.#page) this.#page = await client.alertPage(site, this.#page.rule.id);
    this.host.requestUpdate();
  }

  siteChanged(): void {
    this.#delivery = null;
    this.#page = null;
    this.#shown = null;
  }

  hostUpdated(): void {
    const inputs = [this.#page, this.#shown, this.host.lang, this.host.tab];
    if (inputs.every((x, i) => x === this.#drawn[i])) return;
    this.#drawn = inputs;
    void this.draw();
  }

  hostDisconnected(): void {
    this.#chart?.destroy();
  }

  private shownEvent(): AlertEvent | undefined {
    const events = this.#page?.events ?? [];
    return events.find((e) => e.id === this.#shown) ?? events.find((e) => e.kind === 'fired');
  }

  private async draw() {
    this.#chart?.destroy();
    this.#chart = null;
    const e = this.shownEvent();
    if (this.host.tab !== 'alerts' || !e) return;
    const c = chartOf(e.figures as Record<string, unknown>, this.names());
    if (!c) return;
    const { alertChart } = await import('../charts.js');
    const canvas = this.host.renderRoot.querySelector<HTMLCanvasElement>('#alert-chart');
    // the page may have changed while the chart module loaded
    if (!canvas || this.shownEvent() !== e) return;
    // a draw started meanwhile may have made its chart already
    (this.#chart as { destroy(): void } | null)?.destroy();
    this.#chart = alertChart(
      canvas,
      c.labels,
      c.lines,
      (e.figures as Record<string, unknown>).metric === 'conversion_rate',
    );
  }

  private names(): Record<AlertLine['kind'], string> {
    const t = this.host.t;
    return { value: t('alertValue'), expected: t('alertExpected'), band: t('alertBand'), limit: t('alertLimit') };
  }

  private async open(id: string) {
    try {
      this.#page = await this.host.client!.alertPage(this.host.site, id);
      this.#shown = null;
    } catch (e) {
      this.host.fail(e);
    }
    this.host.requestUpdate();
  }

  private async toggle(id: string, enabled: boolean) {
    try {
      await this.host.client!.setAlertEnabled(this.host.site, id, enabled);
      await this.load();
    } catch (e) {
      this.host.fail(e);
    }
  }

  private async saveDelivery(form: HTMLFormElement) {
    const d = new FormData(form);
    const sent: Delivery = {
      webhookUrl: String(d.get('webhookUrl') ?? ''),
      secret: String(d.get('secret') ?? ''),
      emails: String(d.get('emails') ?? ''),
    };
    const url = sent.webhookUrl.trim();
    const secret = sent.secret.trim();
    const emails = sent.emails
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    const locale = EMAIL_LOCALES.find((l) => l === d.get('locale'));
    this.host.clearIssues();
    try {
      await this.host.client!.setAlertDelivery(this.host.site, {
        webhookUrl: url || null,
        ...(secret ? { secret } : url ? {} : { secret: null }),
        emails,
        ...(locale ? { locale } : {}),
      });
      await this.load();
      // what was typed while the save was on its way stays, to save next; the rest shows as stored (the secret empty)
      const stored = storedDelivery(this.#list!.delivery);
      const { draft, newer } = afterSave(sent, this.#delivery ?? sent, stored);
      this.#delivery = newer.length ? draft : null;
      this.host.sayDone(savedWords(this.host.lang, this.host.t('alertDeliverySaved'), newer.length > 0));
      this.host.requestUpdate();
    } catch (e) {
      this.host.fail(e);
    }
  }

  private deliveryForm() {
    const t = this.host.t;
    const d = this.#list?.delivery;
    if (!d || !this.host.can('admin')) return nothing;
    const v = this.#delivery ?? storedDelivery(d);
    const edit = (key: keyof Delivery) => (e: Event) => {
      this.#delivery = { ...(this.#delivery ?? storedDelivery(d)), [key]: (e.target as HTMLInputElement).value };
    };
    return html`<form id="alert-delivery" @submit=${(e: SubmitEvent) => {
      e.preventDefault();
      void this.saveDelivery(e.target as HTMLFormElement);
    }}>
      <h3>${t('alertDeliveryTitle')}</h3>
      <p class="muted">${t('alertDeliveryHelp')}</p>
      <div class="row">
        <label>${t('alertWebhookUrl')} <input name="webhookUrl" type="url" .value=${live(v.webhookUrl)} @input=${edit('webhookUrl')} /></label>
        <label>${t('alertSecret')} <input name="secret" type="password" autocomplete="off" minlength="16" .value=${live(v.secret)} @input=${edit('secret')} /></label>
        ${d.secretSet ? html`<span class="muted">${t('alertSecretSet')}</span>` : nothing}
      </div>
      <div class="row">
        <label>${t('alertEmailList')} <input name="emails" .value=${live(v.emails)} @input=${edit('emails')} /></label>
        <label>${emailWord(this.host.lang, 'alertLanguage')} <select name="locale">${EMAIL_LOCALES.map(
          (l) =>
            html`<option value=${l} ?selected=${l === (d.locale ?? this.host.lang)}>${emailLocaleNames[l]}</option>`,
        )}</select></label>
        <button type="submit">${t('alertDeliverySave')}</button>
      </div>
    </form>`;
  }

  private chartSection() {
    const t = this.host.t;
    const e = this.shownEvent();
    if (!e) return nothing;
    const f = e.figures as Record<string, unknown>;
    const c = chartOf(f, this.names());
    if (!c) return html`<p class="muted">${t('alertOnCondition')}</p>`;
    const m = f.metric;
    const sentence = t('alertChartSummary', {
      kind: e.kind === 'fired' ? t('alertKindFired') : t('alertKindResolved'),
      day: c.day,
      v: figure(c.value, m),
      e: figure(c.expected, m),
      lo: figure(c.band?.low, m),
      hi: figure(c.band?.high, m),
      l: figure(c.limit, m),
    });
    return html`<h3>${t('alertChartTitle')}</h3>
      <div class="chart"><canvas id="alert-chart" role="img" aria-label=${sentence}></canvas></div>
      <p class="muted" id="alert-chart-summary">${sentence}</p>`;
  }

  render() {
    const { t, lang } = this.host;
    const l = this.#list;
    const p = this.#page;
    const emails = l?.delivery.emails ?? [];
    const shown = this.shownEvent();
    return html`
      <section class="card"><h2>${t('alertRules')}</h2>
        <p class="muted">${l?.delivery.webhookUrl ? t('alertWebhook', { u: l.delivery.webhookUrl }) : t('alertNoWebhook')}
          ${emails.length ? t('alertEmails', { e: emails.join(', ') }) : nothing}</p>
        <table><thead><tr><th>${t('alertRule')}</th><th>${t('alertEnabled')}</th></tr></thead>
        <tbody>${(l?.rules ?? []).map(
          (
            r,
          ) => html`<tr><td><button class="link" @click=${() => void this.open(r.id)}>${ruleName(lang, r)}</button></td>
            <td><input type="checkbox" aria-label=${`${t('alertEnabled')}: ${ruleName(lang, r)}`} .checked=${r.enabled}
              ?disabled=${!this.host.can('publisher')}
              @change=${(e: Event) => void this.toggle(r.id, (e.target as HTMLInputElement).checked)} /></td></tr>`,
        )}</tbody></table>
        ${this.deliveryForm()}
      </section>
      ${
        p
          ? html`<section class="card"><h2>${ruleName(lang, p.rule)}</h2>
        <p>${p.state.firing ? html`<strong>${t('alertFiring')}</strong>` : t('alertQuiet')}</p>
        ${this.chartSection()}
        ${
          p.events.length
            ? html`<table><caption>${t('alertEvents')}</caption><thead><tr><th>${t('alertWhen')}</th><th>${t('alertKind')}</th><th class="num">${t('alertValue')}</th>
              <th class="num">${t('alertExpected')}</th><th class="num">${t('alertLimit')}</th><th>${t('alertHistory')}</th><th>${t('alertDelivery')}</th><th>${t('alertChartColumn')}</th></tr></thead>
            <tbody>${p.events.map((e) => {
              const f = e.figures as Record<string, unknown>;
              const hist = Array.isArray(f.history) ? (f.history as { value: number }[]) : [];
              const mail = (e.delivery as { email?: { status: string } }).email;
              return html`<tr><td>${fmtTime(e.at, lang)}</td><td>${e.kind === 'fired' ? t('alertKindFired') : t('alertKindResolved')}</td>
                <td class="num">${figure(f.value, f.metric)}</td><td class="num">${figure(f.expected, f.metric)}</td><td class="num">${figure(f.limit, f.metric)}</td>
                <td>${hist.map((h) => figure(h.value, f.metric)).join(' · ') || '–'}</td>
                <td>${e.delivery.status}${mail ? ` · ${t('alertEmailStatus', { s: mail.status })}` : ''}</td>
                <td>${
                  chartOf(f, this.names())
                    ? html`<button class="link" aria-pressed=${shown === e ? 'true' : 'false'}
                        @click=${() => {
                          this.#shown = e.id;
                          this.host.requestUpdate();
                        }}>${t('alertShowChart')}</button>`
                    : nothing
                }</td></tr>`;
            })}</tbody></table>`
            : html`<p class="muted">${t('alertNone')}</p>`
        }
      </section>`
          : nothing
      }`;
  }
}
