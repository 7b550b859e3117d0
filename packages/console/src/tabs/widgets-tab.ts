// The Widgets tab: on/off, props as a form or raw JSON, drafts until published, and a live preview of each widget.
import { variantPatch, type WidgetType } from '@nudge/core';
import { html, nothing, type ReactiveController } from 'lit';
import type { NudgeConfig, WidgetConfig as Widget } from '@nudge/core';
import type { PreviewMessage } from '../preview.js';
import { fieldsOf, readField, type Field } from '../schema-form.js';
import { canonical, fieldIssue, formWord, labelOf, type FormWordKey } from '../widget-form.js';
import { defaultProps, widgetTypeList } from '../widget-props.js';
import type { ConsoleHost, TabView } from './host.js';
import { renderWidgetField } from './widget-field.js';
import { widgetControlNotes } from './control-note.js';
import { previewLocales, renderCopyToggles, renderPreviewLocale } from './copy-field.js';
import { widgetAfterSave } from './widget-saved.js';
import { renderScheduleEditor, renderZoneSetting, scheduleIssues, type Schedule } from './schedule-editor.js';

export type WidgetsHost = Pick<
  ConsoleHost,
  | 'addController'
  | 'requestUpdate'
  | 'renderRoot'
  | 'lang'
  | 'tab'
  | 'config'
  | 'schemas'
  | 't'
  | 'say'
  | 'sayDone'
  | 'fail'
  | 'publish'
  | 'confirmThen'
  | 'can'
  | 'client'
  | 'site'
>;

export class WidgetsTab implements TabView, ReactiveController {
  /** Props being edited, as JSON text per widget id: kept across tabs until published or discarded. */
  #drafts: Record<string, string> = {};
  /** Schedules being edited per widget id (undefined: the schedule removed), until saved or discarded. */
  #schedules: Record<string, Schedule | undefined> = {};
  #rawFor: Record<string, boolean> = {};
  /** The variant previewed per experiment key ('' or absent: none). */
  #previewVariant: Record<string, string> = {};
  /** What the previews were last sent for: they are sent again only when one of these changed. */
  #sent: unknown[] = [];
  /** The add form: the type and id typed so far. */
  #newType: WidgetType = widgetTypeList[0]!;
  #newId = '';

  constructor(private readonly host: WidgetsHost) {
    host.addController(this);
  }

  /** Another site was picked (after asking, if there were edits): its edits are gone. */
  siteChanged(): void {
    this.configLoaded();
  }

  configLoaded(): void {
    this.#drafts = {};
  }

