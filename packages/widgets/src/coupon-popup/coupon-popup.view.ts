// The coupon popup's dialog, banner, claim/copy/apply flow and styles: loaded the first time the popup opens.
import { html, nothing } from 'lit';
import { closeModal, openModal } from '../internal/dialog.js';
import { hasClaimed, recordClaim, recordDismiss, recordShown, takeModalSlot } from './coupon-popup.gate.js';
import { cached, formatMoney, localeOf, t } from '../internal/i18n.js';
import type { NudgeCloseDetail } from '../internal/nudge-element.js';
import { safeUrl } from '../internal/safe-url.js';
import type { NudgeCouponPopup } from './coupon-popup.component.js';
import { messages } from './coupon-popup.messages.js';

export { styles } from './coupon-popup.styles.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
type Reason = NudgeCloseDetail['reason'];

const dialogOf = (host: NudgeCouponPopup) => host.renderRoot.querySelector('dialog');
const q = <E extends Element = HTMLElement>(host: NudgeCouponPopup, sel: string) =>
  host.renderRoot.querySelector<E>(sel);

/** The expiry date in the visitor's locale; here, not in i18n.ts, which every product page loads without a popup. */
const formatDate = (date: number, locale: string) =>
  cached(`d|${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' })).format(date);

const currency = (host: NudgeCouponPopup) => host.currency || host.runtime?.currency || '';

/** Every figure the visitor sees, for view_promotion / select_promotion (so each claim can be audited). */
function figures(host: NudgeCouponPopup): Record<string, unknown> {
  const f: Record<string, unknown> = {};
  if (host.amount != null) f.discount = host.amount;
  if (host.threshold != null) f.threshold = host.threshold;
  if (currency(host)) f.currency = currency(host);
  if (host.expiresAt) f.expires_at = host.expiresAt;
  if (host._state === 'revealed') f.coupon = host.code;
  return f;
}

/** A visitor who claimed before sees their code again, not the teaser. */
export function init(host: NudgeCouponPopup): void {
  if (hasClaimed(host._key)) host._state = 'revealed';
}

const bannerShown = new WeakSet<NudgeCouponPopup>();

/** Brings the native dialog in line with `host.open` (called after every render). */
export function sync(host: NudgeCouponPopup): void {
  if (host._banner && !bannerShown.has(host)) {
    bannerShown.add(host);
    recordShown(host._key);
    host.markShown({ ...figures(host), display: 'banner' });
  }
  const d = dialogOf(host);
  if (!d) return;
  if (host.open && !d.open) {
    if (!openModal(d)) {
      host.open = false; // another Nudge modal is on screen: never stack two
      return;
    }
    takeModalSlot(host._key);
    host._closeReason = undefined;
    recordShown(host._key);
    host.markShown({ ...figures(host), display: 'modal' });
  } else if (!host.open && d.open) {
    host._closeReason ??= 'dismiss';
    closeModal(d);
  }
}

export function close(host: NudgeCouponPopup, reason: Reason): void {
  if (host._banner) {
    host._banner = false;
    finish(host, reason);
    return;
  }
  const d = dialogOf(host);
  if (!d?.open) return;
  host._closeReason = reason;
  closeModal(d);
}

/** The element left the page: close quietly (no dismissal recorded). */
export function teardown(host: NudgeCouponPopup): void {
  clearTimeout(host._copiedTimer);
  const d = dialogOf(host);
  if (d) closeModal(d);
}

/** Native `close` event: runs for our own close() and for Escape handled by the platform. */
function onDialogClose(host: NudgeCouponPopup): void {
  const d = dialogOf(host);
  if (d) closeModal(d); // unlock scroll + return focus when the platform closed it (Escape)
  if (!host.open) return;
  host.open = false;
  finish(host, host._closeReason ?? 'escape');
}

function finish(host: NudgeCouponPopup, reason: Reason): void {
  host._closeReason = undefined;
  host._copied = '';
  if (reason !== 'claimed' && host._state !== 'revealed') {
    recordDismiss(host._key);
    host.track('nudge_dismiss', { ...host.promotion, reason });
  }
  host.emit<NudgeCloseDetail>('nudge-close', { reason });
}

function claim(host: NudgeCouponPopup, e: Event): void {
  e.preventDefault();
  let email: string | undefined;
  if (host.collectEmail) {
    const input = q<HTMLInputElement>(host, 'input');
    email = input?.value.trim() ?? '';
    host._emailError = !EMAIL.test(email);
    if (host._emailError) {
      input?.focus();
      return;
    }
    const value = currency(host) && host.amount != null ? { currency: currency(host), value: host.amount } : {};
    host.track('generate_lead', { ...host.promotion, lead_source: 'coupon_popup', email, ...value });
  }
  host._state = 'revealed';
  recordClaim(host._key);
  host.track('select_promotion', { ...host.promotion, ...figures(host) });
  host.emit('nudge-claim', email ? { code: host.code, email } : { code: host.code });
  // The claim button turns inert after this render; keep keyboard focus inside the dialog, on the copy button.
  void host.updateComplete.then(() => q(host, '[part~=copy]')?.focus());
}

async function copy(host: NudgeCouponPopup): Promise<void> {
  // Only a copy shows the tooltip, so floating-ui (~5.5 KB gzip) is fetched on this click, not with the popup; it
  // arrives while the clipboard write runs, and the tooltip stays hidden until it is placed.
  const floating = import('../internal/floating.js').catch(() => undefined);
  let ok = false;
  try {
    await navigator.clipboard.writeText(host.code);
    ok = true;
  } catch {
    const code = q(host, '[part~=code]');
    if (code) getSelection()?.selectAllChildren(code);
  }
  host._copied = ok ? 'ok' : 'failed';
  if (ok) host.emit('nudge-copy', { code: host.code });
  clearTimeout(host._copiedTimer);
  host._copiedTimer = setTimeout(() => (host._copied = ''), 2500);
  await host.updateComplete;
  const tip = q(host, '[part~=tooltip]');
  const btn = q(host, '[part~=copy]');
  const f = await floating;
  if (tip && btn && f) await f.placeFloating(btn, tip, 'top');
}

function offerText(host: NudgeCouponPopup, loc: string): string {
  if (host.amount == null) return '';
  const money = (n: number) => formatMoney(n, currency(host) || undefined, loc);
  return host.threshold
    ? t(messages, loc, 'spendSave', { threshold: money(host.threshold), amount: money(host.amount) })
    : t(messages, loc, 'off', { amount: money(host.amount) });
}

function closeButton(host: NudgeCouponPopup, loc: string) {
  return html`<button class="icon-btn close" part="close" type="button" aria-label=${t(messages, loc, 'close')} @click=${() => close(host, 'dismiss')}>
    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true"><path d="M6 6l12 12M18 6L6 18" stroke="currentColor" stroke-width="2" stroke-linecap="round" /></svg>
  </button>`;
}

export function render(host: NudgeCouponPopup) {
  const loc = localeOf(host);
  const offer = offerText(host, loc);
  const heading = host.heading || t(messages, loc, 'heading');
  const end = host.expiresAt ? Date.parse(host.expiresAt) : NaN;
  const revealed = host._state === 'revealed';
  const apply =
    host.applyUrl && host.code ? safeUrl(host.applyUrl.replaceAll('{code}', encodeURIComponent(host.code))) : null;
  return html`
    <dialog part="dialog" aria-labelledby="heading" aria-describedby=${host.description ? 'description' : nothing}
      @close=${() => onDialogClose(host)} @cancel=${() => (host._closeReason = 'escape')}
      @click=${(e: MouseEvent) => e.target === e.currentTarget && close(host, 'backdrop') /* ::backdrop clicks target the dialog */}>
      ${
        host.open
          ? html`<div class="panel" part="panel">
            ${closeButton(host, loc)}
            ${offer ? html`<p class="offer" part="offer">${offer}</p>` : nothing}
            <h2 id="heading" part="heading" tabindex="-1" autofocus>${heading}</h2>
            ${host.description ? html`<p id="description" part="description">${host.description}</p>` : nothing}
            ${Number.isNaN(end) ? nothing : html`<p class="expiry" part="expiry">${t(messages, loc, 'validUntil', { date: formatDate(end, loc) })}</p>`}
            <div class="stage">
              <form class="claim" novalidate @submit=${(e: Event) => claim(host, e)} ?inert=${revealed}>
                ${
                  host.collectEmail
                    ? html`<label for="email">${t(messages, loc, 'email')}</label>
                      <input id="email" part="email" type="email" name="email" autocomplete="email" inputmode="email" required
                        aria-invalid=${host._emailError ? 'true' : 'false'} aria-describedby="email-note" />
                      <p id="email-note" class=${host._emailError ? 'note error' : 'note'}>${t(messages, loc, host._emailError ? 'emailInvalid' : 'emailHint')}</p>`
                    : nothing
                }
                <button class="btn primary cta" part="cta" type="submit">${t(messages, loc, 'reveal')}</button>
                <button class="btn quiet" part="decline" type="button" @click=${() => close(host, 'dismiss')}>${t(messages, loc, 'noThanks')}</button>
              </form>
              <div class="revealed" ?inert=${!revealed}>
                <p class="sr-only" id="code-label">${t(messages, loc, 'yourCode')}</p>
                <div class="code-row">
                  <p class="code" part="code" aria-labelledby="code-label">${revealed ? host.code : '\u2022'.repeat(host.code.length)}</p>
                  <button class="btn secondary" part="copy" type="button" @click=${() => void copy(host)}>${t(messages, loc, 'copy')}</button>
                </div>
                ${apply ? html`<a class="btn primary" part="apply" href=${revealed ? apply : nothing}>${t(messages, loc, 'apply')}</a>` : nothing}
              </div>
            </div>
            <p class="tooltip" part="tooltip" role="status">${host._copied ? t(messages, loc, host._copied === 'ok' ? 'copied' : 'copyFailed') : ''}</p>
          </div>`
          : nothing
      }
    </dialog>
    ${
      host._banner
        ? html`<section class="banner" part="banner" aria-label=${t(messages, loc, 'banner')}>
          <p><strong>${offer || heading}</strong>${offer ? html` <span>${heading}</span>` : nothing}</p>
          <button class="btn primary" part="cta" type="button" @click=${() => host.show()}>${t(messages, loc, 'showCode')}</button>
          ${closeButton(host, loc)}
        </section>`
        : nothing
    }
  `;
}
