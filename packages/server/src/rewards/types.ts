// The rewards' shapes the routes and the typed admin client see, free of Node's types (the console compiles them).

/** A code read from an import, with its own expiry if the file gave one. */
export interface ImportedCode {
  code: string;
  expiresAt: number | null;
}

export interface PoolInput {
  id: string;
  name?: string | undefined;
  /** The widget id whose claims draw from it; none: any widget of the site. */
  widget?: string | undefined;
  /**
   * The experiment variant whose visitors it serves (both or neither); none: only visitors no running experiment moves
   * off the widget's control.
   */
  experiment?: string | undefined;
  variant?: string | undefined;
  kind: 'generated' | 'imported';
  prefix?: string | undefined;
  /** Random characters after the prefix (generated pools). */
  length?: number | undefined;
  /** Codes to generate now (generated pools). */
  count?: number | undefined;
  /** What one code takes off an order, for the redemption report's discount when the purchase does not say. */
  amount?: number | undefined;
  currency?: string | undefined;
  /** Each code expires this many days after it is claimed... */
  validDays?: number | undefined;
  /** ...or at this time (ms), whichever comes first; imported codes may carry their own. */
  expiresAt?: number | undefined;
  /** Warn in the console when fewer codes than this are left (default: a tenth of the pool, at least 1). */
  lowAt?: number | undefined;
}

export interface PoolSummary {
  id: string;
  name: string;
  widget: string | null;
  experiment: string | null;
  variant: string | null;
  kind: 'generated' | 'imported';
  prefix: string;
  length: number;
  amount: number | null;
  currency: string | null;
  validDays: number | null;
  expiresAt: number | null;
  createdAt: number;
  total: number;
  /** Free codes not expired: what claims can still get. */
  remaining: number;
  issued: number;
  redeemed: number;
  expired: number;
  lowAt: number;
  low: boolean;
}

export type StageName = 'friend_signup' | 'friend_first_order';
export type LedgerStatus = 'pending' | 'approved' | 'issued' | 'rejected';

export interface Stage {
  stage: StageName;
  /** what the friend gets (in the program's currency) */
  friend?: number | undefined;
  /** what the inviter gets */
  inviter?: number | undefined;
}

export interface ReferralProgram {
  /** the page a share link opens (`?ref=<code>` is added); default: the site's first allowed origin */
  url?: string | undefined;
  currency?: string | undefined;
  stages: Stage[];
  /** a friend's first order below this value grants nothing (the rule below_minimum) */
  minOrder?: number | undefined;
  /** what one inviter may earn per calendar month (UTC); beyond it the rule cap_reached applies */
  capPerInviterPerMonth?: number | undefined;
  /** what a rule that trips does: reject the reward, or hold it (pending) for review */
  onRule: 'reject' | 'hold';
  /** hold every reward for review, not only the ones a rule tripped */
  review?: boolean | undefined;
  /** the coupon pool approved rewards take a code from; none: approved rewards are issued by the merchant */
  pool?: string | undefined;
}

export interface LedgerEntry {
  id: string;
  stage: StageName;
  role: 'friend' | 'inviter';
  recipient: string;
  inviter: string;
  friend: string;
  amount: number;
  currency: string | null;
  status: LedgerStatus;
  reason: string | null;
  code: string | null;
  orderId: string | null;
  createdAt: number;
  updatedAt: number;
  decidedBy: string | null;
}

/** `confirm`: the double opt-in email with the confirmation link, sent before the others */
export type Channel = 'webhook' | 'email' | 'confirm';
export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

export interface Lead {
  id: string;
  anonymousId: string | null;
  userId: string | null;
  email: string;
  widget: string | null;
  code: string | null;
  createdAt: number;
  /** false while a double opt-in lead waits for its confirmation (it is not delivered until then) */
  confirmed: boolean;
  deliveries: { channel: Channel; status: DeliveryStatus; attempts: number; lastError: string | null }[];
}

/** The playbook's "spend 50, get a coupon for your next order": a pool code bound to the buyer at their purchase. */
export interface NextOrderReward {
  /** the widget id whose claim shows it (a popup or card on the thank-you page); it issues nothing to non-buyers */
  widget: string;
  /** the pool the codes come from */
  pool: string;
  /** orders below this value get none */
  minOrder?: number | undefined;
  /** codes bound for one client address in 24 h, from purchases the browser reported (default NEXT_ORDER_CAPS) */
  capPerAddressPerDay?: number | undefined;
  /** codes bound on the site in an hour, from purchases the browser reported (default NEXT_ORDER_CAPS) */
  capPerSitePerHour?: number | undefined;
}
