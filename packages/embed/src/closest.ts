// The element at or above a click's target that matches a merchant's selector; null for no match, no selector, a
// target that is not an element, or a selector the browser refuses (a typo in config must never break the page's
// click). Shared by auto-tracking and nudge.js (kept this small: every page loads it).
export const closestMatch = (target: EventTarget | null, selector: string | undefined): Element | null => {
  try {
    return selector ? (target as Element).closest(selector) : null;
  } catch {
    return null;
  }
};
