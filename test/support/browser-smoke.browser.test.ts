// Proves the browser project runs in real Chromium (not jsdom): layout and PerformanceObserver exist.
import { expect, it } from 'vitest';

it('runs in a real Chromium with layout and layout-shift entries', () => {
  expect(navigator.userAgent).toMatch(/Chrome\//);
  const el = document.createElement('div');
  el.style.width = '123px';
  document.body.append(el);
  expect(el.getBoundingClientRect().width).toBe(123);
  expect(PerformanceObserver.supportedEntryTypes).toContain('layout-shift');
});
