// When the buy bar shows: the page's own buy button has scrolled away upwards and the footer is not in view.

/** The parts of an IntersectionObserverEntry the decision needs (plain data, so it is testable anywhere). */
export interface Sighting {
  isIntersecting: boolean;
  /** Bottom edge of the observed element, viewport coordinates. */
  bottom: number;
  /** Top edge of the observer's root (0 for the viewport); null when the browser does not report it. */
  rootTop: number | null;
}

/** True when the element is out of view above the viewport (scrolled past), not below it (not reached yet). */
export function isAbove(s: Sighting): boolean {
  return !s.isIntersecting && s.bottom <= (s.rootTop ?? 0);
}

export interface BarInputs {
  /** The main button's last sighting; undefined before the first observation, and on a page without the button. */
  target: Sighting | undefined;
  footerInView: boolean;
  available: boolean;
}

/** Never without the page's button: a bar whose button does nothing would be a lie. */
export function barVisible(i: BarInputs): boolean {
  return i.available && !i.footerInView && !!i.target && isAbove(i.target);
}

export function sighting(e: IntersectionObserverEntry): Sighting {
  return {
    isIntersecting: e.isIntersecting,
    bottom: e.boundingClientRect.bottom,
    rootTop: e.rootBounds ? e.rootBounds.top : null,
  };
}
