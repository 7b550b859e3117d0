// Console entry: defines <nudge-console> once.
import { NudgeConsole } from './nudge-console.js';

if (!customElements.get('nudge-console')) customElements.define('nudge-console', NudgeConsole);

declare global {
  interface HTMLElementTagNameMap {
    'nudge-console': NudgeConsole;
  }
}
