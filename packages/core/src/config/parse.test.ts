// parseConfig rejects bad documents whole, naming each bad field by path in plain words.
import { describe, expect, it } from 'vitest';
import { formatIssues, parseConfig } from './parse.js';

const valid = {
  schema: 1,
  site: 'demo',
  version: 7,
  locale: 'zh-CN',
  currency: 'CNY',
  segments: { activeWithinDays: 30, dormantAfterDays: 90, highValue: { minOrders: 3, minSpent: 1000 } },
  widgets: [
    {
      id: 'welcome',
      type: 'coupon-popup',
      enabled: true,
      audience: { segment: 'new' },
      trigger: { delayMs: 5000, exitIntent: true },
      frequency: { quietDaysAfterDismiss: 7, oncePerSession: true },
      props: {
        code: 'WELCOME30',
        heading: '新人礼',
        amount: 30,
        threshold: 150,
        currency: 'CNY',
        expiresAt: '2026-12-31T23:59:59Z',
        applyUrl: '/discount/{code}',
      },
    },
    {
      id: 'stock',
      type: 'stock-banner',
      props: { lowStockThreshold: 5, maxAgeSeconds: 600 },
      mount: { selector: '.product-info', position: 'after' },
    },
    {
      id: 'invite',
      type: 'referral-card',
      props: { url: 'https://shop.example/', inviterReward: '¥20', friendReward: '¥20' },
    },
    {
      id: 'bar',
      type: 'buy-bar',
      props: { target: '#add-to-cart', position: 'bottom', color: '#0b57d0', label: '立即购买' },
    },
  ],
  experiments: [
    {
      key: 'bar-color',
      status: 'running',
      traffic: 0.5,
      layer: 'pdp',
      variants: [
        { key: 'control', weight: 1 },
        { key: 'red', weight: 1, patch: { bar: { color: '#d92d20', position: 'top' } } },
      ],
    },
    {
      key: 'coupon-size',
      status: 'paused',
      traffic: 1,
      variants: [
        { key: 'control', weight: 1 },
        { key: 'big', weight: 1, patch: { welcome: { amount: 50, enabled: true } } },
      ],
    },
  ],
};

