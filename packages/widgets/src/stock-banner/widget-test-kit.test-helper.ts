// Layout-shift capture around one action, on the shared meter (used by the stock banner and buy bar tests).
import { layoutShiftMeter, settle } from '../internal/testing.js';

/** Sum of `layout-shift` entries Chromium records while `fn` runs and until the page has settled afterwards. */
export async function layoutShift(fn: () => unknown): Promise<number> {
  await settle();
  const meter = layoutShiftMeter();
  try {
    await fn();
    await settle();
    const value = meter.value();
    // Name what moved, so a failing run says where to look.
    if (value > 0) console.log(`layout shift ${value}:`, meter.nodes().join(' | '));
    return value;
  } finally {
    meter.stop();
  }
}
