// The buy bar's behaviour, markup and styles: a lazy chunk the element loads as soon as it connects (the bar only
// shows after the visitor has scrolled, so it is always there in time) to keep the eager bundle to lit + the base.
import { chosenQuantity, microtask } from '@nudge/core';
import { html, nothing, type ReactiveController } from 'lit';
import { localeOf, t } from '../internal/i18n.js';
import type { NudgeElement } from '../internal/nudge-element.js';
import type { NudgeBuyDetail } from './buy-bar.events.js';
import { messages } from './buy-bar.messages.js';
import { resolveColor, textColorOn } from './bar-contrast.js';
import { priceText } from './bar-price.js';
import { findAddToCart } from './add-to-cart.js';
import { barVisible, sighting, type Sighting } from './bar-visibility.js';

export { styles } from './buy-bar.styles.js';

/**
 * What the bar needs from its element: the base members it calls (product, runtime, report, track, emit, markShown,
 * requestUpdate), the few DOM reads and writes on the element itself, and the public properties. The element
 * implements it; this file never imports it.
 */
export interface BuyBarHost extends Pick<
  NudgeElement,
  | 'product'
  | 'runtime'
  | 'locale'
  | 'configDisabled'
  | 'promotion'
  | 'report'
  | 'track'
  | 'emit'
  | 'markShown'
  | 'requestUpdate'
  | 'isConnected'
  | 'localName'
  | 'shadowRoot'
  | 'closest'
  | 'getAttribute'
  | 'setAttribute'
  | 'addEventListener'
  | 'removeEventListener'
> {
  target: string;
  footer: string;
  name: string;
  price: number | null | undefined;
  compareAtPrice: number | null | undefined;
  currency: string;
  availability: string;
  position: 'bottom' | 'top';
  color: string;
  label: string;
}

/** A report that could not load: the bar stays hidden all the same, nothing else to do. */
const noop = () => {};
const UNAVAILABLE = new Set(['out_of_stock', 'discontinued']);
const DEFAULT_FOOTER = 'footer, [role="contentinfo"]';

/**
 * Everything the bar does, for one element: observers, visibility, spacer, colour, tracking and rendering. A Lit
 * ReactiveController the element adds once this chunk has loaded.
 */
