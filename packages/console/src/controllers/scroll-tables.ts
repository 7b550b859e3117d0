// A table wider than its card (a phone's width) scrolls sideways inside it; such a table is made focusable so a
// keyboard can scroll it too (axe: scrollable-region-focusable), and stops being a tab stop once it fits again.
import type { ReactiveController, ReactiveElement } from 'lit';

export class ScrollTables implements ReactiveController {
  // the viewport turning (or a window resized) changes which tables scroll without a render
  readonly #resized = new ResizeObserver(() => this.#mark());

  constructor(private readonly host: ReactiveElement) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#resized.observe(this.host);
  }

  hostDisconnected(): void {
    this.#resized.disconnect();
  }

  hostUpdated(): void {
    this.#mark();
  }

  #mark(): void {
    for (const table of this.host.renderRoot.querySelectorAll<HTMLTableElement>('table:not(.stack)')) {
      const scrolls = table.scrollWidth > table.clientWidth + 1;
      // only a tabindex this controller set is taken away: a table given one by its view keeps it
      if (scrolls && !table.hasAttribute('tabindex')) {
        table.tabIndex = 0;
        table.dataset.scrolls = '';
      } else if (!scrolls && table.dataset.scrolls !== undefined) {
        table.removeAttribute('tabindex');
        delete table.dataset.scrolls;
      }
    }
  }
}
