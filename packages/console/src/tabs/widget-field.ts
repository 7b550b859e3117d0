// One prop of a widget form: a labelled input (or a colour, date or URL picker) with its help, default and issue, or the page fact it is not.
import { html, nothing } from 'lit';
import type { Lang } from '../i18n.js';
import type { Field } from '../schema-form.js';
import {
  fieldIssue,
  formWord,
  fromLocalInput,
  hexOf,
  isColourProp,
  isDateProp,
  isUrlProp,
  issueText,
  propWords,
  toLocalInput,
} from '../widget-form.js';
import { propInfo, type PropInfo } from '../widget-props.js';
import { renderCopyField } from './copy-field.js';

export interface FieldContext {
  lang: Lang;
  /** The widget's id and type: ids are unique per site, so input ids built from them are unique in the tab. */
  widget: { id: string; type: string };
  /** A new raw value from the input (`undefined` removes the prop; an object is a copy prop's text per locale). */
  set(f: Field, raw: string | boolean | Record<string, string> | undefined): void;
}

/** The browser's time zone, said beside every date (the widgets compare instants, so any zone names one moment). */
const timeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

const info = (type: string, name: string): PropInfo => propInfo[type as keyof typeof propInfo]?.[name] ?? {};

export function renderWidgetField(cx: FieldContext, f: Field, value: unknown) {
  const { lang, widget } = cx;
  const id = `f-${widget.id}-${f.name}`;
  const [label, help, defaultWords] = propWords[lang][widget.type]?.[f.name] ?? [f.name, f.description ?? ''];
  const p = info(widget.type, f.name);
  if (p.from) return renderFact(cx, f, id, label, p, value);
  const issue = fieldIssue(f, value);
  const def =
    p.default !== undefined
      ? formWord(lang, 'default', { v: String(p.default) })
      : defaultWords
        ? formWord(lang, 'default', { v: defaultWords })
        : formWord(lang, 'noDefault');
  if (f.kind === 'copy') return renderCopyField(cx, f, value, id, label, `${help} ${def}`);
  const described = `${id}-help${issue ? ` ${id}-err` : ''}`;
  const text = value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  const onText = (e: Event) => {
    const t = e.target as HTMLInputElement;
    cx.set(f, t.type === 'checkbox' ? t.checked : t.value);
  };
  let input;
  if (f.kind === 'boolean')
    input = html`<input id=${id} type="checkbox" aria-describedby=${described} .checked=${value === true} @change=${onText} />`;
  else if (f.kind === 'select')
    input = html`<select id=${id} aria-describedby=${described} @change=${onText}>
      <option value="">–</option>
      ${f.options!.map((o) => html`<option ?selected=${o === value}>${o}</option>`)}
    </select>`;
  else if (f.kind === 'number' || f.kind === 'integer')
    input = html`<input id=${id} type="number" aria-describedby=${described} aria-invalid=${issue ? 'true' : 'false'}
      step=${f.kind === 'integer' ? '1' : 'any'} min=${f.min ?? f.exclusiveMin ?? ''} .value=${text} @change=${onText} />`;
  else if (isDateProp(f))
    input = html`<input id=${id} type="datetime-local" aria-describedby=${described} aria-invalid=${issue ? 'true' : 'false'}
      .value=${toLocalInput(value)} @change=${(e: Event) => cx.set(f, fromLocalInput((e.target as HTMLInputElement).value))} />`;
  else if (isColourProp(f.name))
    input = html`<span class="row">
      <input id=${id} aria-describedby=${described} aria-invalid=${issue ? 'true' : 'false'} .value=${text}
        maxlength=${f.maxLength ?? 100} @change=${onText} />
      <input type="color" aria-label=${formWord(lang, 'pickColour', { f: label })} .value=${hexOf(value) ?? '#000000'}
        @change=${onText} />
    </span>`;
  else
    input = html`<input id=${id} type=${isUrlProp(f.name) ? 'url' : 'text'} aria-describedby=${described}
      aria-invalid=${issue ? 'true' : 'false'} .value=${text} maxlength=${f.maxLength ?? 500} @change=${onText} />`;
  return html`<div class="field">
    <label for=${id}>${label}</label>
    ${input}
    <span class="field-help muted" id="${id}-help"
      >${help} ${def}${isDateProp(f) ? html` · ${formWord(lang, 'timeZone', { z: timeZone() })}` : nothing}</span
    >
    ${issue ? html`<span class="field-error" id="${id}-err">${issueText(lang, widget.type, f, issue)}</span>` : nothing}
  </div>`;
}

/** A fact of each product page: where it comes from, and a value set here for every page with a way back. */
function renderFact(cx: FieldContext, f: Field, id: string, label: string, p: PropInfo, value: unknown) {
  const { lang } = cx;
  const sources = p.from!.map((s) => formWord(lang, s)).join(lang === 'en' ? '; ' : '；');
  return html`<div class="field" role="group" aria-labelledby="${id}-l">
    <span id="${id}-l">${label}</span>
    <span class="muted">${formWord(lang, 'fromPage', { sources })}</span>
    ${
      value === undefined
        ? nothing
        : html`<span class="field-help">${formWord(lang, 'overrides', { v: String(value) })}
          <button @click=${() => cx.set(f, undefined)}>${formWord(lang, 'removeOverride')}</button></span>`
    }
  </div>`;
}
