// The experiment form's metrics: the goal (a funnel step, revenue, or a metric defined for the site), secondary
// metrics and guardrails, saved as the experiment's metric roles (PUT /v1/admin/sites/:site/metrics/experiments/:key).
import { html, nothing } from 'lit';
import type { MetricRoles, SiteMetric } from '../api.js';
import type { Lang } from '../i18n.js';
import { metricName } from '../i18n/built-in-names.js';

const words = {
  en: {
    metrics: 'Metrics',
    goal: 'Goal metric',
    goalHelp: 'The one metric that decides the experiment; the results page leads with it.',
    builtIn: 'Funnel steps and revenue',
    own: 'This site’s metrics',
    secondary: 'Secondary metrics (reported, corrected for several comparisons)',
    guardrails: 'Guardrails (flagged when a variant makes them worse)',
    loading: 'Loading the site’s metrics…',
  },
  'zh-CN': {
    metrics: '指标',
    goal: '目标指标',
    goalHelp: '决定实验结论的唯一指标；结果页首先展示它。',
    builtIn: '漏斗步骤与收入',
    own: '本站定义的指标',
    secondary: '次要指标（会报告，并做多重比较校正）',
    guardrails: '护栏指标（某个变体使其变差时会标出）',
    loading: '正在加载本站指标…',
  },
} satisfies Record<Lang, Record<string, string>>;
const word = (lang: Lang, k: keyof (typeof words)['en']) => words[lang][k];

/** What an experiment gets without a choice: the server's default (purchase; the other steps and revenue secondary). */
export const defaultRoles = (): MetricRoles => ({
  goal: 'purchase',
  secondary: ['view_item', 'add_to_cart', 'begin_checkout', 'revenue_per_visitor'],
  guardrails: [],
});

/** The roles with the goal taken out of the other two (a metric has one role) and unknown keys dropped. */
export function tidyRoles(roles: MetricRoles, known: readonly SiteMetric[]): MetricRoles {
  const keys = new Set(known.map((m) => m.key));
  const other = (list: string[] | undefined) => (list ?? []).filter((k) => k !== roles.goal && keys.has(k));
  return { goal: roles.goal, secondary: other(roles.secondary), guardrails: other(roles.guardrails) };
}

/** The goal picker and the secondary and guardrail checkboxes; `changed` after each edit of `roles` (in place). */
export function renderGoalMetrics(
  lang: Lang,
  metrics: SiteMetric[] | undefined,
  roles: MetricRoles,
  changed: () => void,
) {
  if (!metrics) return html`<p class="muted">${word(lang, 'loading')}</p>`;
  const option = (m: SiteMetric) =>
    html`<option value=${m.key} ?selected=${m.key === roles.goal}>${metricName(lang, m)}</option>`;
  const own = metrics.filter((m) => !m.builtIn);
  const checks = (role: 'secondary' | 'guardrails') => {
    const on = new Set(roles[role] ?? []);
    return html`<fieldset class="card">
      <legend>${word(lang, role)}</legend>
      ${metrics
        .filter((m) => m.key !== roles.goal)
        .map(
          (m) =>
            html`<label class="check"><input type="checkbox" .checked=${on.has(m.key)} @change=${(e: Event) => {
              const checked = (e.target as HTMLInputElement).checked;
              roles[role] = metrics.map((x) => x.key).filter((k) => (k === m.key ? checked : on.has(k)));
              // a guardrail is not also a secondary metric, nor the other way round
              const other = role === 'secondary' ? 'guardrails' : 'secondary';
              if (checked) roles[other] = (roles[other] ?? []).filter((k) => k !== m.key);
              changed();
            }} /> ${metricName(lang, m)}</label>`,
        )}
    </fieldset>`;
  };
  return html`<fieldset class="card">
    <legend>${word(lang, 'metrics')}</legend>
    <label class="field" for="nx-goal"><span>${word(lang, 'goal')}</span>
      <select id="nx-goal" aria-describedby="nx-goal-help" @change=${(e: Event) => {
        roles.goal = (e.target as HTMLSelectElement).value;
        Object.assign(roles, tidyRoles(roles, metrics));
        changed();
      }}>
        <optgroup label=${word(lang, 'builtIn')}>${metrics.filter((m) => m.builtIn).map(option)}</optgroup>
        ${own.length ? html`<optgroup label=${word(lang, 'own')}>${own.map(option)}</optgroup>` : nothing}
      </select></label>
    <p class="muted" id="nx-goal-help">${word(lang, 'goalHelp')}</p>
    ${checks('secondary')} ${checks('guardrails')}
  </fieldset>`;
}
