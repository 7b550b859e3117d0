// The Shopify theme app extension: Shopify's own theme-check over it, and its blocks rendered with liquidjs against a
// sample product, read back by the embed's product reader.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { themeCheckRun } from '@shopify/theme-check-node';
import { Liquid, Tag, type Emitter, type TagToken, type TopLevelToken } from 'liquidjs';
import { describe, expect, it } from 'vitest';
import { productFromAttributes } from '../../packages/embed/src/product.js';

const ext = resolve(import.meta.dirname, '../../integrations/shopify/extensions/nudge-theme');
const block = (name: string) => readFileSync(join(ext, 'blocks', `${name}.liquid`), 'utf8');

/** Shopify's {% schema %}: JSON for the editor, no output. */
class SchemaTag extends Tag {
  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid) {
    super(token, remain, liquid);
    while (remain.length) {
      const t = remain.shift()!;
      if ((t as TagToken).name === 'endschema') return;
    }
    throw new Error('schema not closed');
  }
  *render(_ctx: unknown, _emitter: Emitter) {}
}
const liquid = new Liquid({ strictFilters: true });
liquid.registerTag('schema', SchemaTag);

const schemaOf = (name: string) =>
  JSON.parse(/{% schema %}([\s\S]*){% endschema %}/.exec(block(name))![1]!) as {
    target: string;
    stylesheet?: string;
    settings: { id?: string; type: string; default?: unknown }[];
  };
/** The settings' defaults, as the theme editor starts them. */
const defaults = (name: string) =>
  Object.fromEntries(schemaOf(name).settings.flatMap((s) => (s.id ? [[s.id, s.default ?? '']] : [])));

const unescape = (s: string) =>
  s
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
/** Each attribute of the first `<tag ...>` in html (values unescaped), or undefined when there is none. */
function attrs(html: string, tag: string): Record<string, string> | undefined {
  const m = new RegExp(`<${tag}\\b([^>]*)>`).exec(html);
  if (!m) return undefined;
  const out: Record<string, string> = {};
  for (const a of m[1]!.matchAll(/([\w-]+)(?:="([^"]*)")?/g)) out[a[1]!] = unescape(a[2] ?? '');
  return out;
}

const product = {
  title: `Tieguanyin "Iron Goddess" <oolong> & co's`,
  selected_or_first_available_variant: {
    id: 4211,
    sku: 'TEA-OOL-150',
    price: 3200,
    compare_at_price: 4000,
    available: true,
    inventory_management: 'shopify',
    inventory_policy: 'deny',
    inventory_quantity: 6,
  },
};
const page = (settings: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  block: { settings: { ...defaults('nudge-embed'), ...settings }, shopify_attributes: 'data-shopify-editor-block="1"' },
  cart: { currency: { iso_code: 'USD' } },
  request: { locale: { iso_code: 'en' } },
  ...extra,
});

describe('theme app extension layout', () => {
  it("follows Shopify's layout: a theme extension with blocks, assets and locales only", () => {
    expect(readFileSync(join(ext, 'shopify.extension.toml'), 'utf8')).toMatch(/^type = "theme"$/m);
    for (const d of readdirSync(ext))
      expect(['blocks', 'assets', 'locales', 'snippets', 'shopify.extension.toml', '.theme-check.yml']).toContain(d);
    expect(schemaOf('nudge-embed').target).toBe('body');
    expect(schemaOf('stock-banner')).toMatchObject({ target: 'section', stylesheet: 'nudge-slots.css' });
    expect(schemaOf('referral-card')).toMatchObject({ target: 'section', stylesheet: 'nudge-slots.css' });
    expect(schemaOf('nudge-embed').settings.map((s) => s.id)).toEqual(
      expect.arrayContaining(['site_id', 'server_url', 'add_to_cart', 'checkout']),
    );
  });

  it("passes Shopify's theme-check (theme app extension rules) with no error", async () => {
    const run = await themeCheckRun(ext, join(ext, '.theme-check.yml'), () => {});
    for (const o of run.offenses)
      console.log(`theme-check: ${o.check} (severity ${o.severity}) ${o.uri}: ${o.message}`);
    console.log(`theme-check: ${run.offenses.length} offense(s) over ${run.theme.length} files`);
    expect(run.theme.length).toBeGreaterThanOrEqual(4);
    expect(run.offenses.map((o) => `${o.check}: ${o.message}`)).toEqual([]);
  });
});

