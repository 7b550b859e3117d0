// Merchant copy per locale in real Chromium: the widgets show the text for the page's locale, from config or from code.
import { $config, $runtime } from '@nudge/core';
import type { NudgeRuntime } from '@nudge/core';
import { afterEach, describe, expect, it } from 'vitest';
import '../buy-bar/buy-bar.js';
import '../coupon-popup/coupon-popup.js';
import type { NudgeCouponPopup } from '../coupon-popup/coupon-popup.component.js';
import { resetModalSlot } from './frequency.js';
import { axeViolations, checkedTrack, settle } from './testing.js';

const heading = { en: 'A gift for your first order', 'zh-CN': '首单专享礼物', 'zh-TW': '首單專屬禮物' };
const description = { en: 'Valid on all teas', 'zh-CN': '全场茶叶可用', 'zh-TW': '全館茶葉可用' };

function connect(props: Record<string, Record<string, unknown>>, siteLocale?: string) {
  const calls: [string, Record<string, unknown> | undefined][] = [];
  const rt: NudgeRuntime = {
    track: checkedTrack(calls),
    widgetProps: (id) => props[id],
    exposed: () => undefined,
    ...(siteLocale ? { locale: siteLocale } : {}),
  };
  $runtime.set(rt);
}

async function popup(attrs: Record<string, string> = {}): Promise<NudgeCouponPopup> {
  const el = document.createElement('nudge-coupon-popup');
  for (const [k, v] of Object.entries({ 'widget-id': 'welcome', code: 'WELCOME30', manual: '', ...attrs }))
    el.setAttribute(k, v);
  document.body.append(el);
  el.show();
  await el.updateComplete;
  await settle();
  return el;
}
const text = (el: Element, part: string) => el.shadowRoot!.querySelector(`[part~=${part}]`)?.textContent?.trim();

afterEach(() => {
  document.body.innerHTML = '';
  document.documentElement.lang = 'en';
  $runtime.set(null);
  $config.set(null);
  localStorage.clear();
  sessionStorage.clear();
  resetModalSlot();
});

describe('merchant copy per locale', () => {
  it('a zh-CN page shows the zh-CN copy from config, with the built-in text in zh-CN too, over an en site default', async () => {
    document.documentElement.lang = 'zh-CN';
    connect({ welcome: { heading, description } }, 'en');
    const el = await popup();
    expect(text(el, 'heading')).toBe('首单专享礼物');
    expect(text(el, 'description')).toBe('全场茶叶可用');
    expect(text(el, 'cta')).toMatch(/^[\u4e00-\u9fff]+$/); // the built-in button speaks Chinese too
    expect(el.heading).toBe('首单专享礼物');
    expect(await axeViolations(el)).toEqual([]);
  });

  it("the tag's locale (data-locale, the element's locale) wins, and a change re-picks the copy", async () => {
    document.documentElement.lang = 'zh-CN';
    connect({ welcome: { heading } });
    const el = await popup({ locale: 'zh-TW' });
    expect(text(el, 'heading')).toBe('首單專屬禮物');
    el.locale = 'en';
    await el.updateComplete;
    expect(text(el, 'heading')).toBe('A gift for your first order');
  });

  it("falls back by language (zh-HK reads zh-TW, en-GB reads en), then to the site's default, then the first value", async () => {
    connect({ welcome: { heading } });
    document.documentElement.lang = 'zh-HK';
    expect(text(await popup(), 'heading')).toBe('首單專屬禮物');
    document.body.innerHTML = '';
    resetModalSlot();
    document.documentElement.lang = 'ja';
    connect({ welcome: { heading } }, 'zh-CN');
    expect(text(await popup(), 'heading')).toBe('首单专享礼物');
    document.body.innerHTML = '';
    resetModalSlot();
    connect({ welcome: { heading: { 'zh-TW': '首單專屬禮物', en: 'A gift' } } });
    expect(text(await popup(), 'heading')).toBe('首單專屬禮物');
  });

  it('an app sets a per-locale object on the element itself (npm, no SDK); a string set later replaces it', async () => {
    document.documentElement.lang = 'zh-CN';
    const el = document.createElement('nudge-coupon-popup');
    el.setAttribute('code', 'WELCOME30');
    el.manual = true;
    (el as unknown as { heading: unknown }).heading = heading;
    document.body.append(el);
    el.show();
    await el.updateComplete;
    expect(text(el, 'heading')).toBe('首单专享礼物');
    el.heading = 'Plain text';
    await el.updateComplete;
    el.locale = 'zh-TW';
    await el.updateComplete;
    expect(text(el, 'heading')).toBe('Plain text');
  });

  it("the buy bar's label and product name per locale", async () => {
    document.documentElement.lang = 'zh-CN';
    connect({ bar: { label: { en: 'Buy now', 'zh-CN': '立即购买' }, name: { en: 'Oolong', 'zh-CN': '乌龙茶' } } });
    const target = document.createElement('button');
    target.id = 'add';
    target.textContent = 'Add';
    document.body.append(target);
    const el = document.createElement('nudge-buy-bar');
    el.setAttribute('widget-id', 'bar');
    el.setAttribute('target', '#add');
    el.setAttribute('price', '128');
    el.setAttribute('currency', 'CNY');
    document.body.append(el);
    await el.updateComplete;
    expect(el.label).toBe('立即购买');
    expect(el.name).toBe('乌龙茶');
  });
});
