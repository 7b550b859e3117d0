// The form that defines a metric: an event with conditions on its properties, counted as converted visitors, events,
// or a property's sum per visitor, or the ratio of two such totals; and a metric described in words.
import { html, nothing, type TemplateResult } from 'lit';
import type { MetricRow, NewMetric } from '../api.js';
import type { MessageKey } from '../i18n.js';

type Aggregate = 'converted' | 'count' | 'sum';
type Op = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'exists' | 'missing';
type Format = 'percent' | 'number' | 'money';
interface FilterDraft {
  property: string;
  op: Op;
  value: string;
}
interface MeasureDraft {
  event: string;
  aggregate: Aggregate;
  property: string;
  filters: FilterDraft[];
}
export interface MetricDraft {
  key: string;
  name: string;
  kind: Aggregate | 'ratio';
  num: MeasureDraft;
  den: MeasureDraft;
  format: Format;
  higherIsBetter: boolean;
}
type Measure = MetricRow['numerator'];
type T = (key: MessageKey, params?: Record<string, string | number>) => string;

const OPS: [Op, MessageKey][] = [
  ['eq', 'opEq'],
  ['ne', 'opNe'],
  ['gt', 'opGt'],
  ['gte', 'opGte'],
  ['lt', 'opLt'],
  ['lte', 'opLte'],
  ['exists', 'opExists'],
  ['missing', 'opMissing'],
];
const AGGREGATES: [Aggregate, MessageKey][] = [
  ['converted', 'aggConverted'],
  ['count', 'aggCount'],
  ['sum', 'aggSum'],
];
const KINDS: [MetricDraft['kind'], MessageKey][] = [
  ['converted', 'kindConverted'],
  ['count', 'kindCount'],
  ['sum', 'kindSum'],
  ['ratio', 'kindRatio'],
];
const FORMATS: [Format, MessageKey][] = [
  ['percent', 'formatPercent'],
  ['number', 'formatNumber'],
  ['money', 'formatMoney'],
];
const takesNoValue = (op: Op) => op === 'exists' || op === 'missing';

const measure = (event = 'purchase', aggregate: Aggregate = 'converted'): MeasureDraft => ({
  event,
  aggregate,
  property: '',
  filters: [],
});
export const emptyDraft = (): MetricDraft => ({
  key: '',
  name: '',
  kind: 'converted',
  num: measure(),
  den: measure('purchase', 'count'),
  format: 'percent',
  higherIsBetter: true,
});

const fromMeasure = (m: Measure): MeasureDraft => ({
  event: m.event,
  aggregate: m.aggregate,
  property: m.property ?? '',
  filters: m.filters.map((f) => ({
    property: f.property,
    op: f.op,
    value: f.value === undefined ? '' : String(f.value),
  })),
});

/** A stored metric in the form, to change it. */
export const draftOf = (m: MetricRow): MetricDraft => ({
  key: m.key,
  name: m.name,
  kind: m.denominator ? 'ratio' : m.numerator.aggregate,
  num: fromMeasure(m.numerator),
  den: m.denominator ? fromMeasure(m.denominator) : measure('purchase', 'count'),
  format: m.format,
  higherIsBetter: m.higherIsBetter,
});

/** A typed value: numbers and true/false compare as such, the rest as text (the help text says so). */
const typed = (v: string): string | number | boolean => {
  const s = v.trim();
  if (s === 'true' || s === 'false') return s === 'true';
  return s !== '' && Number.isFinite(Number(s)) ? Number(s) : v;
};

const toMeasure = (m: MeasureDraft, aggregate: Aggregate): NewMetric['numerator'] => ({
  event: m.event.trim(),
  aggregate,
  ...(aggregate === 'sum' ? { property: m.property.trim() } : {}),
  filters: m.filters.map((f) => ({
    property: f.property.trim(),
    op: f.op,
    ...(takesNoValue(f.op) ? {} : { value: typed(f.value) }),
  })),
});

/** The body the API takes; the server checks it and answers bad fields by path. */
export const toMetric = (d: MetricDraft): NewMetric => ({
  key: d.key.trim(),
  name: d.name.trim(),
  numerator: toMeasure(d.num, d.kind === 'ratio' ? d.num.aggregate : d.kind),
  ...(d.kind === 'ratio' ? { denominator: toMeasure(d.den, d.den.aggregate) } : {}),
  format: d.format,
  higherIsBetter: d.higherIsBetter,
});

const opWord = (t: T, op: Op) => t(OPS.find(([o]) => o === op)![1]);
function describeMeasure(t: T, m: Measure): string {
  const base =
    m.aggregate === 'converted'
      ? t('describeConverted', { e: m.event })
      : m.aggregate === 'count'
        ? t('describeCount', { e: m.event })
        : t('describeSum', { e: m.event, p: m.property ?? '' });
  const where = m.filters
    .map((f) => `${f.property} ${opWord(t, f.op)}${f.value === undefined ? '' : ` ${String(f.value)}`}`)
    .join(', ');
  return where ? `${base} ${t('describeWhere', { w: where })}` : base;
}
/** A metric in words, as the list shows it. */
export const describeMetric = (t: T, m: MetricRow) =>
  m.denominator
    ? t('describeRatio', { a: describeMeasure(t, m.numerator), b: describeMeasure(t, m.denominator) })
    : describeMeasure(t, m.numerator);

