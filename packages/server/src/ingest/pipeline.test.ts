import { expect, it } from 'vitest';
import { fillWidgetTypes, runSteps, type Step } from './pipeline.js';

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
      async run(events, ctx, drop) {
        for (const e of events) {
          seen.push(`small:${e.n}`);
          if (e.n > ctx.max) drop(e, `over ${ctx.max}`);
        }
      },
    },
    { name: 'double', run: (events) => events.forEach((e) => (e.n *= 2)) },
  ];
  const { kept, dropped } = await runSteps(steps, [{ n: -1 }, { n: 2 }, { n: 9 }], { max: 5 });
  expect(kept).toEqual([{ n: 4 }]);
  expect(dropped).toEqual([
    { event: { n: -1 }, step: 'positive', reason: 'not positive' },
    { event: { n: 9 }, step: 'small', reason: 'over 5' },
  ]);
  expect(seen).toEqual(['small:2', 'small:9']);
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
