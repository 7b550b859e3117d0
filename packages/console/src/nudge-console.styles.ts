// The console's one style sheet: the shell and every tab render into the same shadow root, so they share it.
import { css } from 'lit';

export const consoleStyles = css`
  :host { display: block; max-width: 1180px; margin: 0 auto; padding: 16px; }
  header { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; margin-bottom: 12px; }
  h1 { font-size: 20px; margin: 0 12px 0 0; }
  h2 { font-size: 16px; margin: 0 0 8px; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  nav { display: flex; gap: 4px; flex-wrap: wrap; margin: 8px 0 16px; }
  nav button[aria-current='page'] { background: #111827; color: white; }
  button { font: inherit; padding: 6px 12px; border-radius: 6px; border: 1px solid #cbd5e1; background: white; cursor: pointer; }
  button.primary { background: #1d4ed8; color: white; border-color: #1d4ed8; }
  button.danger { color: #b42318; border-color: #fda29b; }
  button:disabled { opacity: .5; cursor: not-allowed; }
  button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 3px solid #93c5fd; outline-offset: 1px; }
  input, select, textarea { font: inherit; padding: 5px 8px; border: 1px solid #cbd5e1; border-radius: 6px; }
  textarea { width: 100%; min-height: 180px; font-family: ui-monospace, monospace; font-size: 13px; box-sizing: border-box; }
  .card { background: white; border: 1px solid #e5e7eb; border-radius: 10px; padding: 16px; margin-bottom: 12px; }
  .row { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
  .grid { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 16px; }
  @media (max-width: 800px) { .grid { grid-template-columns: 1fr; } }
  label.field { display: grid; grid-template-columns: 160px 1fr; gap: 8px; align-items: center; margin: 4px 0; }
  div.field { display: grid; grid-template-columns: 160px 1fr; gap: 2px 8px; align-items: center; margin: 6px 0; }
  div.field > .field-help, div.field > .field-error { grid-column: 2; }
  .field-error { color: #b42318; font-size: 13px; }
  table { border-collapse: collapse; width: 100%; font-size: 14px; }
  th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #eef0f3; vertical-align: top; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  .notice { padding: 10px 12px; border-radius: 8px; margin-bottom: 12px; }
  .notice.ok { background: #ecfdf3; color: #05603a; }
  .notice.error { background: #fef3f2; color: #912018; }
  .card.error { background: #fef3f2; color: #912018; }
  .simulated { background: #eff8ff; color: #175cd3; padding: 10px 12px; border-radius: 8px; border: 1px dashed #175cd3; }
  .metric-table tr.worse > * { background: #fef3f2; }
  .srm { background: #fffaeb; color: #93370d; padding: 10px 12px; border-radius: 8px; font-weight: 600; }
  .status { font-weight: 600; text-transform: uppercase; font-size: 12px; letter-spacing: .04em; }
  .chart { position: relative; height: 260px; }
  .preview { border: 1px dashed #cbd5e1; border-radius: 8px; width: 100%; height: 320px; box-sizing: border-box; background: white; }
  code, pre { font-family: ui-monospace, monospace; font-size: 12px; }
  pre { white-space: pre-wrap; margin: 0; }
  .muted { color: #6b7280; font-size: 13px; }
  .sentences li { margin: 4px 0; }
  .badge { display: inline-block; min-width: 1.4em; padding: 0 6px; border-radius: 999px; background: #b42318; color: white; font-size: 12px; font-weight: 600; text-align: center; }
  td.message { overflow-wrap: anywhere; max-width: 360px; }
  .unsaved { background: #fffaeb; color: #93370d; padding: 2px 8px; border-radius: 6px; font-size: 13px; font-weight: 600; }
  .switch[aria-checked='true'] { background: #047857; color: white; border-color: #047857; }
  dialog::backdrop { background: rgb(0 0 0 / .35); }
  @media (prefers-reduced-motion: no-preference) { button { transition: background-color .15s; } }
  nav.toc { display: block; margin: 0 0 12px; padding: 8px 16px; } nav.toc ul { margin: 0; padding-left: 18px; } nav.toc a { color: #1d4ed8; }
  a:focus-visible, h2:focus-visible, h3:focus-visible, h4:focus-visible { outline: 3px solid #93c5fd; outline-offset: 1px; }
  .control-note { background: #fffaeb; color: #93370d; padding: 8px 12px; border-radius: 8px; margin: 8px 0; }
  /* a phone (390 px): fields stack under their labels, inputs and help keep to the card, and a table wider than its card
     scrolls inside it (controllers/scroll-tables.ts makes such a table focusable, so a keyboard can scroll it) */
  @media (max-width: 640px) {
    :host { padding: 8px; }
    .card { padding: 12px; }
    label.field, div.field { grid-template-columns: minmax(0, 1fr); }
    div.field > .field-help, div.field > .field-error { grid-column: 1; }
    div.field > input[type='checkbox'], label.field > input[type='checkbox'] { justify-self: start; }
    input:not([type='checkbox'], [type='radio']), select, textarea { max-width: 100%; box-sizing: border-box; }
    .row > *, .grid > * { min-width: 0; max-width: 100%; }
    p, li, dd, .muted, .field-help { overflow-wrap: anywhere; }
    table:not(.stack) { display: block; overflow-x: auto; max-width: 100%; }
    /* shadows at an edge with more columns past it (the white covers scroll with the table, the shadows stay) */
    table:not(.stack) {
      background: linear-gradient(to right, white 30%, rgb(255 255 255 / 0)) left / 32px 100% no-repeat local,
        linear-gradient(to left, white 30%, rgb(255 255 255 / 0)) right / 32px 100% no-repeat local,
        radial-gradient(farthest-side at 0 50%, rgb(0 0 0 / .18), transparent) left / 12px 100% no-repeat scroll,
        radial-gradient(farthest-side at 100% 50%, rgb(0 0 0 / .18), transparent) right / 12px 100% no-repeat scroll;
    }
    table:not(.stack):focus-visible { outline: 3px solid #93c5fd; outline-offset: 1px; }
  }
  @media (max-width: 640px) {
    table.stack, table.stack tbody, table.stack tr, table.stack td { display: block; }
    table.stack thead tr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
    table.stack tr { border-bottom: 1px solid #e5e7eb; padding: 6px 0; }
    table.stack td { border: 0; padding: 2px 0; text-align: left; overflow-wrap: anywhere; max-width: none; }
    /* the column's name for the eye; its alternative text is empty: a screen reader announces the real header. The
       first content is for browsers without alternative text (they drop the second; the name may then be read too).
       The tables carry explicit ARIA roles: some browsers drop table semantics from a table displayed as blocks. */
    table.stack td[data-label]::before { content: attr(data-label); content: attr(data-label) / ''; font-weight: 600; margin-right: .5em; }
  }
`;
