// Path globs: `*` stays inside a segment, `**` crosses them, every other character is literal.
import { expect, it } from 'vitest';
import { pathMatches } from './conditions.js';

it.each([
  ['/products/*', '/products/red-shoe', true],
  ['/products/*', '/products/a/b', false],
  ['/**', '/a/b/c', true],
  ['/*', '/products/x', false],
  ['/blog/**/edit', '/blog/2024/post/edit', true],
  ['/a.b', '/aXb', false],
  ['/a.b', '/a.b', true],
  ['/c++/(x)', '/c++/(x)', true],
  ['/p/[id]', '/p/[id]', true],
  ['/$x^|y', '/$x^|y', true],
  ['/a\\b', '/a\\b', true],
  ['/Products/*', '/products/x', false],
] as const)('%s ~ %s -> %s', (pattern, path, expected) => {
  expect(pathMatches(pattern, path)).toBe(expected);
});
