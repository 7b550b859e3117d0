#!/usr/bin/env node
// Runs the TypeScript sources through tsx, so the workspace needs no build step to start the server.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
