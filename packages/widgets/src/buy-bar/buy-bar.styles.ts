// Styles for <nudge-buy-bar>: a fixed bar that moves only with transform and opacity.
import { css } from 'lit';
import { shared } from '../styles/tokens.styles.js';

/**
 * `.bar` wraps: the name and price keep at least half its width, and when the button does not fit beside them (large
 * text, narrow screens, long labels) it takes a row of its own, full width (`.info` grows 999 times faster, so beside
 * them the button barely grows). `.bar`'s visibility flips after the slide, so the bar is neither focusable nor read while it is away. `.cta:hover`
 * underlines rather than darkens: a tint could pull an A/B colour below AA with its text. (Comments stay out of the
 * css template: Lit ships its text as written, comments included.)
 */
export const styles = [
  ...shared,
  css`
    :host {
      display: block;
    }
    .bar {
      position: fixed;
      inset: auto 0 0;
      margin: 0;
      width: auto;
      color: inherit;
      border: 0;
      z-index: var(--_z);
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 0.75rem;
      padding: 0.5rem max(1rem, env(safe-area-inset-right)) calc(0.5rem + env(safe-area-inset-bottom)) max(1rem, env(safe-area-inset-left));
      background: var(--_surface);
      border-top: 1px solid var(--_border);
      box-shadow: 0 -4px 16px rgb(0 0 0 / 0.08);
      --_away: translateY(calc(100% + 16px));
      transform: var(--_away);
      opacity: 0;
      visibility: hidden;
      transition: transform 0.25s ease, opacity 0.25s ease, visibility 0s linear 0.25s;
    }
    :host([position='top']) .bar {
      top: 0;
      bottom: auto;
      padding-top: calc(0.5rem + env(safe-area-inset-top));
      padding-bottom: 0.5rem;
      border-top: 0;
      border-bottom: 1px solid var(--_border);
      box-shadow: 0 4px 16px rgb(0 0 0 / 0.08);
      --_away: translateY(calc(-100% - 16px));
    }
    :host([state='shown']) .bar {
      transform: none;
      opacity: 1;
      visibility: visible;
      transition: transform 0.25s ease, opacity 0.25s ease, visibility 0s;
    }
    @starting-style {
      :host([state='shown']) .bar {
        transform: var(--_away);
        opacity: 0;
      }
    }
    .info {
      flex: 999 1 0;
      min-width: 50%;
      display: flex;
      flex-direction: column;
    }
    .name {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      font-weight: 600;
    }
    .price {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      column-gap: 0.5em;
      font-variant-numeric: tabular-nums;
    }
    .amount {
      font-weight: 700;
      color: var(--_text);
    }
    s {
      color: var(--_muted);
    }
    .cta {
      flex: auto;
      min-height: 48px;
      min-width: 44px;
      padding-inline: 1.5em;
      background: var(--_cta-bg, var(--_accent));
      color: var(--_cta-fg, var(--_on-accent));
    }
    .cta:hover {
      text-decoration: underline;
      text-underline-offset: 0.2em;
    }
    @media (min-width: 48rem) {
      .bar {
        padding-inline: max(1.5rem, calc((100vw - 64rem) / 2));
      }
      .info {
        flex-direction: row;
        align-items: baseline;
        gap: 1rem;
      }
    }
  `,
];
