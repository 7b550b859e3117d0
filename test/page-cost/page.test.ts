// The bench page puts each tool's tag where its docs do: Nudge's just before </body> (NUDGE_BENCH_TAG=head: in <head>).
import { afterEach, expect, it, vi } from 'vitest';
import { productPage, type Tool } from './page.js';

const page = (tool: Tool) => productPage({ tool, nudgeEndpoint: 'http://n.test', apiEndpoint: 'http://a.test' });
/** Where the tool's script tag is: in the head, or after the footer as the body's last element. */
const where = (html: string, src: string) => {
  const at = html.indexOf(src);
  if (at < 0) return 'none';
  if (at < html.indexOf('</head>')) return 'head';
  return at > html.lastIndexOf('</footer>') && at < html.indexOf('</body>') ? 'body end' : 'elsewhere';
};

afterEach(() => vi.unstubAllEnvs());

it("puts Nudge's tag just before </body>, the others' in <head>, and Nudge's in <head> when asked", () => {
  expect(where(page('nudge'), '/nudge/nudge.js')).toBe('body end');
  expect(page('nudge').split('/nudge/nudge.js')).toHaveLength(2);
  expect(where(page('growthbook'), '/vendor/gb/auto.min.js')).toBe('head');
  expect(where(page('posthog'), '/vendor/ph/array.js')).toBe('head');
  expect(where(page('bare'), '/nudge/nudge.js')).toBe('none');
  vi.stubEnv('NUDGE_BENCH_TAG', 'head');
  expect(where(page('nudge'), '/nudge/nudge.js')).toBe('head');
  expect(page('nudge').split('/nudge/nudge.js')).toHaveLength(2);
});
