// Referral card styles: an in-flow card whose states never change its size; the share menu is position: fixed.
import { css } from 'lit';
import { base, fields } from '../styles/tokens.styles.js';

export const styles = [
  ...base,
  fields,
  css`
    .card {
      padding: 1.25rem;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
    }
    .gone {
      visibility: hidden;
    }
    h2 {
      margin: 0 0 0.35rem;
      font-size: 1.15rem;
      line-height: 1.35;
    }
    p {
      margin: 0 0 1rem;
      color: var(--_muted);
      overflow-wrap: anywhere;
    }
    .friend {
      margin: -0.25rem -0.25rem 1rem;
      padding: 0.75rem 1rem;
      border-radius: calc(var(--_radius) * 0.75);
      background: color-mix(in srgb, var(--_accent) 8%, var(--_surface));
    }
    .friend p {
      margin: 0;
      color: var(--_text);
    }
    .friend strong {
      color: var(--_accent);
    }
    label {
      display: block;
      margin-bottom: 0.35rem;
      font-size: 0.875rem;
      font-weight: 600;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
    input {
      flex: 1 1 14rem;
      min-width: 0;
      font-size: 0.9rem;
    }
    .row .btn {
      flex: 0 0 auto;
    }
  `,
];
