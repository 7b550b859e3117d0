// An alert as an email: a subject that says what and where, and the figures that triggered (or resolved) it as text.
import type { AlertRule } from './rules.js';

const fig = (x: unknown, metric: unknown) =>
  typeof x !== 'number' || !Number.isFinite(x)
    ? 'n/a'
    : metric === 'conversion_rate'
      ? `${(x * 100).toFixed(2)}%`
      : `${Math.round(x * 100) / 100}`;

const day = (ms: unknown) => (typeof ms === 'number' ? new Date(ms).toISOString().slice(0, 10) : 'n/a');

/** Subject and plain text; plain text only, so nothing in a rule's name can become markup in a mail reader. */
export function alertMail(
  site: string,
  rule: Pick<AlertRule, 'id' | 'name' | 'metric' | 'comparison'>,
  kind: 'fired' | 'resolved',
  at: number,
  f: Record<string, unknown>,
): { subject: string; text: string } {
  const window = f.window as { from?: number } | undefined;
  const history = Array.isArray(f.history) ? (f.history as { value?: number }[]) : [];
  const lines = [
    kind === 'fired'
      ? `Alert "${rule.name}" fired for site ${site}.`
      : `Alert "${rule.name}" resolved for site ${site}.`,
    '',
    `Day evaluated (UTC): ${day(window?.from)}`,
    `Value: ${fig(f.value, rule.metric)}`,
    ...(f.expected !== undefined && f.expected !== null ? [`Expected: ${fig(f.expected, rule.metric)}`] : []),
    ...(f.limit !== undefined && f.limit !== null ? [`Limit: ${fig(f.limit, rule.metric)}`] : []),
    ...(typeof f.volume === 'number' && f.volume > 0 ? [`Visitors that day: ${f.volume}`] : []),
    ...(history.length
      ? [`Same weekday, earlier weeks: ${history.map((h) => fig(h.value, rule.metric)).join(', ')}`]
      : []),
    ...(f.detail ? ['', `Details: ${JSON.stringify(f.detail)}`] : []),
    '',
    `Rule: ${rule.id} (${rule.metric}, ${rule.comparison}). Sent ${new Date(at).toISOString()} by the Nudge server.`,
    'Its page in the console (Alerts) shows the chart that triggered it.',
  ];
  return {
    subject: `[Nudge] ${site}: ${rule.name} ${kind === 'fired' ? 'fired' : 'resolved'}`,
    text: `${lines.join('\n')}\n`,
  };
}
