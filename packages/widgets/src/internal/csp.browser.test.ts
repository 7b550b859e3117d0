// Both of this package's interactive widgets run their full flows under a strict Content-Security-Policy (no
// unsafe-inline styles or scripts, no eval): any violation the browser reports fails the test.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { settle } from './testing.js';
import '../coupon-popup/coupon-popup.js';
import '../referral-card/referral-card.js';

const violations: string[] = [];
const onViolation = (e: SecurityPolicyViolationEvent) =>
  violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`);

beforeAll(() => {
  // A meta CSP applies from the moment it is inserted; vitest's own scripts are already loaded by then.
  const meta = document.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:";
  document.head.append(meta);
  document.addEventListener('securitypolicyviolation', onViolation);
});
afterAll(() => document.removeEventListener('securitypolicyviolation', onViolation));

it('coupon popup: open, claim, copy (tooltip placed), close without a CSP violation', async () => {
  vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
  const el = document.createElement('nudge-coupon-popup');
  Object.assign(el, { code: 'CSP10', amount: 10, currency: 'USD', manual: true, applyUrl: '/discount/{code}' });
  document.body.append(el);
  el.show();
  await vi.waitFor(() => expect(el.shadowRoot!.querySelector('dialog')?.open).toBe(true));
  el.shadowRoot!.querySelector<HTMLElement>('[part~=cta]')!.click();
  await settle();
  el.shadowRoot!.querySelector<HTMLElement>('[part~=copy]')!.click();
  await vi.waitFor(() => expect(el.shadowRoot!.querySelector('[part~=tooltip]')!.textContent).toBe('Copied!'));
  await settle(100); // the tooltip is placed by floating-ui, a chunk of its own: its load must not break the CSP either
  el.hide();
  await settle();
  expect(violations).toEqual([]);
});

it('referral card: view, share menu, WeChat QR without a CSP violation', async () => {
  delete (navigator as { share?: unknown }).share;
  const el = document.createElement('nudge-referral-card');
  Object.assign(el, { code: 'CSP10', url: 'https://shop.example/', friendReward: '10% off' });
  document.body.prepend(el);
  await vi.waitFor(() => expect(el.shadowRoot!.querySelector('[part~=cta]')).not.toBeNull());
  el.shadowRoot!.querySelector<HTMLElement>('[part~=cta]')!.click();
  await vi.waitFor(() => expect(el.shadowRoot!.querySelector('[part~=menu]')).not.toBeNull());
  [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~=option]')].at(-1)!.click();
  await vi.waitFor(() => expect(el.shadowRoot!.querySelector('[part~=qr]')).not.toBeNull());
  await settle();
  expect(violations).toEqual([]);
});

it('the policy is really enforced here (an inline style attribute is reported)', async () => {
  const before = violations.length;
  const d = document.createElement('div');
  d.innerHTML = '<p style="color:red">x</p>';
  document.body.append(d);
  await settle(100);
  expect(violations.length).toBeGreaterThan(before);
});
