// History in the console's language: the server's one-line change summaries (config-diff.ts summarize) and the
// messages that the console and the experiment actions write, read back and said in words. Other text is shown as written.
import { translate, type Lang, type MessageKey } from './i18n.js';

const STATUS: Record<string, MessageKey> = {
  draft: 'statusDraft',
  running: 'statusRunning',
  paused: 'statusPaused',
  stopped: 'statusStopped',
};

/** An experiment's status in words ('running' → "Running" / "运行中"); an unknown one as it is. */
export function statusLabel(lang: Lang, status: string): string {
  const key = STATUS[status];
  return key ? translate(lang, key) : status;
}

/** A summarized value (JSON, maybe cut to 60 characters) in words where the field says what it means. */
function value(lang: Lang, kind: 'status' | 'percent' | 'switch' | 'plain', v: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(v);
  } catch {
    return v;
  }
  if (kind === 'status' && typeof parsed === 'string') return statusLabel(lang, parsed);
  if (kind === 'percent' && typeof parsed === 'number') return `${Math.round(parsed * 100)}%`;
  if (kind === 'switch' && typeof parsed === 'boolean') return translate(lang, parsed ? 'enabled' : 'disabled');
  return v;
}

/** Names the field at a summary path, and how its values read. Experiments and widgets are keyed by key / id. */
function field(lang: Lang, path: string): { name: string; kind: 'status' | 'percent' | 'switch' | 'plain' } {
  const t = (k: MessageKey, p: Record<string, string>) => translate(lang, k, p);
  const exp = /^experiments\.([^.]+)(?:\.(.+))?$/.exec(path);
  if (exp) {
    const [, e, rest] = exp as unknown as [string, string, string | undefined];
    if (!rest) return { name: t('histExperiment', { e }), kind: 'plain' };
    if (rest === 'status') return { name: t('histExpStatus', { e }), kind: 'status' };
    if (rest === 'traffic') return { name: t('histExpTraffic', { e }), kind: 'percent' };
    if (rest === 'winner') return { name: t('histExpWinner', { e }), kind: 'plain' };
    const weight = /^variants\.([^.]+)\.weight$/.exec(rest);
    if (weight) return { name: t('histExpWeight', { e, v: weight[1]! }), kind: 'plain' };
    return { name: t('histExpField', { e, f: rest }), kind: 'plain' };
  }
  const widget = /^widgets\.([^.]+)(?:\.(.+))?$/.exec(path);
  if (widget) {
    const [, w, rest] = widget as unknown as [string, string, string | undefined];
    if (!rest) return { name: t('histWidget', { w }), kind: 'plain' };
    if (rest === 'enabled') return { name: t('histWidgetEnabled', { w }), kind: 'switch' };
    const prop = /^props\.(.+)$/.exec(rest);
    if (prop) return { name: t('histWidgetProp', { w, f: prop[1]! }), kind: 'plain' };
    return { name: t('histWidgetField', { w, f: rest }), kind: 'plain' };
  }
  return { name: path, kind: 'plain' };
}

/** One summary line (`+ path: v`, `- path`, `path: a -> b`) in words; a line of another shape as it is. */
export function changeLine(lang: Lang, line: string): string {
  const add = /^\+ ([^\s:]+): (.*)$/s.exec(line);
  if (add) {
    const f = field(lang, add[1]!);
    return translate(lang, 'histAdded', { p: f.name, v: value(lang, f.kind, add[2]!) });
  }
  const remove = /^- ([^\s:]+)$/.exec(line);
  if (remove) return translate(lang, 'histRemoved', { p: field(lang, remove[1]!).name });
  const change = /^([^\s:]+): (.*?) -> (.*)$/s.exec(line);
  if (change) {
    const f = field(lang, change[1]!);
    return translate(lang, 'histChanged', {
      p: f.name,
      a: value(lang, f.kind, change[2]!),
      b: value(lang, f.kind, change[3]!),
    });
  }
  return line;
}

/** The messages written for a publish by the console and the server, each with what fills it in. */
const MESSAGES: [RegExp, MessageKey, string[]][] = [
  [/^start experiment (\S+)$/, 'msgStart', ['e']],
  [/^pause experiment (\S+)$/, 'msgPause', ['e']],
  [/^stop experiment (\S+), ship (\S+)$/, 'msgShip', ['e', 'v']],
  [/^stop experiment (\S+)$/, 'msgStop', ['e']],
  [/^experiment (\S+): traffic (\d+)%$/, 'msgTraffic', ['e', 'p']],
  [/^experiment (\S+): weights (.+)$/, 'msgWeights', ['e', 'w']],
  [/^widget (\S+): settings$/, 'msgWidgetSettings', ['w']],
  [/^widget (\S+): on$/, 'msgWidgetOn', ['w']],
  [/^widget (\S+): off$/, 'msgWidgetOff', ['w']],
  [/^rollback to version (\d+)$/, 'msgRollback', ['v']],
  [/^site created$/, 'msgSiteCreated', []],
  [/^demo site: four widgets, two running experiments$/, 'msgDemoSeed', []],
];

/** A publish message in the console's language when it is one Nudge wrote; what a person typed stays as typed. */
export function historyMessage(lang: Lang, message: string): string {
  for (const [re, key, names] of MESSAGES) {
    const m = re.exec(message);
    if (m) return translate(lang, key, Object.fromEntries(names.map((n, i) => [n, m[i + 1]!])));
  }
  return message;
}
