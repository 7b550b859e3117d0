// <nudge-referral-card> at the top of a content page: its first render reserves the height its lazy view takes, so
// appearing shifts nothing, at desktop and phone widths, in en and zh-CN, for each set of blocks it can show.
import { $config, $runtime, $user } from '@nudge/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { layoutShiftMeter, pageWithContent, settle, viewport } from '../internal/testing.js';
import './referral-card.js';

const URL0 = 'https://shop.example/welcome?utm_source=card';
const layouts: Record<string, { attrs: Record<string, string>; ref?: string }> = {
  'link-body': { attrs: { code: 'ANN10', url: URL0, 'inviter-reward': '$10 credit', 'friend-reward': '15% off' } },
  link: { attrs: { code: 'ANN10', url: URL0 } },
  friend: { attrs: { 'friend-reward': '15% off' }, ref: 'BOB7' },
  'friend-link-body': {
    attrs: { code: 'ANN10', url: URL0, 'inviter-reward': '$10 credit', 'friend-reward': '15% off' },
    ref: 'BOB7',
  },
};

/**
 * A content page with the card first in <main>, built in one task as a merchant's HTML would have it (so the card is
 * there at the page's first paint; inserting any box above painted content would move it, reserved or not). The
 * meter starts before that paint, so it sees the card's view arriving into the box. Returns the box's height at the
 * first render and once the view is in.
 */
async function pageWithCardAtTop(attrs: Record<string, string>, lang = 'en') {
  document.body.innerHTML = '';
  const main = pageWithContent(lang);
  const el = document.createElement('nudge-referral-card');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  main.prepend(el);
  const cls = layoutShiftMeter();
  await el.updateComplete; // first render only: the view loads once the card is seen near the viewport, later
  const reserved = el.getBoundingClientRect().height;
  // The view is in once its styles are adopted (a card with nothing to show renders nothing, then or later).
  await vi.waitFor(() => expect(el.shadowRoot!.adoptedStyleSheets.length).toBeGreaterThan(1));
  await el.updateComplete;
  await settle();
  cls.stop();
  return { el, cls, reserved, final: el.getBoundingClientRect().height };
}

afterEach(() => {
  document.body.innerHTML = '';
  document.head.querySelectorAll('style[data-test]').forEach((s) => s.remove());
  $user.set({});
  $config.set(null);
  $runtime.set(null);
  history.replaceState(null, '', location.pathname);
});

describe('referral card reserves its own height', () => {
  for (const lang of ['en', 'zh-CN']) {
    it(`causes no layout shift appearing at the top of the page (${lang}, 1280/390/360/320 px, every layout)`, async () => {
      const fails: string[] = [];
      for (const width of [1280, 390, 360, 320]) {
        for (const [name, { attrs, ref }] of Object.entries(layouts)) {
          history.replaceState(null, '', ref ? `?ref=${ref}` : location.pathname);
          await viewport(width, 800);
          const { el, cls, reserved, final } = await pageWithCardAtTop(attrs, lang);
          const at = `${lang} ${width}px ${name}`;
          if (el.getAttribute('layout') !== name) fails.push(`${at}: layout ${el.getAttribute('layout')}`);
          // The reserve fits the view: never smaller (the page would move), at most 2px larger (blocks rounded up).
          if (final > reserved + 0.5 || reserved - final > 2)
            fails.push(`${at}: reserved ${reserved}px, view ${final}px`);
          if (cls.value() !== 0) fails.push(`${at}: shift ${cls.value()}\n${cls.report()}`);
        }
      }
      expect(fails).toEqual([]);
    });
  }

  it("a signed-in customer's own code with the site's program rewards (the playbook's, with a monthly cap or not) fits the reserve too", async () => {
    const fails: string[] = [];
    const post = () => Promise.resolve(Response.json({ code: 'K7Q2MX9P', url: 'https://shop.example/?ref=K7Q2MX9P' }));
    $runtime.set({ track: () => {}, widgetProps: () => undefined, exposed: () => {}, post });
    $user.set({ anonymousId: 'a-1', userId: 'ann' });
    for (const lang of ['en', 'zh-CN']) {
      for (const [currency, minOrder, cap] of [
        ['USD', 40, undefined],
        ['CNY', 40, undefined],
        ['USD', undefined, undefined],
        ['CNY', 40, 1000],
        ['USD', 40, 1000],
      ] as const) {
        $config.set({
          ...{ schema: 1, site: 'shop', version: 1, widgets: [], experiments: [] },
          referral: {
            currency,
            ...(minOrder ? { minOrder } : {}),
            ...(cap ? { capPerInviterPerMonth: cap } : {}),
            stages: [
              { stage: 'friend_signup', friend: 20, inviter: 20 },
              { stage: 'friend_first_order', inviter: 50 },
            ],
          },
        });
        for (const width of [1280, 390, 360, 320]) {
          await viewport(width, 800);
          const { el, cls, reserved, final } = await pageWithCardAtTop({}, lang);
          const at = `${lang} ${currency} min ${minOrder} cap ${cap} ${width}px`;
          const want = cap ? 'link-body-long-cap' : 'link-body-long';
          if (el.getAttribute('layout') !== want) fails.push(`${at}: layout ${el.getAttribute('layout')}`);
          // reserved for the program's longest sentence (other currencies and languages may take up to two lines less)
          if (final > reserved + 0.5 || reserved - final > 50)
            fails.push(`${at}: reserved ${reserved}px, view ${final}px`);
          if (cls.value() !== 0) fails.push(`${at}: shift ${cls.value()}\n${cls.report()}`);
        }
      }
    }
    expect(fails).toEqual([]);
  });

  it('reserves nothing when it has nothing to show, and a merchant override wins over the built-in reserve', async () => {
    await viewport(1280, 800);
    const empty = await pageWithCardAtTop({ code: '' });
    expect(empty.el.hasAttribute('layout')).toBe(false);
    expect(empty.reserved).toBe(0);
    expect(empty.final).toBe(0); // and nothing once its view is in: no empty bordered card
    expect(empty.el.shadowRoot!.querySelector('[part~=card]')).toBeNull();
    empty.el.remove();
    const style = document.createElement('style');
    style.dataset.test = '';
    style.textContent = 'nudge-referral-card { --nudge-referral-card-min-height: 320px; }';
    document.head.append(style);
    const tall = await pageWithCardAtTop(layouts['link-body']!.attrs);
    expect([tall.reserved, tall.final]).toEqual([320, 320]);
  });

  it('the meter does see a box that appears at the top without a reserve (so 0 above means something)', async () => {
    await viewport(390, 800);
    const style = document.createElement('style');
    style.dataset.test = '';
    style.textContent = 'nudge-referral-card { --nudge-referral-card-min-height: 0px; }';
    document.head.append(style);
    const { cls, reserved, final } = await pageWithCardAtTop(layouts['link-body']!.attrs);
    expect(reserved).toBe(0);
    expect(final).toBeGreaterThan(200);
    expect(cls.value()).toBeGreaterThan(0.05);
  });
});
