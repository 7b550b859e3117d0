import { expect, it } from 'vitest';
import { fillWidgetTypes, runSteps, type Step } from './pipeline.js';

const failed = (_e: unknown, err: unknown) => `failed: ${(err as Error).message}`;

it('runs the steps in order; a dropped event is not seen by later steps and carries its step and reason', async () => {
  const seen: string[] = [];
  const steps: Step<{ n: number }, { max: number }, string>[] = [
    {
      name: 'positive',
      run(events, _ctx, drop) {
        for (const e of events) if (e.n <= 0) drop(e, 'not positive');
      },
    },
    {
      name: 'small',
      each(e, ctx, drop) {
        seen.push(`small:${e.n}`);
        if (e.n > ctx.max) drop(`over ${ctx.max}`);
      },
    },
    { name: 'double', run: (events) => events.forEach((e) => (e.n *= 2)) },
  ];
  const { kept, dropped } = await runSteps(steps, [{ n: -1 }, { n: 2 }, { n: 9 }], { max: 5 }, failed);
  expect(kept).toEqual([{ n: 4 }]);
  expect(dropped).toEqual([
    { event: { n: -1 }, step: 'positive', reason: 'not positive' },
    { event: { n: 9 }, step: 'small', reason: 'over 5' },
  ]);
  expect(seen).toEqual(['small:2', 'small:9']);
});

it('a throw in a per-event step drops only that event, with the reason `failed` gives; the rest go on', async () => {
  const steps: Step<{ n: number }, null, string>[] = [
    {
      name: 'invert',
      each(e) {
        if (e.n === 0) throw new Error('division by zero');
        e.n = 1 / e.n;
      },
    },
    {
      name: 'said-why',
      each(e, _ctx, drop) {
        if (e.n < 0) {
          drop('negative');
          throw new Error('and then threw');
        }
      },
    },
  ];
  const { kept, dropped } = await runSteps(steps, [{ n: 2 }, { n: 0 }, { n: -4 }, { n: 4 }], null, failed);
  expect(kept).toEqual([{ n: 0.5 }, { n: 0.25 }]);
  expect(dropped).toEqual([
    { event: { n: 0 }, step: 'invert', reason: 'failed: division by zero' },
    { event: { n: -0.25 }, step: 'said-why', reason: 'negative' },
  ]);
});

it('a throw in a whole-batch step (a store lookup) fails the batch', async () => {
  const steps: Step<{ n: number }, null, string>[] = [
    {
      name: 'lookup',
      async run() {
        throw new Error('store down');
      },
    },
  ];
  await expect(runSteps(steps, [{ n: 1 }], null, failed)).rejects.toThrow('store down');
});

it("fills a row's widget type from the live config, null for an unknown or missing widget", () => {
  const rows = [
    { widget: 'pop', widgetType: null },
    { widget: 'ghost', widgetType: 'stale' },
    { widget: null, widgetType: null },
  ];
  fillWidgetTypes(rows, new Map([['pop', 'coupon-popup']]));
  expect(rows.map((r) => r.widgetType)).toEqual(['coupon-popup', null, null]);
});
