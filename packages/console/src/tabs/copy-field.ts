// A text prop with a value per locale (merchant copy in en, zh-CN, zh-TW, ...): add a language, remove one, and the
// language each widget's preview shows.
import { html, nothing } from 'lit';
import type { Lang } from '../i18n.js';
import type { Field } from '../schema-form.js';
import { copyIssue, formWord, issueText } from '../widget-form.js';

/** What a copy field needs of its form (widget-field.ts's FieldContext has it; declared here so neither imports the other). */
export interface FieldContext {
  lang: Lang;
  widget: { type: string };
  set(f: Field, raw: string | Record<string, string> | undefined): void;
}

/** Offered first: the languages the widgets have their own words in. Then others shops often write in. */
const LOCALES = ['en', 'zh-CN', 'zh-TW', 'ja', 'ko', 'fr', 'de', 'es', 'it', 'pt', 'th', 'vi', 'id', 'ms'];

/** A locale's name in the console's language, with its tag: "Chinese (China) · zh-CN". */
export function localeName(lang: Lang, tag: string): string {
  let name: string | undefined;
  try {
    name = new Intl.DisplayNames([lang], { type: 'language' }).of(tag);
  } catch {
    /* a tag Intl cannot read is shown as it is */
  }
  return name && name !== tag ? `${name} · ${tag}` : tag;
}

/** The field's per-locale object, or undefined for a plain text (or none). */
const perLocale = (value: unknown): Record<string, string> | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, string>) : undefined;

/**
 * The editor of a text prop that takes copy per locale: one text for all languages (with a button to write one per
 * language), or a row per locale with its own input and a remove button, then a picker to add another.
 */
export function renderCopyField(cx: FieldContext, f: Field, value: unknown, id: string, label: string, help: unknown) {
  const { lang } = cx;
  const copy = perLocale(value);
  const issue = copyIssue(f, value);
  const err = issue
    ? html`<span class="field-error" id="${id}-err">${issueText(lang, cx.widget.type, f, issue)}</span>`
    : nothing;
  const described = `${id}-help${issue ? ` ${id}-err` : ''}`;
  if (!copy)
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <input id=${id} type="text" aria-describedby=${described} aria-invalid=${issue ? 'true' : 'false'}
        .value=${typeof value === 'string' ? value : ''} maxlength=${f.maxLength ?? 500}
        @change=${(e: Event) => cx.set(f, (e.target as HTMLInputElement).value)} />
      <span class="field-help muted" id="${id}-help">${help}</span>
      ${err}
    </div>`;
  const tags = Object.keys(copy);
  const free = LOCALES.filter((t) => !tags.includes(t));
  const setText = (tag: string, text: string) => cx.set(f, { ...copy, [tag]: text });
  const remove = (tag: string) => {
    const { [tag]: _gone, ...rest } = copy;
    cx.set(f, Object.keys(rest).length ? rest : undefined);
  };
  const add = (e: Event) => {
    const tag = (e.target as HTMLElement).closest('.row')?.querySelector('select')?.value;
    if (tag && !(tag in copy)) cx.set(f, { ...copy, [tag]: '' });
  };
  return html`<fieldset class="field copy" aria-describedby=${described}>
    <legend>${label}</legend>
    ${tags.map(
      (tag) => html`<span class="row">
        <label for="${id}-${tag}">${localeName(lang, tag)}</label>
        <input id="${id}-${tag}" type="text" lang=${tag} .value=${copy[tag] ?? ''} maxlength=${f.maxLength ?? 500}
          aria-invalid=${issue?.params.l === tag ? 'true' : 'false'}
          @change=${(e: Event) => setText(tag, (e.target as HTMLInputElement).value)} />
        <button type="button" aria-label=${formWord(lang, 'removeLocale', { l: localeName(lang, tag), f: label })}
          @click=${() => remove(tag)}>${formWord(lang, 'remove')}</button>
      </span>`,
    )}
    ${
      free.length
        ? html`<span class="row">
            <label for="${id}-add">${formWord(lang, 'addLocale')}</label>
            <select id="${id}-add">${free.map((t) => html`<option value=${t}>${localeName(lang, t)}</option>`)}</select>
            <button type="button" @click=${add}>${formWord(lang, 'add')}</button>
          </span>`
        : nothing
    }
    ${
      tags.length === 1
        ? html`<span class="row"><button type="button" @click=${() => cx.set(f, copy[tags[0]!] ?? '')}>
            ${formWord(lang, 'oneText')}</button></span>`
        : nothing
    }
    <span class="field-help muted" id="${id}-help">${help} ${formWord(lang, 'copyHelp')}</span>
    ${err}
  </fieldset>`;
}

/**
 * "One text per language" for each copy prop still written as one text, in a row after the form's fields (beside each
 * field it would sit between two inputs, and Tab from one field would no longer reach the next).
 */
export function renderCopyToggles(
  cx: FieldContext,
  fields: Field[],
  props: Record<string, unknown>,
  label: (f: Field) => string,
) {
  const single = fields.filter((f) => f.kind === 'copy' && !perLocale(props[f.name]));
  if (!single.length) return nothing;
  return html`<div class="row copy-toggles"><span class="muted">${formWord(cx.lang, 'perLocaleRow')}</span>
    ${single.map((f) => {
      const value = props[f.name];
      return html`<button type="button" aria-label=${formWord(cx.lang, 'perLocale', { f: label(f) })}
        @click=${() => cx.set(f, { [cx.lang]: typeof value === 'string' ? value : '' })}>${label(f)}</button>`;
    })}</div>`;
}

/** The language each widget's preview shows, by widget id (absent: the console's language). */
export const previewLocales = new Map<string, string>();

/**
 * The "Preview in" picker beside a widget's preview: the console's language and every locale its copy is written
 * in. `changed` sends the previews again.
 */
export function renderPreviewLocale(lang: Lang, widgetId: string, props: Record<string, unknown>, changed: () => void) {
  const tags = new Set<string>([lang]);
  for (const v of Object.values(props)) for (const t of Object.keys(perLocale(v) ?? {})) tags.add(t);
  if (tags.size < 2) return nothing;
  const id = `pl-${widgetId}`;
  const chosen = previewLocales.get(widgetId) ?? lang;
  return html`<span class="row"><label for=${id}>${formWord(lang, 'previewIn')}</label>
    <select id=${id} @change=${(e: Event) => {
      previewLocales.set(widgetId, (e.target as HTMLSelectElement).value);
      changed();
    }}>${[...tags].map((t) => html`<option value=${t} ?selected=${t === chosen}>${localeName(lang, t)}</option>`)}</select></span>`;
}
