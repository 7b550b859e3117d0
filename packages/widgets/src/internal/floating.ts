// Places a tooltip or menu next to its anchor with @floating-ui/dom, loaded on first use: popovers only appear after
// a click, so the library stays out of every widget's initial bundle.
import type { Placement } from '@floating-ui/dom';

/**
 * Positions `floating` (position: fixed in its stylesheet) beside `anchor`, flipping and shifting to stay on screen.
 * Resolves once the styles are set; never rejects (a popover left at its CSS default position still works).
 */
export async function placeFloating(anchor: Element, floating: HTMLElement, placement: Placement = 'top'): Promise<void> {
  try {
    const { computePosition, offset, flip, shift } = await import('@floating-ui/dom');
    const { x, y, placement: side } = await computePosition(anchor, floating, {
      placement,
      strategy: 'fixed',
      middleware: [offset(8), flip(), shift({ padding: 8 })],
    });
    floating.style.left = `${x}px`;
    floating.style.top = `${y}px`;
    floating.dataset.placement = side;
  } catch {
    /* keep the CSS fallback position */
  }
}
