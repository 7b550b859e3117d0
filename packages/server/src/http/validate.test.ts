import { Hono } from 'hono';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { body, jsonObject, query } from './validate.js';

const app = new Hono().post(
  '/',
  jsonObject,
  body(z.object({ name: z.string(), tags: z.array(z.string()).optional() }), (p) =>
    p.startsWith('tags') ? 'invalid_tags' : 'invalid_thing',
  ),
  (c) => c.json(c.req.valid('json')),
);
const post = (b: string) =>
  app.request('/', { method: 'POST', body: b, headers: { 'content-type': 'application/json' } });

it('answers bad fields with every dot-joined path, the error code chosen by the first one', async () => {
  const r = await post(JSON.stringify({ name: 'x', tags: ['a', 3] }));
  expect(r.status).toBe(400);
  expect(await r.json()).toEqual({
    error: 'invalid_tags',
    message: expect.stringContaining('tags.1: '),
    issues: [{ path: 'tags.1', message: expect.any(String) }],
  });
  expect(await (await post('{}')).json()).toMatchObject({ error: 'invalid_thing', issues: [{ path: 'name' }] });
});

it('reads an empty body as {}, refuses text that is not JSON or not an object, passes a good body on', async () => {
  expect(await (await post('')).json()).toMatchObject({ error: 'invalid_thing' });
  expect(await (await post('{nope')).json()).toMatchObject({ error: 'invalid_json' });
  expect(await (await post('[1]')).json()).toMatchObject({ error: 'invalid_body' });
  expect(await (await post('{"name":"n"}')).json()).toEqual({ name: 'n' });
});

it('checks the body jsonObject read, whatever its content type, and reads none itself', async () => {
  const untyped = (b: string) => app.request('/', { method: 'POST', body: b });
  expect(await (await untyped('{"name":"n"}')).json()).toEqual({ name: 'n' });
  expect(await (await untyped('')).json()).toMatchObject({ error: 'invalid_thing', issues: [{ path: 'name' }] });
  const r = await app.request('/', {
    method: 'POST',
    body: '',
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
  expect(await r.json()).toMatchObject({ error: 'invalid_thing' });
});

it('words a refusal from its first bad field when told how, else lists every field', async () => {
  const worded = new Hono().post(
    '/',
    jsonObject,
    body(z.object({ a: z.number(), b: z.number() }), 'bad', (first, issues) => `${first.path} of ${issues.length}`),
    (c) => c.json(c.req.valid('json')),
  );
  const r = await worded.request('/', { method: 'POST', body: '{"a":"x","b":"y"}' });
  expect(await r.json()).toMatchObject({ error: 'bad', message: 'a of 2', issues: [{ path: 'a' }, { path: 'b' }] });
  const fixed = new Hono().get('/', query(z.object({ n: z.string() }), 'invalid_query', 'bad n'), (c) => c.text('ok'));
  expect(await (await fixed.request('/')).json()).toMatchObject({ error: 'invalid_query', message: 'bad n' });
  const listed = new Hono().get('/', query(z.object({ n: z.string() })), (c) => c.text('ok'));
  expect(await (await listed.request('/')).json()).toMatchObject({ message: expect.stringContaining('n: ') });
});
