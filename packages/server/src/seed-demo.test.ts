// The --seed-demo config: valid, both experiments intact, and no shopper-facing sentence that would bypass the widgets' translations.
import { parseConfig } from '@nudge/core/spec';
import { describe, expect, it } from 'vitest';
import { demoConfig } from './seed-demo.js';

/** Props each widget renders as a sentence; set in a config they replace the built-in en / zh-CN / zh-TW strings. */
const SENTENCE_PROPS = ['heading', 'description', 'label'];

describe('demoConfig', () => {
  const cfg = demoConfig();

  it('is a valid config', () => {
    expect(parseConfig(JSON.parse(JSON.stringify(cfg)))).toMatchObject({ ok: true });
  });

  it('keeps the two experiments: buy-bar colour red vs blue, coupon spend 100 save 20 vs spend 150 save 30', () => {
    const patches = Object.fromEntries(cfg.experiments.map((e) => [e.key, Object.fromEntries(e.variants.map((v) => [v.key, v.patch]))]));
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
    const card = cfg.widgets.find((w) => w.type === 'referral-card')?.props as { inviterReward?: string; friendReward?: string };
    // rewards are interpolated into both languages' sentences, so they are amounts, not English phrases
    expect([card.inviterReward, card.friendReward]).toEqual(['$10', '$10']);
  });
});
