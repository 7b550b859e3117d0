// Native <dialog> helpers: showModal (platform focus trap + Escape), focus return, and a scroll lock that does not
// move the page (scrollbar-gutter keeps the scrollbar's space; padding compensates where it is unsupported).

let locks = 0;
let saved: { overflow: string; gutter: string; padding: string } | undefined;

function lockScroll(): void {
  if (locks++ > 0) return;
  const html = document.documentElement;
  const gap = innerWidth - html.clientWidth;
  saved = {
    overflow: html.style.overflow,
    gutter: html.style.getPropertyValue('scrollbar-gutter'),
    padding: html.style.paddingRight,
  };
  if (gap > 0) {
    if (CSS.supports('scrollbar-gutter', 'stable')) html.style.setProperty('scrollbar-gutter', 'stable');
    else html.style.paddingRight = `${parseFloat(getComputedStyle(html).paddingRight) + gap}px`;
  }
  html.style.overflow = 'hidden';
}

function unlockScroll(): void {
  if (locks === 0 || --locks > 0 || !saved) return;
  const html = document.documentElement;
  html.style.overflow = saved.overflow;
  html.style.setProperty('scrollbar-gutter', saved.gutter);
  html.style.paddingRight = saved.padding;
  saved = undefined;
}

/** The focused element, looking through shadow roots, so focus can go back to it. */
export function deepActiveElement(): HTMLElement | null {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el instanceof HTMLElement ? el : null;
}

const returnTo = new WeakMap<HTMLDialogElement, HTMLElement | null>();
// The Nudge modal currently open, shared by every bundle on the page: two of ours never stack.
const OPEN = Symbol.for('nudge.open-modal');
type OpenHost = { [OPEN]?: HTMLDialogElement };

/**
 * Opens `dialog` modally and locks page scroll; the element focused before gets focus back on close.
 * Returns false (and does nothing) while another Nudge modal is open.
 */
export function openModal(dialog: HTMLDialogElement): boolean {
  if (dialog.open) return true;
  const g = globalThis as OpenHost;
  if (g[OPEN]?.open && g[OPEN] !== dialog) return false;
  g[OPEN] = dialog;
  returnTo.set(dialog, deepActiveElement());
  lockScroll();
  dialog.showModal();
  // The script placed this focus, not the visitor's keyboard: no ring (Chromium draws one after showModal on a page
  // nobody has touched). Keyboard focus from here on rings as usual (:focus-visible).
  const f = deepActiveElement();
  if (f instanceof HTMLElement && f.matches(':focus-visible')) {
    f.blur();
    f.focus({ focusVisible: false, preventScroll: true } as FocusOptions);
  }
  return true;
}

/** Closes a dialog opened by openModal, unlocks scroll and returns focus. Safe to call twice. */
export function closeModal(dialog: HTMLDialogElement): void {
  const g = globalThis as OpenHost;
  if (g[OPEN] === dialog) delete g[OPEN];
  if (returnTo.has(dialog)) {
    unlockScroll();
    const back = returnTo.get(dialog);
    returnTo.delete(dialog);
    if (dialog.open) dialog.close();
    if (back?.isConnected) back.focus({ preventScroll: true });
  } else if (dialog.open) dialog.close();
}
