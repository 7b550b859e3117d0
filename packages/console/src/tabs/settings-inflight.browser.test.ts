// The Settings tab's allowed origins when the person types while their save is on its way: the answer (the list
// sent) must not overwrite the newer text, and "saved" is said only of what was sent.
import { render } from 'lit';
import { afterEach, expect, it } from 'vitest';
import { heldHost } from './inflight-testing.js';
import { SettingsTab, type SettingsHost } from './settings-tab.js';

const root = document.createElement('div');
document.body.append(root);
afterEach(() => render(null, root));

it('keeps origins typed while the save is on its way, says they wait, and saves them next', async () => {
  let stored = ['https://shop.example'];
  const sent: string[][] = [];
  const h = heldHost(root, {
    site: async () => ({ site: { allowedOrigins: stored } }),
    writeKeys: async () => ({ writeKeys: [] }),
    stats: async () => ({ events: 0, invalidProps: 0, rejected: 0, clientDropped: 0 }),
    setOrigins: (_: string, origins: string[]) => (sent.push(origins), h.hold(undefined, () => (stored = origins))),
  });
  const tab = h.draws(new SettingsTab(h.host as unknown as SettingsHost)) as SettingsTab;
  await tab.load();
  const field = () => root.querySelector<HTMLTextAreaElement>('#origins')!;
  const type = (text: string) => {
    field().value = text;
    field().dispatchEvent(new Event('input'));
  };
  const save = () => root.querySelector<HTMLFormElement>('form')!.requestSubmit();
  expect(field().value).toBe('https://shop.example');
  type('https://shop.example\nhttps://a.example');
  save();
  type('https://shop.example\nhttps://a.example\nhttps://b.example');
  await h.answer();
  expect(sent[0]).toEqual(['https://shop.example', 'https://a.example']);
  expect(field().value).toBe('https://shop.example\nhttps://a.example\nhttps://b.example');
  expect(h.said.at(-1)).toContain('not saved yet');
  save();
  await h.answer();
  expect(sent[1]).toEqual(['https://shop.example', 'https://a.example', 'https://b.example']);
  expect(h.said.at(-1)).toBe('Allowed origins saved.');
  expect(field().value).toBe('https://shop.example\nhttps://a.example\nhttps://b.example');
});
