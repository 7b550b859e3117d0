#!/usr/bin/env node
// In the workspace (src/ present) the TypeScript sources run through tsx, so no build step is needed to start the
// server; an installed package (npm ships lib/, not src/) runs the compiled JavaScript.
import { existsSync } from 'node:fs';

const source = new URL('../src/cli.ts', import.meta.url);
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import('../lib/cli.js');
}
