// <nudge-buy-bar>: a floating add-to-cart bar that appears once the page's own buy button has scrolled away.
import { nothing } from 'lit';
import { NudgeElement } from '../internal/nudge-element.js';
import type { BuyBarController, BuyBarHost } from './buy-bar.controller.js';

export type { NudgeBuyDetail } from './buy-bar.events.js';

/**
 * A bar fixed to the bottom (or top) of the viewport with the product name, price, struck-through compare-at price
 * and an add-to-cart button. It appears when the page's main buy button (`target`) has scrolled out of view
 * upwards and hides when that button comes back or the footer is reached (checked again after a jump: anchor
 * links, the End key, "back to top"). Its button clicks the real main button, so the shop's own cart logic runs; it
 * also sends `add_to_cart` with `source: 'buy_bar'`. Without a `target` it finds the page's add-to-cart button
 * itself; on a page with none it stays hidden and reports it (a `nudge_error` with a `code` once per browser
 * session and page type; a console warning on every view): it never shows a button that does nothing. It is shown in the top layer (a manual popover), so a theme's `transform`, `filter` or `contain` on an
 * ancestor cannot pin it to that ancestor instead of the viewport.
 *
 * It moves only with transform and opacity (no layout shift), pads for `env(safe-area-inset-*)`, hides when the
 * product is unavailable (`availability`, `$product.availability`, or a disabled target button) and, while shown
 * at the bottom, adds an empty spacer at the very end of the document (below the viewport, so nothing visible
 * moves) so the last content of the page can always be scrolled clear of it.
 *
 * Place it right after the page's main content, before the footer: its place in the document is its place in the
 * tab order, and the bar is hidden (out of the tab order) while the footer is in view.
 *
 * `color`, `position` and `label` are the props A/B tests vary. `color` must be a CSS colour (checked with
 * `CSS.supports`, opaque, no `var()`); the text colour on it is chosen from its luminance (black or white,
 * whichever contrasts more, always at least 4.5:1). An invalid colour is reported and the theme accent is used.
 *
 * @summary Floating add-to-cart bar that mirrors the page's main buy button.
 *
 * @event {CustomEvent<NudgeBuyDetail>} nudge-buy - The call to action was pressed. Cancelable: cancel it to stop the click on `target`.
 *   Detail `{ source: 'buy_bar', target: boolean }` (`target` false only if the page's button went missing).
 * @event {CustomEvent<Record<string, unknown>>} nudge-show - The bar appeared for the first time. Detail: name, price, compare-at price, currency,
 *   position, colour and label shown.
 *
 * @csspart bar - The fixed bar.
 * @csspart name - The product name.
 * @csspart price - The price block (current and compare-at).
 * @csspart amount - The current price.
 * @csspart compare-at - The struck-through compare-at price.
 * @csspart cta - The call-to-action button.
 *
 * @cssproperty --nudge-accent - Button colour when `color` is not set (default #b42318).
 * @cssproperty --nudge-on-accent - Button text colour when `color` is not set (default #fff).
 * @cssproperty --nudge-surface - Bar background (default #fff).
 * @cssproperty --nudge-text - Text colour (default #1f2328).
 * @cssproperty --nudge-muted - Compare-at price colour (default #4b5563).
 * @cssproperty --nudge-border - Bar border (default #d0d7de).
 * @cssproperty --nudge-radius - Button radius (default 12px).
 * @cssproperty --nudge-font - Font stack.
 * @cssproperty --nudge-z-index - Stacking order (default 2147483000).
 */
export class NudgeBuyBar extends NudgeElement implements BuyBarHost {
  static override widgetType = 'buy-bar';
  static override properties = {
    ...NudgeElement.properties,
    target: { type: String },
    footer: { type: String },
    name: { type: String },
    price: { type: Number },
    compareAtPrice: { type: Number, attribute: 'compare-at-price' },
    currency: { type: String },
    availability: { type: String },
    position: { type: String, reflect: true },
    color: { type: String },
    label: { type: String },
  };

  /**
   * CSS selector of the page's main buy button. The bar shows once it has scrolled away upwards and clicks it. Empty:
   * the first visible `[data-nudge-add-to-cart]`, Shopify's `name="add"`, WooCommerce's `.single_add_to_cart_button`
   * or submit button of a form posting to a cart. (The script tag sets it from its auto-tracking selector.)
   */
  declare target: string;
  /** CSS selector of the page footer; the bar hides while it is in view. Default `footer, [role="contentinfo"]`. */
  declare footer: string;
  /** Product name shown in the bar (as text). Falls back to `$product.name`. */
  declare name: string;
  /** Current price. Falls back to `$product.price`. */
  declare price: number | null | undefined;
  /** Price before the discount, shown struck through when higher than `price`. Falls back to `$product.compareAtPrice`. */
  declare compareAtPrice: number | null | undefined;
  /** ISO 4217 currency code (`USD`, `CNY`, `TWD`). Falls back to `$product.currency`, then the SDK's currency. */
  declare currency: string;
  /** `out_of_stock` or `discontinued` hides the bar. Falls back to `$product.availability`. */
  declare availability: string;
  /** `bottom` (default) or `top` of the viewport. */
  declare position: 'bottom' | 'top';
  /** Button colour, any opaque CSS colour (`#d92d20`, `rgb(...)`, `oklch(...)`, `red`). Text colour follows it. */
  declare color: string;
  /** Button text. Default: "Add to cart" in the widget's language. */
  declare label: string;

  /** The loaded behaviour (lazy chunk), undefined until it arrives. */
  #ctl: BuyBarController | undefined;

  constructor() {
    super();
    this.target = '';
    this.footer = '';
    this.name = '';
    this.currency = '';
    this.availability = '';
    this.position = 'bottom';
    this.color = '';
    this.label = '';
  }

  /** True while the bar is on screen. */
  get visible(): boolean {
    return !!this.#ctl?.shown;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Loaded at once, not on first scroll: the bar can only show after the visitor has scrolled past the button.
    // The behaviour is a Lit ReactiveController: Lit connects it (at once when the element is already connected),
    // disconnects it and runs it around every update.
    void this.lazyView(
      () => import('./buy-bar.controller.js'),
      (m) => this.addController((this.#ctl = new m.BuyBarController(this))),
    ).then(() => this.#ctl || this.report('could not load its view chunk'));
  }

  override render() {
    return this.#ctl ? this.#ctl.render() : nothing;
  }
}
