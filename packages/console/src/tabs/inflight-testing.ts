// Test kit for the "edit while the save is on its way" specs: a tab host whose saves wait until the test answers them.
import { render, type TemplateResult } from 'lit';
import { translate } from '../i18n.js';

/**
 * A host for one tab rendered into `root`: English words, every role, what it says kept in `said`, failures thrown,
 * and `client` as given. `hold(value, then?)` makes a save's promise that settles (after `then`) only when the test
 * calls `answer()`, so the test can type in between.
 */
export function heldHost(root: HTMLElement, client: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const said: string[] = [];
  const waiting: (() => void)[] = [];
  const drawn: { tab?: { render(): TemplateResult | unknown } } = {};
  const host = {
    lang: 'en',
    site: 's',
    t: (k: Parameters<typeof translate>[1], p?: Record<string, string | number>) => translate('en', k, p),
    can: () => true,
    requestUpdate: () => render(drawn.tab!.render(), root),
    sayDone: (text: string) => said.push(text),
    clearIssues() {},
    fail(e: unknown) {
      throw e;
    },
    client,
    ...extra,
  };
  return {
    host,
    said,
    /** The tab the host draws (set it once made). */
    draws: (tab: { render(): TemplateResult | unknown }) => (drawn.tab = tab),
    hold: <T>(value: T, then?: () => void) => new Promise<T>((done) => waiting.push(() => (then?.(), done(value)))),
    /** Lets the oldest held save answer, and the tab take the answer. */
    answer: async () => {
      waiting.shift()!();
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

/** Types into and submits the form `form` (a selector) inside `root`, as a person would (input events). */
export function formDriver(root: HTMLElement, form: string) {
  const input = (name: string) => root.querySelector<HTMLInputElement>(`${form} [name=${name}]`)!;
  return {
    input,
    type(name: string, value: string) {
      input(name).value = value;
      input(name).dispatchEvent(new Event('input'));
    },
    save: () => root.querySelector<HTMLFormElement>(form)!.requestSubmit(),
  };
}
