// A new experiment from scratch: key, name, hypothesis, the widget it changes, variants edited with the widget's own
// generated form (a field left empty keeps the widget's value), weights, traffic, layer and audience; checked by
// the server as you type (issues by field path), then saved as a draft or published, not running or started.
import { html, nothing } from 'lit';
import type { Condition, Experiment, NudgeConfig as Config } from '@nudge/core';
import type { ApiIssue } from '../api.js';
import { fieldsOf } from '../schema-form.js';
import { propInfo } from '../widget-props.js';
import type { WidgetType } from '@nudge/core';
import type { ConsoleHost } from './host.js';
import { audienceWord, renderAudienceBuilder } from './audience-builder.js';
import { defaultRoles, renderGoalMetrics, tidyRoles } from './goal-metrics.js';
import { VariantPreview } from './variant-preview.js';
import { renderVariantFields, type VariantDraft } from './variant-fields.js';
import type { MetricRoles, SiteMetric } from '../api.js';
import { renderScheduleEditor, type Schedule } from './schedule-editor.js';

export type ExperimentFormHost = Pick<
  ConsoleHost,
  | 'requestUpdate'
  | 't'
  | 'lang'
  | 'client'
  | 'site'
  | 'config'
  | 'schemas'
  | 'publish'
  | 'can'
  | 'sayDone'
  | 'fail'
  | 'renderRoot'
>;

const blank = (): { key: string; name: string; hypothesis: string; widget: string; variants: VariantDraft[] } => ({
  key: '',
  name: '',
  hypothesis: '',
  widget: '',
  variants: [
    { key: 'control', weight: 1, patch: {} },
    { key: 'b', weight: 1, patch: {} },
  ],
});

export class ExperimentForm {
  #open = false;
  #d = blank();
  #traffic = 100;
  #layer = '';
  /** The audience as JSON text, while the JSON view is on. */
  #audience = '';
  /** The audience the builder edits in place ({} for everyone); the JSON view's text is read into it on the way back. */
  #aud: Condition = {};
  #audJson = false;
  /** Why the JSON view cannot go back to the builder. */
  #audError = '';
  /** The site's metrics (loaded when the form opens) and the goal, secondary and guardrail metrics chosen. */
  #metrics: SiteMetric[] | undefined;
  #roles: MetricRoles = defaultRoles();
  #schedule: Schedule | undefined;
  #issues: ApiIssue[] = [];
  #checked = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Each check's number: an answer to an older one is dropped. */
  #seq = 0;

  readonly #preview: VariantPreview;

  constructor(private readonly host: ExperimentFormHost) {
    this.#preview = new VariantPreview(host);
  }

  /** The experiment as the document will hold it (status set on save). */
  #experiment(status: Experiment['status']): Experiment {
    const d = this.#d;
    let audience: Condition | undefined;
    if (!this.#audJson) audience = Object.keys(this.#aud).length ? this.#aud : undefined;
    else
      try {
        audience = this.#audience.trim() ? (JSON.parse(this.#audience) as Condition) : undefined;
      } catch {
        audience = this.#audience as unknown as Condition; // the server names the field
      }
    return {
      key: d.key,
      ...(d.name ? { name: d.name } : {}),
      status,
      traffic: this.#traffic / 100,
      ...(this.#layer ? { layer: this.#layer } : {}),
      ...(audience !== undefined ? { audience } : {}),
      ...(this.#schedule ? { schedule: this.#schedule } : {}),
      variants: d.variants.map((v) => ({
        key: v.key,
        weight: v.weight,
        ...(d.widget && Object.keys(v.patch).length ? { patch: { [d.widget]: v.patch } } : {}),
      })),
    };
  }

  #document(status: Experiment['status']): Config {
    const c = structuredClone(this.host.config!);
    c.experiments = [...c.experiments, this.#experiment(status)];
    return c;
  }

  /** Issues of the new experiment, paths relative to it (`variants.1.patch.buy-bar.color`). */
  #mine(issues: ApiIssue[]): ApiIssue[] {
    const prefix = `experiments.${this.host.config!.experiments.length}`;
    return issues
      .filter((i) => i.path === prefix || i.path.startsWith(`${prefix}.`))
      .map((i) => ({ ...i, path: i.path.slice(prefix.length + 1) || '(experiment)' }));
  }

  /** Checked by the server a moment after the last keystroke: the same rules as a publish. */
  #changed() {
    this.#checked = false;
    this.host.requestUpdate();
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#check(), 300);
  }

