// Styles for <nudge-stock-banner>'s look, loaded with its behaviour chunk (the reserved box is eager, in .reserve.ts).
import { css } from 'lit';
import { shared } from '../styles/tokens.styles.js';

export const styles = [
  ...shared,
  css`
    .banner {
      display: flex;
      flex-direction: column;
      justify-content: center;
      gap: 0.125rem;
      padding: 0.5rem 0.875rem;
      border: 1px solid var(--nudge-stock-banner-border, #f5c2b8);
      border-inline-start: 4px solid var(--_accent);
      border-radius: var(--_radius);
      background: var(--nudge-stock-banner-surface, #fff7f5);
      font-size: 0.9375rem;
      line-height: 1.4;
      opacity: 1;
      transition: opacity 0.2s ease;
    }
    :host([state='pending']) .banner,
    :host([state='hidden']) .banner {
      visibility: hidden;
      opacity: 0;
    }
    :host([state='sold-out']) .banner {
      border-color: var(--_border);
      background: var(--_surface);
    }
    p {
      margin: 0;
    }
    .stock {
      display: flex;
      flex-wrap: wrap;
      column-gap: 0.75em;
    }
    .low,
    .sold-out {
      color: var(--_accent);
      font-weight: 700;
    }
    .sold-out {
      color: var(--_text);
    }
    .countdown {
      color: var(--_text);
    }
    time {
      font-variant-numeric: tabular-nums;
      font-weight: 600;
    }
  `,
];
