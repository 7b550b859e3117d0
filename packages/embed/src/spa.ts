// Single-page apps: one callback per real URL change from history.pushState/replaceState and popstate.

/** Wraps history methods (keeping any earlier wrapper) and listens to popstate; returns an undo function. */
export function watchNavigation(win: Window, onChange: (url: string, previous: string) => void): () => void {
  const { history } = win;
  let last = win.location.href;
  const key = (href: string) => href.split('#')[0]!;
  const check = () => {
    const now = win.location.href;
    // Hash-only changes and replaceState on the same URL are not page views.
    if (key(now) === key(last)) {
      last = now;
      return;
    }
    const previous = last;
    last = now;
    try {
      onChange(now, previous);
    } catch {
      /* the page's navigation must never fail because of Nudge */
    }
  };
  const wrap = (name: 'pushState' | 'replaceState') => {
    const original = history[name];
    const wrapped = function (this: History, ...args: Parameters<History['pushState']>) {
      const out = original.apply(this, args);
      check();
      return out;
    };
    history[name] = wrapped;
    return () => {
      if (history[name] === wrapped) history[name] = original;
    };
  };
  const undoPush = wrap('pushState');
  const undoReplace = wrap('replaceState');
  win.addEventListener('popstate', check);
  return () => {
    undoPush();
    undoReplace();
    win.removeEventListener('popstate', check);
  };
}
