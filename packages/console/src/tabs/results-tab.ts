// The Results tab: an experiment's funnel, charts, lift in words, SRM and simulated-traffic notes, web vitals.
import type { Chart } from 'chart.js';
import { html, nothing, type ReactiveController } from 'lit';
import type { NudgeConfig as Config } from '@nudge/core';
import type { Comparison, Report, StatsMethod, VitalsRow } from '../api.js';
import { LatestController } from '../controllers/latest.js';
import { fmtCount, fmtTime, pct } from '../format.js';
import { metricName } from '../i18n/built-in-names.js';
import { reportZone } from '../range.js';
import { formatP, liftSentence, srmSentence } from '../words.js';
import type { ConsoleHost, TabView } from './host.js';
import { renderMetricTable } from './metric-table.js';
import { periodOf, rangePicker, zoneNote, type RangeHost } from './range-picker.js';

export type ResultsHost = RangeHost &
  Pick<
    ConsoleHost,
    'addController' | 'requestUpdate' | 'renderRoot' | 'lang' | 'tab' | 'client' | 'site' | 'config' | 'navigated'
  >;

const STEPS = ['view_item', 'add_to_cart', 'begin_checkout', 'purchase'] as const;
const money = (n: number) => (Math.round(n * 100) / 100).toFixed(2);
const METHOD_LABEL = { sequential: 'statsSequential', fixed: 'statsFixed', bayesian: 'statsBayesian' } as const;
/** What looking often does to each method's results. */
const PEEKING = { sequential: 'peekingSequential', fixed: 'peeking', bayesian: 'peekingBayesian' } as const;

export class ResultsTab implements TabView, ReactiveController {
  #report: Report | null = null;
  /** The experiment shown. */
  #key = '';
  /** Why the last request failed, in words (the results are cleared then). */
  #error: string | null = null;
  #excludeSimulated = false;
  #method: StatsMethod = 'sequential';
  #charts: Chart[] = [];
  /** What the charts were last drawn for. */
  #drawn: unknown[] = [];
  readonly #latest: LatestController;

  constructor(private readonly host: ResultsHost) {
    host.addController(this);
    this.#latest = new LatestController(host, () => [this.host.site, this.#key]);
  }

  /** The experiment shown (part of the view's URL). */
  get experiment(): string {
    return this.#key;
  }

  /** Shows this experiment (from a URL); one the config does not have falls back to the first when it loads. */
  select(key: string): void {
    this.#key = key;
  }

