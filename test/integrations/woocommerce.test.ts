// The WooCommerce plugin with Debian's php-cli: every file passes `php -l`, and its output functions, run against
// stubbed WordPress and WooCommerce hooks (integrations/woocommerce/tests/run.php), print the HTML Nudge expects.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { checkEventProps } from '@nudge/core/spec';
import { STUB_SNIPPET } from '@nudge/embed';
import { productFromAttributes } from '../../packages/embed/src/product.js';

const dir = resolve(import.meta.dirname, '../../integrations/woocommerce');
const php = spawnSync('php', ['--version']).status === 0;
if (!php)
  console.warn(
    'woocommerce tests skipped: php is not installed (Debian: apt-get install -y php-cli; .ci/run installs it)',
  );

const phpFiles = (d: string): string[] =>
  readdirSync(d, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? phpFiles(join(d, e.name)) : e.name.endsWith('.php') ? [join(d, e.name)] : [],
  );
const unescape = (s: string) =>
  s
    .replace(/&#0?39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
function attrs(html: string, tag: string): Record<string, string> | undefined {
  const m = new RegExp(`<${tag}\\b([^>]*)>`).exec(html);
  if (!m) return undefined;
  const out: Record<string, string> = {};
  for (const a of m[1]!.matchAll(/([\w-]+)(?:="([^"]*)")?/g)) out[a[1]!] = unescape(a[2] ?? '');
  return out;
}

describe.skipIf(!php)('WooCommerce plugin (php-cli)', () => {
  const out = php ? JSON.parse(execFileSync('php', [join(dir, 'tests/run.php')], { encoding: 'utf8' })) : {};

  it('every PHP file passes php -l', () => {
    const files = phpFiles(dir);
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const f of files)
      expect(execFileSync('php', ['-l', f], { encoding: 'utf8' }), f).toContain('No syntax errors');
    console.log(
      `php -l: ${files.length} files, ${execFileSync('php', ['-r', 'echo PHP_VERSION;'], { encoding: 'utf8' })}`,
    );
  });

  it('hooks its output into the footer, the product form and the order-received page', () => {
    expect(out.hooks).toEqual(
      expect.arrayContaining([
        ['wp_footer', 'nudge_print_tag'],
        ['woocommerce_after_add_to_cart_button', 'nudge_print_product'],
        ['woocommerce_thankyou', 'nudge_print_purchase'],
      ]),
    );
  });

  it("prints the tag from the server's /nudge/v1/ naming WooCommerce's add-to-cart button, only once configured", () => {
    expect(out.tag_unset).toBe('');
    expect(out.tag_http).toBe('');
    expect(attrs(out.tag, 'script')).toEqual({
      async: '',
      src: 'https://nudge.example.com/nudge/v1/nudge.js',
      'data-site': 'shop-42',
      'data-endpoint': 'https://nudge.example.com',
      'data-locale': 'zh-CN',
      'data-track-add-to-cart': 'form.cart .single_add_to_cart_button',
      'data-track-checkout': '.wc-proceed-to-checkout .checkout-button, .wc-block-cart__submit-button',
    });
    expect(attrs(out.tag_consent, 'script')!['data-consent']).toBe('required');
    expect(out.sanitized).toEqual(['shop-42', '', 'https://nudge.example.com', '', '']);
  });

  it('prints the product for the embed, with a stock figure only when WooCommerce keeps one that cannot be oversold', () => {
    const json = attrs(out.product, 'span')!['data-nudge-product']!;
    const read = productFromAttributes({ 'nudge-product': json }, '2026-12-06T10:00:00.000Z');
    expect(read).toMatchObject({
      sku: 'TEA-OOL-150',
      name: `Tieguanyin "Iron Goddess" <oolong> & co's`,
      price: 128,
      compareAtPrice: 158,
      currency: 'CNY',
      stock: { remaining: 4, source: 'woocommerce' },
    });
    expect(JSON.parse(attrs(out.product_backorders, 'span')!['data-nudge-product']!)).not.toHaveProperty('stock');
    expect(out.product).not.toMatch(/<oolong>/);
  });

  it('sends the purchase once, after the stub snippet, with props the collector accepts', () => {
    const script = /<script id="nudge-purchase">([\s\S]*)<\/script>/.exec(out.purchase)![1]!;
    expect(script.startsWith(STUB_SNIPPET)).toBe(true);
    expect(script).not.toContain('</script'); // an item name cannot close the element
    // run it as the page would, before nudge.js has loaded: the call waits in the stub's queue
    const window: any = { document: { addEventListener: () => {} } };
    window.window = window;
    runInNewContext(script, window);
    const [name, [event, props]] = window.nudge.q[0];
    expect([name, event]).toEqual(['track', 'purchase']);
    expect(props).toEqual({
      transaction_id: '1007',
      value: 271,
      currency: 'CNY',
      tax: 0,
      shipping: 15,
      coupon: 'welcome30',
      items: [
        { item_id: 'TEA-OOL-150', item_name: 'Tieguanyin', price: 128, quantity: 2, discount: 30 },
        { item_id: '90', item_name: 'Tea cup </script>', price: 30, quantity: 1 },
      ],
    });
    expect(checkEventProps('purchase', props)).toBeUndefined();
    // a reload of the page does not send it again; a failed order sends nothing
    expect(out.purchase_again).toBe('');
    expect(out.purchase_failed).toBe('');
    expect(out.saved).toBe(1);
  });

  it('the settings page says which origin to allow', () => {
    expect(out.settings_page).toContain('<code>https://shop.example</code>');
    expect(out.settings_page).toContain('id="nudge_site_id" type="text" class="regular-text" value="shop-42"');
  });
});
