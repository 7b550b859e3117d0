// Shared design tokens, focus ring and reduced-motion rules; every widget adopts these sheets first.
import { css } from 'lit';

/**
 * Defaults are AA on white (accent #b42318 on #fff is 6.6:1, text 15.8:1, muted 7.5:1) and use a font stack with
 * CJK faces so Chinese and Western storefronts both render in their native system fonts.
 */
export const tokens = /* @__PURE__ */ css`
  :host {
    --_accent: var(--nudge-accent, #b42318);
    --_on-accent: var(--nudge-on-accent, #ffffff);
    --_surface: var(--nudge-surface, #ffffff);
    --_text: var(--nudge-text, #1f2328);
    --_muted: var(--nudge-muted, #4b5563);
    --_border: var(--nudge-border, #d0d7de);
    --_radius: var(--nudge-radius, 12px);
    --_font: var(--nudge-font, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', 'PingFang SC', 'PingFang TC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Microsoft JhengHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Zen Hei', sans-serif);
    --_shadow: var(--nudge-shadow, 0 10px 30px rgb(0 0 0 / 0.18));
    --_focus: var(--nudge-focus, #1d4ed8);
    --_z: var(--nudge-z-index, 2147483000);
    font-family: var(--_font);
    color: var(--_text);
    line-height: 1.5;
    -webkit-text-size-adjust: 100%;
  }
  :host([hidden]) {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
`;

/** Visible keyboard focus only (no ring on mouse click), in a colour that contrasts with accent and surface. */
export const focusRing = /* @__PURE__ */ css`
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  :focus:not(:focus-visible) {
    outline: none;
  }
`;

/** Removes every animation and transition for visitors who ask for reduced motion. */
export const reducedMotion = /* @__PURE__ */ css`
  @media (prefers-reduced-motion: reduce) {
    :host,
    *,
    *::before,
    *::after,
    ::backdrop {
      animation: none !important;
      transition: none !important;
      scroll-behavior: auto !important;
    }
  }
`;

/** Buttons shared by the widgets: 44px tap targets, accent primary, quiet secondary. */
export const buttons = /* @__PURE__ */ css`
  .btn {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.4em;
    min-height: 44px;
    padding: 0.5em 1.1em;
    border-radius: calc(var(--_radius) * 0.75);
    border: 1px solid transparent;
    font: inherit;
    font-weight: 600;
    cursor: pointer;
    text-decoration: none;
  }
  .btn.primary {
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .btn.primary:hover {
    filter: brightness(0.92);
  }
  .btn.secondary {
    background: var(--_surface);
    color: var(--_text);
    border-color: var(--_border);
  }
`;

/** Text inputs: 44px tall, a 4.8:1 border (WCAG 1.4.11 wants 3:1 for control edges), the widget's font. */
export const fields = /* @__PURE__ */ css`
  input {
    min-height: 44px;
    padding: 0.5rem 0.75rem;
    border: 1px solid #6b7280;
    border-radius: calc(var(--_radius) * 0.6);
    background: var(--_surface);
    color: var(--_text);
    font: inherit;
  }
`;

/** A round 44px icon button (close) and visually hidden text for screen readers. */
export const iconButton = /* @__PURE__ */ css`
  .icon-btn {
    display: inline-grid;
    place-items: center;
    width: 44px;
    height: 44px;
    padding: 0;
    border: 0;
    border-radius: 50%;
    background: transparent;
    color: var(--_muted);
    cursor: pointer;
  }
  .icon-btn:hover {
    background: rgb(0 0 0 / 0.06);
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;

/** Buttons, icon button and screen-reader text together (kept for existing imports). */
export const controls = [buttons, iconButton];

/** All shared sheets in adoption order. */
export const shared = [tokens, focusRing, buttons, iconButton, reducedMotion];
/** The minimum every widget adopts: tokens, focus ring, buttons, reduced motion. */
export const base = [tokens, focusRing, buttons, reducedMotion];
