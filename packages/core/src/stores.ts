// Shared state: nanostores atoms the SDK writes and the widgets read.
import { atom } from 'nanostores';
import type { NudgeConfig, SegmentName } from './config/schema.js';

export type { SegmentName };

/** A visitor's variant for one experiment; `variant: null` means the experiment does not apply. */
export interface Assignment {
  variant: string | null;
  /** assigned | forced | not-in-audience | not-in-traffic | not-running | winner | layer-taken */
  reason: string;
  forced?: boolean;
}

/** Product on the page: filled by the loader from JSON-LD/OG/data attributes, or setProduct(). */
export interface ProductContext {
  id?: string;
  sku?: string;
  name?: string;
  url?: string;
  image?: string;
  price?: number;
  compareAtPrice?: number;
  currency?: string;
  availability?: 'in_stock' | 'out_of_stock' | 'preorder' | 'limited' | 'discontinued';
  stock?: { remaining?: number; sold?: number; soldWindowHours?: number; asOf: string /* ISO */; source: string };
  /** ISO instant, same for every visitor. */
  saleEndsAt?: string;
}

/** Set by createNudge(); widgets use it when present ("connected" mode). */
export interface NudgeRuntime {
  track(name: string, props?: Record<string, unknown>): void;
  /** A widget's props for this visitor, read from `$widgetProps` (nothing is recomputed); undefined if unknown/off. */
  widgetProps(widgetId: string): Record<string, unknown> | undefined;
  /** the widget reached the screen: send experiment_exposure for experiments that patch it (deduped) */
  exposed(widgetId: string): void;
  /**
   * Installs the full schedule check (repeating windows in the site's zone) and re-assigns the experiments; the page
   * file calls it when it loads and again whenever a schedule boundary passes, so assignment follows the clock.
   */
  schedule?(inSchedule: (schedule: NonNullable<NudgeConfig['experiments'][number]['schedule']>) => boolean): void;
  locale?: string;
  currency?: string;
  /**
   * POSTs `body` with the visitor's ids and the site to the Nudge server (`path`, e.g. `/v1/coupons/claim` for the
   * popup's own code): undefined without consent (nothing is sent); rejects when the server cannot be reached. Kept
   * generic so each widget's call and reading of the answer stay in its own lazy code, off the every-page bundle.
   */
  post?(path: string, body: Record<string, unknown>): Promise<Response> | undefined;
}

export interface ClaimedCode {
  code: string;
  /** ISO time, or null when the code does not expire */
  expiresAt: string | null;
  source: 'pool' | 'webhook' | 'static';
}

export interface UserState {
  anonymousId?: string;
  userId?: string;
  traits?: Record<string, unknown>;
  /** Visits (sessions) this browser has made, this one included. */
  visits?: number;
  /**
   * When this browser last tracked `purchase` (ms since the epoch): set the moment the shop tracks it, kept in the
   * SDK's storage (whichever it was created with) like visits; absent without consent. Its value tells one purchase
   * from the next (the coupon popup asks for a next-order coupon once per purchase).
   */
  lastOrderAt?: number;
  /** Referral code the visitor arrived with, if any, and their own code (never counts for them). */
  referral?: string;
  ownReferralCode?: string;
}

export interface CartState {
  value: number;
  currency?: string;
  items?: number;
}

export type ConsentState = 'granted' | 'denied' | 'pending';

export const $config = atom<NudgeConfig | null>(null);
export const $user = atom<UserState>({});
/** RFM segments the visitor is in (new | active | dormant, plus high_value). */
export const $segment = atom<SegmentName[]>([]);
export const $assignments = atom<Record<string, Assignment>>({});
export const $consent = atom<ConsentState>('pending');
export const $cart = atom<CartState | null>(null);
export const $product = atom<ProductContext | null>(null);
export const $runtime = atom<NudgeRuntime | null>(null);
/**
 * The props of each widget config shows this visitor (config props + variant patches, audience applied); a widget
 * config turns off for them is absent. The SDK sets it after $config and $assignments, as one value computed from the
 * same config, so a reader of this store never mixes one config with another's assignments; it publishes $segment only
 * after it, so a widget that $segment notifies never reads a $config newer than these props. A change that leaves every
 * widget's props as they were is not published.
 */
export const $widgetProps = atom<Record<string, Record<string, unknown> | undefined>>({});
