// A Vue 3 page using the elements as the README's snippet does: a template with props bound as properties and
// @nudge-* listeners, compiled by Vue with isCustomElement for nudge-* tags; real Chromium.
import { createApp, nextTick, ref } from 'vue/dist/vue.esm-bundler.js';
import type { GlobalComponents } from 'vue';
import { afterEach, expect, it, vi } from 'vitest';
import type {} from './vue.js';
import '../src/index.js';

let unmount: (() => void) | undefined;
afterEach(() => {
  unmount?.();
  document.body.innerHTML = '';
  localStorage.clear();
  sessionStorage.clear();
});

it('binds props as properties and receives the events, and a reactive change reaches the element', async () => {
  const claims: unknown[] = [];
  const code = ref('WELCOME30');
  const app = createApp({
    template: `
      <nudge-stock-banner :stock="3" :low-stock-threshold="5" :as-of="asOf" source="erp"></nudge-stock-banner>
      <nudge-coupon-popup ref="popup" widget-id="welcome" :code="code" :amount="30" :threshold="150" currency="USD"
        manual @nudge-claim="(e) => claims.push(e.detail)"></nudge-coupon-popup>`,
    setup: () => ({ code, claims, asOf: new Date().toISOString() }),
  });
  app.config.compilerOptions.isCustomElement = (tag) => tag.startsWith('nudge-');
  const host = document.body.appendChild(document.createElement('div'));
  app.mount(host);
  unmount = () => app.unmount();
  const popup = host.querySelector('nudge-coupon-popup')!;
  const banner = host.querySelector('nudge-stock-banner')!;
  expect([popup.code, popup.amount, popup.threshold, popup.widgetId]).toEqual(['WELCOME30', 30, 150, 'welcome']);
  expect([banner.stock, banner.lowStockThreshold]).toEqual([3, 5]);
  await vi.waitFor(() => expect(banner.shadowRoot!.textContent).toContain('3'));
  code.value = 'SPRING10';
  await nextTick();
  expect(popup.code).toBe('SPRING10');
  popup.show();
  await vi.waitFor(() => expect(popup.shadowRoot!.querySelector('dialog[open]')).not.toBeNull());
  (popup.shadowRoot!.querySelector('[part~=cta]') as HTMLButtonElement).click();
  await vi.waitFor(() => expect(claims).toEqual([{ code: 'SPRING10' }]));
});

// Compile-time checks of the declarations (tsc -p packages/widgets/frameworks): a wrong type is an error.
type PopupProps = InstanceType<GlobalComponents['nudge-coupon-popup']>['$props'];
export const typed: PopupProps[] = [
  { code: 'X', amount: 30, manual: true, widgetId: 'w' },
  // @ts-expect-error amount is a number
  { amount: '30' },
];
