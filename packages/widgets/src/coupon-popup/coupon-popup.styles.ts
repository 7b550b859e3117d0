// Coupon popup styles: centred modal on desktop, bottom sheet under 600px, fixed banner; motion only via
// transform/opacity and none at all with prefers-reduced-motion.
import { css } from 'lit';
import { fields, shared } from '../styles/tokens.styles.js';

/**
 * `.stage` puts the offer and the revealed code in one grid cell, so nothing moves as the code appears; the form's
 * space then goes (`hidden`) where that moves nothing either (coupon-popup.view.ts, `#fit`).
 * (Comments stay out of the css template: Lit ships its text as written, comments included.)
 */
export const styles = [
  ...shared,
  fields,
  css`
    :host {
      display: contents;
    }
    dialog {
      width: min(420px, calc(100vw - 2rem));
      max-height: calc(100dvh - 2rem);
      padding: 0;
      border: 0;
      border-radius: var(--_radius);
      background: var(--_surface);
      color: var(--_text);
      box-shadow: var(--_shadow);
      overflow: auto;
      overscroll-behavior: contain;
    }
    dialog[open] {
      animation: nudge-pop 0.2s ease-out;
    }
    dialog::backdrop {
      background: var(--nudge-backdrop, rgb(0 0 0 / 0.5));
    }
    .panel {
      position: relative;
      padding: 1.75rem 1.5rem 1.5rem;
      text-align: center;
    }
    .close {
      position: absolute;
      top: 0.25rem;
      inset-inline-end: 0.25rem;
    }
    .offer,
    h2 {
      text-wrap: balance;
    }
    .offer {
      margin: 0.25rem 2rem 0.5rem;
      font-size: 1.75rem;
      font-weight: 800;
      line-height: 1.2;
      color: var(--_accent);
      font-variant-numeric: tabular-nums;
    }
    h2 {
      margin: 0 0 0.5rem;
      font-size: 1.2rem;
      line-height: 1.35;
    }
    p {
      margin: 0 0 0.75rem;
      overflow-wrap: anywhere;
    }
    .expiry,
    .note {
      font-size: 0.875rem;
      color: var(--_muted);
    }
    .note.error {
      color: var(--_accent);
      font-weight: 600;
    }
    .stage {
      display: grid;
      margin-top: 1rem;
    }
    .stage > * {
      grid-area: 1 / 1;
    }
    .stage > [inert] {
      visibility: hidden;
    }
    .stage > [hidden] {
      display: none;
    }
    .claim {
      display: grid;
      align-content: start;
      gap: 0.5rem;
      text-align: start;
    }
    label {
      font-weight: 600;
      font-size: 0.9rem;
    }
    input[aria-invalid='true'] {
      border-color: var(--_accent);
    }
    .consent {
      display: flex;
      gap: 0.5rem;
      align-items: flex-start;
      font-weight: 400;
      font-size: 0.875rem;
      cursor: pointer;
    }
    .consent input {
      flex: none;
      width: 1.25rem;
      height: 1.25rem;
      min-height: 0;
      margin: 0.05rem 0 0;
      padding: 0;
      accent-color: var(--_accent);
    }
    .claim .note {
      margin: 0;
    }
    .cta {
      width: 100%;
      margin-top: 0.25rem;
    }
    .quiet {
      background: transparent;
      color: var(--_muted);
      font-weight: 500;
    }
    .quiet:hover {
      color: var(--_text);
      text-decoration: underline;
    }
    .revealed {
      display: grid;
      align-content: start;
      gap: 0.75rem;
    }
    .code-row {
      display: flex;
      gap: 0.5rem;
      align-items: stretch;
    }
    .code {
      flex: 1;
      margin: 0;
      display: grid;
      place-items: center;
      min-height: 44px;
      padding: 0.25rem 0.75rem;
      border: 2px dashed var(--_accent);
      border-radius: calc(var(--_radius) * 0.6);
      font: 700 1.25rem/1.2 ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
      letter-spacing: 0.06em;
      user-select: all;
    }
    .tooltip {
      position: fixed;
      top: 0;
      left: 0;
      margin: 0;
      padding: 0.3rem 0.6rem;
      border-radius: 6px;
      background: #111827;
      color: #fff;
      font-size: 0.8125rem;
      white-space: nowrap;
      pointer-events: none;
      z-index: 1;
    }
    .tooltip:not([data-placement]) {
      visibility: hidden;
    }
    .tooltip:empty {
      padding: 0;
      background: none;
    }
    .banner {
      position: fixed;
      z-index: var(--_z);
      inset-inline: 0.75rem;
      bottom: max(0.75rem, env(safe-area-inset-bottom));
      margin-inline: auto;
      max-width: 480px;
      display: flex;
      align-items: center;
      gap: 0.5rem;
      padding: 0.5rem 0.25rem 0.5rem 1rem;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
      box-shadow: var(--_shadow);
      animation: nudge-rise 0.25s ease-out;
    }
    .banner p {
      flex: 1;
      margin: 0;
      font-size: 0.9rem;
      line-height: 1.35;
    }
    .banner strong {
      color: var(--_accent);
    }
    .banner .btn {
      padding-inline: 0.9rem;
      white-space: nowrap;
    }
    @media (max-width: 600px) {
      dialog {
        width: 100vw;
        max-width: 100vw;
        margin: auto 0 0;
        border-radius: var(--_radius) var(--_radius) 0 0;
        padding-bottom: env(safe-area-inset-bottom);
      }
      dialog[open] {
        animation-name: nudge-rise;
      }
    }
    @keyframes nudge-pop {
      from {
        opacity: 0;
        transform: scale(0.96);
      }
    }
    @keyframes nudge-rise {
      from {
        opacity: 0;
        transform: translateY(24px);
      }
    }
  `,
];
