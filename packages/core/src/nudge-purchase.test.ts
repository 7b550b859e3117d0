// createNudge publishes the buyer's last purchase in $user from whatever storage it was given, only with consent.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createNudge, type NudgeOptions } from './nudge.js';
import { memoryStorage, type NudgeStorage } from './storage/storage.js';
import { $config, $runtime, $user } from './stores.js';

let clock = 1_800_000_000_000;
const open = (storage: NudgeStorage, over: Partial<NudgeOptions> = {}) =>
  createNudge({
    site: 'demo',
    endpoint: 'https://api.example',
    storage,
    send: async () => ({ status: 200 }),
    webVitals: false,
    live: false,
    now: () => clock,
    ...over,
  });
const purchase = {
  transaction_id: 'T1',
  currency: 'USD',
  value: 80,
  items: [{ item_id: 'a', price: 80, quantity: 1 }],
};

/** A merchant's own adapter over a plain object: neither localStorage nor one of the SDK's own. */
function ownStorage(): NudgeStorage & { data: Record<string, string> } {
  const data: Record<string, string> = {};
  return {
    data,
    get: (k) => data[k] ?? null,
    set: (k, v) => ((data[k] = v), true),
    remove: (k) => void delete data[k],
    keys: () => Object.keys(data),
  };
}

beforeEach(() => {
  $config.set(null);
  $runtime.set(null);
  $user.set({});
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(null, { status: 304 })),
  );
});
afterEach(() => vi.unstubAllGlobals());

describe("the buyer's last purchase in $user", () => {
  it('is published the moment a purchase is tracked, and is the time of the latest one', () => {
    const nudge = open(memoryStorage());
    expect($user.get().lastOrderAt).toBeUndefined();
    const seen: (number | undefined)[] = [];
    const off = $user.listen((u) => seen.push(u.lastOrderAt));
    nudge.track('purchase', purchase);
    expect($user.get().lastOrderAt).toBe(clock);
    clock += 60_000;
    nudge.track('purchase', { ...purchase, transaction_id: 'T2' });
    expect($user.get().lastOrderAt).toBe(clock);
    expect(seen.filter((t) => t !== undefined)).toEqual([clock - 60_000, clock]);
    // other events are no purchase
    nudge.track('add_to_cart', { currency: 'USD', value: 1, items: [{ item_id: 'b', price: 1, quantity: 1 }] });
    expect($user.get().lastOrderAt).toBe(clock);
    off();
    nudge.close();
  });

  it("comes back on the next page from the storage the SDK was created with (a merchant's own adapter)", () => {
    const storage = ownStorage();
    const first = open(storage);
    first.track('purchase', purchase);
    const at = clock;
    first.close();
    expect(JSON.stringify(storage.data)).toContain(String(at));
    $user.set({});
    clock += 3_600_000;
    const next = open(storage);
    expect($user.get().lastOrderAt).toBe(at);
    next.close();
    $user.set({});
    const other = open(ownStorage()); // another browser, which never bought
    expect($user.get().lastOrderAt).toBeUndefined();
    other.close();
  });

  it('is absent without consent, appears with it, and goes with a denial or a reset', () => {
    const nudge = open(memoryStorage(), { consent: 'required' });
    nudge.track('purchase', purchase);
    expect($user.get().lastOrderAt).toBeUndefined();
    nudge.setConsent('granted');
    expect($user.get().lastOrderAt).toBe(clock);
    expect($user.get().anonymousId).toBeTruthy();
    nudge.setConsent('denied');
    expect($user.get().lastOrderAt).toBeUndefined();
    expect($user.get().anonymousId).toBeUndefined();
    nudge.close();

    const again = open(memoryStorage());
    again.track('purchase', purchase);
    again.reset(); // a log-out: the next visitor did not buy
    expect($user.get().lastOrderAt).toBeUndefined();
    again.close();
  });
});
