import { expect, it } from 'vitest';
import { afterSave } from './edits-since-save.js';

it('keeps the fields changed since the save was sent and takes the answer for the rest', () => {
  const sent = { a: '1', b: '2', c: true, o: { x: 1 } };
  const now = { a: '1', b: '3', c: true, o: { x: 1 } };
  const answer = { a: '1.0', b: '2', c: false, o: { x: 2 } };
  expect(afterSave(sent, now, answer)).toEqual({ draft: { a: '1.0', b: '3', c: false, o: { x: 2 } }, newer: ['b'] });
  // a plain object changed in place compares by value
  expect(afterSave(sent, { ...now, b: '2', o: { x: 5 } }, answer).newer).toEqual(['o']);
  // nothing changed since: the answer, and nothing waits
  expect(afterSave(sent, sent, answer)).toEqual({ draft: answer, newer: [] });
  // a field removed since stays removed
  const { b: _b, ...less } = sent;
  expect(afterSave(sent, less as typeof sent, answer).draft).not.toHaveProperty('b');
});
