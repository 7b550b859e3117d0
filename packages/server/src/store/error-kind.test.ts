// The once-per-session codes come from the core's list, the one the buy bar sends from; checked against the wire's
// strings, which stored events and older clients keep whatever the constants are renamed to.
import { ONCE_PER_SESSION_CODES } from '@nudge/core/spec';
import { expect, it } from 'vitest';
import { errorCounts, KNOWN_MESSAGES } from './error-kind.js';

it('counts sessions for the codes the browser sends once per session, page views for any other', () => {
  expect(ONCE_PER_SESSION_CODES).toEqual(['no_add_to_cart', 'target_not_found']);
  for (const code of ['no_add_to_cart', 'target_not_found']) expect(errorCounts(code)).toBe('sessions');
  expect(errorCounts('script_error')).toBe('page_views');
  expect(errorCounts(null)).toBe('page_views');
  // an older client's message is grouped under today's code
  expect(KNOWN_MESSAGES.map(([, code]) => code)).toEqual(['no_add_to_cart', 'target_not_found']);
});
