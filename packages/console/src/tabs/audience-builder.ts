// The experiment form's audience as a builder over the core's conditions: rules, and all / any / not groups, edited
// in place on the condition object itself, so an audience read from JSON comes back out exactly as it went in.
import { html, nothing, type TemplateResult } from 'lit';
import type { Condition } from '@nudge/core';
import type { ApiIssue } from '../api.js';
import type { Lang } from '../i18n.js';

/** The conditions a rule can test, in the order the builder offers them (CONFIG.md, "Audience conditions"). */
export const RULES = [
  'segment',
  'visitor',
  'visits',
  'device',
  'path',
  'utmSource',
  'utmMedium',
  'utmCampaign',
  'referrerHost',
  'locale',
  'cartValue',
  'hasReferral',
] as const;
export type Rule = (typeof RULES)[number];
type Group = 'all' | 'any' | 'not';
const SEGMENTS = ['new', 'active', 'dormant', 'high_value'] as const;
const LISTS = new Set<Rule>(['path', 'utmSource', 'utmMedium', 'utmCampaign', 'referrerHost', 'locale']);
const RANGES = new Set<Rule>(['visits', 'cartValue']);

const words = {
  en: {
    builder: 'Builder',
    json: 'JSON',
    audience: 'Audience',
    everyone: 'No rule yet: every visitor can enter.',
    root: 'Visitors for whom all of these hold',
    all: 'All of these',
    any: 'Any of these',
    not: 'Not this',
    option: 'Condition {n}',
    addTo: 'Add to “{g}”',
    add: 'Add',
    addOption: 'Add a condition to “{g}”',
    removeRule: 'Remove the rule “{r}”',
    removeGroup: 'Remove “{g}”',
    atLeast: '{r}: at least',
    atMost: '{r}: at most',
    listHelp: 'Several values separated by commas: any of them matches.',
    yes: 'yes',
    no: 'no',
    segment: 'Segment',
    visitor: 'New or returning',
    visits: 'Visits',
    device: 'Device',
    path: 'Page path (glob)',
    utmSource: 'UTM source',
    utmMedium: 'UTM medium',
    utmCampaign: 'UTM campaign',
    referrerHost: 'Referrer host',
    locale: 'Browser language',
    cartValue: 'Cart value',
    hasReferral: 'Came through a referral link',
    new: 'new',
    returning: 'returning',
    active: 'active',
    dormant: 'dormant',
    high_value: 'high value',
    mobile: 'mobile',
    desktop: 'desktop',
    badJson: 'The audience is not valid JSON ({m}): correct it here, or clear it, to use the builder.',
  },
  'zh-CN': {
    builder: '构建器',
    json: 'JSON',
    audience: '受众',
    everyone: '尚无规则：所有访客都可进入。',
    root: '同时满足以下全部条件的访客',
    all: '以下全部',
    any: '以下任一',
    not: '不满足此条件',
    option: '条件 {n}',
    addTo: '添加到“{g}”',
    add: '添加',
    addOption: '向“{g}”添加条件',
    removeRule: '删除规则“{r}”',
    removeGroup: '删除“{g}”',
    atLeast: '{r}：至少',
    atMost: '{r}：至多',
    listHelp: '多个值用逗号分隔：符合任一即可。',
    yes: '是',
    no: '否',
    segment: '分群',
    visitor: '新访客或回访',
    visits: '访问次数',
    device: '设备',
    path: '页面路径（通配）',
    utmSource: 'UTM 来源',
    utmMedium: 'UTM 媒介',
    utmCampaign: 'UTM 活动',
    referrerHost: '来源网站域名',
    locale: '浏览器语言',
    cartValue: '购物车金额',
    hasReferral: '通过推荐链接到达',
    new: '新访客',
    returning: '回访',
    active: '活跃',
    dormant: '沉睡',
    high_value: '高价值',
    mobile: '手机',
    desktop: '电脑',
    badJson: '受众不是有效的 JSON（{m}）：请在此修正或清空后再使用构建器。',
  },
} satisfies Record<Lang, Record<string, string>>;
export type AudienceWord = keyof (typeof words)['en'];

