// The Experiments tab: status, start/pause/stop, ship a winner, traffic, weights and schedule, each confirmed, then published.
import { html, nothing } from 'lit';
import { actionRefusal, type Experiment, type LifecycleAction } from '@nudge/core';
import type { ExperimentActionName, ExperimentSummary } from '../api.js';
import { fmtCount, fmtDate, pctShort } from '../format.js';
import type { Lang } from '../i18n.js';
import { statusLabel } from '../history-words.js';
import { same } from '../edits-since-save.js';
import { aw } from '../i18n/experiment-action-words.js';
import { experimentVisitorsNote } from './control-note.js';
import { ExperimentForm, type ExperimentFormHost } from './experiment-form.js';
import { ExperimentSchedules } from './experiment-schedule.js';
import type { ConsoleHost, TabView } from './host.js';
import { ScheduleClock } from './schedule-clock.js';

export type ExperimentsHost = ExperimentFormHost &
  Pick<
    ConsoleHost,
    | 'requestUpdate'
    | 'lang'
    | 'config'
    | 't'
    | 'confirmThen'
    | 'publish'
    | 'can'
    | 'client'
    | 'site'
    | 'addController'
    | 'tab'
  >;

/** Whether `action` makes sense for `e` now (the API refuses the rest: the same rule, the core's actionRefusal). */
const offers = (e: Experiment, action: LifecycleAction, winner?: string) => !actionRefusal(e, action, winner);

/** One line on how an experiment is doing: start, days, visitors, and the verdict on purchases so far. */
function summaryLine(s: ExperimentSummary | undefined, t: ExperimentsHost['t'], lang: Lang) {
  if (!s) return nothing;
  const started =
    s.startedAt === null
      ? t('expNotStarted')
      : t('expStarted', { d: fmtDate(s.startedAt, lang), n: s.daysRunning ?? 0, v: fmtCount(s.visitors, lang) });
  const v = s.verdict;
  const lift = 'lift' in v && v.lift !== null ? `${v.lift > 0 ? '+' : ''}${pctShort(v.lift)}` : '';
  const verdict =
    v.kind === 'winner'
      ? t('verdictWinner', { v: v.variant, l: lift })
      : v.kind === 'loser'
        ? t('verdictLoser', { v: v.variant, l: lift })
        : v.kind === 'no_difference'
          ? t('verdictNone')
          : t('verdictWaiting');
  return html`<p class="muted">${started} · <strong>${verdict}</strong></p>`;
}

/** Traffic and weights being edited, per experiment key: kept so a re-render shows (and applies) them. */
type Draft = { traffic?: number; weights?: Record<string, number> };

export class ExperimentsTab implements TabView {
  #drafts: Record<string, Draft> = {};

  readonly #form: ExperimentForm;
  #summaries = new Map<string, ExperimentSummary>();

  readonly #schedules: ExperimentSchedules;

