// Vue 3 template types for the Nudge elements: `import type {} from '@nudge/widgets/vue'` once, e.g. in env.d.ts.
// The shape is the one Vue's guide gives for custom elements ("Web Components and TypeScript").
import type { EmitFn, HTMLAttributes, PublicProps } from 'vue';
import type { NudgeElements } from './elements.js';

type VueEmit<T extends Record<string, Event>> = EmitFn<{ [K in keyof T]: (event: T[K]) => void }>;

/** A custom element as Vue's template type checker sees a component: its props and its events (`@nudge-claim`). */
export type NudgeVueElement<T extends keyof NudgeElements> = new () => NudgeElements[T]['element'] & {
  /** @deprecated for template type checking only */
  $props: HTMLAttributes & NudgeElements[T]['props'] & PublicProps;
  /** @deprecated for template type checking only */
  $emit: VueEmit<NudgeElements[T]['events']>;
};

declare module 'vue' {
  interface GlobalComponents {
    'nudge-coupon-popup': NudgeVueElement<'nudge-coupon-popup'>;
    'nudge-stock-banner': NudgeVueElement<'nudge-stock-banner'>;
    'nudge-referral-card': NudgeVueElement<'nudge-referral-card'>;
    'nudge-buy-bar': NudgeVueElement<'nudge-buy-bar'>;
  }
}
