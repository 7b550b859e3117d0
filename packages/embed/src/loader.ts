// dist/nudge.js: the classic-script IIFE every page pays for. It only installs the stub (a call queue and an early
// click recorder), import()s the runtime chunk and, should the page go first, keeps its auto-tracked clicks.

import { leaveClicks } from './left-clicks.js';
import { installStub } from './stub.js';

/** File name of the runtime entry the build emits next to nudge.js. */
const RUNTIME_FILE = 'nudge-runtime.js';

const script = (document.currentScript ??
  document.querySelector('script[data-site][src*="nudge"]')) as HTMLScriptElement | null;
const stub = installStub(window as unknown as { nudge?: unknown; document: Document });
// A second copy of the tag (or the tag plus a theme that adds it again) does nothing.
if (script && !stub.loading) {
  stub.loading = true;
  // A click that navigates away before the runtime has taken the recorded clicks is kept for the next page.
  addEventListener('pagehide', () => leaveClicks(stub, script));
  // import() from a classic script keeps this script's nonce, so strict CSP with nonces works too.
  import(/* @vite-ignore */ new URL(RUNTIME_FILE, script.src || location.href).href)
    .then((m: { start(script: HTMLScriptElement): void }) => m.start(script))
    .catch((e: unknown) => console.warn('[nudge] could not load its runtime; the page is unaffected', e));
}
