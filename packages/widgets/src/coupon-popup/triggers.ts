// Coupon triggers (delay, scroll depth, exit intent, page views, idle): arms them all, the first to fire wins.
import { microtask } from '@nudge/core';
/** Same shape as config `trigger`. No field set: fire at once. */
export interface TriggerRule {
  delayMs?: number;
  /** 0..100, share of the page scrolled. */
  scrollPercent?: number;
  /** Pointer leaves through the top edge (desktop) or a fast upward scroll (touch). */
  exitIntent?: boolean;
  /** Page views in this visit before it may open. */
  pageViews?: number;
  idleMs?: number;
}

/** Upward speed (px/ms) and distance (px) that count as "heading for the address bar" on touch screens. */
const FLICK_SPEED = 1.2;
const FLICK_DISTANCE = 80;
/** Quiet time (ms) after the last key press or focus change before a trigger may open the popup. */
const QUIET = 1500;

/**
 * Arms every trigger in `rule`; `fire(kind)` runs once for the first one. Returns a disarm function. A trigger that
 * fires while the visitor is typing waits until focus has left the field and nothing was typed for `QUIET` ms, so the
 * popup never takes focus (or a typed space) from a form.
 * `pageViews` is this visit's count including this page (passed in so this lazy chunk shares no module with the
 * eager one).
 */
export function armTriggers(rule: TriggerRule, fire: (kind: string) => void, pageViews: number): () => void {
  const offs: (() => void)[] = [];
  let done = false;
  let lastKey = -QUIET;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const disarm = () => offs.splice(0).forEach((f) => f());
  const win = (kind: string) => {
    if (done) return;
    clearTimeout(retry);
    // Typing: a key went down lately, or focus is in a form field or editable text (shadow roots included;
    // `:read-write` is every editable input, textarea and contenteditable).
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (performance.now() - lastKey < QUIET || el?.matches(':read-write,select')) {
      retry = setTimeout(win, QUIET, kind);
      return;
    }
    done = true;
    disarm();
    fire(kind);
  };
  const on = <K extends keyof WindowEventMap>(
    target: Window | Document,
    type: K,
    fn: (e: WindowEventMap[K]) => void,
  ) => {
    target.addEventListener(type, fn as EventListener, { passive: true });
    offs.push(() => target.removeEventListener(type, fn as EventListener));
  };
  const timer = (ms: number, kind: string) => {
    const id = setTimeout(win, ms, kind);
    offs.push(() => clearTimeout(id));
  };

  const mark = () => (lastKey = performance.now());
  on(window, 'keydown', mark);
  on(window, 'focusout', mark);
  offs.push(() => clearTimeout(retry));

  const { delayMs, scrollPercent, exitIntent, idleMs } = rule;
  const immediate = delayMs == null && scrollPercent == null && !exitIntent && rule.pageViews == null && idleMs == null;
  if (immediate || (rule.pageViews != null && pageViews >= rule.pageViews)) {
    microtask(() => win(immediate ? 'immediate' : 'page_views'));
    return disarm;
  }
  if (delayMs != null) timer(delayMs, 'delay');
  if (scrollPercent != null) {
    const check = () => {
      const max = document.documentElement.scrollHeight - innerHeight;
      if (max <= 0 || (scrollY / max) * 100 >= scrollPercent) win('scroll');
    };
    on(window, 'scroll', check);
    check();
  }
  if (exitIntent) {
    if (matchMedia('(pointer: coarse)').matches) {
      let lastY = scrollY;
      let lastT = performance.now();
      on(window, 'scroll', () => {
        const now = performance.now();
        const dy = lastY - scrollY;
        if (dy >= FLICK_DISTANCE && dy / Math.max(now - lastT, 1) >= FLICK_SPEED) win('exit_intent');
        // Measure speed over short windows so a slow long scroll never adds up to a flick.
        if (now - lastT > 150 || dy < 0) {
          lastY = scrollY;
          lastT = now;
        }
      });
    } else {
      on(document, 'mouseout', (e) => {
        if (!e.relatedTarget && e.clientY <= 0) win('exit_intent');
      });
    }
  }
  if (idleMs != null) {
    let id: ReturnType<typeof setTimeout>;
    const reset = () => {
      clearTimeout(id);
      id = setTimeout(win, idleMs, 'idle');
    };
    reset();
    for (const type of ['pointermove', 'keydown', 'scroll', 'touchstart'] as const) on(window, type, reset);
    offs.push(() => clearTimeout(id));
  }
  return disarm;
}

const SEARCH =
  /(^|\.)(google|bing|baidu|yahoo|duckduckgo|yandex|sogou|so|sm|naver|ecosia|qwant|startpage|seznam)\.[a-z.]+$/i;
/** True when the visitor arrived from a search engine results page (Google's intrusive-interstitial rule applies). */
export function fromSearchEngine(referrer: string = document.referrer): boolean {
  try {
    return !!referrer && SEARCH.test(new URL(referrer).hostname);
  } catch {
    return false;
  }
}