export class BuyBarController implements ReactiveController {
  shown = false;
  #targetEl: HTMLElement | null = null;
  #footerEl: Element | null = null;
  #targetSeen: Sighting | undefined;
  #footerInView = false;
  #io: IntersectionObserver | undefined;
  #mo: MutationObserver | undefined;
  #spacer: HTMLElement | undefined;
  #resize: ResizeObserver | undefined;
  #shownOnce = false;
  /** The target last reported missing ('' = the page's own button), so binding again on load does not repeat it. */
  #missingFor: string | undefined;
  /**
   * The price is formatted once the page is idle (or when the bar shows, if sooner): a page's first currency format
   * makes the browser load its Intl data, ~25 ms that would otherwise join the widgets' first render in one long task.
   * (Prices in the common currencies and the built-in languages need no Intl at all: formatMoney prints them itself.)
   * The hidden bar is off screen and inert, so nobody sees it without its price.
   */
  #priced = false;
  /** The selectors the observers were bound for, and the colour last applied (undefined: not yet). */
  #boundFor = '';
  #colorFor: string | undefined;
  readonly #onLoad = () => this.#bind();
  /**
   * An observer reports edge crossings only: a jump (an anchor link, the End key, "back to top") from below the button
   * to above it, or back, crosses none it sees. Observing it afresh while it is out of view reports where it is now.
   */
  readonly #onScroll = () => {
    const el = this.#targetEl;
    if (el && this.#io && !this.#targetSeen?.isIntersecting) {
      this.#io.unobserve(el);
      this.#io.observe(el);
    }
  };
  // Re-decide after focus has left (a bar held open by keyboard focus may now go).
  readonly #onFocusOut = () => microtask(() => this.#host.requestUpdate());

  readonly #host: BuyBarHost;

  constructor(host: BuyBarHost) {
    this.#host = host;
  }

  hostConnected(): void {
    if (!this.#priced) {
      const later = (globalThis as { requestIdleCallback?: (cb: () => void, o: { timeout: number }) => void })
        .requestIdleCallback;
      const price = () => {
        this.#priced = true;
        this.#host.requestUpdate();
      };
      later ? later(price, { timeout: 2000 }) : setTimeout(price, 300);
    }
    this.#host.addEventListener('focusout', this.#onFocusOut);
    // Capture: themes that scroll a wrapper instead of the window jump too.
    document.addEventListener('scroll', this.#onScroll, { capture: true, passive: true });
    this.#bind();
    if (document.readyState !== 'complete') addEventListener('load', this.#onLoad, { once: true });
  }

  hostDisconnected(): void {
    this.#host.removeEventListener('focusout', this.#onFocusOut);
    document.removeEventListener('scroll', this.#onScroll, { capture: true });
    removeEventListener('load', this.#onLoad);
    this.#unbind();
    this.#removeSpacer();
    this.shown = false;
  }

  /** The first match, null when nothing matches yet, undefined when the selector itself is invalid (reported). */
  #query(selector: string, what: string): Element | null | undefined {
    try {
      return document.querySelector(selector);
    } catch {
      this.#host.report(`${what} "${selector}" is not a valid CSS selector`);
      return undefined;
    }
  }

  #unbind(): void {
    this.#io?.disconnect();
    this.#mo?.disconnect();
    this.#io = this.#mo = undefined;
    this.#targetEl = this.#footerEl = null;
    this.#targetSeen = undefined;
    this.#footerInView = false;
  }

  /**
   * (Re)finds the target and footer and observes them; called on connect, on page load, when selectors change and
   * when the shop replaced its button (`rebind`: the old sighting stands until the new button is seen, and a button
   * missing for a moment is not reported). Without a `target` it looks for the page's add-to-cart button itself.
   */
  #bind(rebind = false): void {
    if (!this.#host.isConnected) return;
    const seen = this.#targetSeen;
    this.#unbind();
    this.#boundFor = this.#selectors;
    const selector = this.#host.target;
    const target = selector ? this.#query(selector, 'target') : findAddToCart();
    // null: nothing matches (undefined: an invalid selector, already reported as one)
    if (target === null && !rebind && document.readyState === 'complete' && this.#missingFor !== selector) {
      this.#missingFor = selector;
      // only a page without a button needs the report: a lazy file, off every product page's bytes
      import('./missing-button.js').then((m) => m.reportMissing(this.#host, selector), noop);
    }
    this.#targetEl = target instanceof HTMLElement ? target : null;
    if (rebind && this.#targetEl) this.#targetSeen = seen;
    this.#footerEl = this.#query(this.#host.footer || DEFAULT_FOOTER, 'footer') ?? null;
    this.#io = new IntersectionObserver((entries) => {
      for (const e of entries) {
        if (e.target === this.#targetEl) this.#targetSeen = sighting(e);
        if (e.target === this.#footerEl) this.#footerInView = e.isIntersecting;
      }
      this.#host.requestUpdate();
    });
    if (this.#targetEl) this.#io.observe(this.#targetEl);
    if (this.#footerEl) this.#io.observe(this.#footerEl);
    const el = this.#targetEl;
    if (el) {
      // A shop disables its button when a variant sells out; the bar follows. A storefront that re-renders replaces
      // the button: watching its parent's children (not the whole document) notices, and the bar binds to the new one.
      this.#mo = new MutationObserver(() => (el.isConnected ? this.#host.requestUpdate() : this.#bind(true)));
      this.#mo.observe(el, { attributes: true, attributeFilter: ['disabled', 'aria-disabled'] });
      if (el.parentNode) this.#mo.observe(el.parentNode, { childList: true });
    } else if (target === null) {
      // Storefronts that render client-side add their button later: bind as soon as it exists.
      this.#mo = new MutationObserver(() => {
        if (selector ? document.querySelector(selector) : findAddToCart()) this.#bind(rebind);
      });
      this.#mo.observe(document.documentElement, { childList: true, subtree: true });
    }
    this.#host.requestUpdate();
  }

  get #facts() {
    const p = this.#host.product;
    return {
      name: this.#host.name || p?.name || '',
      price: this.#host.price ?? p?.price,
      compareAt: this.#host.compareAtPrice ?? p?.compareAtPrice,
      currency: this.#host.currency || p?.currency || this.#host.runtime?.currency || '',
      availability: this.#host.availability || p?.availability || '',
    };
  }

  get #available(): boolean {
    if (this.#host.configDisabled) return false;
    const el = this.#targetEl as (HTMLElement & { disabled?: boolean }) | null;
    if (el && (el.disabled === true || el.getAttribute('aria-disabled') === 'true')) return false;
    return !UNAVAILABLE.has(this.#facts.availability);
  }

  get #selectors(): string {
    return `${this.#host.target}\n${this.#host.footer}`;
  }

  /** Runs after the element's willUpdate, before it renders. */
  hostUpdate(): void {
    if (this.#io && this.#boundFor !== this.#selectors) this.#bind();
    if (this.#host.position !== 'top' && this.#host.position !== 'bottom') {
      this.#host.report(`position must be "bottom" or "top", got "${this.#host.position}"`);
      this.#host.position = 'bottom';
    }
    const available = this.#available;
    const wanted =
      !!this.#host.isConnected && barVisible({ target: this.#targetSeen, footerInView: this.#footerInView, available });
    // Focus must not drop to <body> when the bar goes (it turns inert). With the page's own button in view, focus
    // moves there (the same action, where the visitor now sees it). Otherwise keyboard focus holds the bar until it
    // leaves; any other focus (a click) moves to the page's button without scrolling, so Tab goes on from there.
    const focused = !!this.#host.shadowRoot?.activeElement;
    let shown = wanted;
    if (!wanted && this.shown && focused) {
      const target = this.#targetEl as (HTMLElement & { disabled?: boolean }) | null;
      const focusable = !!target?.isConnected && !target.disabled;
      if (available && this.#keyboardFocused() && !(focusable && this.#targetSeen?.isIntersecting)) shown = true;
      else if (focusable) target!.focus({ preventScroll: true });
    }
    this.shown = shown;
    const state = this.shown ? 'shown' : 'hidden';
    if (this.#host.getAttribute('state') !== state) this.#host.setAttribute('state', state);
  }

  #keyboardFocused(): boolean {
    return !!this.#host.shadowRoot?.activeElement?.matches(':focus-visible');
  }

  hostUpdated(): void {
    // The top layer: fixed to the viewport even inside a theme's transformed, filtered or contained ancestor (which
    // would otherwise become the containing block of position: fixed). Without popover support it stays as it is.
    // Entered when the bar first shows (the styles' @starting-style slides it in from there) and kept: until then it is
    // a closed popover, laid out as before (the bar's own display wins over the popover's display: none) but not in
    // the top layer; entering it at the first render was ~13 ms of the product page's start on a 4x slower CPU
    // (issue 17), and a bar that never shows never enters it.
    const bar = this.#host.shadowRoot?.querySelector<HTMLElement>('.bar');
    try {
      if (this.shown && bar && !bar.matches(':popover-open')) bar.showPopover();
    } catch {
      /* no popover support (then it is position: fixed as before) */
    }
    if (this.#host.color !== this.#colorFor) this.#applyColor();
    if (this.shown && this.#host.position === 'bottom') this.#addSpacer();
    // Removing the spacer is only safe while it is below the viewport (then nothing visible moves).
    if (
      (!this.shown || this.#host.position !== 'bottom') &&
      this.#spacer &&
      this.#spacer.getBoundingClientRect().top >= innerHeight
    )
      this.#removeSpacer();
    if (this.shown && !this.#shownOnce) {
      this.#shownOnce = true;
      const f = this.#facts;
      const figures: Record<string, unknown> = {
        position: this.#host.position,
        color: this.#host.color || 'default',
        label: this.#ctaText,
      };
      if (f.name) figures.name = f.name;
      if (typeof f.price === 'number') figures.price = f.price;
      if (typeof f.compareAt === 'number' && typeof f.price === 'number' && f.compareAt > f.price)
        figures.compareAtPrice = f.compareAt;
      if (f.currency) figures.currency = f.currency;
      this.#host.markShown(figures);
    }
  }

  #applyColor(): void {
    const bar = this.#host.shadowRoot?.querySelector<HTMLElement>('.bar');
    if (!bar) return;
    this.#colorFor = this.#host.color;
    // CSSOM, not a style attribute: allowed under a strict style-src CSP.
    const rgb = this.#host.color ? resolveColor(this.#host.color) : null;
    if (this.#host.color && !rgb)
      this.#host.report(`color "${this.#host.color}" is not an opaque CSS colour; using the theme accent`);
    if (rgb) {
      bar.style.setProperty('--_cta-bg', `rgb(${rgb.join(' ')})`);
      bar.style.setProperty('--_cta-fg', textColorOn(rgb));
    } else {
      bar.style.removeProperty('--_cta-bg');
      bar.style.removeProperty('--_cta-fg');
    }
  }

  #addSpacer(): void {
    const bar = this.#host.shadowRoot!.querySelector<HTMLElement>('.bar')!;
    if (!this.#spacer) {
      this.#spacer = document.createElement('div');
      this.#spacer.setAttribute('aria-hidden', 'true');
      this.#spacer.dataset.nudgeSpacer = 'buy-bar';
      document.body.append(this.#spacer);
      // The bar wraps to more rows as text grows or the screen narrows (zoom, rotation): the spacer follows.
      (this.#resize = new ResizeObserver(() => this.#host.requestUpdate())).observe(bar);
    }
    this.#spacer.style.height = `${bar.offsetHeight}px`;
  }

  #removeSpacer(): void {
    this.#resize?.disconnect();
    this.#spacer?.remove();
    this.#spacer = undefined;
  }

  get #ctaText(): string {
    return this.#host.label || t(messages, localeOf(this.#host), 'addToCart');
  }

  #onCta(): void {
    const f = this.#facts;
    const p = this.#host.product;
    const item: Record<string, unknown> = {};
    if (p?.id || p?.sku) item.item_id = p.sku || p.id;
    if (f.name) item.item_name = f.name;
    if (typeof f.price === 'number') item.price = f.price;
    // What the main button will add: the quantity the shopper chose on the page, by the rule auto-tracking uses.
    const quantity = (item.quantity = chosenQuantity(this.#targetEl, document));
    this.#host.track('select_promotion', { ...this.#host.promotion });
    this.#host.track('add_to_cart', {
      source: 'buy_bar',
      ...this.#host.promotion,
      ...(f.currency ? { currency: f.currency } : {}),
      ...(typeof f.price === 'number' ? { value: Math.round(f.price * quantity * 100) / 100 } : {}),
      items: [item],
    });
    // The shop may have replaced its button since (a re-render in an ancestor the bar does not watch): find it again.
    if (this.#targetEl && !this.#targetEl.isConnected) this.#bind(true);
    const proceed = this.#host.emit<NudgeBuyDetail>(
      'nudge-buy',
      { source: 'buy_bar', target: !!this.#targetEl },
      { cancelable: true },
    );
    if (proceed && this.#targetEl?.isConnected) this.#targetEl.click();
  }

  render() {
    const loc = localeOf(this.#host);
    const f = this.#facts;
    const price = this.#priced || this.shown ? priceText(loc, f.price, f.compareAt, f.currency) : undefined;
    // One line per element, no indentation inside the template: Lit ships a template's text as written.
    return html`<div part="bar" class="bar" popover="manual" role="region" ?inert=${!this.shown}
aria-label=${f.name ? `${t(messages, loc, 'region')}: ${f.name}` : t(messages, loc, 'region')}>
<div class="info">${f.name ? html`<span part="name" class="name">${f.name}</span>` : nothing}${
      price
        ? html`<span part="price" class="price"><span part="amount" class="amount"><span class="sr-only">${t(messages, loc, 'now')} </span>${price.now}</span>${
            price.was
              ? html`<s part="compare-at"><span class="sr-only">${t(messages, loc, 'was')} </span>${price.was}</s>`
              : nothing
          }</span>`
        : nothing
    }</div>
<button part="cta" class="btn cta" type="button" @click=${() => this.#onCta()}>${this.#ctaText}</button></div>`;
  }
}
