// The widget forms: words for every prop of every widget schema in both languages, and values checked as the server does.
import { widgetPropSchemas } from '@nudge/core/spec';
import { afterEach, beforeAll, expect, it, vi } from 'vitest';
// What GET /v1/admin/schema sends, so the words are checked against the props the console is really given.
import { schemaRoutes } from '../../server/src/http/routes/admin/site-tools.js';
import { fieldsOf, type Field, type JsonSchema } from './schema-form.js';
import { fieldIssue, fromLocalInput, issueText, labelOf, propWords, toLocalInput } from './widget-form.js';
import { defaultProps, propInfo, widgetTypeList } from './widget-props.js';

let schemas: Record<string, JsonSchema>;
beforeAll(async () => {
  schemas = ((await (await schemaRoutes().request('/')).json()) as { widgets: Record<string, JsonSchema> }).widgets;
});
const fieldsFor = (type: keyof typeof widgetPropSchemas): Field[] => fieldsOf(schemas[type]);
const field = (type: keyof typeof widgetPropSchemas, name: string) => fieldsFor(type).find((f) => f.name === name)!;

afterEach(() => vi.unstubAllGlobals());

it('has a label and help in English and Chinese, and an entry, for every prop of every widget schema', () => {
  const missing: string[] = [];
  for (const type of Object.keys(widgetPropSchemas) as (keyof typeof widgetPropSchemas)[])
    for (const f of fieldsFor(type)) {
      const en = propWords.en[type]?.[f.name];
      const zh = propWords['zh-CN'][type]?.[f.name];
      if (!en?.[0] || !en[1]) missing.push(`en ${type}.${f.name}`);
      if (!zh?.[0] || !zh[1] || !/[\u4e00-\u9fff]/.test(zh[0] + zh[1])) missing.push(`zh-CN ${type}.${f.name}`);
      if (!propInfo[type]?.[f.name]) missing.push(`info ${type}.${f.name}`);
    }
  expect(missing).toEqual([]);
  expect(widgetTypeList.sort()).toEqual(Object.keys(widgetPropSchemas).sort());
  expect(labelOf('zh-CN', 'stock-banner', 'feedIntervalSeconds')).toBe('轮询间隔（秒）');
});

it('offers no page fact as a setting: stock, units sold, price and product name come from the page', () => {
  for (const [type, prop] of [
    ['stock-banner', 'stock'],
    ['stock-banner', 'sold'],
    ['buy-bar', 'price'],
    ['buy-bar', 'name'],
  ] as const)
    expect(propInfo[type][prop]!.from).toContain('setProduct');
  expect(propInfo['stock-banner'].feedUrl!.from).toBeUndefined();
});

it('starts a new widget from its type’s defaults, which the core schema accepts', () => {
  expect(defaultProps('stock-banner')).toEqual({ lowStockThreshold: 5, maxAgeSeconds: 900, feedIntervalSeconds: 60 });
  for (const type of widgetTypeList) expect(widgetPropSchemas[type].safeParse(defaultProps(type)).success).toBe(true);
});

it('refuses a colour word CSS does not know and a javascript: link, naming the field', () => {
  vi.stubGlobal('CSS', { supports: (_p: string, v: string) => ['red', 'rebeccapurple'].includes(v.toLowerCase()) });
  const color = field('buy-bar', 'color');
  expect(fieldIssue(color, 'reddish')).toMatchObject({ key: 'badColour' });
  expect(issueText('en', 'buy-bar', color, fieldIssue(color, 'reddish')!)).toContain('Button colour: “reddish”');
  expect(issueText('zh-CN', 'buy-bar', color, fieldIssue(color, 'reddish')!)).toContain('按钮颜色');
  for (const ok of ['red', 'RebeccaPurple', '#d92d20', 'rgb(217 45 32)']) expect(fieldIssue(color, ok)).toBeUndefined();
  expect(fieldIssue(color, 'red;x')).toMatchObject({ key: 'badColour' });

  const apply = field('coupon-popup', 'applyUrl');
  expect(fieldIssue(apply, 'javascript:alert(1)')).toMatchObject({ key: 'badUrl' });
  expect(issueText('en', 'coupon-popup', apply, fieldIssue(apply, 'javascript:alert(1)')!)).toMatch(/^Apply link: /);
  expect(fieldIssue(apply, '//evil.test/x')).toMatchObject({ key: 'badUrl' });
  expect(fieldIssue(apply, '/\\evil.test')).toMatchObject({ key: 'badUrl' });
  expect(fieldIssue(apply, '/discount/{code}')).toBeUndefined();
  expect(fieldIssue(apply, 'HTTPS://shop.test/d/{code}')).toBeUndefined();
  const feed = field('stock-banner', 'feedUrl');
  expect(fieldIssue(feed, '/stock.json')).toMatchObject({ key: 'badHttpUrl' });
  expect(fieldIssue(feed, 'https://shop.test/stock.json')).toBeUndefined();
});

