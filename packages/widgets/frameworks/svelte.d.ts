// Svelte 5 template types for the Nudge elements: `import type {} from '@nudge/widgets/svelte'` once (app.d.ts).
import type { HTMLAttributes } from 'svelte/elements';
import type { NudgeElements } from './elements.js';

/** Props as properties, and each event as `onnudge-claim={...}` (Svelte 5) or `on:nudge-claim={...}` (Svelte 4). */
export type NudgeSvelteElement<T extends keyof NudgeElements> = HTMLAttributes<NudgeElements[T]['element']> &
  NudgeElements[T]['props'] & {
    [E in keyof NudgeElements[T]['events'] as `on${E & string}` | `on:${E & string}`]?: (
      event: NudgeElements[T]['events'][E],
    ) => void;
  };

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
    'nudge-coupon-popup': NudgeSvelteElement<'nudge-coupon-popup'>;
    'nudge-stock-banner': NudgeSvelteElement<'nudge-stock-banner'>;
    'nudge-referral-card': NudgeSvelteElement<'nudge-referral-card'>;
    'nudge-buy-bar': NudgeSvelteElement<'nudge-buy-bar'>;
  }
}
