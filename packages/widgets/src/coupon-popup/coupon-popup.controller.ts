// The coupon popup's lazy part: decides whether it may open for this visitor (claimed, frequency, audience, expiry)
// and arms its triggers; loaded right after the element connects, before any of the popup's UI.
import { $user, type ClaimedCode } from '@nudge/core';
import type { ReactiveController } from 'lit';
import { allowedByFrequency, local, takeModalSlot, type FrequencyRule } from '../internal/frequency.js';
import type { NudgeElement } from '../internal/nudge-element.js';
import { armTriggers, fromSearchEngine, type TriggerRule } from './triggers.js';

/**
 * What the popup's lazy parts (this gate and the dialog in coupon-popup.view.ts) need from the element: the few base
 * members they call, the public properties, and the internal reads and calls below. The element implements it;
 * neither lazy file imports the element, and nothing else of it (Lit's lifecycle, the DOM) is in their reach.
 */
export interface CouponPopupHost extends Pick<
  NudgeElement,
  | 'widgetId'
  | 'widgetConfig'
  | 'configDisabled'
  | 'runtime'
  | 'locale'
  | 'promotion'
  | 'track'
  | 'emit'
  | 'markShown'
  | 'requestUpdate'
  | 'updateComplete'
  | 'renderRoot'
  | 'isConnected'
  | 'closest'
> {
  readonly code: string;
  readonly heading: string;
  readonly description: string;
  readonly amount: number | undefined;
  readonly threshold: number | undefined;
  readonly currency: string;
  readonly expiresAt: string;
  readonly applyUrl: string;
  readonly collectEmail: boolean;
  readonly consent: string;
  readonly leadDelivery: boolean;
  /** This popup shows the buyer's coupon for their next order (the config's `nextOrder.widget` names it). */
  readonly nextOrder: boolean;
  /** The buyer's next-order coupon, found by the gate before it lets the popup open. */
  nextOrderCode: ClaimedCode | undefined;
  readonly audience: 'new' | 'all';
  readonly display: 'auto' | 'modal' | 'banner';
  readonly manual: boolean;
  readonly trigger: TriggerRule | undefined;
  readonly frequency: FrequencyRule | undefined;
  open: boolean;
  /** Shown as the small banner (search-engine visitors) rather than the modal. */
  readonly banner: boolean;
  setBanner(on: boolean): void;
  readonly expired: boolean;
  readonly segments: string[];
  /** Page views in this visit, this one included. */
  readonly pageViews: number;
  show(): void;
}

/** Storage key of the popup's frequency caps. */
export const capKey = (host: CouponPopupHost): string => host.widgetId || 'coupon-popup';

/** Audience, trigger and frequency in effect: config wins over attributes. */
function rules(host: CouponPopupHost) {
  const c = host.widgetConfig;
  // An audience in config is evaluated by the SDK before it hands out props; here only the default applies.
  return {
    audience: c?.audience ? 'all' : host.audience,
    trigger: c?.trigger ?? host.trigger ?? {},
    frequency: c?.frequency ?? host.frequency,
  };
}

function eligible(host: CouponPopupHost): boolean {
  if (host.open || host.banner || host.configDisabled) return false;
  // A buyer's next-order coupon is a reward they earned, not the welcome offer: the offer's expiry, audience and
  // frequency caps are the offer's (a buyer who saw or dismissed it before buying still gets their code); once per
  // purchase is its own rule (the asked mark).
  if (host.nextOrderCode) return true;
  // Without a static code the server may still issue one (a pool, the merchant's webhook).
  if (host.expired || (!host.code && !host.runtime?.post)) return false;
  // The server's claim for the next-order popup gives only codes bound at a purchase: its welcome offer needs a code
  // of its own, or it would promise a gift nobody can get.
  if (host.nextOrder && !host.code) return false;
  const { audience, frequency } = rules(host);
  const segments = host.segments;
  if (audience === 'new' && segments.length && !segments.includes('new')) return false;
  return allowedByFrequency(capKey(host), frequency);
}

/** Storage key of the purchase this popup last asked a next-order code for. */
const askedKey = (host: CouponPopupHost) => `nudge_next_order:${capKey(host)}`;

