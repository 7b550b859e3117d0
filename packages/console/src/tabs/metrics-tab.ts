// The Metrics tab: the site's metrics (built-ins read-only, its own defined and changed by editors) and the planner:
// the visitors and days a test needs for a baseline rate, the smallest lift worth finding and the traffic.
import { html } from 'lit';
import type { MetricRow, Plan } from '../api.js';
import { afterSave } from '../edits-since-save.js';
import { fmtCount } from '../format.js';
import { savedWords } from '../i18n/saved-words.js';
import { metricName } from '../i18n/built-in-names.js';
import type { ConsoleHost, TabView } from './host.js';
import { describeMetric, draftOf, emptyDraft, metricForm, toMetric, type MetricDraft } from './metric-form.js';

export type MetricsHost = Pick<
  ConsoleHost,
  'requestUpdate' | 'client' | 'site' | 't' | 'lang' | 'fail' | 'sayDone' | 'clearIssues' | 'confirmThen' | 'can'
>;

interface PlannerInput {
  baseline: string;
  minLift: string;
  dailyVisitors: string;
  variants: string;
  power: string;
  method: 'sequential' | 'fixed';
}

const share = (n: number) => `${Math.round(n * 10000) / 100}%`;

export class MetricsTab implements TabView {
  #metrics: MetricRow[] = [];
  #draft: MetricDraft = emptyDraft();
  #planner: PlannerInput = {
    baseline: '3',
    minLift: '10',
    dailyVisitors: '1000',
    variants: '2',
    power: '80',
    method: 'sequential',
  };
  #plan: Plan | null = null;

  constructor(private readonly host: MetricsHost) {}

  async load(): Promise<void> {
    const { client, site } = this.host;
    if (!client) return;
    this.#metrics = (await client.metrics(site)).metrics;
    this.host.requestUpdate();
  }

  siteChanged(): void {
    this.#metrics = [];
    this.#draft = emptyDraft();
    this.#plan = null;
  }

  private async save() {
    const { client, site, t } = this.host;
    this.host.clearIssues();
    // the form edits its draft in place: a copy is what is sent, and edits made while it is on its way stay in `d`
    const d = this.#draft;
    const sent = structuredClone(d);
    try {
      const { metric } = await client!.saveMetric(site, toMetric(sent));
      const { draft, newer } = afterSave(sent, d, draftOf(metric));
      // saved as it is: the form is cleared for the next metric; edited since: it keeps the edits, to save next (unless
      // another metric or a new one was opened meanwhile)
      if (this.#draft === d) this.#draft = newer.length ? draft : emptyDraft();
      this.host.sayDone(savedWords(this.host.lang, t('metricSaved', { k: metric.key }), newer.length > 0));
      await this.load();
    } catch (e) {
      this.host.fail(e);
    }
  }

  private remove(key: string) {
    const { t } = this.host;
    this.host.confirmThen(t('metricConfirmDelete', { k: key }), async () => {
      try {
        await this.host.client!.deleteMetric(this.host.site, key);
        this.host.sayDone(t('metricDeleted', { k: key }));
        await this.load();
      } catch (e) {
        this.host.fail(e);
      }
    });
  }

  private async plan() {
    const p = this.#planner;
    this.host.clearIssues();
    const pct = (s: string) => String(Number(s) / 100);
    try {
      this.#plan = await this.host.client!.planner(this.host.site, {
        baseline: pct(p.baseline),
        minLift: pct(p.minLift),
        dailyVisitors: p.dailyVisitors,
        variants: p.variants,
        power: pct(p.power),
        method: p.method,
      });
    } catch (e) {
      this.#plan = null;
      this.host.fail(e);
    }
    this.host.requestUpdate();
  }

  private planner() {
    const { t, lang } = this.host;
    const p = this.#planner;
    const field = (
      k: Exclude<keyof PlannerInput, 'method'>,
      label: string,
      attrs: { min: string; max: string; step: string },
    ) =>
      html`<label>${label} <input name=${k} type="number" required min=${attrs.min} max=${attrs.max} step=${attrs.step} .value=${p[k]}
        @input=${(e: Event) => (p[k] = (e.target as HTMLInputElement).value)} /></label>`;
    const r = this.#plan;
    return html`<section class="card" aria-labelledby="planner-h"><h2 id="planner-h">${t('plannerTitle')}</h2>
      <p class="muted">${t('plannerHelp')}</p>
      <form class="row" id="planner" @submit=${(e: SubmitEvent) => {
        e.preventDefault();
        void this.plan();
      }}>
        ${field('baseline', t('plannerBaseline'), { min: '0.01', max: '99.99', step: 'any' })}
        ${field('minLift', t('plannerMinLift'), { min: '0.1', max: '1000', step: 'any' })}
        ${field('dailyVisitors', t('plannerDaily'), { min: '1', max: '1000000000', step: '1' })}
        ${field('variants', t('plannerVariants'), { min: '2', max: '20', step: '1' })}
        ${field('power', t('plannerPower'), { min: '50', max: '99', step: '1' })}
        <label>${t('plannerMethod')} <select name="method" @change=${(e: Event) => (p.method = (e.target as HTMLSelectElement).value as PlannerInput['method'])}>
          <option value="sequential" ?selected=${p.method === 'sequential'}>${t('methodSequentialShort')}</option>
          <option value="fixed" ?selected=${p.method === 'fixed'}>${t('methodFixedShort')}</option>
        </select></label>
        <button class="primary" type="submit">${t('plannerRun')}</button>
      </form>
      <p id="planner-answer" aria-live="polite">${
        r
          ? t('plannerAnswer', {
              n: fmtCount(r.perVariant, lang),
              total: fmtCount(r.total, lang),
              days: fmtCount(r.days, lang),
              daily: fmtCount(Number(p.dailyVisitors), lang),
              method: r.method === 'sequential' ? t('methodSequentialShort') : t('methodFixedShort'),
              p0: share(r.rates[0]),
              p1: share(r.rates[1]),
              alpha: String(Math.round(r.alpha * 10000) / 10000),
              power: share(r.power),
            })
          : ''
      }</p>
    </section>`;
  }

  render() {
    const { t, lang } = this.host;
    const editor = this.host.can('editor');
    return html`
      <section class="card" aria-labelledby="metrics-h"><h2 id="metrics-h">${t('metricsTitle')}</h2>
        <p class="muted">${t('metricsHelp')}</p>
        <table id="metrics" class="stack" role="table"><thead role="rowgroup"><tr role="row"><th role="columnheader">${t('metricName')}</th><th role="columnheader">${t('metricKey')}</th><th role="columnheader">${t('metricDefinition')}</th><th role="columnheader">${t('metricSource')}</th></tr></thead>
        <tbody role="rowgroup">${this.#metrics.map(
          (
            m,
          ) => html`<tr role="row"><td role="cell">${metricName(lang, m)}</td><td role="cell" data-label=${t('metricKey')}><code>${m.key}</code></td>
            <td role="cell" data-label=${t('metricDefinition')}>${describeMetric(t, m)}${m.higherIsBetter ? '' : html` <span class="muted">(${t('metricLessIsBetter')})</span>`}</td>
            <td role="cell">${
              m.builtIn
                ? html`<span class="muted">${t('metricBuiltIn')}</span>`
                : editor
                  ? html`<button type="button" aria-label=${`${t('metricEdit')}: ${metricName(lang, m)}`} @click=${() => {
                      this.#draft = draftOf(m);
                      this.host.requestUpdate();
                    }}>${t('metricEdit')}</button>
                    <button type="button" aria-label=${`${t('metricDelete')}: ${metricName(lang, m)}`} @click=${() => this.remove(m.key)}>${t('metricDelete')}</button>`
                  : html`<span class="muted">${t('metricOwn')}</span>`
            }</td></tr>`,
        )}</tbody></table>
      </section>
      <section class="card" aria-labelledby="metric-form-h"><h2 id="metric-form-h">${t('metricFormTitle')}</h2>
        ${
          editor
            ? metricForm(
                t,
                this.#draft,
                () => this.host.requestUpdate(),
                () => void this.save(),
                () => {
                  this.#draft = emptyDraft();
                  this.host.requestUpdate();
                },
              )
            : html`<p class="muted">${t('metricEditorsOnly')}</p>`
        }
      </section>
      ${this.planner()}`;
  }
}