  constructor(private readonly host: ExperimentsHost) {
    this.#form = new ExperimentForm(host);
    // what the notes say visitors see changes at each schedule boundary: drawn again then, not at the next click
    new ScheduleClock(host, () => host.tab === 'experiments' || host.tab === 'widgets');
    this.#schedules = new ExperimentSchedules(host, (e, body, text, saved) =>
      this.host.confirmThen(text, () =>
        this.host.publish(
          (client, site) => client.experimentAction(site, e.key, 'schedule', body, this.host.config?.version),
          saved,
        ),
      ),
    );
  }

  async load(): Promise<void> {
    const { client, site } = this.host;
    if (!client) return;
    const r = await client.experimentOverview(site);
    this.#summaries = new Map(r.experiments.map((e) => [e.key, e]));
    this.host.requestUpdate();
  }

  unsaved(): boolean {
    return (
      this.#schedules.unsaved() ||
      // an edit its experiment no longer takes (stopped since) is not one to keep
      (this.host.config?.experiments ?? []).some(
        (e) =>
          (this.#drafts[e.key]?.traffic !== undefined && offers(e, 'traffic')) ||
          (this.#drafts[e.key]?.weights !== undefined && offers(e, 'weights')),
      )
    );
  }

  /** Another site was picked (after asking, if there were edits): its edits are gone. */
  siteChanged(): void {
    this.configLoaded();
  }

  configLoaded(): void {
    this.#drafts = {};
    this.#schedules.clear();
  }

  #setDrafts(drafts: Record<string, Draft>) {
    this.#drafts = drafts;
    this.host.requestUpdate();
  }

  private experimentAction(e: Experiment, action: ExperimentActionName, body: Record<string, unknown>, text: string) {
    // applying traffic or weights drops that edit only, unless it was changed again while the publish was on its way
    // (it stays an edit, to apply next); start, pause and stop keep both
    const sent = action === 'traffic' || action === 'weights' ? this.#drafts[e.key]?.[action] : undefined;
    const saved =
      action === 'traffic' || action === 'weights'
        ? () => {
            const { [action]: now, ...rest } = this.#drafts[e.key] ?? {};
            if (same(now, sent)) this.#setDrafts({ ...this.#drafts, [e.key]: rest });
          }
        : undefined;
    this.host.confirmThen(text, () =>
      this.host.publish(
        (client, site) => client.experimentAction(site, e.key, action, body, this.host.config?.version),
        saved,
      ),
    );
  }

  render() {
    const c = this.host.config!;
    return html`${this.#form.render()}${c.experiments.map((e) => {
      const draft = this.#drafts[e.key] ?? {};
      const traffic = draft.traffic ?? e.traffic;
      const weights: Record<string, number> = {
        ...Object.fromEntries(e.variants.map((v) => [v.key, v.weight])),
        ...draft.weights,
      };
      const edit = (d: Draft) => this.#setDrafts({ ...this.#drafts, [e.key]: { ...draft, ...d } });
      return html`<section class="card">
        <div class="row">
          <h2 style="font-size:16px;margin:0">${e.name ?? e.key} <code>${e.key}</code></h2>
          <span class="status">${statusLabel(this.host.lang, e.status)}${e.winner ? ` → ${e.winner}` : ''}</span>
        </div>
        ${experimentVisitorsNote(e, c, this.host.t, this.host.lang)}
        ${summaryLine(this.#summaries.get(e.key), this.host.t, this.host.lang)}
        ${this.host.can('publisher') ? this.renderActions(e, traffic, weights, draft, edit) : nothing}
        ${this.#schedules.render(e)}
      </section>`;
    })}`;
  }

  /**
   * Start, pause, stop, ship, traffic and weights: for publishers (the API refuses them to anyone else), only those that
   * make sense in the experiment's state, each saying what it does for visitors.
   */
  private renderActions(
    e: Experiment,
    traffic: number,
    weights: Record<string, number>,
    draft: Draft,
    edit: (d: Draft) => void,
  ) {
    const { t, lang } = this.host;
    const control = e.variants[0]!.key;
    const id = (what: string) => `xa-${e.key}-${what}`;
    const says = (what: string, text: string) => html`<span id=${id(what)} class="muted">${text}</span>`;
    const later = e.status === 'draft' ? ` ${aw(lang, 'beforeStart')}` : '';
    const shippable = e.variants.filter((v) => offers(e, 'ship', v.key));
    // one name, "Start", in every state (what people and scripts look for); what it does here is said beside it
    const start =
      e.status === 'draft'
        ? aw(lang, 'doStart', { p: Math.round(e.traffic * 100) })
        : e.status === 'paused'
          ? aw(lang, 'doResume')
          : aw(lang, 'doRestart', { v: e.winner ?? control });
    return html`
        <ul class="actions" style="list-style:none;padding:0;margin:8px 0 0">
          ${offers(e, 'start') ? html`<li><button class="primary" aria-describedby=${id('start')} @click=${() => this.experimentAction(e, 'start', {}, t('confirmStart', { e: e.key }))}>${t('start')}</button> ${says('start', start)}</li>` : nothing}
          ${offers(e, 'pause') ? html`<li><button aria-describedby=${id('pause')} @click=${() => this.experimentAction(e, 'pause', {}, t('confirmPause', { e: e.key }))}>${t('pause')}</button> ${says('pause', aw(lang, 'doPause', { v: control }))}</li>` : nothing}
          ${offers(e, 'stop') ? html`<li><button class="danger" aria-describedby=${id('stop')} @click=${() => this.experimentAction(e, 'stop', {}, t('confirmStop', { e: e.key }))}>${t('stop')}</button> ${says('stop', aw(lang, 'doStop', { v: control }))}</li>` : nothing}
          ${
            shippable.length
              ? html`<li>${shippable.map((v) => html`<button aria-describedby=${id('ship')} @click=${() => this.experimentAction(e, 'stop', { winner: v.key }, t('confirmShip', { e: e.key, v: v.key }))}>${t('shipWinner', { v: v.key })}</button> `)}
                  ${says('ship', e.status === 'stopped' && e.winner ? aw(lang, 'doShipOther', { v: e.winner }) : aw(lang, 'doShip'))}</li>`
              : nothing
          }
        </ul>
        ${
          offers(e, 'traffic')
            ? html`<div class="row" style="margin-top:8px">
          <label>${t('traffic')} <input type="range" min="0" max="100" step="1" .value=${String(Math.round(traffic * 100))}
            @input=${(ev: Event) => edit({ traffic: Number((ev.target as HTMLInputElement).value) / 100 })} /><output>${Math.round(traffic * 100)}%</output></label>
          <button aria-describedby=${id('traffic')} @click=${() => this.experimentAction(e, 'traffic', { traffic }, t('confirmTraffic', { e: e.key, p: Math.round(traffic * 100) }))}>${t('applyTraffic')}</button>
          ${says('traffic', aw(lang, 'doTraffic') + later)}
        </div>`
            : nothing
        }
        ${
          offers(e, 'weights')
            ? html`<div class="row" style="margin-top:8px">
          ${t('weights')}:
          ${e.variants.map(
            (
              v,
            ) => html`<label>${v.key} <input type="number" min="0" step="any" style="width:80px" .value=${String(weights[v.key])}
            @change=${(ev: Event) => edit({ weights: { ...draft.weights, [v.key]: Number((ev.target as HTMLInputElement).value) } })} /></label>`,
          )}
          <button aria-describedby=${id('weights')} @click=${() =>
            this.experimentAction(
              e,
              'weights',
              { weights },
              t('confirmWeights', {
                e: e.key,
                w: Object.entries(weights)
                  .map(([k, w]) => `${k}=${w}`)
                  .join(', '),
              }),
            )}>${t('applyWeights')}</button>
          ${says('weights', aw(lang, 'doWeights') + later)}
        </div>`
            : nothing
        }`;
  }
}
