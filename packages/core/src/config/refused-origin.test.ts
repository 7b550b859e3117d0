// A page on an origin the site does not allow: one [nudge] line in its console with the server's words, no throw.
import { afterEach, expect, it, vi } from 'vitest';
import { createConfigClient } from './client.js';

afterEach(() => vi.restoreAllMocks());

it('prints the refusal the server sent (origin and where to allow it) once, and keeps the config in force', async () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const message =
    'origin https://new-shop.example is not allowed for site "demo": add it to the site\'s allowed origins (Nudge console, Site settings)';
  const fetch = vi.fn(
    async () =>
      new Response(JSON.stringify({ error: 'origin_not_allowed', message }), {
        status: 403,
        headers: { 'content-type': 'application/json' },
      }),
  );
  const seen: number[] = [];
  const client = createConfigClient({
    site: 'demo',
    endpoint: 'https://api.example',
    loadValidator: () => import('./validator.js'),
    fetch: fetch as unknown as typeof globalThis.fetch,
    onConfig: (c) => seen.push(c.version),
  });
  await client.refresh();
  expect(fetch).toHaveBeenCalledTimes(1);
  // asked again (a return to the tab): still one line
  await client.refresh();
  expect(fetch).toHaveBeenCalledTimes(2);
  expect(warn.mock.calls).toEqual([['[nudge]', message]]);
  expect(seen).toEqual([]);
  client.close();
});

it('a refusal whose body is not JSON is swallowed: nothing escapes into the page', async () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const fetch = vi.fn(async () => new Response('<html>forbidden</html>', { status: 403 }));
  const client = createConfigClient({
    site: 'demo',
    endpoint: 'https://api.example',
    loadValidator: () => import('./validator.js'),
    fetch: fetch as unknown as typeof globalThis.fetch,
    onConfig: () => {},
  });
  await expect(client.refresh()).resolves.toBeUndefined();
  expect(warn).not.toHaveBeenCalled();
  client.close();
});
