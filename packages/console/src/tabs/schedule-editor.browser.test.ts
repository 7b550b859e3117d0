// The site's time-zone setting in real Chromium: Save publishes what the field holds, even after a re-render.
import { render } from 'lit';
import { afterEach, expect, it } from 'vitest';
import { renderZoneSetting } from './schedule-editor.js';

const host = document.createElement('div');
document.body.append(host);
afterEach(() => render(null, host));

it('saves the zone typed before a re-render (a background refresh) came between typing and Save', () => {
  const saved: (string | undefined)[] = [];
  const draw = () =>
    render(renderZoneSetting({ lang: 'en', value: undefined, disabled: false, save: (z) => saved.push(z) }), host);
  draw();
  const field = host.querySelector<HTMLInputElement>('#site-zone')!;
  field.value = 'Asia/Shanghai';
  field.dispatchEvent(new Event('input'));
  draw(); // e.g. the Errors badge refreshed
  host.querySelector('button')!.click();
  expect(saved).toEqual(['Asia/Shanghai']);
  // an unknown zone is not saved; an empty field saves "no zone" (UTC)
  field.value = 'Mars/Olympus';
  host.querySelector('button')!.click();
  field.value = '';
  host.querySelector('button')!.click();
  expect(saved).toEqual(['Asia/Shanghai', undefined]);
});

it('keeps a zone typed while the last one saved is on its way, when the answer draws the field again', () => {
  const draw = (value: string | undefined) =>
    render(renderZoneSetting({ lang: 'en', value, disabled: false, save: () => {} }), host);
  draw(undefined);
  const field = host.querySelector<HTMLInputElement>('#site-zone')!;
  field.value = 'Asia/Tokyo';
  field.dispatchEvent(new Event('input'));
  // saved; typed again before the publish answered
  field.value = 'Europe/Paris';
  field.dispatchEvent(new Event('input'));
  draw('Asia/Tokyo');
  expect(field.value).toBe('Europe/Paris');
  // untouched since it was last drawn: a new stored zone shows
  draw('Europe/Paris');
  draw('America/New_York');
  expect(field.value).toBe('America/New_York');
});
