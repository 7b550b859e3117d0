// An existing experiment's schedule (start, end, repeating windows) edited from the Experiments tab, then applied as
// one confirmed publish (`POST .../experiments/:key/schedule`) that the history records with the person's name.
import { html, nothing } from 'lit';
import { actionRefusal, type Experiment, type NudgeConfig } from '@nudge/core';
import type { ScheduleConfig } from '@nudge/core/spec';
import { scheduleSummary } from '../history-words.js';
import { same } from '../edits-since-save.js';
import { aw } from '../i18n/experiment-action-words.js';
import { canonical } from '../widget-form.js';
import type { ConsoleHost } from './host.js';
import { renderScheduleEditor, scheduleIssues } from './schedule-editor.js';

export type ExperimentScheduleHost = Pick<ConsoleHost, 'requestUpdate' | 'lang' | 't' | 'config' | 'can'>;

export class ExperimentSchedules {
  /** Schedules being edited per experiment key (undefined: the schedule removed), until applied or discarded. */
  #drafts: Record<string, ScheduleConfig | undefined> = {};

  constructor(
    private readonly host: ExperimentScheduleHost,
    /** Runs a confirmed experiment action; `saved` runs once it is published. */
    private readonly act: (e: Experiment, body: Record<string, unknown>, text: string, saved: () => void) => void,
  ) {}

  unsaved(): boolean {
    // an edit its experiment no longer takes (stopped since: no editor to discard it from) is not one to keep
    const experiments = this.host.config?.experiments ?? [];
    return Object.keys(this.#drafts).some((k) => {
      const e = experiments.find((x) => x.key === k);
      return !!e && !actionRefusal(e, 'schedule');
    });
  }

  clear(): void {
    this.#drafts = {};
  }

  #edited(e: Experiment): ScheduleConfig | undefined {
    return e.key in this.#drafts ? this.#drafts[e.key] : e.schedule;
  }

  #changed(e: Experiment): boolean {
    return e.key in this.#drafts && canonical(this.#drafts[e.key] ?? null) !== canonical(e.schedule ?? null);
  }

  #issues(e: Experiment) {
    const c = this.host.config as NudgeConfig;
    const i = c.experiments.findIndex((x) => x.key === e.key);
    return e.key in this.#drafts && i >= 0 ? scheduleIssues(c, i, this.#drafts[e.key], 'experiments') : [];
  }

  #apply(e: Experiment) {
    const next = this.#edited(e);
    const { t, lang } = this.host;
    const text = next
      ? t('confirmSchedule', { e: e.key, s: scheduleSummary(lang, next, this.host.config?.timeZone) })
      : t('confirmScheduleClear', { e: e.key });
    // a schedule edited again while the publish was on its way stays an edit, to apply next
    const sent = this.#drafts[e.key];
    this.act(e, { schedule: next ?? null }, text, () => same(this.#drafts[e.key], sent) && this.#drop(e));
  }

  /** Forgets the draft of `e`'s schedule (applied or discarded). */
  #drop(e: Experiment) {
    const { [e.key]: _dropped, ...rest } = this.#drafts;
    this.#drafts = rest;
    this.host.requestUpdate();
  }

  /** Nothing once stopped: a schedule reaches no visitor then (the API refuses it), until the experiment starts again. */
  render(e: Experiment) {
    if (actionRefusal(e, 'schedule')) return nothing;
    const { t, lang } = this.host;
    const says =
      aw(lang, 'doSchedule', { v: e.variants[0]!.key }) + (e.status === 'draft' ? ` ${aw(lang, 'beforeStart')}` : '');
    const publisher = this.host.can('publisher');
    const issues = this.#issues(e);
    return html`${renderScheduleEditor({
      lang: this.host.lang,
      id: `xs-${e.key}`,
      schedule: this.#edited(e),
      timeZone: this.host.config?.timeZone,
      issues,
      disabled: !publisher,
      change: (next) => {
        this.#drafts = { ...this.#drafts, [e.key]: next };
        this.host.requestUpdate();
      },
    })}
    ${
      publisher
        ? html`<div class="row">
            <button ?disabled=${!this.#changed(e) || issues.length > 0} aria-describedby="xa-${e.key}-schedule" @click=${() => this.#apply(e)}>${t('applySchedule')}</button>
            ${e.key in this.#drafts ? html`<button @click=${() => this.#drop(e)}>${t('discard')}</button>` : nothing}
            <span id="xa-${e.key}-schedule" class="muted">${says}</span>
          </div>`
        : nothing
    }`;
  }
}
