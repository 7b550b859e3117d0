// The --seed-demo config: valid, both experiments intact, and no shopper-facing sentence that would bypass the widgets'
// translations; and the demo shop's own origins allowed wherever it listens.
import { parseConfig } from '@nudge/core/spec';
import { describe, expect, it } from 'vitest';
import { allowShopOrigins, DEMO_ORIGINS, DEMO_SITE, demoConfig, shopOrigins } from './seed-demo.js';
import { Sites } from './sites.js';
import type { SiteRecord, Store } from './store/store.js';

/** Props each widget renders as a sentence; set in a config they replace the built-in en / zh-CN / zh-TW strings. */
const SENTENCE_PROPS = ['heading', 'description', 'label'];

describe('demoConfig', () => {
  const cfg = demoConfig();

  it('is a valid config', () => {
    expect(parseConfig(JSON.parse(JSON.stringify(cfg)))).toMatchObject({ ok: true });
  });

  it('keeps the two experiments: buy-bar colour red vs blue, coupon spend 100 save 20 vs spend 150 save 30', () => {
    const patches = Object.fromEntries(
      cfg.experiments.map((e) => [e.key, Object.fromEntries(e.variants.map((v) => [v.key, v.patch]))]),
    );
    expect(patches).toEqual({
      'buy-bar-color': { red: { 'buy-bar': { color: '#d92d20' } }, blue: { 'buy-bar': { color: '#1d4ed8' } } },
      'coupon-threshold': {
        'spend100-save20': { 'welcome-coupon': { threshold: 100, amount: 20 } },
        'spend150-save30': { 'welcome-coupon': { code: 'WELCOME30', threshold: 150, amount: 30 } },
      },
    });
    expect(cfg.experiments.every((e) => e.status === 'running')).toBe(true);
  });

  it('leaves wording to the built-in translations (no English sentences, no locale forced on every page)', () => {
    const texts = [
      ...cfg.widgets.map((w) => [w.id, w.props] as const),
      ...cfg.experiments.flatMap((e) => e.variants.flatMap((v) => Object.entries(v.patch ?? {}))),
    ].flatMap(([id, props]) => SENTENCE_PROPS.filter((k) => k in (props as object)).map((k) => `${id}.${k}`));
    expect(texts).toEqual([]);
    expect(cfg.locale).toBeUndefined();
    const card = cfg.widgets.find((w) => w.type === 'referral-card')?.props as {
      inviterReward?: string;
      friendReward?: string;
    };
    // rewards are interpolated into both languages' sentences, so they are amounts, not English phrases
    expect([card.inviterReward, card.friendReward]).toEqual(['$10', '$10']);
  });
});

describe('the shop origins pnpm demo allows', () => {
  /** Sites over the two store methods it uses, in memory. */
  const sitesWith = async (allowedOrigins: string[]) => {
    const rows: SiteRecord[] = [];
    const store = {
      listSites: async () => rows,
      createSite: async (s: SiteRecord) => void rows.push(s),
      updateSite: async (id: string, patch: Partial<SiteRecord>) =>
        Object.assign(
          rows.find((r) => r.id === id)!,
          patch,
        ),
    } as unknown as Store;
    const sites = new Sites(store);
    await sites.create({ id: DEMO_SITE, name: 'demo', allowedOrigins, createdAt: 0 });
    return sites;
  };

  it('are the shop URL and the same port under the other loopback name', () => {
    expect(shopOrigins('http://127.0.0.1:5302')).toEqual(['http://127.0.0.1:5302', 'http://localhost:5302']);
    expect(shopOrigins('http://localhost:5302/en/')).toEqual(['http://localhost:5302', 'http://127.0.0.1:5302']);
    expect(shopOrigins('http://0.0.0.0:5302')).toEqual([
      'http://0.0.0.0:5302',
      'http://127.0.0.1:5302',
      'http://localhost:5302',
    ]);
    expect(shopOrigins('https://shop.example')).toEqual(['https://shop.example']);
  });

  it('lets a shop on a port outside the seeded list through, keeping the origins already set', async () => {
    const sites = await sitesWith([...DEMO_ORIGINS, 'https://team.example']);
    expect(sites.allows(DEMO_SITE, 'http://127.0.0.1:5302')).toBe(false);
    expect(await allowShopOrigins(sites, DEMO_SITE, 'http://127.0.0.1:5302')).toEqual([
      'http://127.0.0.1:5302',
      'http://localhost:5302',
    ]);
    expect(sites.allows(DEMO_SITE, 'http://127.0.0.1:5302')).toBe(true);
    expect(sites.allows(DEMO_SITE, 'http://localhost:5302')).toBe(true);
    expect(sites.get(DEMO_SITE)!.allowedOrigins).toEqual([
      ...DEMO_ORIGINS,
      'https://team.example',
      'http://127.0.0.1:5302',
      'http://localhost:5302',
    ]);
    // a second start on the same port adds nothing
    expect(await allowShopOrigins(sites, DEMO_SITE, 'http://127.0.0.1:5302')).toEqual([]);
  });

  it('leaves a site that allows every origin alone', async () => {
    const sites = await sitesWith(['*']);
    expect(await allowShopOrigins(sites, DEMO_SITE, 'http://127.0.0.1:5302')).toEqual([]);
    expect(sites.get(DEMO_SITE)!.allowedOrigins).toEqual(['*']);
  });
});
