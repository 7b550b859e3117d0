// <nudge-coupon-popup>: new-visitor coupon. This eager part decides whether and when to open (frequency, audience,
// triggers); the dialog, claim flow and styles load on first open, so page views that never show it stay light.
import type { ClaimedCode } from '@nudge/core';
import { nothing } from 'lit';
import type { FrequencyRule } from '../internal/frequency.js';
import { NudgeElement } from '../internal/nudge-element.js';
import { sessionPageViews } from '../internal/page-views.js';
import type { CouponPopupController, CouponPopupHost } from './coupon-popup.controller.js';
import type { CouponDialog } from './coupon-popup.view.js';
import type { TriggerRule } from './triggers.js';

/**
 * A coupon for new visitors: opens on the first trigger that fires, reveals the code on claim, copies it, and can
 * apply it through a link. Modal is a native `<dialog>` opened with `showModal()`; on phones it is a bottom sheet;
 * visitors who arrived from a search engine get a small dismissible banner instead of a modal.
 *
 * @summary New-visitor coupon popup with claim, copy and auto-apply.
 *
 * @event {CustomEvent<Record<string, unknown>>} nudge-show - The popup or banner reached the screen. Detail: the figures shown.
 * @event {CustomEvent<NudgeCloseDetail>} nudge-close - It closed. Detail `{ reason: 'dismiss' | 'escape' | 'backdrop' | 'claimed' }`.
 * @event {CustomEvent<{ code: string; email?: string }>} nudge-claim - The visitor claimed the coupon. Detail `{ code, email? }`.
 * @event {CustomEvent<NudgeCopyDetail>} nudge-copy - The code was copied to the clipboard. Detail `{ code }`.
 *
 * @csspart dialog - The native `<dialog>` element.
 * @csspart panel - The card inside the dialog.
 * @csspart offer - The big offer line (e.g. 满¥150减¥30).
 * @csspart heading - The heading.
 * @csspart description - The description text.
 * @csspart expiry - The "valid until" line.
 * @csspart email - The email input.
 * @csspart consent - The consent checkbox (with `consent` set).
 * @csspart sent - The "we will also send the code to ..." line (only when the site delivers leads).
 * @csspart cta - The claim button.
 * @csspart decline - The "No thanks" button that dismisses the offer.
 * @csspart code - The revealed code.
 * @csspart gone - The "no codes left" line shown instead of the code when nothing can be issued.
 * @csspart copy - The copy button.
 * @csspart tooltip - The "copied" tooltip.
 * @csspart apply - The auto-apply link.
 * @csspart close - The close buttons.
 * @csspart banner - The banner shown to search-engine visitors.
 *
 * @cssproperty --nudge-accent - Accent colour of buttons and the offer (default #b42318).
 * @cssproperty --nudge-on-accent - Text on the accent colour (default #fff).
 * @cssproperty --nudge-surface - Panel background (default #fff).
 * @cssproperty --nudge-text - Text colour (default #1f2328).
 * @cssproperty --nudge-muted - Secondary text colour (default #4b5563).
 * @cssproperty --nudge-border - Border colour (default #d0d7de).
 * @cssproperty --nudge-radius - Corner radius (default 12px).
 * @cssproperty --nudge-font - Font stack (system fonts incl. CJK faces by default).
 * @cssproperty --nudge-focus - Focus ring colour (default #1d4ed8).
 * @cssproperty --nudge-backdrop - Colour behind the modal (default rgb(0 0 0 / 0.5)).
 */
export class NudgeCouponPopup extends NudgeElement implements CouponPopupHost {
  static override widgetType = 'coupon-popup';
  static override properties = {
    ...NudgeElement.properties,
    code: { type: String },
    heading: { type: String },
    description: { type: String },
    amount: { type: Number },
    threshold: { type: Number },
    currency: { type: String },
    expiresAt: { type: String, attribute: 'expires-at' },
    applyUrl: { type: String, attribute: 'apply-url' },
    collectEmail: { type: Boolean, attribute: 'collect-email' },
    consent: { type: String },
    audience: { type: String },
    display: { type: String },
    manual: { type: Boolean },
    trigger: { type: Object },
    frequency: { type: Object },
    open: { type: Boolean, reflect: true },
  };

