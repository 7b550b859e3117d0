// History in the console's language: what a publish changed (ConfigChange) and what its author did (ConfigAction).
import type { ConfigAction, ConfigChange } from '@nudge/server/api';
import { translate, type Lang, type MessageKey } from './i18n.js';
import { sw } from './i18n/schedule-words.js';
import { zoneOrUtc, type ScheduleConfig } from '@nudge/core/spec';

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

type Kind = 'status' | 'percent' | 'switch' | 'plain';

/** A JSON value, cut to 60 characters, in words where the field says what it means. */
function value(lang: Lang, kind: Kind, v: unknown): string {
  if (kind === 'status' && typeof v === 'string') return statusLabel(lang, v);
  if (kind === 'percent' && typeof v === 'number') return `${Math.round(v * 100)}%`;
  if (kind === 'switch' && typeof v === 'boolean') return translate(lang, v ? 'enabled' : 'disabled');
  const s = JSON.stringify(v) ?? 'undefined';
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Names the field at a path, and how its values read. Experiments and widgets are keyed by key / id. */
function field(lang: Lang, path: string[]): { name: string; kind: Kind } {
  const t = (k: MessageKey, p: Record<string, string>) => translate(lang, k, p);
  const [top, id, ...rest] = path;
  const f = rest.join('.');
  if (top === 'experiments' && id !== undefined) {
    const e = id;
    if (!rest.length) return { name: t('histExperiment', { e }), kind: 'plain' };
    if (f === 'status') return { name: t('histExpStatus', { e }), kind: 'status' };
    if (f === 'traffic') return { name: t('histExpTraffic', { e }), kind: 'percent' };
    if (f === 'winner') return { name: t('histExpWinner', { e }), kind: 'plain' };
    if (rest.length === 3 && rest[0] === 'variants' && rest[2] === 'weight')
      return { name: t('histExpWeight', { e, v: rest[1]! }), kind: 'plain' };
    return { name: t('histExpField', { e, f }), kind: 'plain' };
  }
  if (top === 'widgets' && id !== undefined) {
    const w = id;
    if (!rest.length) return { name: t('histWidget', { w }), kind: 'plain' };
    if (f === 'enabled') return { name: t('histWidgetEnabled', { w }), kind: 'switch' };
    if (rest[0] === 'props' && rest.length > 1)
      return { name: t('histWidgetProp', { w, f: rest.slice(1).join('.') }), kind: 'plain' };
    return { name: t('histWidgetField', { w, f }), kind: 'plain' };
  }
  return { name: path.join('.') || '(document)', kind: 'plain' };
}

/**
 * A change inside a widget's or experiment's schedule (the widget form publishes them as `widget / settings`, the
 * diff names each field), worded as the schedule actions are: its times read in `timeZone` and the zone named.
 */
function scheduleChange(lang: Lang, c: ConfigChange, timeZone: string | undefined): string | null {
  const [top, id, key, part, ...deeper] = c.path;
  if ((top !== 'widgets' && top !== 'experiments') || id === undefined || key !== 'schedule') return null;
  const x = `${sw(lang, top === 'widgets' ? 'widget' : 'experiment')} ${id}`;
  const gone = !('after' in c) || c.after === undefined;
  if (part === undefined) {
    if (gone || typeof c.after !== 'object' || c.after === null) return sw(lang, 'histCleared', { x });
    return sw(lang, 'histSet', { x, s: scheduleSummary(lang, c.after as ScheduleConfig, timeZone) });
  }
  const name = part === 'start' ? sw(lang, 'start') : part === 'end' ? sw(lang, 'end') : sw(lang, 'windows');
  if (gone && !deeper.length) return sw(lang, 'histPartCleared', { x, f: name });
  if ((part === 'start' || part === 'end') && typeof c.after === 'string')
    return sw(lang, 'histSet', { x, s: scheduleSummary(lang, { [part]: c.after }, timeZone) });
  if (part === 'windows' && !deeper.length && Array.isArray(c.after))
    return sw(lang, 'histSet', {
      x,
      s: scheduleSummary(lang, { windows: c.after as ScheduleConfig['windows'] }, timeZone),
    });
  return sw(lang, 'histPartChanged', { x, f: name, z: zoneOrUtc(timeZone) });
}

/**
 * One change in words: added, removed or changed from a to b. `timeZone`: the site's when the change was published,
 * which a schedule's times are said in.
 */
export function changeWords(lang: Lang, c: ConfigChange, timeZone?: string): string {
  const schedule = scheduleChange(lang, c, timeZone);
  if (schedule !== null) return schedule;
  const f = field(lang, c.path);
  if (!('before' in c)) return translate(lang, 'histAdded', { p: f.name, v: value(lang, f.kind, c.after) });
  if (!('after' in c)) return translate(lang, 'histRemoved', { p: f.name });
  return translate(lang, 'histChanged', {
    p: f.name,
    a: value(lang, f.kind, c.before),
    b: value(lang, f.kind, c.after),
  });
}

const EXPERIMENT: Record<string, MessageKey> = {
  start: 'msgStart',
  pause: 'msgPause',
  stop: 'msgStop',
  traffic: 'msgTraffic',
  weights: 'msgWeights',
};
const WIDGET: Record<string, MessageKey> = { on: 'msgWidgetOn', off: 'msgWidgetOff', settings: 'msgWidgetSettings' };

/**
 * A schedule in a few words, its times read in the site's zone and named, as the schedule editor shows them: "from
 * 1 Jan 2030, 17:00 · until ... · 1 repeating window(s) · times in Asia/Shanghai". `timeZone`: the site's
 * (config.timeZone); unset or unknown, UTC, as the editor reads it.
 */
export function scheduleSummary(lang: Lang, s: ScheduleConfig, timeZone: string | undefined): string {
  const zone = zoneOrUtc(timeZone);
  const when = (iso: string) => {
    const ms = Date.parse(iso);
    if (!Number.isFinite(ms)) return iso;
    return new Date(ms).toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone });
  };
  const parts = [
    s.start ? translate(lang, 'scheduleStart', { d: when(s.start) }) : '',
    s.end ? translate(lang, 'scheduleEnd', { d: when(s.end) }) : '',
    s.windows?.length ? translate(lang, 'scheduleWindows', { n: String(s.windows.length) }) : '',
  ].filter(Boolean);
  return parts.length ? [...parts, sw(lang, 'inZone', { z: zone })].join(' · ') : '';
}

