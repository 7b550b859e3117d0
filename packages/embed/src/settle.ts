// After a single-page-app navigation: follows the new route's rendering (the app renders after pushState returns,
// often only once its data has arrived) instead of guessing a delay. Loaded on the first navigation only.

/**
 * For `ms` after a navigation, once per animation frame with DOM changes (and once at the start, for apps that
 * rendered before this module arrived): `changed(true)` when the page's product markup differs from what it was at
 * the previous check (starting from `before`, taken when the URL changed), else `changed(false)`, so new mount slots
 * are filled as they appear. Markup the old route left in place is never read as the new route's. If the markup never
 * changed, `changed(true)` at the end: the route shows the same product (or none, as before). Returns a stop function.
 */
export function followRender(
  doc: Document,
  signature: () => string,
  before: string,
  changed: (product: boolean) => void,
  ms = 3000,
): () => void {
  const win = doc.defaultView!;
  let last = before;
  let moved = false;
  let frame = 0;
  const check = () => {
    frame = 0;
    const now = signature();
    const product = now !== last;
    last = now;
    moved ||= product;
    changed(product);
  };
  // Hidden tabs run no frames; the timer below still ends the wait.
  const schedule = () => {
    frame ||= win.requestAnimationFrame(check);
  };
  const observer = new MutationObserver(schedule);
  observer.observe(doc.documentElement, { subtree: true, childList: true, characterData: true, attributes: true });
  schedule();
  const stop = () => {
    observer.disconnect();
    win.cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
  const timer = setTimeout(() => {
    stop();
    if (!moved) changed(true);
  }, ms);
  return stop;
}
