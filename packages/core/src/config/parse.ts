// parseConfig: validate a config document whole and explain every problem by field path.
import * as z from 'zod/mini';
import { nudgeConfigSchema, widgetPropSchemas, widgetTypes, type NudgeConfig, type ScheduleConfig } from './schema.js';

export interface ConfigIssue {
  /** Dotted path of the bad field, e.g. `widgets.0.props.amount`. */
  path: string;
  message: string;
}
export type ParseConfigResult = { ok: true; config: NudgeConfig } | { ok: false; issues: ConfigIssue[] };

// zod/mini ships no locale (that is most of its saving), so messages are written here from the issue data.
function describe(issue: z.core.$ZodIssue): string {
  const i = issue as z.core.$ZodIssue & Record<string, unknown>;
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${String(i.expected)}${'input' in i ? `, got ${i.input === null ? 'null' : Array.isArray(i.input) ? 'array' : typeof i.input}` : ''}`;
    case 'invalid_value':
      return `expected one of ${(i.values as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return i.origin === 'array' || i.origin === 'string'
        ? `needs at least ${String(i.minimum)} ${i.origin === 'array' ? 'item(s)' : 'character(s)'}`
        : `must be ${i.inclusive ? '>=' : '>'} ${String(i.minimum)}`;
    case 'too_big':
      return i.origin === 'array' || i.origin === 'string'
        ? `allows at most ${String(i.maximum)} ${i.origin === 'array' ? 'item(s)' : 'character(s)'}`
        : `must be ${i.inclusive ? '<=' : '<'} ${String(i.maximum)}`;
    case 'invalid_union':
      if (i.discriminator) return `unknown ${String(i.discriminator)}; expected one of ${widgetTypes.join(', ')}`;
      return issue.message && issue.message !== 'Invalid input' ? issue.message : 'does not match any allowed form';
    case 'invalid_key': {
      // A record's key (a per-locale text's locale tag): the key's own check says what is wrong with it.
      const inner = (i.issues as z.core.$ZodIssue[] | undefined)?.[0];
      return inner ? describe(inner) : 'invalid key';
    }
    case 'invalid_format':
      return issue.message && issue.message !== 'Invalid input' ? issue.message : `expected ${String(i.format)} format`;
    default:
      return issue.message || 'invalid value';
  }
}

const toIssues = (issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []): ConfigIssue[] =>
  issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    // A union whose every form but one failed on the value's type (a per-locale object given where a string or an
    // object is allowed): that form's own issues name the field (`props.heading.xx: ...`), not "no allowed form".
    if (issue.code === 'invalid_union' && !('discriminator' in issue && issue.discriminator)) {
      const near = issue.errors.filter((errs) => !errs.every((e) => e.code === 'invalid_type' && !e.path.length));
      if (near.length === 1) return toIssues(near[0]!, path);
    }
    // An unknown field is named by its own path (widgets.0.props.colour), one issue each, like every other field.
    return issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: [...path, key].join('.'), message: 'unknown field' }))
      : [{ path: path.map(String).join('.'), message: describe(issue) }];
  });

/** An IANA zone this runtime knows. (schedule.ts has the same check; importing it would tie this chunk to the page file's.) */
function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** A schedule's fields against each other: an end after its start, windows that end after they begin. */
export function scheduleIssues(schedule: ScheduleConfig | undefined, at: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (schedule?.start && schedule.end && Date.parse(schedule.end) <= Date.parse(schedule.start))
    issues.push({ path: `${at}.end`, message: 'must be after start' });
  schedule?.windows?.forEach((w, i) => {
    if (w.monthDays?.includes(0))
      issues.push({ path: `${at}.windows.${i}.monthDays`, message: 'days of the month are 1-31, or -1 for the last' });
    if ((w.to ?? '24:00') <= (w.from ?? '00:00'))
      issues.push({
        path: `${at}.windows.${i}.to`,
        message: 'must be after from (a window over midnight is two windows)',
      });
  });
  return issues;
}