const options = <V extends string>(t: T, list: [V, MessageKey][], value: V) =>
  list.map(([v, k]) => html`<option value=${v} ?selected=${v === value}>${t(k)}</option>`);

/** The measure's fields; `id` keeps the labels' ids apart (numerator, denominator). */
function measureFields(t: T, id: string, m: MeasureDraft, withAggregate: boolean, changed: () => void): TemplateResult {
  const set = (f: () => void) => () => {
    f();
    changed();
  };
  const val = (e: Event) => (e.target as HTMLInputElement | HTMLSelectElement).value;
  return html`<div class="row">
      <label>${t('metricEvent')} <input name="${id}-event" required .value=${m.event} aria-describedby="${id}-event-help"
        @input=${(e: Event) => set(() => (m.event = val(e)))()} /></label>
      <span class="muted" id="${id}-event-help">${t('metricEventHelp', { a: 'purchase', b: 'add_to_cart' })}</span>
      ${
        withAggregate
          ? html`<label>${t('metricAggregate')} <select name="${id}-aggregate"
              @change=${(e: Event) => set(() => (m.aggregate = val(e) as Aggregate))()}>${options(t, AGGREGATES, m.aggregate)}</select></label>`
          : nothing
      }
      ${
        m.aggregate === 'sum'
          ? html`<label>${t('metricProperty')} <input name="${id}-property" required .value=${m.property}
              aria-describedby="${id}-property-help" @input=${(e: Event) => set(() => (m.property = val(e)))()} /></label>
            <span class="muted" id="${id}-property-help">${t('metricPropertyHelp', { v: 'value', d: 'discount', c: 'cost_of_goods', p: 'profit' })}</span>`
          : nothing
      }
    </div>
    <fieldset><legend>${t('metricFilters')}</legend>
      <p class="muted">${t('metricFilterHelp', { y: 'true', n: 'false' })}</p>
      ${m.filters.map(
        (f, i) => html`<div class="row">
          <label>${t('metricFilterProperty')} <input .value=${f.property} required
            @input=${(e: Event) => set(() => (f.property = val(e)))()} /></label>
          <label>${t('metricFilterOp')} <select @change=${(e: Event) => set(() => (f.op = val(e) as Op))()}>${options(t, OPS, f.op)}</select></label>
          ${
            takesNoValue(f.op)
              ? nothing
              : html`<label>${t('metricFilterValue')} <input .value=${f.value}
                  @input=${(e: Event) => set(() => (f.value = val(e)))()} /></label>`
          }
          <button type="button" @click=${set(() => m.filters.splice(i, 1))}>${t('metricRemoveFilter', { n: i + 1 })}</button>
        </div>`,
      )}
      <button type="button" ?disabled=${m.filters.length >= 10}
        @click=${set(() => m.filters.push({ property: '', op: 'eq', value: '' }))}>${t('metricAddFilter')}</button>
    </fieldset>`;
}

/** The whole form; `changed` re-renders after each edit (the draft is the form's state). */
export function metricForm(
  t: T,
  d: MetricDraft,
  changed: () => void,
  submit: () => void,
  reset: () => void,
): TemplateResult {
  const val = (e: Event) => (e.target as HTMLInputElement | HTMLSelectElement).value;
  const set = (f: () => void) => {
    f();
    changed();
  };
  // one measure: its aggregate is the kind chosen (the sum's property field follows it)
  if (d.kind !== 'ratio') d.num.aggregate = d.kind;
  return html`<form id="metric-form" @submit=${(e: SubmitEvent) => {
    e.preventDefault();
    submit();
  }}>
    <div class="row">
      <label>${t('metricKey')} <input name="key" required pattern="[a-z][a-z0-9_]{0,47}" .value=${d.key}
        @input=${(e: Event) => set(() => (d.key = val(e)))} /></label>
      <label>${t('metricName')} <input name="name" required maxlength="80" .value=${d.name}
        @input=${(e: Event) => set(() => (d.name = val(e)))} /></label>
      <label>${t('metricKind')} <select name="kind" @change=${(e: Event) => set(() => (d.kind = val(e) as MetricDraft['kind']))}>${options(t, KINDS, d.kind)}</select></label>
    </div>
    ${
      d.kind === 'ratio'
        ? html`<fieldset><legend>${t('metricNumerator')}</legend>${measureFields(t, 'num', d.num, true, changed)}</fieldset>
          <fieldset><legend>${t('metricDenominator')}</legend>${measureFields(t, 'den', d.den, true, changed)}</fieldset>`
        : measureFields(t, 'num', d.num, false, changed)
    }
    <div class="row">
      <label>${t('metricFormat')} <select name="format" @change=${(e: Event) => set(() => (d.format = val(e) as Format))}>${options(t, FORMATS, d.format)}</select></label>
      <label><input type="checkbox" name="higherIsBetter" .checked=${d.higherIsBetter}
        @change=${(e: Event) => set(() => (d.higherIsBetter = (e.target as HTMLInputElement).checked))} /> ${t('metricHigherIsBetter')}</label>
    </div>
    <div class="row">
      <button class="primary" type="submit">${t('metricSave')}</button>
      <button type="button" @click=${reset}>${t('metricNew')}</button>
    </div>
  </form>`;
}
