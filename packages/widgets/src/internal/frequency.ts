// Frequency caps shared by every Nudge widget: quiet days after a dismiss, never after a claim, once per session,
// and one modal per page view. localStorage/sessionStorage with an in-memory fallback (private mode, blocked storage).

/** Same shape as config `frequency`. After a claim a widget never returns. */
export interface FrequencyRule {
  /** Days to stay quiet after the visitor dismissed the widget (default 7; 0 = may show again next session). */
  quietDaysAfterDismiss?: number;
  /** At most once per browser session (default true). */
  oncePerSession?: boolean;
  /** Shows per visitor, ever (default unlimited). */
  maxShows?: number;
}

interface KV {
  get(key: string): string | null;
  set(key: string, value: string): void;
}

const memory = new Map<string, string>();
function area(kind: 'localStorage' | 'sessionStorage'): KV {
  const prefix = `${kind}:`;
  return {
    get(key) {
      try {
        return globalThis[kind].getItem(key);
      } catch {
        return memory.get(prefix + key) ?? null;
      }
    },
    set(key, value) {
      try {
        globalThis[kind].setItem(key, value);
      } catch {
        memory.set(prefix + key, value);
      }
    },
  };
}
/** localStorage, or memory where it is blocked: also the coupon popup's record of the purchases it asked about. */
export const local = area('localStorage');
const session = area('sessionStorage');
const DAY = 864e5;

interface Record_ {
  dismissedAt?: number;
  claimedAt?: number;
  shows?: number;
}
const key = (id: string) => `nudge:freq:${id}`;
function read(id: string): Record_ {
  try {
    return JSON.parse(local.get(key(id)) ?? '{}') as Record_;
  } catch {
    return {};
  }
}

/** Whether an automatic trigger may show widget `id` now under `rule`. */
export function allowedByFrequency(id: string, rule: FrequencyRule = {}, now = Date.now()): boolean {
  const r = read(id);
  if (r.claimedAt) return false;
  if (rule.maxShows && (r.shows ?? 0) >= rule.maxShows) return false;
  const quiet = rule.quietDaysAfterDismiss ?? 7;
  if (r.dismissedAt && now - r.dismissedAt < quiet * DAY) return false;
  if ((rule.oncePerSession ?? true) && session.get(`nudge:shown:${id}`)) return false;
  return true;
}

export function recordShown(id: string): void {
  session.set(`nudge:shown:${id}`, '1');
  const r = read(id);
  local.set(key(id), JSON.stringify({ ...r, shows: (r.shows ?? 0) + 1 }));
}
export function recordDismiss(id: string, now = Date.now()): void {
  local.set(key(id), JSON.stringify({ ...read(id), dismissedAt: now }));
}
export function recordClaim(id: string, now = Date.now()): void {
  local.set(key(id), JSON.stringify({ ...read(id), claimedAt: now }));
}
/** Whether this visitor ever claimed widget `id` (claim flows show the code again instead of the teaser). */
export function hasClaimed(id: string): boolean {
  return !!read(id).claimedAt;
}

// One modal per page view across every Nudge bundle on the page, hence a global keyed by Symbol.for.
const SLOT = Symbol.for('nudge.modal-slot'); // page-views.ts newPageView() clears it too
type SlotHost = { [SLOT]?: string };
/** Claims the page's single modal slot for `owner`; true if it was free or already owned by `owner`. */
export function takeModalSlot(owner: string): boolean {
  const g = globalThis as SlotHost;
  if (g[SLOT] && g[SLOT] !== owner) return false;
  g[SLOT] = owner;
  return true;
}
/** Frees the modal slot (tests; see newPageView for SPA navigations). */
export function resetModalSlot(): void {
  delete (globalThis as SlotHost)[SLOT];
}
