// The tracker's public contract: options, the visitor it describes, and the object createTracker returns.
import type { NudgeStorage } from '../storage/storage.js';
import type { EventProps, KnownEvent } from './event-props.js';
import type { Send } from './transport.js';

export type ConsentOption = 'granted' | 'required';
export type Consent = 'granted' | 'denied';

export interface TrackerOptions {
  /** Site key, sent with every batch. */
  site: string;
  /** Collector base URL; events go to `POST {endpoint}/v1/events`. */
  endpoint: string;
  /** Events per request, and the queue length that triggers a send at once (default 20). */
  batchSize?: number;
  /** Milliseconds an event may wait for companions before it is sent (default 2000). */
  flushInterval?: number;
  /** Where ids and the queue persist (default localStorage, else memory). */
  storage?: NudgeStorage;
  /** Transport override; default fetch. Resolve `{ status }`; reject on network errors. */
  send?: Send;
  /** `required`: nothing is stored or sent until `setConsent('granted')` (default `granted`). */
  consent?: ConsentOption;
  /** Treat Global Privacy Control / Do Not Track as consent denied (default true). */
  respectGPC?: boolean;
  /** Mirror GA4 funnel events to `window.dataLayer` (or the named array) (default off; its code loads only when on). */
  dataLayer?: boolean | string;
  /** Attached to every event's context (the config client supplies the visitor's experiment variants). */
  context?: () => { experiments?: Record<string, string>; forced?: string[] } | undefined;
  /**
   * Report LCP, INP, CLS, FCP, TTFB once per page as `web_vitals` (default true in browsers). A function is asked once,
   * after the load event: falsy loads nothing of web-vitals; true or an object (its fields join the event's props) loads it.
   */
  webVitals?: boolean | (() => boolean | Record<string, unknown> | undefined);
  /** Queue caps; on overflow the oldest events are dropped and counted (defaults 500 events, 250 000 characters). */
  maxEvents?: number;
  maxBytes?: number;
  /** Clock, for tests. */
  now?: () => number;
}

type Props<N extends string> = N extends KnownEvent ? EventProps<N> : Record<string, unknown>;
/** The props argument: required for events with required fields (purchase, add_to_cart, ...), else optional. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- "every prop optional" is exactly this test
export type TrackArgs<N extends string> = {} extends Props<N> ? [props?: Props<N>] : [props: Props<N>];

/** Who is being tracked, as events describe them. */
export interface Visitor {
  /** Set once consent allows tracking; the first call creates it, so other code can key on it before any event. */
  anonymousId?: string;
  userId?: string;
  consent: Consent | 'pending';
  /** First-touch attribution (30 days): UTM parameters and the `?ref=` referral code. */
  utm: Record<string, string>;
  referral?: string;
}

export interface Tracker {
  /** `N`: a known event (offered by editors' completion, its props typed) or any other name (free-form props). */
  track<N extends KnownEvent | (string & {})>(name: N, ...props: TrackArgs<N>): void;
  page(props?: EventProps<'page_view'>): void;
  identify(userId: string, traits?: Record<string, unknown>): void;
  reset(): void;
  /** Sends everything queued now (ignoring backoff); resolves when done or when the collector fails. Never rejects. */
  flush(): Promise<void>;
  setConsent(consent: Consent): void;
  /** The visitor's ids, consent and attribution (e.g. to send server-side events for the same anonymousId). */
  visitor(): Visitor;
}
