// The Experiments tab's traffic and schedule when the person edits while their publish is on its way: the answer
// (about the value sent) must not take away the newer edit, which the next Apply sends.
import { render } from 'lit';
import type { Experiment, NudgeConfig } from '@nudge/core';
import { afterEach, expect, it } from 'vitest';
import type { Published } from '../api.js';
import { translate } from '../i18n.js';
import { ExperimentsTab, type ExperimentsHost } from './experiments-tab.js';

const root = document.createElement('div');
document.body.append(root);
afterEach(() => render(null, root));

const running: Experiment = {
  key: 'x',
  status: 'running',
  traffic: 0.4,
  variants: [
    { key: 'control', weight: 1 },
    { key: 'b', weight: 1 },
  ],
};

/** A tab whose confirmations say yes and whose publishes wait for `answer()`: each applies the body it was sent. */
function mount() {
  const bodies: Record<string, unknown>[] = [];
  const waiting: (() => void)[] = [];
  const drawn: { tab?: ExperimentsTab } = {};
  const host = {
    lang: 'en',
    config: { schema: 1, site: 's', version: 1, widgets: [], experiments: [running] } as unknown as NudgeConfig,
    tab: 'experiments',
    site: 's',
    client: null,
    schemas: {},
    renderRoot: root,
    t: (k: Parameters<typeof translate>[1], p?: Record<string, string | number>) => translate('en', k, p),
    can: (role: string) => role !== 'admin',
    requestUpdate: () => render(drawn.tab!.render(), root),
    addController() {},
    confirmThen: (_: string, run: () => Promise<unknown>) => void run(),
    publish: (run: (client: unknown, site: string) => Promise<Published>, saved?: () => void) => {
      const client = {
        experimentAction: async (_s: string, _k: string, _a: string, body: Record<string, unknown>) => {
          bodies.push(body);
          const experiments = host.config.experiments.map((x) => ({ ...x, ...body }));
          return { version: 2, config: { ...host.config, experiments } };
        },
      };
      return new Promise<boolean>((done) =>
        waiting.push(
          () =>
            void run(client, 's').then((r) => {
              host.config = r.config;
              saved?.();
              host.requestUpdate();
              done(true);
            }),
        ),
      );
    },
    sayDone() {},
    fail(e: unknown) {
      throw e;
    },
  };
  const tab = (drawn.tab = new ExperimentsTab(host as unknown as ExperimentsHost));
  host.requestUpdate();
  const answer = async () => {
    waiting.shift()!();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { bodies, answer, tab, host };
}

const button = (name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent!.trim() === name)!;
const slide = (value: string) => {
  const range = root.querySelector<HTMLInputElement>('input[type=range]')!;
  range.value = value;
  range.dispatchEvent(new Event('input'));
};

it('keeps traffic moved while its publish is on its way, and applies it next', async () => {
  const { bodies, answer, tab } = mount();
  slide('60');
  button('Apply traffic').click();
  slide('70');
  await answer();
  expect(bodies[0]).toEqual({ traffic: 0.6 });
  expect(root.querySelector<HTMLInputElement>('input[type=range]')!.value).toBe('70');
  expect(tab.unsaved()).toBe(true);
  button('Apply traffic').click();
  await answer();
  expect(bodies[1]).toEqual({ traffic: 0.7 });
  expect(tab.unsaved()).toBe(false);
});

it('keeps a schedule edited while its publish is on its way, and applies it next', async () => {
  const { bodies, answer, tab } = mount();
  const at = (key: string, value: string) => {
    const el = root.querySelector<HTMLInputElement>(`#xs-x-${key}`)!;
    el.value = value;
    el.dispatchEvent(new Event('change'));
  };
  at('start', '2026-12-10T09:00');
  button('Apply schedule').click();
  at('end', '2026-12-20T09:00');
  await answer();
  expect(bodies[0]).toEqual({ schedule: { start: '2026-12-10T09:00:00+00:00' } });
  expect(root.querySelector<HTMLInputElement>('#xs-x-end')!.value).toBe('2026-12-20T09:00');
  expect(tab.unsaved()).toBe(true);
  button('Apply schedule').click();
  await answer();
  expect(bodies[1]).toEqual({ schedule: { start: '2026-12-10T09:00:00+00:00', end: '2026-12-20T09:00:00+00:00' } });
  expect(tab.unsaved()).toBe(false);
});

it('forgets a schedule edit once its experiment is stopped elsewhere (no editor is left to discard it from)', () => {
  const { tab, host } = mount();
  const start = root.querySelector<HTMLInputElement>('#xs-x-start')!;
  start.value = '2026-12-10T09:00';
  start.dispatchEvent(new Event('change'));
  expect(tab.unsaved()).toBe(true);
  host.config = { ...host.config, experiments: [{ ...running, status: 'stopped' }] } as NudgeConfig;
  host.requestUpdate();
  expect(root.querySelector('#xs-x-start')).toBeNull();
  expect(tab.unsaved()).toBe(false);
});
