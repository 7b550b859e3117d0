// Places a tooltip or menu next to its anchor with @floating-ui/dom. Only code a click runs loads this file (the
// referral share menu, the coupon's copy tooltip), so the library is fetched by the click that needs it; what it
// places stays hidden until placed, so it never paints at a wrong spot.
import { computePosition, flip, offset, shift, type Placement } from '@floating-ui/dom';

/**
 * Positions `floating` (position: fixed in its stylesheet) beside `anchor`, flipping and shifting to stay on screen,
 * and marks it `data-placement` (styles keep it hidden until then, so it never paints at a wrong spot and moves).
 */
export async function placeFloating(
  anchor: Element,
  floating: HTMLElement,
  placement: Placement = 'top',
): Promise<void> {
  try {
    const {
      x,
      y,
      placement: side,
    } = await computePosition(anchor, floating, {
      placement,
      strategy: 'fixed',
      middleware: [offset(8), flip(), shift({ padding: 8 })],
    });
    floating.style.left = `${x}px`;
    floating.style.top = `${y}px`;
    floating.dataset.placement = side;
  } catch {
    floating.dataset.placement = 'fallback'; // show it at its CSS position rather than not at all
  }
}
