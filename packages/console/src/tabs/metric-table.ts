// The results page's table of the experiment's goal, secondary and guardrail metrics: per variant the value, the
// change against the control with its interval, the method, and a status in words (a harmed guardrail says so).
import { html, nothing } from 'lit';
import type { Report } from '../api.js';
import { translate, type Lang, type MessageKey } from '../i18n.js';
import { metricName } from '../i18n/built-in-names.js';

type MetricRow = NonNullable<Report['metrics']>[number];
type VariantRow = MetricRow['variants'][number];
type Verdict = Extract<NonNullable<VariantRow['vsControl']>, { enough: true }>;

const ROLE: Record<MetricRow['role'], MessageKey> = {
  goal: 'roleGoal',
  secondary: 'roleSecondary',
  guardrail: 'roleGuardrail',
};
const METHOD: Record<Verdict['method'], MessageKey> = {
  fixed: 'methodFixed',
  sequential: 'methodSequential',
  bayesian: 'methodBayesian',
};

const round = (n: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

/** A metric's value as its format says: a percent, money with cents, or a number. */
function value(m: MetricRow, n: number, lang: Lang): string {
  if (m.format === 'percent') return `${round(n * 100, 1).toFixed(1)}%`;
  if (m.format === 'money') return n.toLocaleString(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return n.toLocaleString(lang, { maximumFractionDigits: 3 });
}

/** A change on the verdict's scale: a relative lift in %, or a difference in the metric's unit (points for a rate). */
function change(m: MetricRow, v: Verdict, x: number, lang: Lang): string {
  const sign = x > 0 ? '+' : x < 0 ? '−' : '';
  if (v.scale === 'relative') return `${sign}${round(Math.abs(x) * 100, 1).toFixed(1)}%`;
  if (m.format === 'percent') return `${sign}${round(Math.abs(x) * 100, 1).toFixed(1)} pp`;
  return `${sign}${value(m, Math.abs(x), lang)}`;
}

/** The status of one variant on one metric, in words; `worse` marks a harmed guardrail or a significant loss. */
function status(lang: Lang, m: MetricRow, variant: string, c: VariantRow['vsControl']) {
  const t = (k: MessageKey, p: Record<string, string> = {}) => translate(lang, k, p);
  if (!c || !c.enough) return { text: t('notEnoughData'), worse: false };
  if (m.role === 'guardrail')
    return c.guardrail === 'worse'
      ? { text: t('guardrailWorse', { v: variant, m: metricName(lang, m) }), worse: true }
      : { text: t('guardrailOk'), worse: false };
  if (c.method === 'bayesian' && c.chanceToBeat !== null && !c.significant)
    return { text: t('chanceBetter', { p: `${round(c.chanceToBeat * 100, 1)}%` }), worse: false };
  if (!c.significant) return { text: t('notSignificant'), worse: false };
  const better = c.estimate > 0 === m.higherIsBetter;
  return { text: t(better ? 'significantBetter' : 'significantWorse'), worse: !better };
}

export function renderMetricTable(lang: Lang, r: Report) {
  const metrics = r.metrics ?? [];
  if (!metrics.length) return nothing;
  const t = (k: MessageKey, p: Record<string, string> = {}) => translate(lang, k, p);
  const rows = metrics.flatMap((m) => {
    const head = html`<th scope="row">${metricName(lang, m)}${m.higherIsBetter ? nothing : html` <span class="muted">(${t('lowerIsBetter')})</span>`}</th>
      <td>${t(ROLE[m.role])}</td>`;
    if (m.unavailable)
      return [html`<tr>${head}<td colspan="6">${t('metricUnavailable', { r: m.unavailable })}</td></tr>`];
    return m.variants.map((v) => {
      const c = v.vsControl;
      const verdict = c && c.enough ? c : undefined;
      const s = v.variant === r.control ? undefined : status(lang, m, v.variant, c);
      return html`<tr class=${s?.worse ? 'worse' : ''}>
        ${head}
        <td>${v.variant}${v.variant === r.control ? html` <span class="muted">(${t('control')})</span>` : nothing}
          · ${value(m, v.value, lang)}</td>
        <td class="num">${verdict ? change(m, verdict, verdict.estimate, lang) : '–'}</td>
        <td class="num">${verdict ? `${change(m, verdict, verdict.ci[0], lang)} … ${change(m, verdict, verdict.ci[1], lang)} (${round(verdict.level * 100, 1)}%)` : '–'}</td>
        <td>${verdict ? `${t(METHOD[verdict.method])}${verdict.correction === 'holm' && verdict.comparisons > 1 ? `, ${t('holmNote')}` : ''}` : '–'}</td>
        <td>${s ? (s.worse ? html`<strong>⚠ ${s.text}</strong>` : s.text) : '–'}</td>
      </tr>`;
    });
  });
  return html`<section class="card" aria-labelledby="mt-h">
    <h2 id="mt-h">${t('metricsTable')}</h2>
    <p class="muted">${t('metricsTableNote')}</p>
    <table class="metric-table">
      <thead><tr><th scope="col">${t('metricCol')}</th><th scope="col">${t('roleCol')}</th>
        <th scope="col">${t('variant')} · ${t('valueCol')}</th><th scope="col" class="num">${t('estimateCol')}</th>
        <th scope="col" class="num">${t('intervalCol')}</th><th scope="col">${t('methodCol')}</th>
        <th scope="col">${t('statusCol')}</th></tr></thead>
      <tbody>${rows}</tbody>
    </table>
  </section>`;
}
