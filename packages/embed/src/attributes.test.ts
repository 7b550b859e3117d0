import { describe, expect, it } from 'vitest';
import type { ScriptLike } from './attributes.js';
import { parseScriptAttributes } from './tag-errors.js';

const tag = (
  attrs: Record<string, string>,
  src = 'https://cdn.example/nudge/v1/nudge.js',
  nonce?: string,
): ScriptLike => ({
  getAttribute: (n) => attrs[n] ?? null,
  src,
  nonce,
});
const page = 'https://shop.example/products/tea';

describe('parseScriptAttributes', () => {
  it('reads site, endpoint, locale, consent, debug and nonce', () => {
    const r = parseScriptAttributes(
      tag(
        {
          'data-site': 'demo',
          'data-endpoint': 'https://api.example/',
          'data-locale': 'zh-CN',
          'data-consent': 'required',
          'data-debug': '',
        },
        undefined,
        'abc',
      ),
      page,
    );
    expect(r).toEqual({
      ok: true,
      options: {
        site: 'demo',
        endpoint: 'https://api.example',
        locale: 'zh-CN',
        consent: 'required',
        debug: true,
        nonce: 'abc',
      },
    });
  });
  it('reads auto-tracking selectors', () => {
    const r = parseScriptAttributes(
      tag({ 'data-site': 'demo', 'data-track-add-to-cart': '.add', 'data-track-checkout': '#checkout' }),
      page,
    );
    expect(r.ok && r.options.autoTrack).toEqual({ addToCart: '.add', beginCheckout: '#checkout' });
  });
  it('defaults the endpoint to the script origin, consent to granted, debug off', () => {
    const r = parseScriptAttributes(tag({ 'data-site': 'demo', 'data-debug': 'false' }), page);
    expect(r.ok && r.options).toMatchObject({ endpoint: 'https://cdn.example', consent: 'granted', debug: false });
  });
  it('resolves a relative endpoint against the page', () => {
    const r = parseScriptAttributes(tag({ 'data-site': 'demo', 'data-endpoint': '/api' }), page);
    expect(r.ok && r.options.endpoint).toBe('https://shop.example/api');
  });
  it('rejects a missing site, a javascript: endpoint and an unknown consent mode with a clear message', () => {
    expect(parseScriptAttributes(tag({}), page)).toEqual({
      ok: false,
      error: 'data-site is missing on the Nudge script tag',
    });
    const js = parseScriptAttributes(tag({ 'data-site': 'd', 'data-endpoint': 'javascript:alert(1)' }), page);
    expect(js.ok).toBe(false);
    expect(!js.ok && js.error).toMatch(/data-endpoint must be an http\(s\) URL/);
    const c = parseScriptAttributes(tag({ 'data-site': 'd', 'data-consent': 'maybe' }), page);
    expect(!c.ok && c.error).toMatch(/data-consent must be "required" or "granted"/);
  });
});
