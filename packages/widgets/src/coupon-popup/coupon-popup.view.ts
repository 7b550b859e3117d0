// The coupon popup's dialog, banner, claim/copy/apply flow and styles: loaded the first time the popup opens.
import { nextTask, type ClaimedCode, type NudgeRuntime } from '@nudge/core';
import { html, nothing, type ReactiveController } from 'lit';
import { closeModal, openModal } from '../internal/dialog.js';
import { cached, formatMoney, localeOf, t } from '../internal/i18n.js';
import type { NudgeCloseDetail } from '../internal/nudge-element.js';
import { safeUrl } from '../internal/safe-url.js';
import {
  capKey,
  hasClaimed,
  recordClaim,
  recordDismiss,
  recordShown,
  takeModalSlot,
  type CouponPopupHost,
} from './coupon-popup.controller.js';
import { messages } from './coupon-popup.messages.js';

export { styles } from './coupon-popup.styles.js';

/**
 * The visitor's own code from the server (`POST /v1/coupons/claim`): null when it gave none (410: none left),
 * undefined without consent or when it cannot be reached (the static code is shown then).
 */
async function claimCode(rt: NudgeRuntime | null | undefined, widget: string): Promise<ClaimedCode | null | undefined> {
  try {
    const r = await rt?.post?.('/v1/coupons/claim', { widget });
    return r && (r.ok ? ((await r.json()) as ClaimedCode) : null);
  } catch {
    return undefined;
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
type Reason = NudgeCloseDetail['reason'];

/** The expiry date in the visitor's locale; here, not in i18n.ts, which every product page loads without a popup. */
const formatDate = (date: number, locale: string) =>
  cached(`d|${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' })).format(date);

/**
 * The popup's dialog and banner for one element: a Lit ReactiveController the element adds when it first opens.
 * It keeps the dialog's own state (offer or revealed code, copy result, email error, why it is closing).
 */
export class CouponDialog implements ReactiveController {
  readonly #host: CouponPopupHost;
  /** The code is revealed: claimed now, or before (a visitor who claimed sees their code again, not the teaser). */
  #revealed: boolean;
  #copied: '' | 'ok' | 'failed' = '';
  #copiedTimer: ReturnType<typeof setTimeout> | undefined;
  #emailError = false;
  #consentError = false;
  /** The address the server will send the code to (lead delivery on and the code issued by the server), or ''. */
  #sentTo = '';
  #closeReason: Reason | undefined;
  #bannerShown = false;
  /** The code to reveal, once asked: the server's, else the static one; '' when neither (the offer is gone). */
  #issued: string | undefined;
  /** The claim form takes no space: the code was out when the dialog first opened, or the dialog was fitted. */
  #formGone: boolean;

  constructor(host: CouponPopupHost) {
    this.#host = host;
    // A buyer's next-order coupon is theirs already: shown at once, no claim.
    this.#issued = host.nextOrderCode?.code;
    this.#revealed = !!this.#issued || hasClaimed(capKey(host));
    // A visitor who claimed before gets the same code from the server again.
    if (this.#revealed && !this.#issued) void this.#ask();
    this.#formGone = this.#revealed;
  }

  /** Asks the server for the visitor's code; true when the server issued it (so a delivered lead carries it). */
  async #ask(): Promise<boolean> {
    const h = this.#host;
    const got = (await claimCode(h.runtime, h.widgetId))?.code;
    this.#issued = got || h.code;
    h.requestUpdate();
    return !!got;
  }

  /** The code on screen: the buyer's next-order code (it may come after this dialog was made), else the claimed one. */
  get #code(): string | undefined {
    return this.#host.nextOrderCode?.code ?? this.#issued;
  }

  /**
   * Drops the claim form's space once the code is out, so the dialog fits what is left. A centred dialog is first
   * pinned where its top is, so only its bottom edge rises and nothing the visitor reads moves; the phone's bottom
   * sheet keeps its size instead (it is anchored at the bottom: shrinking would move everything in it).
   */
  #fit(): void {
    const d = this.#q<HTMLDialogElement>('dialog');
    if (!d || matchMedia('(max-width: 600px)').matches) return;
    d.style.marginTop = `${d.offsetTop}px`; // its layout position, whatever the opening animation scales
    d.style.marginBottom = 'auto';
    this.#formGone = true;
  }

  #q<E extends Element = HTMLElement>(sel: string) {
    return this.#host.renderRoot.querySelector<E>(sel);
  }

  #currency(): string {
    return this.#host.currency || this.#host.runtime?.currency || '';
  }

  /** Every figure the visitor sees, for view_promotion / select_promotion (so each claim can be audited). */
  #figures(): Record<string, unknown> {
    const next = this.#host.nextOrderCode;
    if (next) return { coupon: next.code, ...(next.expiresAt ? { expires_at: next.expiresAt } : {}) };
    const f: Record<string, unknown> = {};
    if (this.#host.amount != null) f.discount = this.#host.amount;
    if (this.#host.threshold != null) f.threshold = this.#host.threshold;
    if (this.#currency()) f.currency = this.#currency();
    if (this.#host.expiresAt) f.expires_at = this.#host.expiresAt;
    if (this.#issued) f.coupon = this.#issued;
    return f;
  }

  /**
   * Set once the dialog's first render waits a task before it opens: rendering and opening it were one 63-129 ms
   * script on a 4x slower CPU on the page-cost page (issue 17); now the render is one of 11-28 ms and the opening
   * another, most of it showModal itself (48-86 ms: the browser makes the rest of the page inert, a style pass over
   * the whole page). The element's updateComplete waits for it.
   */
  opening: Promise<void> | undefined;

  /** Brings the native dialog in line with `host.open` (after every update). */
  hostUpdated(): void {
    if (this.#host.banner && !this.#bannerShown) {
      this.#bannerShown = true;
      recordShown(capKey(this.#host));
      this.#host.markShown({ ...this.#figures(), display: 'banner' });
    }
    const d = this.#q<HTMLDialogElement>('dialog');
    if (!d) return;
    if (this.#host.open && !d.open) {
      if (!this.opening) return void (this.opening = nextTask().then(() => this.#host.requestUpdate()));
      if (!openModal(d)) {
        this.#host.open = false; // another Nudge modal is on screen: never stack two
        return;
      }
      takeModalSlot(capKey(this.#host));
      this.#closeReason = undefined;
      recordShown(capKey(this.#host));
      this.#host.markShown({ ...this.#figures(), display: 'modal' });
    } else if (!this.#host.open && d.open) {
      this.#closeReason ??= 'dismiss';
      closeModal(d);
    }
  }

  /** The element left the page: close quietly (no dismissal recorded). */
  hostDisconnected(): void {
    clearTimeout(this.#copiedTimer);
    const d = this.#q<HTMLDialogElement>('dialog');
    if (d) closeModal(d);
  }

  close(reason: Reason): void {
    if (this.#host.banner) {
      this.#host.setBanner(false);
      this.#finish(reason);
      return;
    }
    const d = this.#q<HTMLDialogElement>('dialog');
    if (!d?.open) return;
    this.#closeReason = reason;
    closeModal(d);
  }

  /** Native `close` event: runs for our own close() and for Escape handled by the platform. */
  #onDialogClose(): void {
    const d = this.#q<HTMLDialogElement>('dialog');
    if (d) closeModal(d); // unlock scroll + return focus when the platform closed it (Escape)
    if (!this.#host.open) return;
    this.#host.open = false;
    this.#finish(this.#closeReason ?? 'escape');
  }

  #finish(reason: Reason): void {
    this.#closeReason = undefined;
    this.#copied = '';
    if (reason !== 'claimed' && !this.#revealed) {
      recordDismiss(capKey(this.#host));
      this.#host.track('nudge_dismiss', { ...this.#host.promotion, reason });
    }
    this.#host.emit<NudgeCloseDetail>('nudge-close', { reason });
  }

  async #claim(e: Event): Promise<void> {
    e.preventDefault();
    let email: string | undefined;
    const h = this.#host;
    if (h.collectEmail) {
      const input = this.#q<HTMLInputElement>('#email');
      const agreed = this.#q<HTMLInputElement>('#consent');
      email = input?.value.trim() ?? '';
      this.#emailError = !EMAIL.test(email);
      this.#consentError = !!h.consent && !agreed?.checked;
      h.requestUpdate();
      if (this.#emailError || this.#consentError) {
        (this.#emailError ? input : agreed)?.focus();
        return;
      }
    }
    // A second click while the server answers asks again: the same visitor gets the same code.
    const issued = await this.#ask();
    if (email) {
      // After the claim, so the server finds the visitor's code when it stores the lead (and sends it with the email)
      const value = this.#currency() && h.amount != null ? { currency: this.#currency(), value: h.amount } : {};
      // `language`: the popup's own (tag, page, config), so the server's email to the shopper speaks it too
      h.track('generate_lead', { ...h.promotion, lead_source: 'coupon_popup', email, language: localeOf(h), ...value });
      this.#sentTo = issued && h.leadDelivery ? email : '';
    }
    this.#revealed = true;
    this.#fit();
    this.#host.requestUpdate();
    recordClaim(capKey(this.#host));
    this.#host.track('select_promotion', { ...this.#host.promotion, ...this.#figures() });
    const code = this.#issued;
    if (code) this.#host.emit('nudge-claim', email ? { code, email } : { code });
    // The claim button turns inert after this render; keep keyboard focus inside the dialog, on the copy button.
    void this.#host.updateComplete.then(() => this.#q('[part~=copy],[part~=gone]')?.focus());
  }

  async #copy(): Promise<void> {
    // Only a copy shows the tooltip, so floating-ui (~5.5 KB gzip) is fetched on this click, not with the popup; it
    // arrives while the clipboard write runs, and the tooltip stays hidden until it is placed.
    const floating = import('../internal/floating.js').catch(() => undefined);
    let ok = false;
    try {
      await navigator.clipboard.writeText(this.#code!);
      ok = true;
    } catch {
      const code = this.#q('[part~=code]');
      if (code) getSelection()?.selectAllChildren(code);
    }
    this.#setCopied(ok ? 'ok' : 'failed');
    if (ok) this.#host.emit('nudge-copy', { code: this.#code! });
    clearTimeout(this.#copiedTimer);
    this.#copiedTimer = setTimeout(() => this.#setCopied(''), 2500);
    await this.#host.updateComplete;
    const tip = this.#q('[part~=tooltip]');
    const btn = this.#q('[part~=copy]');
    const f = await floating;
    if (tip && btn && f) await f.placeFloating(btn, tip, 'top');
  }

  #setCopied(copied: '' | 'ok' | 'failed'): void {
    this.#copied = copied;
    this.#host.requestUpdate();
  }

  #offerText(loc: string): string {
    if (this.#host.amount == null) return '';
    const money = (n: number) => formatMoney(n, this.#currency() || undefined, loc);
    return this.#host.threshold
      ? t(messages, loc, 'spendSave', { threshold: money(this.#host.threshold), amount: money(this.#host.amount) })
      : t(messages, loc, 'off', { amount: money(this.#host.amount) });
  }

  #closeButton(loc: string) {
    return html`<button class="icon-btn close" part="close" type="button" aria-label=${t(messages, loc, 'close')} @click=${() => this.close('dismiss')}>
    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true"><path d="M6 6l12 12M18 6L6 18" stroke="currentColor" stroke-width="2" stroke-linecap="round" /></svg>
  </button>`;
  }

  render() {
    const loc = localeOf(this.#host);
    // A buyer's next-order coupon is not the welcome offer: only its own words, code and expiry (its pool's), none of
    // the widget's welcome heading, description or figures.
    const next = this.#host.nextOrderCode;
    const offer = next ? '' : this.#offerText(loc);
    const heading = next ? t(messages, loc, 'nextOrderHeading') : this.#host.heading || t(messages, loc, 'heading');
    const description = next ? '' : this.#host.description;
    const expires = next ? next.expiresAt : this.#host.expiresAt;
    const end = expires ? Date.parse(expires) : NaN;
    const revealed = !!next || this.#revealed;
    const code = this.#code;
    const apply =
      this.#host.applyUrl && code ? safeUrl(this.#host.applyUrl.replaceAll('{code}', encodeURIComponent(code))) : null;
    return html`
    <dialog part="dialog" aria-labelledby="heading" aria-describedby=${description ? 'description' : nothing}
      @close=${() => this.#onDialogClose()} @cancel=${() => (this.#closeReason = 'escape')}
      @click=${(e: MouseEvent) => e.target === e.currentTarget && this.close('backdrop') /* ::backdrop clicks target the dialog */}>
      ${
        this.#host.open
          ? html`<div class="panel" part="panel">
            ${this.#closeButton(loc)}
            ${offer ? html`<p class="offer" part="offer">${offer}</p>` : nothing}
            <h2 id="heading" part="heading" tabindex="-1" autofocus>${heading}</h2>
            ${description ? html`<p id="description" part="description">${description}</p>` : nothing}
            ${Number.isNaN(end) ? nothing : html`<p class="expiry" part="expiry">${t(messages, loc, 'validUntil', { date: formatDate(end, loc) })}</p>`}
            <div class="stage">
              <form class="claim" novalidate @submit=${(e: Event) => void this.#claim(e)} ?inert=${revealed}
                ?hidden=${!!next || this.#formGone}>
                ${
                  this.#host.collectEmail
                    ? html`<label for="email">${t(messages, loc, 'email')}</label>
                      <input id="email" part="email" type="email" name="email" autocomplete="email" inputmode="email" required
                        aria-invalid=${this.#emailError ? 'true' : 'false'} aria-describedby="email-note" />
                      <p id="email-note" class=${this.#emailError ? 'note error' : 'note'}>${t(messages, loc, this.#emailError ? 'emailInvalid' : this.#host.leadDelivery ? 'emailHintSend' : 'emailHint')}</p>
                      ${
                        this.#host.consent
                          ? html`<label class="consent"><input id="consent" part="consent" type="checkbox" required
                              aria-invalid=${this.#consentError ? 'true' : 'false'} aria-describedby=${this.#consentError ? 'consent-note' : nothing}
                              @change=${() => this.#consentError && ((this.#consentError = false), this.#host.requestUpdate())} /><span>${this.#host.consent}</span></label>
                            ${this.#consentError ? html`<p id="consent-note" class="note error">${t(messages, loc, 'consentRequired')}</p>` : nothing}`
                          : nothing
                      }`
                    : nothing
                }
                <button class="btn primary cta" part="cta" type="submit">${t(messages, loc, 'reveal')}</button>
                <button class="btn quiet" part="decline" type="button" @click=${() => this.close('dismiss')}>${t(messages, loc, 'noThanks')}</button>
              </form>
              <div class="revealed" ?inert=${!revealed}>
                ${
                  code === ''
                    ? html`<p class="note" part="gone" role="status" tabindex="-1">${t(messages, loc, 'gone')}</p>`
                    : html`<p class="sr-only" id="code-label">${t(messages, loc, 'yourCode')}</p>
                <div class="code-row">
                  <p class="code" part="code" aria-labelledby="code-label">${revealed && code ? code : '\u2022'.repeat(8)}</p>
                  <button class="btn secondary" part="copy" type="button" @click=${() => void this.#copy()}>${t(messages, loc, 'copy')}</button>
                </div>`
                }
                ${this.#sentTo && code ? html`<p class="note" part="sent">${t(messages, loc, 'sentTo', { email: this.#sentTo })}</p>` : nothing}
                ${apply ? html`<a class="btn primary" part="apply" href=${revealed ? apply : nothing}>${t(messages, loc, 'apply')}</a>` : nothing}
              </div>
            </div>
            <p class="tooltip" part="tooltip" role="status">${this.#copied ? t(messages, loc, this.#copied === 'ok' ? 'copied' : 'copyFailed') : ''}</p>
          </div>`
          : nothing
      }
    </dialog>
    ${
      this.#host.banner
        ? html`<section class="banner" part="banner" aria-label=${t(messages, loc, 'banner')}>
          <p><strong>${offer || heading}</strong>${offer ? html` <span>${heading}</span>` : nothing}</p>
          <button class="btn primary" part="cta" type="button" @click=${() => this.#host.show()}>${t(messages, loc, 'showCode')}</button>
          ${this.#closeButton(loc)}
        </section>`
        : nothing
    }
  `;
  }
}
