// The records the stores keep: sites, write keys, published configs and events, as objects (encoding is per backend).
import type { NudgeConfig } from '@nudge/core/spec';
import type { ConfigAction, ConfigChange } from '../config/history.js';

export interface SiteRecord {
  id: string;
  name: string;
  allowedOrigins: string[];
  createdAt: number;
}

export interface WriteKeyRecord {
  site: string;
  /** first characters of the key, enough to recognise it in a list */
  prefix: string;
  hash: string;
  createdAt: number;
}

export interface ConfigRecord {
  site: string;
  version: number;
  /** the full published document */
  doc: NudgeConfig;
  author: string;
  action: ConfigAction;
  /** what this version changed from the one before it, field by field */
  changes: ConfigChange[];
  createdAt: number;
}

/** One stored event, flattened so reports read columns instead of digging in props. */
export interface EventRow {
  id: string;
  /** ms timestamp the id was minted at (UUIDv7), else the client's event time: bounds the duplicate lookup */
  idMs: number;
  site: string;
  name: string;
  ts: number;
  receivedAt: number;
  anonymousId: string | null;
  userId: string | null;
  sessionId: string | null;
  seq: number | null;
  url: string | null;
  path: string | null;
  referrer: string | null;
  /** active variants: experiment key -> variant key */
  experiments: Record<string, string>;
  /** force-assigned experiment keys */
  forced: string[];
  props: Record<string, unknown>;
  context: Record<string, unknown>;
  source: 'web' | 'segment';
  /** experiment_exposure only */
  expKey: string | null;
  expVariant: string | null;
  expForced: boolean;
  /** purchase revenue */
  value: number | null;
  transactionId: string | null;
  /** referral code the visitor arrived with */
  refCode: string | null;
  /** the config widget id an event is about */
  widget: string | null;
  /** that widget's type in the config live when the event arrived (e.g. coupon-popup) */
  widgetType: string | null;
}

export interface CountReport {
  keys: string[];
  n: number;
}
