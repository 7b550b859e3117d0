// Console entry: defines <nudge-console> once.
import { ScrollTables } from './controllers/scroll-tables.js';
import { NudgeConsole } from './nudge-console.js';

// wide tables scroll inside their card on a phone (nudge-console.styles.ts), reachable by keyboard
NudgeConsole.addInitializer((el) => new ScrollTables(el));
if (!customElements.get('nudge-console')) customElements.define('nudge-console', NudgeConsole);

declare global {
  interface HTMLElementTagNameMap {
    'nudge-console': NudgeConsole;
  }
}