  hostUpdated(): void {
    const inputs = [this.host.tab, this.host.config, this.#previewVariant, this.#drafts, this.host.lang];
    if (inputs.every((x, i) => x === this.#sent[i])) return;
    this.#sent = inputs;
    this.renderPreviews();
  }

  #set(change: () => void) {
    change();
    this.host.requestUpdate();
  }

  /**
   * Sends each widget's edited props (and a chosen variant's patch) to its preview frame, which renders the real
   * element, with the caption for what the frame fills in (preview.ts) in the console's language.
   */
  private renderPreviews() {
    const { config, t } = this.host;
    if (this.host.tab !== 'widgets' || !config) return;
    const captions: Record<string, string> = {
      'coupon-popup': t('previewPopup'),
      'stock-banner': t('previewStock'),
      'referral-card': t('previewReferral'),
      'buy-bar': t('previewBar'),
    };
    for (const w of config.widgets) {
      const frame = this.host.renderRoot.querySelector<HTMLIFrameElement>(`iframe[data-preview="${CSS.escape(w.id)}"]`);
      const { enabled, ...patch } = this.patchFor(w.id);
      const props = { ...this.widgetProps(w), ...patch };
      // A variant that turns the widget off is previewed as what its visitors get: nothing, said in words.
      const off = enabled === false ? t('previewOff') : undefined;
      const message: PreviewMessage = {
        kind: 'nudge-preview',
        type: w.type,
        id: w.id,
        props,
        lang: previewLocales.get(w.id) ?? this.host.lang,
        caption: captions[w.type],
        open: t('previewOpen'),
        off,
      };
      frame?.contentWindow?.postMessage(message, location.origin);
    }
  }

  private patchFor(widgetId: string): Record<string, unknown> {
    return variantPatch(this.host.config?.experiments ?? [], (k) => this.#previewVariant[k], widgetId);
  }

  private widgetProps(w: Widget): Record<string, unknown> {
    const draft = this.#drafts[w.id];
    if (draft === undefined) return w.props;
    try {
      return JSON.parse(draft) as Record<string, unknown>;
    } catch {
      return w.props;
    }
  }

  private setDraftField(w: Widget, f: Field, raw: string | boolean | Record<string, string> | undefined) {
    const props = { ...this.widgetProps(w) };
    const v = raw === undefined ? undefined : readField(f, raw);
    if (v === undefined) delete props[f.name];
    else props[f.name] = v;
    this.#set(() => (this.#drafts = { ...this.#drafts, [w.id]: JSON.stringify(props, null, 2) }));
  }

  /** The widget's draft when it differs from its props in force, i.e. an edit not published yet. */
  private unsavedWidget(w: Widget): boolean {
    if (w.id in this.#schedules) return true;
    const draft = this.#drafts[w.id];
    if (draft === undefined) return false;
    try {
      return canonical(JSON.parse(draft)) !== canonical(w.props);
    } catch {
      return true;
    }
  }

  /** The form's fields whose value the server or the widget would refuse (saving waits until there are none). */
  private badFields(w: Widget): Field[] {
    if (this.#rawFor[w.id]) return [];
    const props = this.widgetProps(w);
    return fieldsOf(this.host.schemas[w.type]).filter((f) => fieldIssue(f, props[f.name]));
  }

  private saveWidget(w: Widget) {
    const current = this.host.config;
    if (!current) return;
    if (this.badFields(w).length || this.scheduleProblems(w).length > 0) {
      this.host.say('error', this.word('fixFirst'));
      return;
    }
    const draft = this.#drafts[w.id];
    let props: Record<string, unknown>;
    try {
      props = JSON.parse(draft ?? JSON.stringify(w.props)) as Record<string, unknown>;
    } catch (e) {
      this.host.say('error', this.host.t('notJson', { m: (e as Error).message }));
      return;
    }
    const config = structuredClone(current);
    config.widgets = config.widgets.map((x) => (x.id === w.id ? { ...x, props } : x));
    if (w.id in this.#schedules) config.widgets = config.widgets.map((x) => this.withSchedule(x));
    // an editor's change waits as a draft on the server until a publisher publishes it (History lists drafts)
    if (!this.host.can('publisher')) {
      this.host.client!.saveDraft(this.host.site, config, `${w.id}: ${this.host.t('props')}`).then(
        () => this.host.sayDone(this.host.t('draftSaved')),
        (e: unknown) => this.host.fail(e),
      );
      return;
    }
    // once published, what was edited again meanwhile stays an edit (widget-saved.ts)
    const sent = { props, drafts: this.#drafts, schedules: this.#schedules };
    void this.host.publish(
      (client, site) => client.publish(site, config, { type: 'widget', widget: w.id, action: 'settings' }),
      () => {
        const now = widgetAfterSave(w.id, sent, { drafts: this.#drafts, schedules: this.#schedules }, this.host.config);
        this.#set(() => ({ drafts: this.#drafts, schedules: this.#schedules } = now));
      },
    );
  }

  /** The widget with its edited schedule, if one is being edited. */
  private withSchedule(x: Widget): Widget {
    if (!(x.id in this.#schedules)) return x;
    const { schedule: _old, ...rest } = x;
    const next = this.#schedules[x.id];
    return (next ? { ...rest, schedule: next } : rest) as Widget;
  }

  /** The edited schedule's issues, as the server's rules name them (`end`, `windows.0.to`). */
  private scheduleProblems(w: Widget) {
    const c = this.host.config;
    const i = c?.widgets.findIndex((x) => x.id === w.id) ?? -1;
    return c && i >= 0 && w.id in this.#schedules ? scheduleIssues(c, i, this.withSchedule(w).schedule) : [];
  }

  private discardDraft(w: Widget) {
    const { [w.id]: _s, ...schedules } = this.#schedules;
    this.#schedules = schedules;
    const { [w.id]: _dropped, ...rest } = this.#drafts;
    this.#set(() => (this.#drafts = rest));
  }

  private toggleWidget(w: Widget) {
    const current = this.host.config;
    if (!current) return;
    const config = structuredClone(current);
    const on = !(w.enabled ?? true);
    config.widgets = config.widgets.map((x) => (x.id === w.id ? { ...x, enabled: on } : x));
    const action = { type: 'widget' as const, widget: w.id, action: on ? ('on' as const) : ('off' as const) };
    // on or off for every visitor at once: asked first, like the experiment actions
    this.host.confirmThen(this.host.t(on ? 'confirmWidgetOn' : 'confirmWidgetOff', { w: w.id }), () =>
      this.host.publish((client, site) => client.publish(site, config, action)),
    );
  }

  private word(key: FormWordKey, params?: Record<string, string | number>) {
    return formWord(this.host.lang, key, params);
  }

  /** Publishes a document that adds or removes a widget, or saves it as a draft for an editor. */
  private change(config: NudgeConfig, message: string, done: () => void) {
    if (!this.host.can('publisher')) {
      this.host.client!.saveDraft(this.host.site, config, message).then(
        () => this.host.sayDone(this.host.t('draftSaved')),
        (e: unknown) => this.host.fail(e),
      );
      return Promise.resolve();
    }
    return this.host.publish((client, site) => client.publishConfig(site, config, message), done);
  }

  /** Adds a widget of the chosen type, switched off and starting from the type's defaults. */
  private addWidget(type: WidgetType, id: string) {
    const current = this.host.config;
    if (!current) return;
    if (!/^[a-z0-9][a-z0-9_-]{0,63}$/i.test(id)) return this.host.say('error', this.word('badId'));
    if (current.widgets.some((w) => w.id === id)) return this.host.say('error', this.word('idTaken', { w: id }));
    const config = structuredClone(current);
    config.widgets = [...config.widgets, { id, type, enabled: false, props: defaultProps(type) } as Widget];
    void this.change(config, this.word('added', { w: id }), () => this.#set(() => (this.#newId = '')));
  }

  /** A copy of a widget (its settings, audience, trigger and frequency) under a free id, switched off. */
  private duplicateWidget(w: Widget) {
    const current = this.host.config;
    if (!current) return;
    const taken = new Set(current.widgets.map((x) => x.id));
    let id = `${w.id}-copy`.slice(0, 64);
    for (let n = 2; taken.has(id); n++) id = `${w.id.slice(0, 55)}-copy-${n}`;
    const config = structuredClone(current);
    config.widgets = [...config.widgets, { ...structuredClone(w), id, enabled: false }];
    void this.change(config, this.word('added', { w: id }), () => {});
  }

  /** Removes a widget after asking; refused while an experiment still changes it (its patch would name nothing). */
  private removeWidget(w: Widget) {
    const current = this.host.config;
    if (!current) return;
    const user = current.experiments.find((e) => e.variants.some((v) => v.patch && w.id in v.patch));
    if (user) return this.host.say('error', this.word('usedBy', { w: w.id, e: user.key }));
    const config = structuredClone(current);
    config.widgets = config.widgets.filter((x) => x.id !== w.id);
    this.host.confirmThen(this.word('confirmRemove', { w: w.id }), () =>
      this.change(config, this.word('removed', { w: w.id }), () => this.discardDraft(w)),
    );
  }

  private renderAdd() {
    return html`<div class="card row">
      <strong>${this.word('addWidget')}</strong>
      <label>${this.word('widgetType')}
        <select @change=${(e: Event) => (this.#newType = (e.target as HTMLSelectElement).value as WidgetType)}>
          ${widgetTypeList.map((t) => html`<option ?selected=${t === this.#newType}>${t}</option>`)}
        </select></label>
      <label>${this.word('widgetId')}
        <input .value=${this.#newId} maxlength="64" @input=${(e: Event) => (this.#newId = (e.target as HTMLInputElement).value.trim())} /></label>
      <button @click=${() => this.addWidget(this.#newType, this.#newId)}>${this.word('add')}</button>
      <span class="muted">${this.word('addedOff')}</span>
    </div>`;
  }

  /** Whether any widget has edits not yet published (switching sites asks first). */
  unsaved(): boolean {
    return this.host.config?.widgets.some((w) => this.unsavedWidget(w)) ?? false;
  }

  render() {
    const c = this.host.config!;
    const t = this.host.t;
    return html`
      ${
        c.experiments.length
          ? html`<div class="card row"><strong>${t('previewVariant')}</strong>
            ${c.experiments.map(
              (e) => html`<label>${e.key}
              <select @change=${(ev: Event) => this.#set(() => (this.#previewVariant = { ...this.#previewVariant, [e.key]: (ev.target as HTMLSelectElement).value }))}>
                <option value="">–</option>
                ${e.variants.map((v) => html`<option value=${v.key} ?selected=${this.#previewVariant[e.key] === v.key}>${v.key}</option>`)}
              </select></label>`,
            )}
          </div>`
          : nothing
      }
      ${renderZoneSetting({
        lang: this.host.lang,
        value: c.timeZone,
        disabled: !this.host.can('editor'),
        save: (zone) => {
          const { timeZone: _old, ...rest } = structuredClone(c);
          void this.change(
            { ...rest, ...(zone ? { timeZone: zone } : {}) } as NudgeConfig,
            `timeZone: ${zone ?? 'UTC'}`,
            () => {},
          );
        },
      })}
      ${this.host.can('editor') ? this.renderAdd() : nothing}
      ${c.widgets.map((w) => {
        const on = w.enabled ?? true;
        const props = this.widgetProps(w);
        const raw = this.#rawFor[w.id];
        return html`<section class="card" aria-labelledby="w-${w.id}">
          <div class="row">
            <h2 id="w-${w.id}" style="font-size:16px;margin:0">${w.id} <span class="muted">${w.type}</span></h2>
            ${
              this.host.can('publisher')
                ? html`<button class="switch" role="switch" aria-checked=${on ? 'true' : 'false'} @click=${() => this.toggleWidget(w)}>${on ? t('enabled') : t('disabled')}</button>`
                : html`<span class="muted">${on ? t('enabled') : t('disabled')}</span>`
            }
            ${
              this.unsavedWidget(w)
                ? html`<span class="unsaved">${t('unsaved')}</span><button @click=${() => this.discardDraft(w)}>${t('discard')}</button>`
                : nothing
            }
            <span style="flex:1"></span>
            ${
              this.host.can('editor')
                ? html`<button @click=${() => this.duplicateWidget(w)}>${this.word('duplicate')}</button>
                    <button @click=${() => this.removeWidget(w)}>${this.word('remove')}</button>`
                : nothing
            }
            <button @click=${() => this.#set(() => (this.#rawFor = { ...this.#rawFor, [w.id]: !raw }))}>${raw ? t('form') : t('rawJson')}</button>
          </div>
          ${widgetControlNotes(w, c, this.host.lang, t)}
          <div class="grid">
            <div>
              ${
                raw
                  ? html`<textarea aria-label="${w.id} JSON" .value=${this.#drafts[w.id] ?? JSON.stringify(w.props, null, 2)}
                    @input=${(e: Event) => this.#set(() => (this.#drafts = { ...this.#drafts, [w.id]: (e.target as HTMLTextAreaElement).value }))}></textarea>`
                  : [
                      fieldsOf(this.host.schemas[w.type]).map((f) =>
                        renderWidgetField(
                          { lang: this.host.lang, widget: w, set: (f, raw) => this.setDraftField(w, f, raw) },
                          f,
                          props[f.name],
                        ),
                      ),
                      renderCopyToggles(
                        { lang: this.host.lang, widget: w, set: (f, raw) => this.setDraftField(w, f, raw) },
                        fieldsOf(this.host.schemas[w.type]),
                        props,
                        (f) => labelOf(this.host.lang, w.type, f.name),
                      ),
                    ]
              }
              ${renderScheduleEditor({
                lang: this.host.lang,
                id: `sch-${w.id}`,
                schedule: this.withSchedule(w).schedule,
                timeZone: c.timeZone,
                issues: this.scheduleProblems(w),
                disabled: !this.host.can('editor'),
                change: (next) => this.#set(() => (this.#schedules = { ...this.#schedules, [w.id]: next })),
              })}
              ${
                this.host.can('editor')
                  ? html`<button class="primary" ?disabled=${!this.unsavedWidget(w) || this.badFields(w).length > 0 || this.scheduleProblems(w).length > 0} @click=${() => this.saveWidget(w)}>${this.host.can('publisher') ? t('save') : t('saveDraft')}</button>`
                  : nothing
              }
            </div>
            <div>
              <div class="muted">${t('preview')}</div>
              ${renderPreviewLocale(this.host.lang, w.id, props, () => this.renderPreviews())}
              <iframe class="preview" data-preview=${w.id} src="/console/preview.html" title="${t('preview')}: ${w.id}" @load=${() => this.renderPreviews()}></iframe>
            </div>
          </div>
        </section>`;
      })}
    `;
  }
}