/** Checks no single field can see: unique ids, patches against the patched widget's prop schema, winners. */
function crossCheck(config: NudgeConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (config.timeZone !== undefined && !isTimeZone(config.timeZone))
    issues.push({
      path: 'timeZone',
      message: `unknown time zone "${config.timeZone}"; expected an IANA name such as Asia/Shanghai`,
    });
  config.widgets.forEach((w, i) => issues.push(...scheduleIssues(w.schedule, `widgets.${i}.schedule`)));
  config.experiments.forEach((e, i) => issues.push(...scheduleIssues(e.schedule, `experiments.${i}.schedule`)));
  const widgets = new Map<string, NudgeConfig['widgets'][number]>();
  config.widgets.forEach((w, i) => {
    if (widgets.has(w.id)) issues.push({ path: `widgets.${i}.id`, message: `duplicate widget id "${w.id}"` });
    else widgets.set(w.id, w);
  });
  const keys = new Set<string>();
  config.experiments.forEach((e, i) => {
    const at = `experiments.${i}`;
    if (keys.has(e.key)) issues.push({ path: `${at}.key`, message: `duplicate experiment key "${e.key}"` });
    keys.add(e.key);
    const variantKeys = new Set<string>();
    let total = 0;
    e.variants.forEach((v, j) => {
      if (variantKeys.has(v.key))
        issues.push({ path: `${at}.variants.${j}.key`, message: `duplicate variant key "${v.key}"` });
      variantKeys.add(v.key);
      total += v.weight;
      for (const [widgetId, patch] of Object.entries(v.patch ?? {})) {
        const path = [...`${at}.variants.${j}.patch`.split('.'), widgetId];
        const widget = widgets.get(widgetId);
        if (!widget) {
          issues.push({ path: path.join('.'), message: `no widget with id "${widgetId}"` });
          continue;
        }
        const { enabled, ...props } = patch;
        if (enabled !== undefined && typeof enabled !== 'boolean')
          issues.push({ path: [...path, 'enabled'].join('.'), message: 'expected boolean' });
        // Validate the merged result so a patch cannot produce props the widget would refuse.
        const merged = widgetPropSchemas[widget.type].safeParse({ ...widget.props, ...props });
        if (!merged.success) issues.push(...toIssues(merged.error.issues, path));
      }
    });
    if (total <= 0) issues.push({ path: `${at}.variants`, message: 'weights must add up to more than 0' });
    if (e.winner !== undefined && !variantKeys.has(e.winner))
      issues.push({ path: `${at}.winner`, message: `no variant "${e.winner}"` });
  });
  return issues;
}

/**
 * Keys that reach Object.prototype when code copies or spreads an object (`__proto__`), or shadow what every object
 * has; JSON.parse makes them own keys, and a record would silently swallow them (a patch's `__proto__` vanishes).
 * Refused anywhere in the document, each with its path, without recursion (a hostile document may nest deeply).
 */
function reservedKeys(value: unknown): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length && issues.length < 20) {
    const [v, path] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    for (const k of Object.keys(v)) {
      const at = path ? `${path}.${k}` : k;
      if (k === '__proto__' || k === 'constructor' || k === 'prototype')
        issues.push({ path: at, message: `"${k}" is a reserved key` });
      else stack.push([(v as Record<string, unknown>)[k], at]);
    }
  }
  return issues;
}

/** Parse untrusted JSON (text or value). Never throws; invalid documents are rejected whole. */
export function parseConfig(json: unknown): ParseConfigResult {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      return { ok: false, issues: [{ path: '', message: `not JSON: ${(error as Error).message}` }] };
    }
  }
  const reserved = reservedKeys(value);
  if (reserved.length) return { ok: false, issues: reserved };
  let result;
  try {
    result = nudgeConfigSchema.safeParse(value);
  } catch {
    // zod recurses: an audience of 3,000 nested `not`s overflows the stack (the server names the path; see its README).
    return { ok: false, issues: [{ path: '', message: 'nested too deeply' }] };
  }
  if (!result.success) return { ok: false, issues: toIssues(result.error.issues) };
  const issues = crossCheck(result.data);
  return issues.length ? { ok: false, issues } : { ok: true, config: result.data };
}

/** One line per issue, for consoles and nudge_error events. */
export const formatIssues = (issues: ConfigIssue[]): string =>
  issues.map((i) => `${i.path || '(document)'}: ${i.message}`).join('\n');
