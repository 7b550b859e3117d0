// An alert as an email in its readers' language: a subject that says what and where, and the figures that triggered
// (or resolved) it as text, with the watched figure day by day (the text of the console's chart).
import { formatsOf, type MailLocale } from '../mail-locale.js';
import { ALERT_WORDS, ruleNameIn } from './mail-words.js';
import type { AlertRule } from './rules.js';

/**
 * Subject and plain text; plain text only, so nothing in a rule's name can become markup in a mail reader.
 * `currency`: the shop's, for a rule on revenue.
 */
export function alertMail(
  site: string,
  rule: Pick<AlertRule, 'id' | 'name' | 'metric' | 'comparison'>,
  kind: 'fired' | 'resolved',
  at: number,
  f: Record<string, unknown>,
  o: { locale?: MailLocale; currency?: string | undefined } = {},
): { subject: string; text: string } {
  const locale = o.locale ?? 'en';
  const w = ALERT_WORDS[locale];
  const fmt = formatsOf(locale, w.na);
  const fig = (x: unknown) =>
    rule.metric === 'conversion_rate' ? fmt.pct(x) : rule.metric === 'revenue' ? fmt.money(x, o.currency) : fmt.num(x);
  const name = ruleNameIn(locale, rule);
  const fired = kind === 'fired';
  const window = f.window as { from?: number } | undefined;
  const history = Array.isArray(f.history) ? (f.history as { value?: number }[]) : [];
  const series = Array.isArray(f.series) ? (f.series as { day?: string; value?: number }[]) : [];
  const line = (label: string, value: string) => `${label}${w.colon}${value}`;
  const lines = [
    w.opening(site, name, fired),
    '',
    line(w.day, fmt.day(window?.from)),
    line(w.value, fig(f.value)),
    ...(f.expected !== undefined && f.expected !== null ? [line(w.expected, fig(f.expected))] : []),
    ...(f.limit !== undefined && f.limit !== null ? [line(w.limit, fig(f.limit))] : []),
    ...(typeof f.volume === 'number' && f.volume > 0 ? [line(w.volume, fmt.num(f.volume))] : []),
    ...(history.length ? [line(w.history, history.map((h) => fig(h.value)).join(w.comma))] : []),
    ...(series.length
      ? ['', `${w.series}${w.colon.trim()}`, ...series.map((p) => `  ${line(fmt.day(p.day), fig(p.value))}`)]
      : []),
    ...(f.detail ? ['', line(w.details, JSON.stringify(f.detail))] : []),
    '',
    w.rule(rule.id, rule.metric, rule.comparison, fmt.time(at)),
    w.chart,
  ];
  return { subject: w.subject(site, name, fired), text: `${lines.join('\n')}\n` };
}
