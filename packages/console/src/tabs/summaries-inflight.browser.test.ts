// The person's summaries form when they edit while its save is on its way: the reloaded settings (what was sent)
// must not overwrite the newer edits, and "saved" is said only of what was sent.
import { render } from 'lit';
import { afterEach, expect, it } from 'vitest';
import { translate } from '../i18n.js';
import { SummariesSection, type SummariesHost } from './summaries-section.js';

const root = document.createElement('div');
document.body.append(root);
afterEach(() => render(null, root));

it('keeps a site ticked and a URL typed while the save is on its way, and saves them next', async () => {
  let settings = { email: true, webhook: null as { url: string } | null, sites: [] as unknown[] };
  const sent: Record<string, unknown>[] = [];
  const said: string[] = [];
  const waiting: (() => void)[] = [];
  const drawn: { section?: SummariesSection } = {};
  const host = {
    lang: 'en',
    person: true,
    t: (k: Parameters<typeof translate>[1], p?: Record<string, string | number>) => translate('en', k, p),
    requestUpdate: () => render(drawn.section!.render(), root),
    sayDone: (text: string) => said.push(text),
    clearIssues() {},
    fail(e: unknown) {
      throw e;
    },
    client: {
      sites: async () => ({
        sites: [
          { id: 'a', name: 'Shop A' },
          { id: 'b', name: 'Shop B' },
        ],
      }),
      summaries: async () => ({ settings, sent: [] }),
      setSummaries: (body: Record<string, unknown>) => {
        sent.push(body);
        return new Promise((done) =>
          waiting.push(() => {
            const webhook = body.webhook as { url: string } | null;
            settings = { ...(body as typeof settings), webhook: webhook && { url: webhook.url } };
            done({});
          }),
        );
      },
    },
  } as unknown as SummariesHost;
  const section = (drawn.section = new SummariesSection(host));
  await section.load();
  const box = (label: string) => root.querySelector<HTMLInputElement>(`input[aria-label="${label}"]`)!;
  const tick = (label: string) => {
    box(label).checked = true;
    box(label).dispatchEvent(new Event('change'));
  };
  const url = () => root.querySelector<HTMLInputElement>('input[name=webhook]')!;
  const answer = async () => {
    waiting.shift()!();
    await new Promise((r) => setTimeout(r, 0));
  };
  tick('Daily: Shop A');
  root.querySelector<HTMLFormElement>('#summaries')!.requestSubmit();
  // while the save is on its way
  tick('Weekly: Shop B');
  url().value = 'https://hooks.example/summaries';
  url().dispatchEvent(new Event('input'));
  await answer();
  expect(sent[0]!.sites).toEqual([{ site: 'a', daily: true, weekly: false }]);
  expect(box('Weekly: Shop B').checked).toBe(true);
  expect(box('Daily: Shop A').checked).toBe(true);
  expect(url().value).toBe('https://hooks.example/summaries');
  expect(said.at(-1)).toContain('not saved yet');
  root.querySelector<HTMLFormElement>('#summaries')!.requestSubmit();
  await answer();
  expect(sent[1]).toMatchObject({
    webhook: { url: 'https://hooks.example/summaries' },
    sites: [
      { site: 'a', daily: true, weekly: false },
      { site: 'b', daily: false, weekly: true },
    ],
  });
  expect(said.at(-1)).toBe(translate('en', 'summariesSaved'));
});
