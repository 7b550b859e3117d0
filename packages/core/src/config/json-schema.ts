// JSON Schema of the config document, generated from the zod schema so editors can check config by hand.
import { registry, toJSONSchema } from 'zod';
import { conditionSchema, experimentSchema, nudgeConfigSchema, triggerSchema, frequencySchema } from './schema.js';

export const JSON_SCHEMA_ID = 'https://nudge.dev/schema/nudge-config.schema.json';

/** The schema as written to packages/core/nudge-config.schema.json (`pnpm --filter @nudge/core schema`). */
export function configJsonSchema(): Record<string, unknown> {
  // A local registry names the shared parts in $defs without touching the schemas the browser loads.
  const metadata = registry<{ id: string; description: string }>();
  metadata.add(conditionSchema, {
    id: 'Condition',
    description: 'Audience condition; every key present must hold. See CONFIG.md.',
  });
  metadata.add(triggerSchema, {
    id: 'Trigger',
    description: 'When a widget opens; the first trigger that fires wins.',
  });
  metadata.add(frequencySchema, {
    id: 'Frequency',
    description: 'How often a widget may come back; after a claim it never returns.',
  });
  metadata.add(experimentSchema, {
    id: 'Experiment',
    description: 'An A/B experiment; the first variant is the control.',
  });
  const schema = toJSONSchema(nudgeConfigSchema, {
    target: 'draft-2020-12',
    unrepresentable: 'throw',
    cycles: 'ref',
    reused: 'inline',
    metadata,
  });
  return { ...schema, $id: JSON_SCHEMA_ID, title: 'Nudge config document' };
}
