// Runs the language-neutral spec cases in test/cases.json (the server runs the same file).
import { describe, expect, it } from 'vitest';
import cases from '../../test/cases.json' with { type: 'json' };
import { parseConfig } from '../config/parse.js';
import type { Condition, Experiment } from '../config/schema.js';
import { assign, assignAll, type AssignContext } from './assign.js';
import { evaluate, type AudienceContext } from './conditions.js';
import { bucket, fnv1a32, hash, murmur3 } from './hash.js';
import { computeSegments, type PurchaseHistory } from './segments.js';

type Case<I, E> = [string, I, E];
const table = <I, E>(list: unknown[]) => list as Case<I, E>[];

describe(`spec cases ${cases.specVersion}`, () => {
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
  it.each(table<{ experiments: Experiment[]; unit: string; context?: AssignContext }, unknown>(cases.assignAll))(
    'assignAll: %s',
    (_n, i, expected) => {
      expect(assignAll(i.experiments, i.unit, i.context)).toEqual(expected);
    },
  );
  it.each(table<{ condition: Condition; context: AudienceContext }, boolean>(cases.conditions))(
    'condition: %s',
    (_n, i, expected) => {
      expect(evaluate(i.condition, i.context)).toBe(expected);
    },
  );
  it.each(table<{ history: PurchaseHistory | null; now: string; settings?: object }, string[]>(cases.segments))(
    'segments: %s',
    (_n, i, expected) => {
      expect(computeSegments(i.history ?? undefined, Date.parse(i.now), i.settings)).toEqual(expected);
    },
  );
  it.each(table<unknown, { ok: boolean; paths?: string[] }>(cases.config))('config: %s', (_n, doc, expected) => {
    const r = parseConfig(doc);
    expect(r.ok ? { ok: true } : { ok: false, paths: r.issues.map((x) => x.path) }).toEqual(expected);
  });
  it('every case file input is a valid experiment', () => {
    for (const [, i] of table<{ experiment: Experiment }, unknown>(cases.assign)) {
      const doc = { schema: 1, site: 's', version: 1, widgets: [], experiments: [i.experiment] };
      expect(parseConfig(doc)).toMatchObject({ ok: true });
    }
  });
});
