// A widget's or experiment's schedule as a form: start and end pickers in the site's time zone (named), and a builder
// of repeating windows (weekdays, days of the month, local times), with the server's issues beside their fields.
import { html, nothing } from 'lit';
import {
  isTimeZone,
  localTime,
  parseConfig,
  zonedInstant,
  zoneOrUtc,
  type NudgeConfig,
  type ScheduleConfig,
} from '@nudge/core/spec';
import type { Lang } from '../i18n.js';
import { keepTyped } from '../keep-typed.js';
import { scheduleWords, sw } from '../i18n/schedule-words.js';

export interface ScheduleEditor {
  lang: Lang;
  /** Unique in the view: the inputs' ids are built from it. */
  id: string;
  schedule: ScheduleConfig | undefined;
  /** The site's IANA zone (config.timeZone; UTC when unset). */
  timeZone: string | undefined;
  /** Issues by path relative to the schedule (`end`, `windows.0.to`), as the server names them. */
  issues: { path: string; message: string }[];
  /** The edited schedule; undefined when every field is empty (no schedule). */
  change(next: ScheduleConfig | undefined): void;
  disabled?: boolean;
}

export type Schedule = ScheduleConfig;
type ScheduleWindow = NonNullable<ScheduleConfig['windows']>[number];

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as the `datetime-local` value of its wall clock in `zone`. */
export function toZoneInput(iso: string | undefined, zone: string): string {
  const ms = iso ? Date.parse(iso) : NaN;
  if (!Number.isFinite(ms)) return '';
  const d = new Date(localTime(ms, zone).wall);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** A `datetime-local` value read in `zone`, as an ISO instant written with that zone's offset then. */
export function fromZoneInput(value: string, zone: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const ms = zonedInstant(Date.UTC(y, mo - 1, d, h, mi), zone);
  const offset = Math.round((localTime(ms, zone).wall - ms) / 60_000);
  const wall = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  return `${wall}${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

/**
 * Issues of widget (or experiment) `index`'s schedule if it were `schedule`, by path relative to the schedule: the core's own rules,
 * the ones the server's publish applies, so the form says what a publish would refuse before it is sent.
 */
export function scheduleIssues(
  config: NudgeConfig,
  index: number,
  schedule: ScheduleConfig | undefined,
  list: 'widgets' | 'experiments' = 'widgets',
) {
  const doc = structuredClone(config);
  const { schedule: _old, ...item } = doc[list][index]!;
  (doc[list] as unknown[])[index] = schedule ? { ...item, schedule } : item;
  const r = parseConfig(doc);
  const prefix = `${list}.${index}.schedule`;
  return r.ok
    ? []
    : r.issues
        .filter((i) => i.path === prefix || i.path.startsWith(`${prefix}.`))
        .map((i) => ({ path: i.path.slice(prefix.length + 1), message: i.message }));
}

/** The schedule without empty parts; undefined when nothing is left. */
function tidy(s: ScheduleConfig): ScheduleConfig | undefined {
  const out: ScheduleConfig = {
    ...(s.start ? { start: s.start } : {}),
    ...(s.end ? { end: s.end } : {}),
    ...(s.windows?.length ? { windows: s.windows } : {}),
  };
  return Object.keys(out).length ? out : undefined;
}

export function renderScheduleEditor(e: ScheduleEditor) {
  const zone = zoneOrUtc(e.timeZone);
  const w = scheduleWords[e.lang];
  const s = e.schedule ?? {};
  const issue = (path: string) => e.issues.find((i) => i.path === path)?.message;
  const err = (id: string, path: string) => {
    const m = issue(path);
    // named by the document's path, as the server names it in a refused publish
    return m ? html`<span class="field-error" id="${id}-err">schedule.${path}: ${m}</span>` : nothing;
  };
  const set = (next: ScheduleConfig) => e.change(tidy(next));
  const setWindow = (i: number, next: ScheduleWindow) =>
    set({ ...s, windows: (s.windows ?? []).map((x, j) => (j === i ? next : x)) });
  const at = (key: 'start' | 'end', help: string) => {
    const id = `${e.id}-${key}`;
    const bad = issue(key);
    return html`<div class="field">
      <label for=${id}>${w[key]}</label>
      <input id=${id} type="datetime-local" ?disabled=${e.disabled} .value=${toZoneInput(s[key], zone)}
        aria-describedby="${id}-help${bad ? ` ${id}-err` : ''}" aria-invalid=${bad ? 'true' : 'false'}
        @change=${(ev: Event) => set({ ...s, [key]: fromZoneInput((ev.target as HTMLInputElement).value, zone) })} />
      <span class="field-help muted" id="${id}-help">${help}</span>
      ${err(id, key)}
    </div>`;
  };
  return html`<fieldset class="schedule">
    <legend>${w.legend}</legend>
    <p class="muted">${sw(e.lang, 'help', { z: zone })}</p>
    ${at('start', sw(e.lang, 'startHelp', { z: zone }))} ${at('end', sw(e.lang, 'endHelp', { z: zone }))}
    <p class="muted">${w.windows}: ${w.windowsHelp}</p>
    ${(s.windows ?? []).map((win, i) => {
      const id = `${e.id}-w${i}`;
      const base = `windows.${i}`;
      const time = (key: 'from' | 'to') => html`<div class="field">
        <label for="${id}-${key}">${w[key]}</label>
        <input id="${id}-${key}" type="time" ?disabled=${e.disabled} .value=${win[key] ?? ''}
          aria-describedby=${issue(`${base}.${key}`) ? `${id}-${key}-err` : nothing}
          aria-invalid=${issue(`${base}.${key}`) ? 'true' : 'false'}
          @change=${(ev: Event) => {
            const v = (ev.target as HTMLInputElement).value;
            const { [key]: _old, ...rest } = win;
            setWindow(i, v ? { ...rest, [key]: v } : rest);
          }} />
        ${err(`${id}-${key}`, `${base}.${key}`)}
      </div>`;
      return html`<fieldset class="card">
        <legend>${sw(e.lang, 'window', { n: String(i + 1) })}</legend>
        <fieldset class="row"><legend>${w.days}</legend>
          ${DAYS.map(
            (d) => html`<label><input type="checkbox" ?disabled=${e.disabled} .checked=${!!win.days?.includes(d)}
              @change=${(ev: Event) => {
                const on = (ev.target as HTMLInputElement).checked;
                const days = DAYS.filter((x) => (x === d ? on : win.days?.includes(x)));
                const { days: _old, ...rest } = win;
                setWindow(i, days.length ? { ...rest, days } : rest);
              }} /> ${w.weekday[d]}</label>`,
          )}
        </fieldset>
        ${err(`${id}-days`, `${base}.days`)}
        <div class="field">
          <label for="${id}-md">${w.monthDays}</label>
          <input id="${id}-md" inputmode="numeric" ?disabled=${e.disabled} .value=${(win.monthDays ?? []).join(', ')}
            aria-describedby="${id}-md-help${issue(`${base}.monthDays`) ? ` ${id}-md-err` : ''}"
            @change=${(ev: Event) => {
              const raw = (ev.target as HTMLInputElement).value.trim();
              const { monthDays: _old, ...rest } = win;
              // what is not a whole number is kept as it is, so the server names it (windows.0.monthDays.0)
              const monthDays = raw ? raw.split(/[\s,，]+/).map((x) => (/^-?\d+$/.test(x) ? Number(x) : x)) : [];
              setWindow(i, monthDays.length ? { ...rest, monthDays: monthDays as number[] } : rest);
            }} />
          <span class="field-help muted" id="${id}-md-help">${w.monthDaysHelp}</span>
          ${err(`${id}-md`, `${base}.monthDays`)}
        </div>
        ${time('from')} ${time('to')}
        <button ?disabled=${e.disabled} @click=${() => set({ ...s, windows: (s.windows ?? []).filter((_, j) => j !== i) })}>
          ${sw(e.lang, 'removeWindow', { n: String(i + 1) })}</button>
      </fieldset>`;
    })}
    <button ?disabled=${e.disabled} @click=${() => set({ ...s, windows: [...(s.windows ?? []), {}] })}>
      ${w.addWindow}</button>
  </fieldset>`;
}

/** The site's time zone (config.timeZone), which every schedule's local times are read in; checked as it is typed. */
export function renderZoneSetting(z: {
  lang: Lang;
  value: string | undefined;
  disabled: boolean;
  save(zone: string | undefined): void;
}) {
  const w = scheduleWords[z.lang];
  let typed = z.value ?? '';
  const known = (v: string) => !v || isTimeZone(v);
  // What the field holds at the click: a re-render after typing (a background refresh) starts a new `typed`.
  const save = (e: Event) => {
    const field = (e.currentTarget as HTMLElement).parentElement?.querySelector<HTMLInputElement>('#site-zone');
    const zone = field?.value.trim() ?? typed;
    if (known(zone)) z.save(zone || undefined);
  };
  return html`<div class="card row">
    <div class="field">
      <label for="site-zone">${w.zone}</label>
      <input id="site-zone" list="site-zones" placeholder="UTC" ?disabled=${z.disabled} .value=${keepTyped(typed)}
        aria-describedby="site-zone-help"
        @input=${(e: Event) => {
          const el = e.target as HTMLInputElement;
          typed = el.value.trim();
          el.setAttribute('aria-invalid', known(typed) ? 'false' : 'true');
          el.setCustomValidity(known(typed) ? '' : `timeZone: unknown time zone "${typed}"`);
          el.reportValidity();
        }} />
      <span class="field-help muted" id="site-zone-help">${w.zoneHelp}</span>
    </div>
    <datalist id="site-zones">${zones().map((x) => html`<option value=${x}></option>`)}</datalist>
    ${z.disabled ? nothing : html`<button @click=${save}>${w.saveZone}</button>`}
  </div>`;
}

/** The zones this browser knows, for the picker's suggestions. */
const zones = (): string[] => {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  return (
    intl.supportedValuesOf?.('timeZone') ?? ['UTC', 'Asia/Shanghai', 'Asia/Taipei', 'America/New_York', 'Europe/London']
  );
};