  /** The coupon code revealed on claim. */
  declare code: string;
  /** Heading text as given (shown as text); empty = a built-in "welcome gift" line in the visitor's language. */
  declare heading: string;
  /** Description text as given (shown as text). */
  declare description: string;
  /**
   * Money off, in `currency` units.
   * @default undefined
   */
  declare amount: number | undefined;
  /**
   * Minimum spend for `amount` (spend 150 save 30 shows as 满150减30 in Chinese).
   * @default undefined
   */
  declare threshold: number | undefined;
  /** ISO 4217 currency of `amount` and `threshold`; falls back to the SDK's currency. */
  declare currency: string;
  /** ISO instant after which the coupon is gone (it never shows once expired). */
  declare expiresAt: string;
  /** Auto-apply link template such as `/discount/{code}`; only http(s) or same-site paths are used. */
  declare applyUrl: string;
  /** Ask for an email before revealing the code; sends `generate_lead`. */
  declare collectEmail: boolean;
  /**
   * Consent text for the email (shown as text beside a checkbox the shopper must tick before the email is sent);
   * empty = no checkbox. Used with `collect-email`.
   */
  declare consent: string;
  /** Who sees it automatically: `new` visitors (default) or `all`. Explicit `show()` ignores this. */
  declare audience: 'new' | 'all';
  /** `auto` (default): banner for search-engine visitors, modal otherwise; or force `modal` / `banner`. */
  declare display: 'auto' | 'modal' | 'banner';
  /** Only open through `show()` or the `open` attribute; no triggers. */
  declare manual: boolean;
  /**
   * Trigger rule as in config `trigger` (`{ delayMs, scrollPercent, exitIntent, pageViews, idleMs }`); JSON attribute.
   * @default undefined
   */
  declare trigger: TriggerRule | undefined;
  /**
   * Frequency rule as in config `frequency` (`{ quietDaysAfterDismiss, oncePerSession, maxShows }`); JSON attribute.
   * @default undefined
   */
  declare frequency: FrequencyRule | undefined;
  /** Whether the modal is open. Setting it opens or closes the dialog. */
  declare open: boolean;

  #banner = false;
  /** The gate (lazy chunk) once it is loading or loaded; it arms the triggers while the element is connected. */
  #gate: CouponPopupController | true | undefined;
  /** The dialog (lazy chunk), undefined until the popup first opens. */
  #view: CouponDialog | undefined;

  constructor() {
    super();
    this.code = '';
    this.heading = '';
    this.description = '';
    this.currency = '';
    this.expiresAt = '';
    this.applyUrl = '';
    this.collectEmail = false;
    this.consent = '';
    this.audience = 'new';
    this.display = 'auto';
    this.manual = false;
    this.open = false;
  }

  /** @internal Shown as the small banner (search-engine visitors) rather than the modal; read by the lazy parts. */
  get banner(): boolean {
    return this.#banner;
  }

  /** @internal Shows or removes the banner (the gate shows it, the dialog's close removes it). */
  setBanner(on: boolean): void {
    this.#banner = on;
    this.requestUpdate();
  }

  /** @internal The coupon's `expires-at` has passed. */
  get expired(): boolean {
    const end = this.expiresAt ? Date.parse(this.expiresAt) : NaN;
    return !Number.isNaN(end) && end <= Date.now();
  }

  /** Opens the modal now (no triggers, audience or frequency checks). No-op once the coupon has expired. */
  show(): void {
    if (this.expired || this.configDisabled) return;
    this.#banner = false;
    this.open = true;
  }

  /** Closes the modal or banner (reason `dismiss`). */
  hide(): void {
    this.#view?.close('dismiss');
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.manual || this.open || this.#gate) return;
    // The gate (frequency, audience, triggers) is its own small chunk and the dialog loads only when the popup
    // really opens. The gate is a Lit ReactiveController: Lit connects it (at once if the element is connected) and
    // disconnects it; it arms after an update, when config props (and a disabled flag) are known.
    this.#gate = true;
    void import('./coupon-popup.controller.js').then((m) =>
      this.addController((this.#gate = new m.CouponPopupController(this))),
    );
  }

  override disconnectedCallback(): void {
    // Removed from the page is not a visitor's dismissal: the dialog closes quietly, and `open` is cleared before
    // its close event arrives so nothing is recorded.
    super.disconnectedCallback();
    this.open = false;
  }

  /**
   * @internal The site delivers captured leads (the server's public `leadDelivery` flag) and this visitor's lead will
   * be sent (the SDK has an id for them, so it has consent): only then may the popup say an email will follow.
   */
  get leadDelivery(): boolean {
    return !!(this.siteConfig?.leadDelivery && this.conn?.user().anonymousId);
  }

  /** @internal This popup shows a buyer their next-order coupon: the server's published `nextOrder` names it. */
  get nextOrder(): boolean {
    return !!this.widgetId && this.siteConfig?.nextOrder?.widget === this.widgetId;
  }

  /** @internal The buyer's next-order coupon, set by the gate before it opens the popup. */
  nextOrderCode: ClaimedCode | undefined;

  /** @internal The visitor's segments (`new`, `active`, ...) from the SDK; empty standalone. */
  get segments(): string[] {
    return this.conn?.segment() ?? [];
  }

  /** @internal Page views in this visit, this one included. */
  get pageViews(): number {
    return sessionPageViews();
  }

  /** Also waits for the dialog's opening, a task after its first render (coupon-popup.view.ts). */
  protected override async getUpdateComplete(): Promise<boolean> {
    await super.getUpdateComplete();
    await this.#view?.opening;
    return super.getUpdateComplete();
  }

  override render() {
    if (this.configDisabled) return nothing;
    if (this.#view) return this.#view.render();
    if (this.open || this.#banner)
      void this.lazyView(
        () => import('./coupon-popup.view.js'),
        // A Lit ReactiveController too: after every update it brings the native dialog in line with `open`.
        (m) => this.addController((this.#view = new m.CouponDialog(this))),
      );
    return nothing;
  }
}
