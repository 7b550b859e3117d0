// The committed nudge-config.schema.json must match the zod schema; regenerate with `pnpm --filter @nudge/core schema`.
import { expect, it } from 'vitest';
import committed from '../../nudge-config.schema.json' with { type: 'json' };
import { configJsonSchema } from './json-schema.js';

it('nudge-config.schema.json is up to date with the zod schema', () => {
  expect(committed, 'stale: run `pnpm --filter @nudge/core schema` and commit the file').toEqual(configJsonSchema());
});

it('describes the contract editors check against', () => {
  const s = configJsonSchema() as {
    required: string[];
    properties: Record<string, unknown>;
    $defs: Record<string, unknown>;
  };
  expect(s.required).toEqual(expect.arrayContaining(['schema', 'site', 'version', 'widgets', 'experiments']));
  expect(Object.keys(s.$defs)).toEqual(expect.arrayContaining(['Condition', 'Trigger', 'Frequency', 'Experiment']));
  expect(JSON.stringify(s.properties.widgets)).toContain('"const":"buy-bar"');
});
