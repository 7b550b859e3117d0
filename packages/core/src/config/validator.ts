// Config validator chunk: loaded only when a new document body must be accepted (first visit, new version, push).
import * as z from 'zod/mini';

// Under a strict CSP zod's JIT probe (new Function) would log a violation; skip the probe.
z.config({ jitless: true });

export { parseConfig } from './parse.js';
