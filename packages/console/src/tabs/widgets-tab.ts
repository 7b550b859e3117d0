// The Widgets tab: on/off, props as a form or raw JSON, drafts until published, and a live preview of each widget.
import { variantPatch } from '@nudge/core';
import { html, nothing, type ReactiveController } from 'lit';
import type { WidgetConfig as Widget } from '@nudge/core';
import type { PreviewMessage } from '../preview.js';
import { fieldsOf, readField, type Field } from '../schema-form.js';
import type { ConsoleHost, TabView } from './host.js';

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

/** JSON with object keys sorted, to compare a draft with the props in force whatever order either lists them in. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1)))
      : x,
  );

export class WidgetsTab implements TabView, ReactiveController {
  /** Props being edited, as JSON text per widget id: kept across tabs until published or discarded. */
  #drafts: Record<string, string> = {};
  #rawFor: Record<string, boolean> = {};
  /** The variant previewed per experiment key ('' or absent: none). */
  #previewVariant: Record<string, string> = {};
  /** What the previews were last sent for: they are sent again only when one of these changed. */
  #sent: unknown[] = [];

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
        lang: this.host.lang,
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

  private setDraftField(w: Widget, f: Field, raw: string | boolean) {
    const props = { ...this.widgetProps(w) };
    const v = readField(f, raw);
    if (v === undefined) delete props[f.name];
    else props[f.name] = v;
    this.#set(() => (this.#drafts = { ...this.#drafts, [w.id]: JSON.stringify(props, null, 2) }));
  }

  /** The widget's draft when it differs from its props in force, i.e. an edit not published yet. */
  private unsavedWidget(w: Widget): boolean {
    const draft = this.#drafts[w.id];
    if (draft === undefined) return false;
    try {
      return canonical(JSON.parse(draft)) !== canonical(w.props);
    } catch {
      return true;
    }
  }

  private saveWidget(w: Widget) {
    const current = this.host.config;
    if (!current) return;
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
    // an editor's change waits as a draft on the server until a publisher publishes it (History lists drafts)
    if (!this.host.can('publisher')) {
      this.host.client!.saveDraft(this.host.site, config, `${w.id}: ${this.host.t('props')}`).then(
        () => this.host.sayDone(this.host.t('draftSaved')),
        (e: unknown) => this.host.fail(e),
      );
      return;
    }
    // the draft is dropped once published, unless it was edited again meanwhile
    void this.host.publish(
      (client, site) => client.publish(site, config, { type: 'widget', widget: w.id, action: 'settings' }),
      () => {
        if (this.#drafts[w.id] !== draft) return;
        const { [w.id]: _published, ...rest } = this.#drafts;
        this.#set(() => (this.#drafts = rest));
      },
    );
  }

  private discardDraft(w: Widget) {
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
            <button @click=${() => this.#set(() => (this.#rawFor = { ...this.#rawFor, [w.id]: !raw }))}>${raw ? t('form') : t('rawJson')}</button>
          </div>
          <div class="grid">
            <div>
              ${
                raw
                  ? html`<textarea aria-label="${w.id} JSON" .value=${this.#drafts[w.id] ?? JSON.stringify(w.props, null, 2)}
                    @input=${(e: Event) => this.#set(() => (this.#drafts = { ...this.#drafts, [w.id]: (e.target as HTMLTextAreaElement).value }))}></textarea>`
                  : fieldsOf(this.host.schemas[w.type]).map((f) => this.renderField(w, f, props[f.name]))
              }
              ${
                this.host.can('editor')
                  ? html`<button class="primary" ?disabled=${!this.unsavedWidget(w)} @click=${() => this.saveWidget(w)}>${this.host.can('publisher') ? t('save') : t('saveDraft')}</button>`
                  : nothing
              }
            </div>
            <div>
              <div class="muted">${t('preview')}</div>
              <iframe class="preview" data-preview=${w.id} src="/console/preview.html" title="${t('preview')}: ${w.id}" @load=${() => this.renderPreviews()}></iframe>
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
}