  async #check(): Promise<boolean> {
    const seq = ++this.#seq;
    const doc = this.#document('draft');
    const duplicate = this.host.config!.experiments.some((e) => e.key === this.#d.key);
    try {
      const r = await this.host.client!.validate(this.host.site, doc);
      if (seq !== this.#seq) return false;
      this.#issues = [
        ...(duplicate ? [{ path: 'key', message: this.host.t('expKeyTaken') }] : []),
        ...(r.ok ? [] : this.#mine(r.issues)),
      ];
      this.#checked = true;
      this.host.requestUpdate();
      return this.#issues.length === 0;
    } catch (e) {
      this.host.fail(e);
      return false;
    }
  }

  async #save(status: Experiment['status']) {
    clearTimeout(this.#timer);
    if (!(await this.#check())) return;
    const doc = this.#document(status);
    const note = [this.host.t('expCreatedNote', { e: this.#d.key }), this.#d.hypothesis].filter(Boolean).join(': ');
    // The goal first: the experiment is never live without it, and a refused goal stops the save with its reason.
    try {
      await this.host.client!.setMetricRoles(this.host.site, this.#d.key, tidyRoles(this.#roles, this.#metrics ?? []));
    } catch (e) {
      return this.host.fail(e);
    }
    const done = () => {
      this.#roles = defaultRoles();
      this.#open = false;
      this.#d = blank();
      this.#aud = {};
      this.#audience = '';
      this.#audJson = false;
      this.#schedule = undefined;
      this.#issues = [];
      this.host.requestUpdate();
    };
    if (!this.host.can('publisher')) {
      try {
        await this.host.client!.saveDraft(this.host.site, doc, note);
        this.host.sayDone(this.host.t('draftSaved'));
        done();
      } catch (e) {
        this.host.fail(e);
      }
      return;
    }
    if (await this.host.publish((client, site) => client.publishConfig(site, doc, note))) done();
  }

  #loadMetrics() {
    this.#metrics = undefined;
    this.host.client!.metrics(this.host.site).then(
      (r) => {
        this.#metrics = r.metrics;
        this.#roles = tidyRoles(this.#roles, r.metrics);
        this.host.requestUpdate();
      },
      (e: unknown) => this.host.fail(e),
    );
  }

  #set(fn: () => void) {
    fn();
    this.#changed();
  }

  /** Builder to JSON (the audience as text), or back when the text is JSON of an object (else it stays, saying why). */
  #audienceView(json: boolean) {
    if (json === this.#audJson) return;
    if (json) {
      this.#audience = Object.keys(this.#aud).length ? JSON.stringify(this.#aud, null, 2) : '';
      this.#audError = '';
      this.#audJson = true;
    } else {
      let parsed: unknown = {};
      try {
        if (this.#audience.trim()) parsed = JSON.parse(this.#audience);
      } catch (e) {
        this.#audError = audienceWord(this.host.lang, 'badJson', { m: (e as Error).message });
        return this.host.requestUpdate();
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
        this.#audError = audienceWord(this.host.lang, 'badJson', { m: typeof parsed });
        return this.host.requestUpdate();
      }
      this.#aud = parsed as Condition;
      this.#audError = '';
      this.#audJson = false;
    }
    this.#changed();
  }

  #renderAudience() {
    const w = (k: 'builder' | 'json' | 'audience') => audienceWord(this.host.lang, k);
    return html`<div class="field-group" role="group" aria-labelledby="nx-aud-h">
      <div class="row"><span id="nx-aud-h">${w('audience')}</span>
        <button type="button" aria-pressed=${this.#audJson ? 'false' : 'true'} @click=${() => this.#audienceView(false)}>${w('builder')}</button>
        <button type="button" aria-pressed=${this.#audJson ? 'true' : 'false'} @click=${() => this.#audienceView(true)}>${w('json')}</button>
      </div>
      ${
        this.#audJson
          ? html`<label class="field" for="nx-aud"><span>${this.host.t('audienceJson')}</span><textarea id="nx-aud" style="min-height:60px"
              placeholder='{"device": "mobile"}' .value=${this.#audience} aria-describedby="nx-aud-err"
              @input=${(e: Event) => this.#set(() => (this.#audience = (e.target as HTMLTextAreaElement).value))}></textarea></label>
              <p class="field-error" id="nx-aud-err">${this.#audError}</p>`
          : renderAudienceBuilder(
              { lang: this.host.lang, issues: this.#issues, changed: () => this.#changed() },
              this.#aud,
            )
      }
    </div>`;
  }

  render() {
    const t = this.host.t;
    if (!this.host.can('editor')) return nothing;
    // the frame gets the chosen variant once the host has committed this render
    if (this.#open)
      queueMicrotask(() =>
        this.#preview.send(
          this.host.config?.widgets.find((w) => w.id === this.#d.widget),
          this.#d.variants,
        ),
      );
    if (!this.#open)
      return html`<div class="row"><button class="primary" @click=${() => {
        this.#open = true;
        this.#loadMetrics();
        this.host.requestUpdate();
      }}>${t('newExperiment')}</button></div>`;
    const d = this.#d;
    const widgets = this.host.config!.widgets;
    const type = widgets.find((w) => w.id === d.widget)?.type;
    // facts of each product page (stock, price) are not the widget's to vary: they come from the page
    const fields = type
      ? fieldsOf(this.host.schemas[type]).filter((f) => !propInfo[type as WidgetType]?.[f.name]?.from)
      : [];
    const text = (label: string, id: string, value: string, set: (v: string) => void) =>
      html`<label class="field" for=${id}><span>${label}</span><input id=${id} .value=${value}
        @input=${(e: Event) => this.#set(() => set((e.target as HTMLInputElement).value))} /></label>`;
    return html`<section class="card" aria-labelledby="nx-h">
      <h2 id="nx-h">${t('newExperiment')}</h2>
      ${text(t('expKey'), 'nx-key', d.key, (v) => (d.key = v.trim()))}
      ${text(t('expName'), 'nx-name', d.name, (v) => (d.name = v))}
      <label class="field" for="nx-hyp"><span>${t('hypothesis')}</span><textarea id="nx-hyp" style="min-height:60px"
        placeholder=${t('hypothesisHelp')} .value=${d.hypothesis}
        @input=${(e: Event) => (d.hypothesis = (e.target as HTMLTextAreaElement).value)}></textarea></label>
      <label class="field" for="nx-widget"><span>${t('expWidget')}</span>
        <select id="nx-widget" @change=${(e: Event) =>
          this.#set(() => {
            d.widget = (e.target as HTMLSelectElement).value;
            for (const v of d.variants) {
              v.patch = {};
              delete v.json;
              delete v.jsonError;
            }
          })}>
          <option value="">–</option>
          ${widgets.map((w) => html`<option value=${w.id} ?selected=${w.id === d.widget}>${w.id} (${w.type})</option>`)}
        </select></label>
      ${d.variants.map(
        (v, i) => html`<fieldset class="card">
          <legend>${i === 0 ? t('controlVariant') : t('variantN', { n: i })}</legend>
          ${text(t('variantKey'), `nx-vk-${i}`, v.key, (x) => (v.key = x.trim()))}
          <label class="field" for="nx-vw-${i}"><span>${t('weight')}</span><input id="nx-vw-${i}" type="number" min="0" step="any"
            .value=${String(v.weight)} @input=${(e: Event) => this.#set(() => (v.weight = Number((e.target as HTMLInputElement).value)))} /></label>
          ${
            i === 0
              ? html`<p class="muted">${t('controlNote')}</p>`
              : renderVariantFields(
                  { lang: this.host.lang, t, widget: { id: d.widget, type: type ?? '' }, set: (fn) => this.#set(fn) },
                  v,
                  i,
                  fields,
                )
          }
          ${i > 1 ? html`<button @click=${() => this.#set(() => d.variants.splice(i, 1))}>${t('removeVariant')}</button>` : nothing}
        </fieldset>`,
      )}
      <div class="row"><button @click=${() => this.#set(() => d.variants.push({ key: `v${d.variants.length + 1}`, weight: 1, patch: {} }))}>${t('addVariant')}</button></div>
      ${this.#preview.render(
        widgets.find((w) => w.id === d.widget),
        d.variants,
      )}
      <label class="field" for="nx-traffic"><span>${t('trafficPct')}</span><input id="nx-traffic" type="number" min="0" max="100" step="1"
        .value=${String(this.#traffic)} @input=${(e: Event) => this.#set(() => (this.#traffic = Number((e.target as HTMLInputElement).value)))} /></label>
      ${text(t('layer'), 'nx-layer', this.#layer, (v) => (this.#layer = v.trim()))}
      ${renderScheduleEditor({
        lang: this.host.lang,
        id: 'nx-sch',
        schedule: this.#schedule,
        timeZone: this.host.config?.timeZone,
        issues: this.#issues
          .filter((i) => i.path.startsWith('schedule.'))
          .map((i) => ({ ...i, path: i.path.slice('schedule.'.length) })),
        change: (next) => this.#set(() => (this.#schedule = next)),
      })}
      ${this.#renderAudience()}
      ${renderGoalMetrics(this.host.lang, this.#metrics, this.#roles, () => this.host.requestUpdate())}
      <div role="status" aria-live="polite">${
        this.#issues.length
          ? html`<ul class="issues">${this.#issues.map((i) => html`<li><code>${i.path}</code>: ${i.message}</li>`)}</ul>`
          : this.#checked
            ? html`<p class="muted">${t('expLooksGood')}</p>`
            : nothing
      }</div>
      <div class="row">
        ${
          this.host.can('publisher')
            ? html`<button class="primary" @click=${() => void this.#save('running')}>${t('createStart')}</button>
                <button @click=${() => void this.#save('draft')}>${t('createNotRunning')}</button>`
            : html`<button class="primary" @click=${() => void this.#save('draft')}>${t('saveDraft')}</button>`
        }
        <button @click=${() => {
          this.#open = false;
          this.host.requestUpdate();
        }}>${t('cancel')}</button>
      </div>
    </section>`;
  }
}
