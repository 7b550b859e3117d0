// A variant's patch in the new-experiment form: the Widgets tab's generated field for every prop of the patched widget
// (labels, help, defaults, pickers, the same checks), or the patch as JSON.
import { html, nothing } from 'lit';
import type { Lang, MessageKey } from '../i18n.js';
import { readField, type Field } from '../schema-form.js';
import { labelOf } from '../widget-form.js';
import { renderCopyToggles } from './copy-field.js';
import { renderWidgetField } from './widget-field.js';

export interface VariantDraft {
  key: string;
  weight: number;
  /** the widget's props this variant overrides */
  patch: Record<string, unknown>;
  /** The patch as JSON text while the JSON view is on. */
  json?: string;
  /** Why that text is not a patch (it stays, and the form cannot come back until it is). */
  jsonError?: string;
}

export interface VariantFieldsContext {
  lang: Lang;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** The patched widget (its id keeps input ids unique, its type picks the words). */
  widget: { id: string; type: string };
  /** Runs an edit, then checks the experiment again. */
  set(fn: () => void): void;
}

/** A variant's patch as the Widgets tab edits a widget's props: every field (page facts are left out by the caller). */
export function renderVariantFields(cx: VariantFieldsContext, v: VariantDraft, i: number, fields: Field[]) {
  const field = {
    lang: cx.lang,
    // ids stay unique per variant, and apart from the Widgets tab's own ids for the same widget
    widget: { id: `nx${i}-${cx.widget.id}`, type: cx.widget.type },
    set: (f: Field, raw: string | boolean | Record<string, string> | undefined) =>
      cx.set(() => {
        const next = raw === undefined ? undefined : readField(f, raw);
        const { [f.name]: _old, ...rest } = v.patch;
        v.patch = next === undefined ? rest : { ...rest, [f.name]: next };
      }),
  };
  const json = v.json !== undefined;
  const toggle = html`<div class="row"><button type="button"
    @click=${() => cx.set(() => toJson(v, !json))}>${json ? cx.t('form') : cx.t('rawJson')}</button></div>`;
  if (json)
    return html`${toggle}<label class="field" for="nx-vj-${i}"><span>${cx.t('variantJson', { n: i })}</span>
      <textarea id="nx-vj-${i}" style="min-height:80px" aria-describedby="nx-vj-${i}-err" .value=${v.json ?? ''}
        @input=${(e: Event) => cx.set(() => readJson(v, (e.target as HTMLTextAreaElement).value))}></textarea></label>
      ${v.jsonError ? html`<p class="field-error" id="nx-vj-${i}-err">${cx.t('notJson', { m: v.jsonError })}</p>` : nothing}`;
  return html`${toggle}${fields.map((f) => renderWidgetField(field, f, v.patch[f.name]))}
    ${renderCopyToggles(field, fields, v.patch, (f) => labelOf(cx.lang, cx.widget.type, f.name))}`;
}

/** Into the JSON view, or back to the form (only when the text is a patch: an object of props). */
function toJson(v: VariantDraft, on: boolean) {
  if (on) {
    v.json = JSON.stringify(v.patch, null, 2);
    v.jsonError = '';
  } else if (!v.jsonError) delete v.json;
}

/** The JSON view's text read into the patch as it is typed; a text that is no object keeps the last patch. */
function readJson(v: VariantDraft, text: string) {
  v.json = text;
  try {
    const parsed: unknown = text.trim() ? JSON.parse(text) : {};
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('expected an object of props');
    v.patch = parsed as Record<string, unknown>;
    v.jsonError = '';
  } catch (e) {
    v.jsonError = (e as Error).message;
  }
}
