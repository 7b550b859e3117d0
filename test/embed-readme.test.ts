// The snippet merchants copy from the embed README is the one the package exports (and the tests exercise).
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { STUB_SNIPPET } from '@nudge/embed';

it('packages/embed/README.md shows exactly STUB_SNIPPET', () => {
  const readme = readFileSync(new URL('../packages/embed/README.md', import.meta.url), 'utf8');
  const shown = /```html\n<script>(!function[\s\S]*?)<\/script>\n```/.exec(readme)?.[1];
  expect(shown).toBe(STUB_SNIPPET);
});
