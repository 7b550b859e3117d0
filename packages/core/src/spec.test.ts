// @nudge/core/spec loads in plain Node (no DOM globals) and evaluates a config end to end.
import { expect, it } from 'vitest';

it('loads without DOM globals and assigns from a parsed config', async () => {
  expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
  const spec = await import('@nudge/core/spec');
  const parsed = spec.parseConfig({
    schema: 1,
    site: 'demo',
    version: 1,
    widgets: [],
    experiments: [
      {
        key: 'e',
        status: 'running',
        traffic: 1,
        variants: [
          { key: 'a', weight: 1 },
          { key: 'b', weight: 1 },
        ],
      },
    ],
  });
  expect(parsed.ok).toBe(true);
  if (!parsed.ok) return;
  const result = spec.assign(parsed.config.experiments[0]!, 'alice');
  expect(result.reason).toBe('assigned');
  expect(spec.bucket('exp:0', 'alice')).toBe(978);
});
