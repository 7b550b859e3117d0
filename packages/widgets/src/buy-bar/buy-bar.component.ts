// <nudge-buy-bar>: a floating add-to-cart bar that appears once the page's own buy button has scrolled away.
import { html, nothing, type PropertyValues } from 'lit';
import { t } from '../internal/i18n.js';
import { NudgeElement } from '../internal/nudge-element.js';
import { messages } from './buy-bar.messages.js';
import { styles } from './buy-bar.styles.js';
import { resolveColor, textColorOn } from './bar-contrast.js';
import { priceText } from './bar-price.js';
import { barVisible, sighting, type Sighting } from './bar-visibility.js';

/** Detail of `nudge-buy`. Cancel the event to stop the bar from clicking the page's own button. */
export interface NudgeBuyDetail {
  source: 'buy_bar';
  /** Whether a target button was found (and will be clicked unless the event is cancelled). */
  target: boolean;
}

const UNAVAILABLE = new Set(['out_of_stock', 'discontinued']);
const DEFAULT_FOOTER = 'footer, [role="contentinfo"]';

/**
 * A bar fixed to the bottom (or top) of the viewport with the product name, price, struck-through compare-at price
 * and an add-to-cart button. It appears when the page's main buy button (`target`) has scrolled out of view
 * upwards and hides when that button comes back or the footer is reached. Its button clicks the real main button,
 * so the shop's own cart logic runs; it also sends `add_to_cart` with `source: 'buy_bar'`.
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
 * @event nudge-buy - The call to action was pressed. Cancelable: cancel it to stop the click on `target`.
 *   Detail `{ source: 'buy_bar', target: boolean }`. Without a target this is the only thing that happens.
 * @event nudge-show - The bar appeared for the first time. Detail: name, price, compare-at price, currency,
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
export class NudgeBuyBar extends NudgeElement {
  static override widgetType = 'buy-bar';
  static override styles = styles;
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

  /** CSS selector of the page's main buy button. The bar shows once it has scrolled away upwards and clicks it. */
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

  /** Decided in willUpdate from the observers; a plain field so the element manifest lists only the public API. */
  private shown = false;

  private targetEl: HTMLElement | null = null;
  private footerEl: Element | null = null;
  private targetSeen: Sighting | undefined;
  private footerInView = false;
  private io: IntersectionObserver | undefined;
  private mo: MutationObserver | undefined;
  private spacer: HTMLElement | undefined;
  private shownOnce = false;
  private reported = new Set<string>();
  private readonly onLoad = () => this.bind();

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
    return this.shown;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.bind();
    if (document.readyState !== 'complete') addEventListener('load', this.onLoad, { once: true });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('load', this.onLoad);
    this.unbind();
    this.removeSpacer();
    this.shown = false;
  }

  private report(message: string): void {
    if (this.reported.has(message)) return;
    this.reported.add(message);
    console.warn(`<nudge-buy-bar> ${message}`);
    this.track('nudge_error', { ...this.promotion, message });
  }

  private query(selector: string, what: string): Element | null {
    try {
      return document.querySelector(selector);
    } catch {
      this.report(`${what} "${selector}" is not a valid CSS selector`);
      return null;
    }
  }

  private unbind(): void {
    this.io?.disconnect();
    this.mo?.disconnect();
    this.io = this.mo = undefined;
    this.targetEl = this.footerEl = null;
    this.targetSeen = undefined;
    this.footerInView = false;
  }

  /** (Re)finds the target and footer and observes them; called on connect, on page load and when selectors change. */
  private bind(): void {
    if (!this.isConnected) return;
    this.unbind();
    const target = this.target ? this.query(this.target, 'target') : null;
    if (this.target && !target && document.readyState === 'complete') this.report(`target "${this.target}" matches no element; the bar stays hidden`);
    this.targetEl = target instanceof HTMLElement ? target : null;
    this.footerEl = this.query(this.footer || DEFAULT_FOOTER, 'footer');
    this.io = new IntersectionObserver((entries) => {
      for (const e of entries) {
        if (e.target === this.targetEl) this.targetSeen = sighting(e);
        if (e.target === this.footerEl) this.footerInView = e.isIntersecting;
      }
      this.requestUpdate();
    });
    if (this.targetEl) this.io.observe(this.targetEl);
    if (this.footerEl) this.io.observe(this.footerEl);
    if (this.targetEl) {
      // A shop disables its button when a variant sells out; the bar follows.
      this.mo = new MutationObserver(() => this.requestUpdate());
      this.mo.observe(this.targetEl, { attributes: true, attributeFilter: ['disabled', 'aria-disabled'] });
    }
    this.requestUpdate();
  }

  private get facts() {
    const p = this.product;
    const num = (a: number | null | undefined, b: number | undefined) => (a !== undefined && a !== null ? a : b);
    return {
      name: this.name || p?.name || '',
      price: num(this.price, p?.price),
      compareAt: num(this.compareAtPrice, p?.compareAtPrice),
      currency: this.currency || p?.currency || this.runtime?.currency || '',
      availability: this.availability || p?.availability || '',
    };
  }

  private get available(): boolean {
    const el = this.targetEl as (HTMLElement & { disabled?: boolean }) | null;
    if (el && (el.disabled === true || el.getAttribute('aria-disabled') === 'true')) return false;
    return !UNAVAILABLE.has(this.facts.availability);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (this.hasUpdated && (changed.has('target') || changed.has('footer'))) this.bind();
    if (this.position !== 'top' && this.position !== 'bottom') {
      this.report(`position must be "bottom" or "top", got "${this.position}"`);
      this.position = 'bottom';
    }
    const wanted = !!this.isConnected && barVisible({
      target: this.targetSeen,
      hasTarget: !!this.target,
      footerInView: this.footerInView,
      available: this.available,
    });
    if (wanted !== this.shown) {
      // Focus would otherwise be lost to <body> when the bar slides away under it.
      if (!wanted && this.matches(':focus-within') && this.targetEl && this.targetSeen?.isIntersecting) this.targetEl.focus();
      this.shown = wanted;
    }
    const state = this.shown ? 'shown' : 'hidden';
    if (this.getAttribute('state') !== state) this.setAttribute('state', state);
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (changed.has('color')) this.applyColor();
    if (this.shown && this.position === 'bottom') this.addSpacer();
    // Removing the spacer is only safe while it is below the viewport (then nothing visible moves).
    if ((!this.shown || this.position !== 'bottom') && this.spacer && this.spacer.getBoundingClientRect().top >= innerHeight) this.removeSpacer();
    if (this.shown && !this.shownOnce) {
      this.shownOnce = true;
      const f = this.facts;
      const figures: Record<string, unknown> = { position: this.position, color: this.color || 'default', label: this.ctaText };
      if (f.name) figures.name = f.name;
      if (typeof f.price === 'number') figures.price = f.price;
      if (typeof f.compareAt === 'number' && typeof f.price === 'number' && f.compareAt > f.price) figures.compareAtPrice = f.compareAt;
      if (f.currency) figures.currency = f.currency;
      this.markShown(figures);
    }
  }

  private applyColor(): void {
    const bar = this.shadowRoot?.querySelector<HTMLElement>('.bar');
    if (!bar) return;
    // CSSOM, not a style attribute: allowed under a strict style-src CSP.
    const rgb = this.color ? resolveColor(this.color) : null;
    if (this.color && !rgb) this.report(`color "${this.color}" is not an opaque CSS colour; using the theme accent`);
    if (rgb) {
      bar.style.setProperty('--_cta-bg', `rgb(${rgb.join(' ')})`);
      bar.style.setProperty('--_cta-fg', textColorOn(rgb));
    } else {
      bar.style.removeProperty('--_cta-bg');
      bar.style.removeProperty('--_cta-fg');
    }
  }

  private addSpacer(): void {
    const h = this.shadowRoot?.querySelector<HTMLElement>('.bar')?.offsetHeight ?? 0;
    if (!this.spacer) {
      this.spacer = document.createElement('div');
      this.spacer.setAttribute('aria-hidden', 'true');
      this.spacer.dataset.nudgeSpacer = 'buy-bar';
      document.body.append(this.spacer);
    }
    this.spacer.style.height = `${h}px`;
  }

  private removeSpacer(): void {
    this.spacer?.remove();
    this.spacer = undefined;
  }

  private get ctaText(): string {
    return this.label || t(messages, this.resolvedLocale, 'addToCart');
  }

  private onCta(): void {
    const f = this.facts;
    const p = this.product;
    const item: Record<string, unknown> = {};
    if (p?.id || p?.sku) item.item_id = p.sku || p.id;
    if (f.name) item.item_name = f.name;
    if (typeof f.price === 'number') item.price = f.price;
    item.quantity = 1;
    this.track('select_promotion', { ...this.promotion });
    this.track('add_to_cart', {
      source: 'buy_bar',
      ...this.promotion,
      ...(f.currency ? { currency: f.currency } : {}),
      ...(typeof f.price === 'number' ? { value: f.price } : {}),
      items: [item],
    });
    const proceed = this.emit<NudgeBuyDetail>('nudge-buy', { source: 'buy_bar', target: !!this.targetEl }, { cancelable: true });
    if (proceed && this.targetEl?.isConnected) this.targetEl.click();
  }

  override render() {
    const loc = this.resolvedLocale;
    const f = this.facts;
    const price = priceText(loc, f.price, f.compareAt, f.currency);
    return html`<div
      part="bar"
      class="bar"
      role="region"
      aria-label=${f.name ? `${t(messages, loc, 'region')}: ${f.name}` : t(messages, loc, 'region')}
      ?inert=${!this.shown}
    >
      <div class="info">
        ${f.name ? html`<span part="name" class="name">${f.name}</span>` : nothing}
        ${price
          ? html`<span part="price" class="price"
              ><span part="amount" class="amount"><span class="sr-only">${t(messages, loc, 'now')} </span>${price.now}</span
              >${price.was ? html`<s part="compare-at"><span class="sr-only">${t(messages, loc, 'was')} </span>${price.was}</s>` : nothing}</span
            >`
          : nothing}
      </div>
      <button part="cta" class="btn cta" type="button" @click=${this.onCta}>${this.ctaText}</button>
    </div>`;
  }
}