it('checks numbers, lengths and codes as the schema does', () => {
  expect(fieldIssue(field('stock-banner', 'feedIntervalSeconds'), 10)).toEqual({ key: 'tooSmall', params: { n: 15 } });
  expect(fieldIssue(field('stock-banner', 'maxAgeSeconds'), 0)).toEqual({ key: 'tooSmallStrict', params: { n: 0 } });
  expect(fieldIssue(field('stock-banner', 'lowStockThreshold'), 2.5)).toMatchObject({ key: 'notNumber' });
  expect(fieldIssue(field('buy-bar', 'label'), 'x'.repeat(61))).toEqual({ key: 'tooLong', params: { n: 60 } });
  expect(fieldIssue(field('coupon-popup', 'currency'), 'usd')).toMatchObject({ key: 'badPattern' });
  expect(fieldIssue(field('coupon-popup', 'currency'), 'USD')).toBeUndefined();
});

it('turns a date picked in the browser’s time zone into an instant the schema takes, and back', () => {
  const iso = fromLocalInput('2026-11-22T09:30');
  expect(widgetPropSchemas['coupon-popup'].safeParse({ expiresAt: iso }).success).toBe(true);
  expect(new Date(iso).getTime()).toBe(new Date(2026, 10, 22, 9, 30).getTime());
  expect(toLocalInput(iso)).toBe('2026-11-22T09:30');
  expect(fromLocalInput('')).toBe('');
  expect(toLocalInput('not a date')).toBe('');
});

it('edits every text the widgets show as copy per locale, checked as the server checks it', () => {
  const copyProps = (type: keyof typeof widgetPropSchemas) =>
    fieldsFor(type)
      .filter((f) => f.kind === 'copy')
      .map((f) => f.name);
  expect(copyProps('coupon-popup')).toEqual(['heading', 'description', 'consent']);
  expect(copyProps('referral-card').sort()).toEqual(['friendReward', 'heading', 'inviterReward']);
  expect(copyProps('buy-bar').sort()).toEqual(['label', 'name']);
  expect(copyProps('stock-banner')).toEqual([]);
  const heading = field('coupon-popup', 'heading');
  expect(heading.maxLength).toBe(120);
  expect(fieldIssue(heading, undefined)).toBeUndefined();
  expect(fieldIssue(heading, 'Hi')).toBeUndefined();
  expect(fieldIssue(heading, { en: 'Hi', 'zh-CN': '你好', 'zh-Hant-HK': '你好' })).toBeUndefined();
  const say = (v: unknown) => issueText('en', 'coupon-popup', heading, fieldIssue(heading, v)!);
  expect(say({ en: 'Hi', 'zh-cn': '你好' })).toBe(
    'Heading: “zh-cn” is not a language tag as written here (use en, zh-CN or zh-TW)',
  );
  expect(say({ en: 'Hi', 'zh-CN': 'x'.repeat(121) })).toBe('Heading (zh-CN): at most 120 characters');
  expect(say({})).toBe('Heading: add a language, or use one text for every language');
  expect(say('x'.repeat(121))).toBe('Heading: at most 120 characters');
  // the server's own check agrees on each
  expect(widgetPropSchemas['coupon-popup'].safeParse({ heading: { 'zh-cn': 'x' } }).success).toBe(false);
  expect(widgetPropSchemas['coupon-popup'].safeParse({ heading: { 'zh-CN': 'x'.repeat(121) } }).success).toBe(false);
});
