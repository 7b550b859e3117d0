// The core's language-neutral spec cases, run against what the server uses: @nudge/core/spec and its own endpoints.
import {
  assign,
  assignAll,
  bucket,
  evaluate,
  fnv1a32,
  hash,
  murmur3,
  type AssignContext,
  type AudienceContext,
  type Condition,
  type Experiment,
} from '@nudge/core/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import cases from '../../core/test/cases.json' with { type: 'json' };
import { startServer, type RunningServer } from './server.js';
import { adminClient } from './testing.js';

type Case<I, E> = [string, I, E];
const table = <I, E>(list: unknown[]) => list as Case<I, E>[];

let s: RunningServer;
let admin: ReturnType<typeof adminClient>;
beforeAll(async () => {
  s = await startServer({ port: 0, data: ':memory:', adminToken: 't', log: () => {} });
  admin = adminClient(s.url, 't');
  await admin.post('/sites', { id: 'demo' });
  await admin.post('/sites', { id: 's' });
});
afterAll(() => s.close());

describe(`server runs spec cases ${cases.specVersion}`, () => {
  it.each(table<{ fn: string; input: string; seed?: number | string }, number>(cases.hash))(
    'hash: %s',
    (_n, i, expected) => {
      const got =
        i.fn === 'murmur3'
          ? murmur3(i.input, i.seed as number)
          : i.fn === 'fnv1a32'
            ? fnv1a32(i.input)
            : hash(i.seed as string, i.input);
      expect(got).toBe(expected);
    },
  );
  it.each(table<{ seed: string; unit: string }, number>(cases.bucket))('bucket: %s', (_n, i, expected) => {
    expect(bucket(i.seed, i.unit)).toBe(expected);
  });
  it.each(table<{ experiment: Experiment; unit: string; context?: AssignContext }, unknown>(cases.assign))(
    'assign: %s',
    (_n, i, expected) => {
      expect(assign(i.experiment, i.unit, i.context)).toEqual(expected);
    },
  );
  it.each(table<{ condition: Condition; context: AudienceContext }, boolean>(cases.conditions))(
    'condition: %s',
    (_n, i, expected) => {
      expect(evaluate(i.condition, i.context)).toBe(expected);
    },
  );

  // Through the admin API: publish accepts exactly the valid documents and names the same bad paths.
  it.each(table<Record<string, unknown>, { ok: boolean; paths?: string[] }>(cases.config))(
    'config publish: %s',
    async (_n, doc, expected) => {
      const site = typeof doc.site === 'string' && ['demo', 's'].includes(doc.site) ? doc.site : 'demo';
      const r = await admin.post(`/sites/${site}/config`, { config: doc });
      const got =
        r.status === 200
          ? { ok: true }
          : { ok: false, paths: (r.body.issues as { path: string }[]).map((x) => x.path) };
      if (expected.ok) expect(got).toEqual({ ok: true });
      else expect(got.ok).toBe(false);
      if (!expected.ok && expected.paths?.every((p) => p !== 'site' && p !== 'version')) expect(got).toEqual(expected);
    },
  );

  // The preview endpoint assigns with the core's assignAll: the same variants as the browser would get.
  it.each(
    table<{ experiments: Experiment[]; unit: string; context?: AssignContext }, Record<string, unknown>>(
      cases.assignAll,
    ),
  )('preview assignAll: %s', async (_n, i, expected) => {
    if (i.context?.sticky || i.context?.audience) {
      expect(assignAll(i.experiments, i.unit, i.context)).toEqual(expected);
      return;
    }
    const pub = await admin.post('/sites/s/config', {
      config: { schema: 1, site: 's', version: 1, widgets: [], experiments: i.experiments },
    });
    expect(pub.status, JSON.stringify(pub.body)).toBe(200);
    const force = Object.entries(i.context?.forced ?? {})
      .map(([k, v]) => `${k}:${v}`)
      .join(',');
    const r = await admin.get(
      `/sites/s/preview?unit=${encodeURIComponent(i.unit)}${force ? `&force=${encodeURIComponent(force)}` : ''}`,
    );
    expect(r.body.assignments).toEqual(expected);
  });
});
