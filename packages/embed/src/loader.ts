// dist/nudge.js: the classic-script IIFE every page pays for. It only installs the stub (a call queue and an early
// click recorder) and import()s the runtime chunk.

import { installStub } from './stub.js';

/** File name of the runtime entry the build emits next to nudge.js. */
const RUNTIME_FILE = 'nudge-runtime.js';

const script = (document.currentScript ?? document.querySelector('script[data-site][src*="nudge"]')) as HTMLScriptElement | null;
const stub = installStub(window as unknown as { nudge?: unknown; document: Document });
// A second copy of the tag (or the tag plus a theme that adds it again) does nothing.
if (script && !stub.loading) {
  stub.loading = true;
  // import() from a classic script keeps this script's nonce, so strict CSP with nonces works too.
  import(/* @vite-ignore */ new URL(RUNTIME_FILE, script.src || location.href).href)
    .then((m: { start(script: HTMLScriptElement): void }) => m.start(script))
    .catch((e: unknown) => console.warn('[nudge] could not load its runtime; the page is unaffected', e));
}