describe('parseConfig', () => {
  it('accepts a full document', () => {
    const r = parseConfig(valid);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.config.widgets[3]?.type).toBe('buy-bar');
  });

  it('takes every prop the stock banner and buy bar elements support, and checks them', () => {
    const doc = structuredClone(valid) as any;
    Object.assign(doc.widgets[1].props, { feedUrl: 'https://erp.example/stock/42.json', feedIntervalSeconds: 30 });
    Object.assign(doc.widgets[3].props, { footer: '#site-footer', availability: 'out_of_stock' });
    expect(parseConfig(doc).ok).toBe(true);
    doc.widgets[1].props.feedIntervalSeconds = 5;
    doc.widgets[3].props.availability = 'sold_out';
    const r = parseConfig(doc);
    expect(r.ok ? [] : r.issues.map((i) => i.path)).toEqual([
      'widgets.1.props.feedIntervalSeconds',
      'widgets.3.props.availability',
    ]);
  });

  it('takes tracking.webVitals as a sample rate from 0 to 1 and names the field when it is out of range', () => {
    for (const rate of [0, 0.1, 1]) expect(parseConfig({ ...valid, tracking: { webVitals: rate } }).ok).toBe(true);
    for (const [rate, message] of [
      [-0.1, 'must be >= 0'],
      [1.5, 'must be <= 1'],
      ['0.5', 'expected number'],
    ] as const) {
      const r = parseConfig({ ...valid, tracking: { addToCart: '#buy', webVitals: rate } });
      expect(r.ok ? [] : r.issues).toEqual([{ path: 'tracking.webVitals', message }]);
    }
  });

  it('accepts JSON text and reports broken JSON at the document root', () => {
    expect(parseConfig(JSON.stringify(valid)).ok).toBe(true);
    const r = parseConfig('{"schema": 1,');
    expect(r).toMatchObject({ ok: false, issues: [{ path: '' }] });
  });

  it('names every bad field with a readable message', () => {
    const bad = structuredClone(valid) as any;
    bad.widgets[0].props.amount = -5;
    bad.widgets[0].props.currency = 'yuan';
    bad.widgets[2].props.url = 'javascript:alert(1)';
    bad.widgets[3].props.colour = 'red';
    bad.experiments[0].traffic = 1.5;
    bad.experiments[1].variants[1].patch.welcome.amount = 'lots';
    const r = parseConfig(bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byPath = Object.fromEntries(r.issues.map((i) => [i.path, i.message]));
    expect(byPath).toMatchObject({
      'widgets.0.props.amount': 'must be >= 0',
      'widgets.0.props.currency': expect.stringContaining('ISO 4217'),
      'widgets.2.props.url': expect.stringContaining('http'),
      'widgets.3.props.colour': 'unknown field',
      'experiments.0.traffic': 'must be <= 1',
    });
    // Patches are only checked once the document itself is sound, so fix the rest and look again.
    const onlyPatch = structuredClone(valid) as any;
    onlyPatch.experiments[1].variants[1].patch.welcome.amount = 'lots';
    const r2 = parseConfig(onlyPatch);
    expect(r2).toEqual({
      ok: false,
      issues: [{ path: 'experiments.1.variants.1.patch.welcome.amount', message: 'expected number' }],
    });
    expect(formatIssues(r.issues)).toContain('widgets.0.props.amount: must be >= 0');
  });

  it('rejects duplicate ids and keys and empty weights', () => {
    const bad = structuredClone(valid) as any;
    bad.widgets[1].id = 'welcome';
    bad.experiments[1].key = 'bar-color';
    bad.experiments[0].variants = [
      { key: 'a', weight: 0 },
      { key: 'a', weight: 0 },
    ];
    const r = parseConfig(bad);
    expect(r.ok ? [] : r.issues.map((i) => i.path).sort()).toEqual([
      'experiments.0.variants',
      'experiments.0.variants.1.key',
      'experiments.1.key',
      'widgets.1.id',
    ]);
  });

  it('names the allowed widget types for an unknown type', () => {
    const r = parseConfig({ ...valid, widgets: [{ id: 'x', type: 'spinner', props: {} }], experiments: [] });
    expect(r).toMatchObject({
      ok: false,
      issues: [{ path: 'widgets.0.type', message: expect.stringContaining('coupon-popup') }],
    });
  });

  it('refuses a coupon applyUrl a browser would open on another site', () => {
    for (const applyUrl of [
      '/\\evil.example/apply?c={code}',
      '/\\/evil.example',
      '//evil.example/{code}',
      '/\t/evil.example',
    ]) {
      const doc = structuredClone(valid) as any;
      doc.widgets[0].props.applyUrl = applyUrl;
      expect(parseConfig(doc)).toMatchObject({ ok: false, issues: [{ path: 'widgets.0.props.applyUrl' }] });
    }
  });

  it('refuses weights whose sum would not be finite (1e308 + 1e308 is Infinity and enrols nobody)', () => {
    const doc = structuredClone(valid) as any;
    doc.experiments[0].variants = [
      { key: 'a', weight: 1e308 },
      { key: 'b', weight: 1e308 },
    ];
    const r = parseConfig(doc);
    expect(r.ok ? [] : r.issues.map((i) => i.path)).toEqual([
      'experiments.0.variants.0.weight',
      'experiments.0.variants.1.weight',
    ]);
  });

  it('refuses an audience nested thousands of levels deep instead of throwing', () => {
    let audience: any = { segment: 'new' };
    for (let i = 0; i < 20_000; i++) audience = { not: audience };
    const doc = structuredClone(valid) as any;
    doc.widgets[0].audience = audience;
    expect(() => parseConfig(doc)).not.toThrow();
    expect(parseConfig(doc)).toMatchObject({ ok: false, issues: [{ path: '', message: 'nested too deeply' }] });
  });

  it('never throws, whatever it is given', () => {
    for (const input of [undefined, null, 42, 'null', [], { schema: 2 }, { widgets: 'x' }]) {
      expect(() => parseConfig(input)).not.toThrow();
      expect(parseConfig(input).ok).toBe(false);
    }
  });

  it('refuses __proto__, constructor and prototype keys anywhere, variant patches included, each by its path', () => {
    // JSON.parse makes each an own key, as a hostile publish or a tampered cached copy would have it.
    const text = JSON.stringify(valid)
      .replace('"patch":{"bar":{', '"patch":{"bar":{"__proto__":{"enabled":false},')
      .replace('"patch":{"welcome":{', '"patch":{"__proto__":{"amount":1},"welcome":{"constructor":{"prototype":1},')
      .replace('"audience":{"segment":"new"}', '"audience":{"segment":"new","prototype":{}}')
      .replace('"segments":{', '"segments":{"constructor":1,');
    const hostile = JSON.parse(text);
    for (const input of [hostile, text]) {
      const r = parseConfig(input);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.issues.map((i) => i.path).sort()).toEqual([
        'experiments.0.variants.1.patch.bar.__proto__',
        'experiments.1.variants.1.patch.__proto__',
        'experiments.1.variants.1.patch.welcome.constructor',
        'segments.constructor',
        'widgets.0.audience.prototype',
      ]);
      expect(r.issues[0]!.message).toMatch(/reserved key/);
    }
    // The same document without them is accepted, and nothing leaked onto Object.prototype meanwhile.
    expect(parseConfig(valid).ok).toBe(true);
    expect(({} as Record<string, unknown>).enabled).toBeUndefined();
  });

  it('refuses a reserved key at the document root and inside widget props', () => {
    const doc = JSON.parse(
      '{"__proto__":{"site":"x"},"schema":1,"site":"s","version":1,"widgets":[],"experiments":[]}',
    );
    expect(parseConfig(doc)).toMatchObject({ ok: false, issues: [{ path: '__proto__' }] });
    const props = structuredClone(valid) as any;
    props.widgets[3].props = JSON.parse('{"target":"#a","prototype":"x"}');
    expect(parseConfig(props)).toMatchObject({ ok: false, issues: [{ path: 'widgets.3.props.prototype' }] });
  });
});