/**
 * The buyer's last purchase (its time) not yet asked about: the SDK publishes it in $user the moment the shop tracks
 * `purchase`, and from its memory on later pages, whatever storage it keeps that in (only with consent, as is the
 * asking). Standalone there is none.
 */
function newPurchase(host: CouponPopupHost): string | undefined {
  const mark = String($user.get().lastOrderAt ?? '');
  return mark && mark !== local.get(askedKey(host)) ? mark : undefined;
}

/** Arms the popup's triggers whenever the element is connected (not `manual`, not already open). */
export class CouponPopupController implements ReactiveController {
  readonly #host: CouponPopupHost;
  #disarm: (() => void) | undefined;
  /** Stops watching for a purchase tracked on this page. */
  #unwatch: (() => void) | undefined;
  #asking = false;

  constructor(host: CouponPopupHost) {
    this.#host = host;
  }

  hostConnected(): void {
    const host = this.#host;
    if (host.manual || host.open) return;
    // After an update so config props (and a disabled flag) are known.
    void host.updateComplete.then(() => {
      if (!host.isConnected || this.#disarm || this.#unwatch) return;
      if (host.nextOrder) {
        // Only the page view of a purchase asks for its coupon (the purchase in the SDK's memory, once per purchase);
        // every other page, and a visitor who never bought, keeps the popup's welcome offer.
        if (newPurchase(host)) return void this.#askNextOrder();
        this.#unwatch = $user.listen(() => newPurchase(host) && void this.#askNextOrder());
      }
      this.#arm();
    });
  }

  /** Asks for the buyer's next-order coupon; with one, it replaces the welcome offer and opens as soon as it may. */
  async #askNextOrder(): Promise<void> {
    const host = this.#host;
    const mark = newPurchase(host);
    if (this.#asking || !mark) return;
    this.#asking = true;
    this.#unwatch?.();
    this.#unwatch = undefined;
    // The asking is its own chunk, fetched on a purchase's page only.
    const { nextOrderCode } = await import('./next-order.js');
    const code = await nextOrderCode(host.runtime, host.widgetId, () => host.isConnected);
    this.#asking = false;
    // Left before the answer (a reload, a link): not marked, so the next page asks again; the server answers with the
    // same code, the one bound at the purchase.
    if (!host.isConnected) return;
    // Answered (the code, or none after every ask): this purchase is done. Blocked storage keeps the mark in memory:
    // this page asks once, whatever storage the SDK was given.
    local.set(askedKey(host), mark);
    // A purchase ends the welcome offer: its triggers stop, and a welcome popup on screen turns into the buyer's
    // coupon, or closes when there is none for them.
    this.#disarm?.();
    this.#disarm = undefined;
    if (code) host.nextOrderCode = code;
    if (host.open || host.banner) {
      if (code) host.requestUpdate();
      else if (host.banner) host.setBanner(false);
      else host.open = false;
    } else if (code) {
      // At once: this is the purchase's page, and an exit-intent or scroll trigger might never come. Another Nudge
      // modal on screen keeps it waiting for the triggers.
      if (eligible(host) && takeModalSlot(capKey(host))) host.open = true;
      else this.#arm();
    }
  }

  #arm(): void {
    const host = this.#host;
    if (!eligible(host)) return;
    this.#disarm = armTriggers(
      rules(host).trigger,
      () => {
        if (!eligible(host)) return;
        if (host.display === 'banner' || (host.display === 'auto' && fromSearchEngine())) host.setBanner(true);
        else if (takeModalSlot(capKey(host))) host.open = true;
      },
      host.pageViews,
    );
  }

  hostDisconnected(): void {
    this.#disarm?.();
    this.#disarm = undefined;
    this.#unwatch?.();
    this.#unwatch = undefined;
  }
}

// The dialog records shows, dismissals and claims through this module, so the frequency caps share this chunk: a
// page that mounts the popup from config always loads it first, and the caps as a file of their own cost it one
// more request (~150 bytes gzip). A popup opened only by show() or `open` fetches this chunk with its dialog.
export { hasClaimed, recordClaim, recordDismiss, recordShown, takeModalSlot } from '../internal/frequency.js';
