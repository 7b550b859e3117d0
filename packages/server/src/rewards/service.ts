// What the routes call on rewards (http/deps.ts), free of Node's types: the console's typed client compiles it.
import type { EventRow } from '../store/records.js';
import type { Claimed } from './claims.js';
import type { RedemptionReport } from './redemption.js';
import type { LeadDelivery, publicSettings } from './settings.js';
import type {
  DeliveryStatus,
  ImportedCode,
  Lead,
  LedgerEntry,
  NextOrderReward,
  PoolInput,
  PoolSummary,
  ReferralProgram,
} from './types.js';

export interface ClaimInput {
  site: string;
  widget: string;
  anonymousId: string;
  userId?: string | undefined;
}

export type PublicSettings = ReturnType<typeof publicSettings>;
/** A settings answer that made a new webhook secret: it is in `secret`, this once. */
export type SettingsWithSecret = PublicSettings & { secret?: string };

export interface HookInput {
  url: string;
  secret?: string | undefined;
  timeoutMs?: number | undefined;
}

export interface LeadDeliveryPatch {
  webhook?: HookInput | null | undefined;
  email?: LeadDelivery['email'] | null | undefined;
  retentionDays?: number | null | undefined;
  doubleOptIn?: LeadDelivery['doubleOptIn'] | null | undefined;
}

/** What opening a confirmation link did: confirmed now, confirmed before, or no such link (expired or made up). */
export type LeadConfirmation = 'confirmed' | 'already' | 'unknown';

export interface LedgerQuery {
  status?: string | undefined;
  stage?: string | undefined;
  person?: string | undefined;
  limit: number;
}

export type Decision = 'done' | 'unknown' | 'conflict';

export interface VisitorExport {
  site: string;
  id: string;
  leads: Record<string, unknown>[];
  claims: Record<string, unknown>[];
  referralCodes: Record<string, unknown>[];
  referredAs: Record<string, unknown>[];
  ledger: Record<string, unknown>[];
  /** their events (null when the event store cannot look them up) */
  events: EventRow[] | null;
  /** erasures of events accepted but still running (ClickHouse mutations); 0 when none */
  eventsPendingDeletes: number;
}

export interface VisitorRemoved {
  /** events deleted (null when the event store cannot look them up) */
  events: number | null;
  /** true while ClickHouse still runs the delete (it finishes on its own; the export counts what is pending) */
  eventsPending: boolean;
  leads: number;
  claims: number;
  referralCodes: number;
  referredAs: number;
  friendsInviterForgotten: number;
  ledger: number;
  ledgerInviterForgotten: number;
  orders: number;
}

export interface RewardsService {
  claim(input: ClaimInput): Promise<Claimed | undefined>;
  /** Whether `widget` may claim on the site: a coupon popup of its config, or its next-order coupon's widget. */
  claimable(site: string, widget: string): Promise<boolean>;
  createPool(site: string, input: PoolInput): Promise<boolean>;
  generate(site: string, pool: string, count: number): Promise<number | undefined>;
  import(site: string, pool: string, codes: ImportedCode[]): Promise<{ added: number; skipped: number } | undefined>;
  pools(site: string): Promise<PoolSummary[]>;
  report(site: string, from: number, to: number): Promise<RedemptionReport>;
  settings(site: string): Promise<PublicSettings>;
  setCodeWebhook(site: string, hook: HookInput | null): Promise<SettingsWithSecret>;
  setReferralProgram(site: string, program: ReferralProgram | null): Promise<PublicSettings>;
  setLeadDelivery(site: string, patch: LeadDeliveryPatch): Promise<SettingsWithSecret>;
  confirmLead(site: string, token: string): Promise<LeadConfirmation>;
  setNextOrder(site: string, reward: NextOrderReward | null): Promise<PublicSettings>;
  referralCode(
    site: string,
    who: { anonymousId: string; userId: string; email?: string | undefined },
    /** the shop the customer is on (an origin the site allows): their link's base when the program names no url */
    shop?: string | undefined,
  ): Promise<{ code: string; url: string | null } | undefined>;
  ledger(site: string, q: LedgerQuery): Promise<LedgerEntry[]>;
  approve(site: string, id: string, by: string): Promise<Decision>;
  reject(site: string, id: string, by: string, reason: string): Promise<Decision>;
  leads(site: string, q: { status?: DeliveryStatus | undefined; limit: number }): Promise<Lead[]>;
  retryLead(site: string, lead: string): Promise<boolean>;
  exportVisitor(site: string, id: string): Promise<VisitorExport>;
  forgetVisitor(site: string, id: string): Promise<VisitorRemoved>;
}
