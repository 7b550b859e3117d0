// The Errors tab: what went wrong on the shops in the period, grouped, in words; its total is the nav entry's badge.
// A cell's data-label is its column's name, shown where a narrow screen stacks the cells (styles: table.stack).
import { html, nothing } from 'lit';
import type { ErrorGroup, ErrorReport } from '../api.js';
import { LatestController } from '../controllers/latest.js';
import { fmtTime } from '../format.js';
import { badgeWords, errorWords, kindLabel, refusalCounts } from './error-words.js';
import type { ConsoleHost, TabView } from './host.js';
import { periodOf, rangePicker, type RangeHost } from './range-picker.js';

export type ErrorsHost = RangeHost &
  Pick<ConsoleHost, 'addController' | 'requestUpdate' | 'lang' | 'client' | 'site' | 'fail'>;

export class ErrorsTab implements TabView {
  #report: ErrorReport | null = null;
  readonly #latest: LatestController;

  constructor(private readonly host: ErrorsHost) {
    this.#latest = new LatestController(host, () => [this.host.site]);
  }

  /** How many errors the period holds, for the badge (0 until loaded). */
  get total(): number {
    return (this.#report?.total ?? 0) + (this.#report?.refusedOrigins.length ?? 0);
  }

  siteChanged(): void {
    this.#report = null;
  }

  /** Rejects when it fails: the tab says so, a background refresh for the badge does not. */
  async load(): Promise<void> {
    const { client, site } = this.host;
    if (!client || !site) return;
    const r = await this.#latest.run(() => client.errorReport(site, periodOf(this.host)));
    if (r.stale) return;
    this.#report = r.value;
    this.host.requestUpdate();
  }

  /** What went wrong, in words (the codes and sources the collector and the browser SDK send), as text. */
  private what(g: ErrorGroup) {
    const w = errorWords(g, this.host.lang);
    return [
      w.what,
      w.kind ? html`<div class="kind">${kindLabel(this.host.lang)} <q>${w.kind}</q></div>` : nothing,
      w.fix ? html`<div>${w.fix}</div>` : nothing,
      // what the Count column counts differs by kind (once-per-session reports): said on the row, by the words
      html`<div class="muted">${w.counts}</div>`,
    ];
  }

  /** Shops whose pages were refused: nothing of theirs is stored, so these are not nudge_error groups. */
  private refused(rows: ErrorReport['refusedOrigins']) {
    const { t, lang } = this.host;
    return html`<table id="refused-origins" class="stack" role="table">
      <thead role="rowgroup"><tr role="row"><th role="columnheader">${t('errWhatCol')}</th><th class="num" role="columnheader">${t('errCount')}</th><th role="columnheader">${t('lastSeen')}</th></tr></thead>
      <tbody role="rowgroup">${rows.map(
        (o) => html`<tr role="row">
          <td role="cell">${t('errOrigin', { o: o.origin })}<div class="muted">${t('errOriginFix')}</div><div class="muted">${refusalCounts(lang)}</div></td>
          <td role="cell" class="num" data-label=${t('errCount')}>${o.count}</td><td role="cell" data-label=${t('lastSeen')}>${fmtTime(o.lastSeen, lang)}</td>
        </tr>`,
      )}</tbody>
    </table>`;
  }

  render() {
    const r = this.#report;
    const { t, lang } = this.host;
    const where = (g: ErrorGroup) => [
      g.event ? html`<div>${t('event')}: <code>${g.event}</code></div>` : nothing,
      g.path ? html`<div>${t('field')}: <code>${g.path}</code></div>` : nothing,
      g.widget
        ? html`<div>${t('widget')}: <code>${g.widget}</code>${g.widgetType ? html` <span class="muted">(${g.widgetType})</span>` : nothing}</div>`
        : nothing,
    ];
    return html`
      <div class="card row">${rangePicker(this.host)}</div>
      <section class="card" aria-labelledby="errors-h">
        <h2 id="errors-h">${t('errorsTitle')}</h2>
        <p class="muted">${t('errorsNote')}</p>
        ${r?.refusedOrigins.length ? this.refused(r.refusedOrigins) : nothing}
        ${
          !r
            ? nothing
            : !r.total && r.refusedOrigins.length
              ? nothing
              : !r.total
                ? html`<p role="status">${t('noErrors')}</p>`
                : html`
          <p role="status">${t('errorsSummary', { n: r.total, g: r.totalGroups })}${
            r.refusedOrigins.length ? html` ${badgeWords(this.host.lang, r.total, r.refusedOrigins.length)}` : nothing
          }</p>
          <table class="stack" role="table">
            <thead role="rowgroup"><tr role="row"><th role="columnheader">${t('errWhatCol')}</th><th role="columnheader">${t('errWhereCol')}</th><th class="num" role="columnheader">${t('errCount')}</th>
              <th class="num" role="columnheader">${t('visitors')}</th><th class="num" role="columnheader">${t('errPages')}</th><th role="columnheader">${t('lastSeen')}</th><th role="columnheader">${t('exampleMessage')}</th></tr></thead>
            <tbody role="rowgroup">${r.groups.map(
              (g) => html`<tr role="row">
              <td role="cell">${this.what(g)}<div class="muted"><code>${g.code ?? g.source ?? 'nudge_error'}</code></div></td>
              <td role="cell" data-label=${t('errWhereCol')}>${where(g)}</td>
              <td role="cell" class="num" data-label=${t('errCount')}>${g.count}</td><td role="cell" class="num" data-label=${t('visitors')}>${g.visitors}</td><td role="cell" class="num" data-label=${t('errPages')}>${g.pages}</td>
              <td role="cell" data-label=${t('lastSeen')}>${fmtTime(g.lastSeen, lang)}<div class="muted">${t('firstSeen')} ${fmtTime(g.firstSeen, lang)}</div></td>
              <td role="cell" class="message" data-label=${t('exampleMessage')}>${g.example.message ?? '–'}</td>
            </tr>`,
            )}</tbody>
          </table>
          ${r.totalGroups > r.groups.length ? html`<p class="muted">${t('errorsCut', { n: r.groups.length, g: r.totalGroups })}</p>` : nothing}`
        }
      </section>`;
  }
}
