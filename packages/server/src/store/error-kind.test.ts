// The once-per-session codes come from the core's list, the one the buy bar sends from.
import { NO_ADD_TO_CART, ONCE_PER_SESSION_CODES, TARGET_NOT_FOUND } from '@nudge/core/spec';
import { expect, it } from 'vitest';
import { errorCounts, KNOWN_MESSAGES } from './error-kind.js';

it('counts sessions for the codes the browser sends once per session, page views for any other', () => {
  expect(ONCE_PER_SESSION_CODES).toEqual([NO_ADD_TO_CART, TARGET_NOT_FOUND]);
  for (const code of ONCE_PER_SESSION_CODES) expect(errorCounts(code)).toBe('sessions');
  expect(errorCounts('script_error')).toBe('page_views');
  expect(errorCounts(null)).toBe('page_views');
  // an older client's message is grouped under today's code
  expect(KNOWN_MESSAGES.map(([, code]) => code)).toEqual([NO_ADD_TO_CART, TARGET_NOT_FOUND]);
});
