// Per-locale copy whose locale names no language, or that has no locale at all, is refused with its path.
import { expect, it } from 'vitest';
import { checkConfig } from './check.js';

const doc = (heading: unknown, patchHeading?: unknown) => ({
  schema: 1,
  site: 's',
  version: 1,
  widgets: [{ id: 'pop', type: 'coupon-popup', props: { heading } }],
  experiments:
    patchHeading === undefined
      ? []
      : [
          {
            key: 'x',
            status: 'draft',
            traffic: 1,
            variants: [
              { key: 'a', weight: 1 },
              { key: 'b', weight: 1, patch: { pop: { heading: patchHeading } } },
            ],
          },
        ],
});
const paths = (r: ReturnType<typeof checkConfig>) => (r.ok ? [] : r.issues.map((i) => i.path));

it('accepts plain text and copy in languages that exist', () => {
  const copy = { en: 'Hi', 'zh-CN': '你好', 'zh-TW': '你好', 'zh-Hant-HK': '你好', yue: '你好', 'es-419': 'Hola' };
  expect(checkConfig(doc('Hi', copy)).ok).toBe(true);
  expect(checkConfig(doc(copy, 'Hi')).ok).toBe(true);
});

it('refuses a locale that names no language, in widgets and in variant patches, naming the key', () => {
  expect(paths(checkConfig(doc({ en: 'Hi', xx: 'x' }, { cn: 'x' })))).toEqual([
    'widgets.0.props.heading.xx',
    'experiments.0.variants.1.patch.pop.heading.cn',
  ]);
  const r = checkConfig(doc({ qq: 'x' }));
  expect(r.ok ? '' : r.issues[0]!.message).toMatch(/unknown locale "qq"/);
});

it('refuses copy with no locale', () => {
  const r = checkConfig(doc({}));
  expect(r.ok ? [] : r.issues).toEqual([
    { path: 'widgets.0.props.heading', message: 'needs at least one locale, or a plain text' },
  ]);
});