export function audienceWord(lang: Lang, key: AudienceWord, params: Record<string, string | number> = {}): string {
  return words[lang][key].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}

/** A list rule's value as the text its input shows: `"/a"` or `["/a", "/b"]` as `/a, /b`. */
export const listText = (v: unknown): string => (Array.isArray(v) ? v.join(', ') : typeof v === 'string' ? v : '');
/** The input's text back as the rule's value: one value as a string, several as an array (as a person writes JSON). */
export function readList(text: string): string | string[] {
  const parts = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return parts.length === 1 ? parts[0]! : parts.length ? parts : '';
}
/** The segments a rule names, one or several. */
const segmentsOf = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : typeof v === 'string' ? [v] : []);

/** The value a new rule starts with: something valid the person then changes. */
const START: Record<Rule, unknown> = {
  segment: 'new',
  visitor: 'new',
  visits: { gte: 2 },
  device: 'mobile',
  path: '/',
  utmSource: '',
  utmMedium: '',
  utmCampaign: '',
  referrerHost: '',
  locale: 'en',
  cartValue: { gte: 100 },
  hasReferral: true,
};

export interface BuilderContext {
  lang: Lang;
  /** The server's issues, paths relative to the experiment (`audience.any.0.device`). */
  issues: ApiIssue[];
  /** The condition was changed in place. */
  changed(): void;
  /** There is no audience any more (the root's last rule went). */
  cleared?(): void;
}

type Node = Record<string, unknown>;
/** `audience.any.0` as an element id part (`aud-any-0`). */
const idOf = (path: string) => path.replace(/^audience/, 'aud').replace(/\./g, '-');

