import { expect, it } from 'vitest';
import { credentials } from './credentials.js';

/** What the server read before credentials left Node's Buffer behind. */
const viaBuffer = (b64: string) => {
  const d = Buffer.from(b64, 'base64').toString('utf8');
  const i = d.indexOf(':');
  return i < 0 ? d : d.slice(0, i);
};

it('reads a Basic user name as Node did, for well-formed and sloppy base64 alike', () => {
  for (const user of ['wk_abc', 'wk_ü-ñ', 'wk_' + 'x'.repeat(40)]) {
    for (const b64 of [
      Buffer.from(`${user}:`).toString('base64'),
      Buffer.from(`${user}:`).toString('base64').replace(/=+$/, ''),
      Buffer.from(user).toString('base64url'),
    ])
      expect(credentials(`Basic ${b64}`).basicUser, b64).toBe(viaBuffer(b64));
  }
  expect(credentials('Basic a').basicUser).toBe(viaBuffer('a'));
});

it('takes one scheme and one token only', () => {
  expect(credentials('Bearer tok')).toEqual({ bearer: 'tok' });
  expect(credentials('bearer  tok')).toEqual({ bearer: 'tok' });
  expect(credentials('Bearer tok extra')).toEqual({});
  expect(credentials(undefined)).toEqual({});
});