/** What the author did, in words ('' for a plain publish); an action this console does not know, by its names. */
function did(lang: Lang, a: ConfigAction, timeZone: string | undefined): string {
  const t = (k: MessageKey, p: Record<string, string> = {}) => translate(lang, k, p);
  switch (a.type) {
    case 'publish':
      return '';
    case 'create':
      return t(a.demo ? 'msgDemoSeed' : 'msgSiteCreated');
    case 'rollback':
      return t('msgRollback', { v: String(a.to) });
    case 'draft':
      return t('msgDraft', { b: a.by });
    case 'widget': {
      const key = WIDGET[a.action];
      return key ? t(key, { w: a.widget }) : `${a.widget}: ${a.action}`;
    }
    case 'experiment': {
      const e = a.experiment;
      const args = a.args ?? {};
      if (a.action === 'stop' && typeof args.winner === 'string') return t('msgShip', { e, v: args.winner });
      if (a.action === 'traffic' && typeof args.traffic === 'number')
        return t('msgTraffic', { e, p: String(Math.round(args.traffic * 100)) });
      if (a.action === 'weights' && typeof args.weights === 'object' && args.weights !== null)
        return t('msgWeights', {
          e,
          w: Object.entries(args.weights)
            .map(([k, w]) => `${k}=${String(w)}`)
            .join(', '),
        });
      if (a.action === 'schedule')
        return args.schedule && typeof args.schedule === 'object'
          ? t('msgSchedule', { e, s: scheduleSummary(lang, args.schedule as ScheduleConfig, timeZone) })
          : t('msgScheduleCleared', { e });
      const key = EXPERIMENT[a.action];
      return key && a.action !== 'traffic' && a.action !== 'weights' ? t(key, { e }) : `${e}: ${a.action}`;
    }
    case 'schedule':
      return sw(lang, a.state === 'start' ? 'histStart' : 'histStop', { t: sw(lang, a.target), i: a.id });
    default:
      return '';
  }
}

/**
 * A history entry's action in the reader's language, then the author's note as typed. `timeZone`: the site's
 * (config.timeZone), which a schedule's times are said in.
 */
export function actionWords(lang: Lang, a: ConfigAction, timeZone?: string): string {
  const note = 'note' in a && a.note ? a.note : '';
  const words = did(lang, a, timeZone);
  return words && note ? `${words}: ${note}` : words || note;
}

/**
 * The site's time zone each entry was published under, newest first from the one in force (`current`): a version that
 * changed `timeZone` was under its new one, the versions before it under its old one. A zone set before the oldest
 * entry listed reads as the oldest entry's (what the history shows is all the console knows).
 */
export function zonesOf(
  history: readonly { version: number; changes: readonly ConfigChange[] }[],
  current: string | undefined,
): Map<number, string> {
  const zones = new Map<number, string>();
  let zone = current;
  for (const h of [...history].sort((a, b) => b.version - a.version)) {
    // a schedule's start or stop carries the version then in force: the same zone as that version
    if (!zones.has(h.version)) zones.set(h.version, zoneOrUtc(zone));
    const c = h.changes.find((x) => x.path.length === 1 && x.path[0] === 'timeZone');
    if (c) zone = typeof c.before === 'string' ? c.before : undefined;
  }
  return zones;
}
