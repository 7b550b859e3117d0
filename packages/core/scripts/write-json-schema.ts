// Writes nudge-config.schema.json from the zod schema; json-schema.test.ts fails when the committed file is stale.
import { writeFileSync } from 'node:fs';
import { configJsonSchema } from '../src/config/json-schema.js';

const file = new URL('../nudge-config.schema.json', import.meta.url);
writeFileSync(file, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
console.log(`wrote ${file.pathname}`);
