// The Experiments tab's actions in real Chromium: only those the experiment's state takes, each saying what it does
// for visitors; the state itself says what visitors see now.
import { render } from 'lit';
import type { Experiment, NudgeConfig } from '@nudge/core';
import { afterEach, expect, it } from 'vitest';
import { translate } from '../i18n.js';
import { ExperimentsTab, type ExperimentsHost } from './experiments-tab.js';

const root = document.createElement('div');
document.body.append(root);
afterEach(() => render(null, root));

const exp = (key: string, status: Experiment['status'], more: Partial<Experiment> = {}): Experiment => ({
  key,
  status,
  traffic: 0.4,
  variants: [
    { key: 'control', weight: 1 },
    { key: 'b', weight: 1 },
  ],
  ...more,
});

function draw(experiments: Experiment[]) {
  const config = { schema: 1, site: 's', version: 1, widgets: [], experiments } as unknown as NudgeConfig;
  const host = {
    lang: 'en',
    config,
    tab: 'experiments',
    site: 's',
    client: null,
    schemas: {},
    renderRoot: root,
    t: (k: Parameters<typeof translate>[1], p?: Record<string, string | number>) => translate('en', k, p),
    can: (role: string) => role !== 'admin',
    requestUpdate() {},
    addController() {},
    confirmThen() {},
    publish: async () => true,
    sayDone() {},
    fail() {},
  } as unknown as ExperimentsHost;
  render(new ExperimentsTab(host).render(), root);
}

/** Per experiment card: its buttons' names, and the description each points to. */
const card = (key: string) => {
  const section = [...root.querySelectorAll('section.card')].find((s) => s.querySelector('code')?.textContent === key)!;
  const buttons = [...section.querySelectorAll('button')].filter((b) => !b.closest('fieldset'));
  return {
    text: section.textContent!.replace(/\s+/g, ' '),
    buttons: buttons.map((b) => b.textContent!.trim()),
    described: buttons.map((b) => root.querySelector(`[id="${b.getAttribute('aria-describedby')}"]`)?.textContent),
  };
};

it('offers a draft only its start and its set-up, and says no visitor sees it', () => {
  draw([exp('d', 'draft')]);
  const d = card('d');
  expect(d.buttons).toEqual(['Start', 'Apply traffic', 'Apply weights', 'Apply schedule']);
  expect(d.text).toContain('A draft: no visitor sees it.');
  expect(d.described[0]).toBe('Visitors it targets start taking part (40%), split between its variants by weight.');
  expect(d.described[1]).toContain('No visitor sees this until it is started.');
});

it('offers a running experiment pause, stop, ship and its settings, and says who sees what', () => {
  draw([exp('r', 'running')]);
  const r = card('r');
  expect(r.buttons).toEqual([
    'Pause',
    'Stop',
    'Ship control',
    'Ship b',
    'Apply traffic',
    'Apply weights',
    'Apply schedule',
  ]);
  expect(r.text).toContain('Running: 40% of the visitors it targets take part, split between control, b by weight');
  expect(r.described[0]).toBe(
    'Every visitor sees the control, control, until it is resumed; no new exposures are counted.',
  );
  expect(r.described[2]).toBe('Shipping a variant ends the experiment: every visitor sees that variant.');
  expect(r.described.every(Boolean)).toBe(true);
});

it('offers a paused experiment to resume (Start), not to pause again', () => {
  draw([exp('p', 'paused')]);
  expect(card('p').described[0]).toBe('Resumes it: visitors take part again; those already in it keep their variant.');
  expect(card('p').buttons).toEqual([
    'Start',
    'Stop',
    'Ship control',
    'Ship b',
    'Apply traffic',
    'Apply weights',
    'Apply schedule',
  ]);
});

it('offers a stopped experiment no traffic, weights or schedule: only to start again or ship another variant', () => {
  draw([exp('s', 'stopped'), exp('w', 'stopped', { winner: 'b' })]);
  const s = card('s');
  expect(s.buttons).toEqual(['Start', 'Ship control', 'Ship b']);
  expect(s.text).toContain('every visitor sees its control, control.');
  const w = card('w');
  expect(w.buttons).toEqual(['Start', 'Ship control']);
  expect(w.text).toContain('Stopped with a winner: every visitor sees b.');
  expect(w.described[0]).toBe(
    'Starts it again: visitors take part, split between its variants by weight, instead of everyone seeing b.',
  );
  expect(w.described[1]).toBe('Shipping another variant shows that one to every visitor instead of b.');
  expect(root.querySelectorAll('input[type=range]')).toHaveLength(0);
});