  configLoaded(config: Config): void {
    if (!this.#key || !config.experiments.some((e) => e.key === this.#key))
      this.#key = config.experiments[0]?.key ?? '';
  }

  hostUpdated(): void {
    const inputs = [this.#report, this.host.lang, this.host.tab];
    if (inputs.every((x, i) => x === this.#drawn[i])) return;
    this.#drawn = inputs;
    void this.drawCharts();
  }

  hostDisconnected(): void {
    for (const c of this.#charts) c.destroy();
  }

  /** Loads the results for the current selection; an answer for an older selection, or a failure, never shows as current. */
  async load(): Promise<void> {
    const { client, site } = this.host;
    const key = this.#key;
    if (this.#report && this.#report.experiment !== key) this.#report = null;
    this.host.requestUpdate();
    if (!key || !client) return;
    const period = periodOf(this.host);
    try {
      const r = await this.#latest.run(() =>
        client.experimentReport(site, key, period, reportZone(this.host.config), this.#excludeSimulated, this.#method),
      );
      if (r.stale) return;
      this.#report = r.value;
      this.#error = null;
    } catch (e) {
      // A failure after sign-out (a 401) is not this selection's.
      if (!this.host.client) return;
      this.#report = null;
      const m = e instanceof Error ? e.message : String(e);
      const t = this.host.t;
      // no answer at all (server down): said as elsewhere in the console
      this.#error = e instanceof TypeError ? t('unreachableNotice', { m }) : t('reportFailed', { m });
    }
    this.host.requestUpdate();
  }

  private async drawCharts() {
    for (const c of this.#charts) c.destroy();
    this.#charts = [];
    const r = this.#report;
    if (this.host.tab !== 'results' || !r || !r.variants.some((v) => v.exposed)) return;
    const { funnelChart, overTimeChart } = await import('../charts.js');
    const root = this.host.renderRoot;
    const f = root.querySelector<HTMLCanvasElement>('#funnel');
    const o = root.querySelector<HTMLCanvasElement>('#overtime');
    const t = this.host.t;
    if (f)
      this.#charts.push(
        funnelChart(
          f,
          STEPS.map((s) => t(s)),
          r.variants.map((v) => ({ label: v.variant, values: STEPS.map((s) => v.conversion[s] ?? 0) })),
        ),
      );
    if (o)
      this.#charts.push(
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

  render() {
    const c = this.host.config!;
    const r = this.#report;
    const { t, lang } = this.host;
    const reload = () => void this.load();
    const srm = r ? srmSentence(lang, r.srm) : null;
    const total = r?.variants.reduce((a, v) => a + v.exposed, 0) ?? 0;
    const orders = r?.variants.reduce((a, v) => a + v.orders, 0) ?? 0;
    // The experiment's goal leads; purchase (the default goal) keeps the funnel's own comparison and words.
    const goal = r?.metrics?.find((m) => m.role === 'goal' && !m.unavailable && m.key !== 'purchase');
    const goalName = goal ? metricName(lang, goal) : t('purchase');
    return html`
      <div class="card row">
        <label>${t('experiment')} <select @change=${(e: Event) => {
          this.#key = (e.target as HTMLSelectElement).value;
          this.host.navigated();
          reload();
        }}>
          ${c.experiments.map((e) => html`<option value=${e.key} ?selected=${e.key === this.#key}>${e.key}</option>`)}
        </select></label>
        ${rangePicker(this.host)}
        <label><input type="checkbox" .checked=${this.#excludeSimulated} @change=${(e: Event) => {
          this.#excludeSimulated = (e.target as HTMLInputElement).checked;
          reload();
        }} /> ${t('excludeSimulated')}</label>
        <label>${t('statsMethod')} <select @change=${(e: Event) => {
          this.#method = (e.target as HTMLSelectElement).value as StatsMethod;
          reload();
        }}>
          ${(['sequential', 'fixed', 'bayesian'] as const).map((m) => html`<option value=${m} ?selected=${m === this.#method}>${t(METHOD_LABEL[m])}</option>`)}
        </select></label>
        <p class="muted">${zoneNote(this.host)}</p>
      </div>
      ${this.#error ? html`<p class="card error" role="alert">${this.#error}</p>` : nothing}
      ${
        !r || r.experiment !== this.#key
          ? nothing
          : !r.variants.some((v) => v.exposed)
            ? html`<p class="card">${t('noData')}</p>`
            : html`
        ${
          r.simulated.exposed || r.simulated.orders
            ? html`<p class="simulated" role="note"><strong>${t('simulatedLabel')}</strong> ${t('simulatedCounted', { v: r.simulated.exposed, t: total, o: r.simulated.orders, n: orders })}</p>`
            : r.simulated.excluded
              ? html`<p class="muted">${t('simulatedExcluded')}</p>`
              : nothing
        }
        ${srm ? html`<p class="srm" role="alert">${srm}</p>` : nothing}
        <section class="card">
          <p class="muted">${r.startedAt === null ? t('neverStarted') : t('startedOn', { d: fmtTime(r.startedAt, lang) })}${r.stoppedAt === null ? '' : ` ${t('stoppedOn', { d: fmtTime(r.stoppedAt, lang) })}`}
            ${t(PEEKING[r.method.name])}</p>
          <p>${t('goalMetric', { m: goalName })}</p>
          <ul class="sentences">
            ${r.variants
              .filter((v) => v.vsControl)
              .flatMap((v) => [
                html`<li>${((g) => (g ? liftSentence(lang, v.variant, r.control, goalName, g, goal!.format === 'money' ? 'money' : 'rate') : liftSentence(lang, v.variant, r.control, t('purchase'), v.vsControl!.steps.purchase!)))(goal?.variants.find((x) => x.variant === v.variant)?.vsControl)}</li>`,
                html`<li class="muted">${liftSentence(lang, v.variant, r.control, t('revenuePerVisitor'), v.vsControl!.revenuePerVisitor, 'money')}</li>`,
              ])}
          </ul>
          <p class="muted">${t('method', { v: r.method.minVisitors, c: r.method.minConversions })}${r.method.correction === 'holm' && r.method.comparisons > 1 ? ` ${t('methodHolm', { k: r.method.comparisons })}` : ''}</p>
          <table>
            <thead><tr><th>${t('variant')}</th><th class="num">${t('exposed')}</th>${STEPS.map((s) => html`<th class="num">${t(s)}</th>`)}
              <th class="num">${t('orders')}</th><th class="num">${t('revenuePerVisitor')}</th><th class="num">${t('aov')}</th></tr></thead>
            <tbody>${r.variants.map(
              (v) => html`<tr>
              <td>${v.variant}${v.variant === r.control ? html` <span class="muted">(${t('control')})</span>` : nothing}</td>
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
        ${renderMetricTable(lang, r)}
        <div class="grid">
          <section class="card"><h2>${t('funnel')}</h2><p class="muted">${t('funnelNote')}</p><div class="chart"><canvas id="funnel" role="img" aria-label=${t('funnel')}></canvas></div></section>
          <section class="card"><h2>${t('overTime', { tz: r.timeZone })}</h2><p class="muted">${t('overTimeNote')}</p><div class="chart"><canvas id="overtime" role="img" aria-label=${t('overTime', { tz: r.timeZone })}></canvas></div></section>
        </div>
        <section class="card"><h2>${t('vitals')}</h2>
          <table><thead><tr><th>${t('variant')}</th><th class="num">${t('samples')}</th><th class="num">${t('vitalsLcp')}</th><th class="num">${t('vitalsInp')}</th><th class="num">CLS</th></tr></thead>
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
  private cellLift(c: Extract<Comparison, { enough: true }>) {
    if (c.scale === 'relative') return `${c.lift! >= 0 ? '+' : ''}${pct(c.lift!)}`;
    return `${c.difference >= 0 ? '+' : ''}${pct(c.difference).replace('%', '')} ${this.host.t('points')}`;
  }

  /** Raw sample count, plus the page views it stands for when web vitals were sampled (tracking.webVitals < 1). */
  private samples(v: VitalsRow) {
    const { t, lang } = this.host;
    const n = fmtCount(v.samples, lang);
    if (v.sampleRate === 1) return n;
    const pages = fmtCount(v.pageViews, lang);
    return html`${n} <span class="muted">${v.sampleRate === null ? t('vitalsPagesMixed', { n: pages }) : t('vitalsPages', { n: pages, p: pct(v.sampleRate).replace(/\.0%$/, '%') })}</span>`;
  }
}
