import type { NudgeConfig } from '@nudge/core';
import { expect, it } from 'vitest';
import { widgetAfterSave } from './widget-saved.js';

const config = (props: Record<string, unknown>) =>
  ({ widgets: [{ id: 'w', type: 'stock-banner', props }] }) as unknown as NudgeConfig;

it('drops what was published, keeps what was edited since (raw JSON being typed as typed)', () => {
  const sentText = '{"threshold":3}';
  const sent = { props: { threshold: 3 }, drafts: { w: sentText }, schedules: {} };
  // untouched since: nothing left to save
  expect(widgetAfterSave('w', sent, { drafts: sent.drafts, schedules: {} }, config({ threshold: 3 }))).toEqual({
    drafts: {},
    schedules: {},
  });
  // half-typed JSON in the raw editor stays as typed
  const typing = { drafts: { w: '{"threshold":3,' }, schedules: {} };
  expect(widgetAfterSave('w', sent, typing, config({ threshold: 3 })).drafts).toEqual(typing.drafts);
  // a prop changed since stays, the others follow the answer
  const edited = { drafts: { w: '{"threshold":3,"showCount":true}' }, schedules: {} };
  const out = widgetAfterSave('w', sent, edited, config({ threshold: 3, message: 'x' }));
  expect(JSON.parse(out.drafts.w!)).toEqual({ threshold: 3, message: 'x', showCount: true });
  // a schedule removed while the publish was on its way stays removed (an edit: undefined)
  const removed = widgetAfterSave('w', sent, { drafts: sent.drafts, schedules: { w: undefined } }, config({}));
  expect('w' in removed.schedules).toBe(true);
});
