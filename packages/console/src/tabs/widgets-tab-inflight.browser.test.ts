// The Widgets tab's form when the person edits while its publish is on its way: the answer (about the props and
// schedule sent) must not take away what was edited since; the widget stays unsaved and the next Save sends it.
import type { NudgeConfig } from '@nudge/core';
import { render } from 'lit';
import { afterEach, expect, it } from 'vitest';
import type { Published } from '../api.js';
import { translate, type MessageKey } from '../i18n.js';
import { WidgetsTab, type WidgetsHost } from './widgets-tab.js';

const root = document.createElement('div');
document.body.append(root);
afterEach(() => render(null, root));

const config = {
  version: 3,
  experiments: [],
  widgets: [{ id: 'low', type: 'stock-banner', enabled: true, props: { threshold: 5, showCount: true } }],
} as unknown as NudgeConfig;
const schemas = {
  'stock-banner': { properties: { threshold: { type: 'integer', minimum: 1 }, showCount: { type: 'boolean' } } },
};

/** A tab on a fake shell whose publishes wait until the test answers them with the config they sent. */
function mount() {
  const published: NudgeConfig[] = [];
  const waiting: (() => void)[] = [];
  const drawn: { tab?: WidgetsTab } = {};
  const host = {
    addController: () => {},
    requestUpdate: () => render(drawn.tab!.render(), root),
    renderRoot: root,
    lang: 'en',
    tab: 'widgets',
    config,
    schemas,
    site: 'demo',
    client: {},
    t: (k: MessageKey, p?: Record<string, string | number>) => translate('en', k, p),
    say: () => {},
    sayDone: () => {},
    fail: (e: unknown) => {
      throw e;
    },
    can: () => true,
    confirmThen: (_: string, run: () => Promise<unknown>) => void run(),
    publish: (run: (client: unknown, site: string) => Promise<Published>, saved?: () => void) => {
      const client = {
        publish: async (_site: string, doc: NudgeConfig) => ({ config: doc, version: doc.version + 1 }),
      };
      return new Promise<boolean>((done) =>
        waiting.push(
          () =>
            void run(client, 'demo').then((r) => {
              published.push(r.config);
              host.config = r.config;
              saved?.();
              host.requestUpdate();
              done(true);
            }),
        ),
      );
    },
  };
  const tab = (drawn.tab = new WidgetsTab(host as unknown as WidgetsHost));
  host.requestUpdate();
  const answer = async () => {
    waiting.shift()!();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { published, answer, tab };
}

const $ = <T extends HTMLElement>(sel: string) => root.querySelector<T>(sel)!;
const change = (sel: string, value: string) => {
  const el = $<HTMLInputElement>(sel);
  el.value = value;
  el.dispatchEvent(new Event('change'));
};
const saveButton = () =>
  [...root.querySelectorAll<HTMLButtonElement>('button.primary')].find((b) => b.textContent?.trim() === 'Publish')!;
const unsaidUnsaved = () => !root.querySelector('.unsaved');

it('keeps a schedule edited while the widget’s props are being published, and publishes it on the next Publish', async () => {
  const { published, answer, tab } = mount();
  change('#f-low-threshold', '3');
  saveButton().click();
  // the schedule edited while the publish is on its way
  change('#sch-low-start', '2026-12-10T09:00');
  await answer();
  expect(published[0]!.widgets[0]!.props).toEqual({ threshold: 3, showCount: true });
  expect($<HTMLInputElement>('#sch-low-start').value).toBe('2026-12-10T09:00');
  expect($<HTMLInputElement>('#f-low-threshold').value).toBe('3');
  expect(tab.unsaved()).toBe(true);
  expect(unsaidUnsaved()).toBe(false);
  expect(saveButton().disabled).toBe(false);
  saveButton().click();
  await answer();
  expect(published[1]!.widgets[0]!.schedule).toEqual({ start: '2026-12-10T09:00:00+00:00' });
  expect(tab.unsaved()).toBe(false);
  expect(unsaidUnsaved()).toBe(true);
});

it('keeps a prop changed during the publish, takes the answer for the others, and sends the newer value next', async () => {
  const { published, answer, tab } = mount();
  change('#f-low-threshold', '3');
  saveButton().click();
  const box = $<HTMLInputElement>('#f-low-showCount');
  box.checked = false;
  box.dispatchEvent(new Event('change'));
  await answer();
  expect($<HTMLInputElement>('#f-low-showCount').checked).toBe(false);
  expect($<HTMLInputElement>('#f-low-threshold').value).toBe('3');
  expect(tab.unsaved()).toBe(true);
  saveButton().click();
  await answer();
  // unchecked is the element's default: the prop is left out
  expect(published[1]!.widgets[0]!.props).toEqual({ threshold: 3 });
  expect(tab.unsaved()).toBe(false);
});