describe('the app embed, rendered', () => {
  it('prints the tag pointing at the server and the selected variant for the product reader', async () => {
    const html = await liquid.parseAndRender(
      block('nudge-embed'),
      page({ site_id: 'shop-42', server_url: ' https://nudge.example.com/ ' }, { product }),
    );
    const script = attrs(html, 'script')!;
    expect(script).toMatchObject({
      async: '',
      src: 'https://nudge.example.com/nudge/v1/nudge.js',
      'data-site': 'shop-42',
      'data-endpoint': 'https://nudge.example.com',
      'data-locale': 'en',
      'data-track-add-to-cart': "form[action*='/cart/add'] [type=submit]",
      'data-track-checkout': '[name=checkout]',
    });
    expect(script['data-consent']).toBeUndefined();
    const div = attrs(html, 'div')!;
    expect(div).toHaveProperty('hidden');
    const json = JSON.parse(div['data-nudge-product']!);
    expect(json).toEqual({
      id: 4211,
      sku: 'TEA-OOL-150',
      name: product.title,
      price: 32,
      compareAtPrice: 40,
      currency: 'USD',
      availability: 'InStock',
      stock: { remaining: 6, source: 'shopify' },
    });
    // what the embed makes of it on the page
    const read = productFromAttributes({ 'nudge-product': div['data-nudge-product']! }, '2026-12-06T10:00:00.000Z');
    expect(read).toMatchObject({
      sku: 'TEA-OOL-150',
      name: product.title,
      price: 32,
      compareAtPrice: 40,
      currency: 'USD',
      stock: { remaining: 6, source: 'shopify', asOf: '2026-12-06T10:00:00.000Z' },
    });
  });

  it('shares no stock figure it cannot stand behind, and none when the merchant turns it off', async () => {
    const render = async (variant: Record<string, unknown>, settings: Record<string, unknown> = {}) => {
      const p = {
        ...product,
        selected_or_first_available_variant: { ...product.selected_or_first_available_variant, ...variant },
      };
      const html = await liquid.parseAndRender(
        block('nudge-embed'),
        page({ site_id: 's', server_url: 'https://n.example', ...settings }, { product: p }),
      );
      return JSON.parse(attrs(html, 'div')!['data-nudge-product']!);
    };
    expect(await render({ inventory_policy: 'continue' })).not.toHaveProperty('stock');
    expect(await render({ inventory_management: null })).not.toHaveProperty('stock');
    expect(await render({}, { show_stock: false })).not.toHaveProperty('stock');
    expect(await render({ inventory_quantity: -3, available: false })).toMatchObject({
      availability: 'OutOfStock',
      stock: { remaining: 0 },
    });
  });

  it('prints nothing until the site and an https server are set; settings are escaped', async () => {
    for (const s of [
      {},
      { site_id: 'x' },
      { server_url: 'https://n.example' },
      { site_id: 'x', server_url: 'http://n.example' },
      { site_id: 'x', server_url: 'javascript:alert(1)//' },
    ])
      expect((await liquid.parseAndRender(block('nudge-embed'), page(s, { product }))).trim(), JSON.stringify(s)).toBe(
        '',
      );
    const html = await liquid.parseAndRender(
      block('nudge-embed'),
      page({ site_id: '"><script>alert(1)</script>', server_url: 'https://n.example', consent_required: true }),
    );
    expect(html).not.toContain('<script>alert');
    expect(attrs(html, 'script')).toMatchObject({
      'data-site': '"><script>alert(1)</script>',
      'data-consent': 'required',
    });
    // not a product page: no product element
    expect(attrs(html, 'div')).toBeUndefined();
  });
});

describe('the app blocks, rendered', () => {
  it('the stock banner block is a slot with its height reserved by the stylesheet', async () => {
    const html = await liquid.parseAndRender(block('stock-banner'), {
      block: { settings: {}, shopify_attributes: '' },
    });
    expect(attrs(html, 'div')).toMatchObject({
      'data-nudge-slot': 'stock-banner',
      class: 'nudge-slot nudge-slot--stock',
    });
    expect(readFileSync(join(ext, 'assets/nudge-slots.css'), 'utf8')).toMatch(/\.nudge-slot--stock \{[^}]*min-height/);
  });

  it("the referral card slot carries the signed-in customer's own code, and is absent without one", async () => {
    const b = { settings: {}, shopify_attributes: '' };
    const html = await liquid.parseAndRender(block('referral-card'), {
      block: b,
      customer: { metafields: { nudge: { referral_code: { value: 'ANN"10' } } } },
    });
    expect(attrs(html, 'div')).toMatchObject({ 'data-nudge-slot': 'referral-card', 'data-nudge-code': 'ANN"10' });
    expect((await liquid.parseAndRender(block('referral-card'), { block: b })).trim()).toBe('');
    expect(
      (await liquid.parseAndRender(block('referral-card'), { block: b, customer: { metafields: {} } })).trim(),
    ).toBe('');
  });
});
