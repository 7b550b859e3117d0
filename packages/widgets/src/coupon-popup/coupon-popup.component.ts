// <nudge-coupon-popup>: new-visitor coupon in a native modal dialog (bottom sheet on phones, banner for search visitors).
import { html, nothing, type PropertyValues } from 'lit';
import { closeModal, openModal } from '../internal/dialog.js';
import { placeFloating } from '../internal/floating.js';
import { allowedByFrequency, hasClaimed, recordClaim, recordDismiss, recordShown, takeModalSlot, type FrequencyRule } from '../internal/frequency.js';
import { formatDateTime, formatMoney, t } from '../internal/i18n.js';
import { NudgeElement, type NudgeCloseDetail } from '../internal/nudge-element.js';
import { safeUrl } from '../internal/safe-url.js';
import { styles } from './coupon-popup.styles.js';
import { messages } from './coupon-popup.messages.js';
import { armTriggers, fromSearchEngine, type TriggerRule } from './triggers.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * A coupon for new visitors: opens on the first trigger that fires, reveals the code on claim, copies it, and can
 * apply it through a link. Modal is a native `<dialog>` opened with `showModal()`; on phones it is a bottom sheet;
 * visitors who arrived from a search engine get a small dismissible banner instead of a modal.
 *
 * @summary New-visitor coupon popup with claim, copy and auto-apply.
 *
 * @event nudge-show - The popup or banner reached the screen. Detail: the figures shown.
 * @event nudge-close - It closed. Detail `{ reason: 'dismiss' | 'escape' | 'backdrop' | 'claimed' }`.
 * @event nudge-claim - The visitor claimed the coupon. Detail `{ code, email? }`.
 * @event nudge-copy - The code was copied to the clipboard. Detail `{ code }`.
 *
 * @csspart dialog - The native `<dialog>` element.
 * @csspart panel - The card inside the dialog.
 * @csspart offer - The big offer line (e.g. 满¥150减¥30).
 * @csspart heading - The heading.
 * @csspart description - The description text.
 * @csspart expiry - The "valid until" line.
 * @csspart email - The email input.
 * @csspart cta - The claim button.
 * @csspart code - The revealed code.
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
export class NudgeCouponPopup extends NudgeElement {
  static override widgetType = 'coupon-popup';
  static override styles = styles;
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
    audience: { type: String },
    display: { type: String },
    manual: { type: Boolean },
    trigger: { type: Object },
    frequency: { type: Object },
    open: { type: Boolean, reflect: true },
    state: { state: true },
    banner: { state: true },
    copied: { state: true },
    emailError: { state: true },
  };

  /** The coupon code revealed on claim. */
  declare code: string;
  /** Heading text as given (shown as text); empty = a built-in "welcome gift" line in the visitor's language. */
  declare heading: string;
  /** Description text as given (shown as text). */
  declare description: string;
  /** Money off, in `currency` units. */
  declare amount: number | undefined;
  /** Minimum spend for `amount` (spend 150 save 30 shows as 满150减30 in Chinese). */
  declare threshold: number | undefined;
  /** ISO 4217 currency of `amount` and `threshold`; falls back to the SDK's currency. */
  declare currency: string;
  /** ISO instant after which the coupon is gone (it never shows once expired). */
  declare expiresAt: string;
  /** Auto-apply link template such as `/discount/{code}`; only http(s) or same-site paths are used. */
  declare applyUrl: string;
  /** Ask for an email before revealing the code; sends `generate_lead`. */
  declare collectEmail: boolean;
  /** Who sees it automatically: `new` visitors (default) or `all`. Explicit `show()` ignores this. */
  declare audience: 'new' | 'all';
  /** `auto` (default): banner for search-engine visitors, modal otherwise; or force `modal` / `banner`. */
  declare display: 'auto' | 'modal' | 'banner';
  /** Only open through `show()` or the `open` attribute; no triggers. */
  declare manual: boolean;
  /** Trigger rule as in config `trigger` (`{ delayMs, scrollPercent, exitIntent, pageViews, idleMs }`); JSON attribute. */
  declare trigger: TriggerRule | undefined;
  /** Frequency rule as in config `frequency` (`{ quietDaysAfterDismiss, oncePerSession, maxShows }`); JSON attribute. */
  declare frequency: FrequencyRule | undefined;
  /** Whether the modal is open. Setting it opens or closes the dialog. */
  declare open: boolean;

  declare private state: 'offer' | 'revealed';
  declare private banner: boolean;
  declare private copied: '' | 'ok' | 'failed';
  declare private emailError: boolean;
  private closeReason: NudgeCloseDetail['reason'] | undefined;
  private disarm: (() => void) | undefined;
  private copiedTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.code = '';
    this.heading = '';
    this.description = '';
    this.amount = undefined;
    this.threshold = undefined;
    this.currency = '';
    this.expiresAt = '';
    this.applyUrl = '';
    this.collectEmail = false;
    this.audience = 'new';
    this.display = 'auto';
    this.manual = false;
    this.trigger = undefined;
    this.frequency = undefined;
    this.open = false;
    this.state = 'offer';
    this.banner = false;
    this.copied = '';
    this.emailError = false;
  }

  private get id_(): string {
    return this.widgetId || 'coupon-popup';
  }

  private get expired(): boolean {
    const end = this.expiresAt ? Date.parse(this.expiresAt) : NaN;
    return !Number.isNaN(end) && end <= Date.now();
  }

  private get dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  /** Opens the modal now (no triggers, audience or frequency checks). No-op once the coupon has expired. */
  show(): void {
    if (this.expired || this.configDisabled) return;
    this.banner = false;
    this.open = true;
  }

  /** Closes the modal or banner (reason `dismiss`). */
  hide(): void {
    this.close('dismiss');
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (hasClaimed(this.id_)) this.state = 'revealed';
    if (!this.manual && !this.open) {
      const rule = this.widgetConfig?.trigger ?? this.trigger ?? {};
      // Arm after the first render so config props (and a disabled flag) are known before anything fires.
      void this.updateComplete.then(() => {
        if (this.isConnected && !this.disarm) this.disarm = armTriggers(rule, () => this.autoShow());
      });
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.disarm?.();
    this.disarm = undefined;
    clearTimeout(this.copiedTimer);
    const d = this.dialog;
    // Removed from the page is not a visitor's dismissal: clear `open` first so the close handler records nothing.
    this.open = false;
    if (d) closeModal(d);
  }

  /** The first trigger fired: show if audience, frequency and the one-modal-per-page cap allow. */
  private autoShow(): void {
    this.disarm = () => {};
    if (this.open || this.banner || this.expired || this.configDisabled || !this.code) return;
    const audience = this.widgetConfig?.audience ? 'all' : this.audience; // config audiences are evaluated by the SDK
    const segments = this.segments;
    if (audience === 'new' && segments.length && !segments.includes('new')) return;
    if (!allowedByFrequency(this.id_, this.widgetConfig?.frequency ?? this.frequency)) return;
    const asBanner = this.display === 'banner' || (this.display === 'auto' && fromSearchEngine());
    if (asBanner) {
      this.banner = true;
      recordShown(this.id_);
      void this.updateComplete.then(() => this.markShown({ ...this.figures, display: 'banner' }));
      return;
    }
    if (!takeModalSlot(this.id_)) return;
    this.open = true;
  }

  private get figures(): Record<string, unknown> {
    const f: Record<string, unknown> = {};
    if (this.amount != null) f.discount = this.amount;
    if (this.threshold != null) f.threshold = this.threshold;
    if (this.currencyCode) f.currency = this.currencyCode;
    if (this.expiresAt) f.expires_at = this.expiresAt;
    if (this.state === 'revealed') f.coupon = this.code;
    return f;
  }

  private get currencyCode(): string {
    return this.currency || this.runtime?.currency || '';
  }

  protected override updated(changed: PropertyValues<this>): void {
    const d = this.dialog;
    if (!changed.has('open') || !d) return;
    if (this.open && !d.open) {
      if (this.expired || this.configDisabled) {
        this.open = false;
        return;
      }
      takeModalSlot(this.id_);
      this.closeReason = undefined;
      openModal(d);
      recordShown(this.id_);
      this.markShown({ ...this.figures, display: 'modal' });
    } else if (!this.open && d.open) {
      this.closeReason ??= 'dismiss';
      closeModal(d);
    }
  }

  private close(reason: NudgeCloseDetail['reason']): void {
    if (this.banner) {
      this.banner = false;
      this.finish(reason);
      return;
    }
    const d = this.dialog;
    if (!d?.open) return;
    this.closeReason = reason;
    closeModal(d);
  }

  /** Native `close` event: runs for our own close() and for Escape handled by the platform. */
  private onDialogClose = (): void => {
    const d = this.dialog;
    if (d) closeModal(d); // unlock scroll + return focus when the platform closed it (Escape)
    if (!this.open) return;
    this.open = false;
    this.finish(this.closeReason ?? 'escape');
  };

  private finish(reason: NudgeCloseDetail['reason']): void {
    this.closeReason = undefined;
    this.copied = '';
    if (reason !== 'claimed' && this.state !== 'revealed') {
      recordDismiss(this.id_);
      this.track('nudge_dismiss', { ...this.promotion, reason });
    }
    this.emit<NudgeCloseDetail>('nudge-close', { reason });
  }

  private onCancel = (): void => {
    this.closeReason = 'escape';
  };

  private onDialogClick = (e: MouseEvent): void => {
    // Clicks on ::backdrop target the dialog itself; the panel fills the dialog box.
    if (e.target === e.currentTarget) this.close('backdrop');
  };

  private claim = (e: Event): void => {
    e.preventDefault();
    let email: string | undefined;
    if (this.collectEmail) {
      const input = this.renderRoot.querySelector<HTMLInputElement>('input[type=email]');
      email = input?.value.trim() ?? '';
      this.emailError = !EMAIL.test(email);
      if (this.emailError) {
        input?.focus();
        return;
      }
      this.track('generate_lead', { ...this.promotion, lead_source: 'coupon_popup', email, ...(this.currencyCode && this.amount != null ? { currency: this.currencyCode, value: this.amount } : {}) });
    }
    this.state = 'revealed';
    recordClaim(this.id_);
    this.track('select_promotion', { ...this.promotion, ...this.figures, coupon: this.code });
    this.emit('nudge-claim', email ? { code: this.code, email } : { code: this.code });
    // The claim button is gone after this render; keep keyboard focus inside the dialog, on the copy button.
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>('[part~=copy]')?.focus());
  };

  private async copy(): Promise<void> {
    let ok = false;
    try {
      await navigator.clipboard.writeText(this.code);
      ok = true;
    } catch {
      const code = this.renderRoot.querySelector('[part~=code]');
      if (code) getSelection()?.selectAllChildren(code);
    }
    this.copied = ok ? 'ok' : 'failed';
    if (ok) this.emit('nudge-copy', { code: this.code });
    clearTimeout(this.copiedTimer);
    this.copiedTimer = setTimeout(() => (this.copied = ''), 2500);
    await this.updateComplete;
    const tip = this.renderRoot.querySelector<HTMLElement>('[part~=tooltip]');
    const btn = this.renderRoot.querySelector('[part~=copy]');
    if (tip && btn) await placeFloating(btn, tip, 'top');
  }

  private offerText(loc: string): string {
    if (this.amount == null) return '';
    const money = (n: number) => formatMoney(n, this.currencyCode || undefined, loc);
    return this.threshold
      ? t(messages, loc, 'spendSave', { threshold: money(this.threshold), amount: money(this.amount) })
      : t(messages, loc, 'off', { amount: money(this.amount) });
  }

  private closeButton(loc: string) {
    return html`<button class="icon-btn close" part="close" type="button" aria-label=${t(messages, loc, 'close')} @click=${() => this.close('dismiss')}>
      <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true"><path d="M6 6l12 12M18 6L6 18" stroke="currentColor" stroke-width="2" stroke-linecap="round" /></svg>
    </button>`;
  }

  override render() {
    if (this.configDisabled) return nothing;
    const loc = this.resolvedLocale;
    const offer = this.offerText(loc);
    const heading = this.heading || t(messages, loc, 'heading');
    const end = this.expiresAt ? Date.parse(this.expiresAt) : NaN;
    const revealed = this.state === 'revealed';
    const apply = this.applyUrl && this.code ? safeUrl(this.applyUrl.replaceAll('{code}', encodeURIComponent(this.code))) : null;
    return html`
      <dialog part="dialog" aria-labelledby="heading" aria-describedby=${this.description ? 'description' : nothing} @close=${this.onDialogClose} @cancel=${this.onCancel} @click=${this.onDialogClick}>
        ${this.open ? html`<div class="panel" part="panel">
          ${this.closeButton(loc)}
          ${offer ? html`<p class="offer" part="offer">${offer}</p>` : nothing}
          <h2 id="heading" part="heading">${heading}</h2>
          ${this.description ? html`<p id="description" part="description">${this.description}</p>` : nothing}
          ${Number.isNaN(end) ? nothing : html`<p class="expiry" part="expiry">${t(messages, loc, 'validUntil', { date: formatDateTime(end, loc, { dateStyle: 'medium' }) })}</p>`}
          <div class="stage">
            <form class="claim" novalidate @submit=${this.claim} ?inert=${revealed}>
              ${this.collectEmail
                ? html`<label for="email">${t(messages, loc, 'email')}</label>
                    <input id="email" part="email" type="email" name="email" autocomplete="email" inputmode="email" required
                      aria-invalid=${this.emailError ? 'true' : 'false'} aria-describedby="email-note" />
                    <p id="email-note" class=${this.emailError ? 'note error' : 'note'}>${t(messages, loc, this.emailError ? 'emailInvalid' : 'emailHint')}</p>`
                : nothing}
              <button class="btn primary cta" part="cta" type="submit" autofocus>${t(messages, loc, 'reveal')}</button>
            </form>
            <div class="revealed" ?inert=${!revealed}>
              <p class="sr-only" id="code-label">${t(messages, loc, 'yourCode')}</p>
              <div class="code-row">
                <p class="code" part="code" aria-labelledby="code-label">${revealed ? this.code : '\u2022'.repeat(this.code.length)}</p>
                <button class="btn secondary" part="copy" type="button" @click=${() => void this.copy()}>${t(messages, loc, 'copy')}</button>
              </div>
              ${apply ? html`<a class="btn primary" part="apply" href=${revealed ? apply : nothing}>${t(messages, loc, 'apply')}</a>` : nothing}
            </div>
          </div>
          <p class="tooltip" part="tooltip" role="status">${this.copied ? t(messages, loc, this.copied === 'ok' ? 'copied' : 'copyFailed') : ''}</p>
        </div>` : nothing}
      </dialog>
      ${this.banner
        ? html`<section class="banner" part="banner" aria-label=${t(messages, loc, 'banner')}>
            <p><strong>${offer || heading}</strong>${offer ? html` <span>${heading}</span>` : nothing}</p>
            <button class="btn primary" part="cta" type="button" @click=${() => this.show()}>${t(messages, loc, 'showCode')}</button>
            ${this.closeButton(loc)}
          </section>`
        : nothing}
    `;
  }
}
