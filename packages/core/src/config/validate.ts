// The validator as loaded in the browser: a lazy chunk, so zod/mini costs nothing until a new config arrives.
import * as z from 'zod/mini';

// Under a strict CSP zod's JIT probe (new Function) would log a violation on every page; skip the probe.
z.config({ jitless: true });

export { parseConfig } from './parse.js';