/** The builder for an experiment's audience (`root` is edited in place; `{}` for none). */
export function renderAudienceBuilder(cx: BuilderContext, root: Condition): TemplateResult {
  const w = (k: AudienceWord, p?: Record<string, string | number>) => audienceWord(cx.lang, k, p);
  const issuesAt = (path: string) => cx.issues.filter((i) => i.path === path || i.path.startsWith(`${path}.`));
  const change = (fn: () => void) => () => {
    fn();
    cx.changed();
  };

  const rule = (node: Node, key: Rule, path: string) => {
    const id = `${idOf(path)}-${key}`;
    const at = `${path}.${key}`;
    const bad = issuesAt(at);
    const invalid = bad.length ? 'true' : 'false';
    const described = bad.length ? `${id}-err` : nothing;
    const value = node[key];
    const set = (v: unknown) => {
      node[key] = v;
      cx.changed();
    };
    const select = (options: readonly string[], current: string, read: (s: string) => unknown = (s) => s) =>
      html`<select id=${id} aria-invalid=${invalid} aria-describedby=${described}
        @change=${(e: Event) => set(read((e.target as HTMLSelectElement).value))}>
        ${options.map((o) => html`<option value=${o} ?selected=${o === current}>${w(o as AudienceWord)}</option>`)}
      </select>`;
    let input: TemplateResult;
    if (key === 'segment') {
      const on = segmentsOf(value);
      input = html`<span class="row" role="group" aria-labelledby="${id}-l">
        ${SEGMENTS.map(
          (sg) =>
            html`<label><input type="checkbox" .checked=${on.includes(sg)} @change=${(e: Event) => {
              const next = SEGMENTS.filter((x) => (x === sg ? (e.target as HTMLInputElement).checked : on.includes(x)));
              set(next.length === 1 ? next[0] : next);
            }} /> ${w(sg)}</label>`,
        )}
      </span>`;
    } else if (key === 'visitor') input = select(['new', 'returning'], String(value));
    else if (key === 'device') input = select(['mobile', 'desktop'], String(value));
    else if (key === 'hasReferral') input = select(['yes', 'no'], value === false ? 'no' : 'yes', (s) => s === 'yes');
    else if (RANGES.has(key)) {
      const range = (value && typeof value === 'object' ? value : {}) as { gte?: number; lte?: number };
      const end = (k: 'gte' | 'lte') =>
        html`<label for="${id}-${k}">${w(k === 'gte' ? 'atLeast' : 'atMost', { r: w(key) })}</label>
          <input id="${id}-${k}" type="number" step="any" style="width:7em" aria-invalid=${invalid}
            aria-describedby=${described} .value=${range[k] === undefined ? '' : String(range[k])}
            @change=${(e: Event) => {
              const text = (e.target as HTMLInputElement).value;
              const { [k]: _old, ...rest } = range;
              set(text === '' ? rest : { ...rest, [k]: Number(text) });
            }} />`;
      input = html`<span class="row">${end('gte')} ${end('lte')}</span>`;
    } else
      input = html`<input id=${id} aria-invalid=${invalid} aria-describedby="${id}-help${bad.length ? ` ${id}-err` : ''}"
        .value=${listText(value)} @change=${(e: Event) => set(readList((e.target as HTMLInputElement).value))} />`;
    const labelled = key === 'segment' || RANGES.has(key);
    return html`<div class="field aud-rule">
      ${labelled ? html`<span id="${id}-l">${w(key)}</span>` : html`<label for=${id}>${w(key)}</label>`}
      <span class="row">${input}
        <button type="button" @click=${change(() => delete node[key])}>${w('removeRule', { r: w(key) })}</button></span>
      ${LISTS.has(key) ? html`<span class="field-help muted" id="${id}-help">${w('listHelp')}</span>` : nothing}
      ${bad.length ? html`<span class="field-error" id="${id}-err">${bad.map((i) => i.message).join('; ')}</span>` : nothing}
    </div>`;
  };

  const condition = (node: Node, path: string, legend: string, remove?: () => void): TemplateResult => {
    const id = idOf(path);
    const free = [
      ...RULES.filter((k) => !(k in node)),
      ...(['all', 'any', 'not'] as const).filter((k) => !(k in node)),
    ];
    const add = (e: Event) => {
      const key = (e.target as HTMLElement).closest('.row')?.querySelector('select')?.value as Rule | Group;
      if (!key || key in node) return;
      node[key] = key === 'not' ? {} : key === 'all' || key === 'any' ? [{}] : structuredClone(START[key]);
      cx.changed();
    };
    const list = (kind: 'all' | 'any') => {
      const items = node[kind] as Node[];
      const title = w(kind);
      return html`<fieldset class="card aud-group">
        <legend>${title}</legend>
        ${items.map((c, i) =>
          condition(
            c,
            `${path}.${kind}.${i}`,
            w('option', { n: i + 1 }),
            change(() => items.splice(i, 1)),
          ),
        )}
        <span class="row">
          <button type="button" @click=${change(() => items.push({}))}>${w('addOption', { g: title })}</button>
          <button type="button" @click=${change(() => delete node[kind])}>${w('removeGroup', { g: title })}</button>
        </span>
      </fieldset>`;
    };
    return html`<fieldset class="card aud-group">
      <legend>${legend}</legend>
      ${RULES.filter((k) => k in node).map((k) => rule(node, k, path))}
      ${node.all ? list('all') : nothing}
      ${node.any ? list('any') : nothing}
      ${
        node.not
          ? condition(
              node.not as Node,
              `${path}.not`,
              w('not'),
              change(() => delete node.not),
            )
          : nothing
      }
      ${
        free.length
          ? html`<span class="row">
              <label for="${id}-add">${w('addTo', { g: legend })}</label>
              <select id="${id}-add">${free.map((k) => html`<option value=${k}>${w(k)}</option>`)}</select>
              <button type="button" @click=${add}>${w('add')}</button>
            </span>`
          : nothing
      }
      ${remove ? html`<button type="button" @click=${remove}>${w('removeGroup', { g: legend })}</button>` : nothing}
    </fieldset>`;
  };

  return html`${Object.keys(root).length ? nothing : html`<p class="muted">${w('everyone')}</p>`}
    ${condition(root as Node, 'audience', w('root'))}`;
}
