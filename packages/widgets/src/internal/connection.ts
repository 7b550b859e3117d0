// Connected mode: the one place widgets read @nudge/core's stores (types and atoms only, so bundles stay small).
import { $assignments, $config, $product, $runtime, $segment, $user } from '@nudge/core';
import type { NudgeRuntime, ProductContext, UserState } from '@nudge/core';

export type { NudgeRuntime, ProductContext, UserState };
/** One widget entry of the config document. */
export type WidgetConfig = NonNullable<ReturnType<typeof $config.get>>['widgets'][number];

export interface NudgeConnection {
  runtime(): NudgeRuntime | null;
  product(): ProductContext | null;
  user(): UserState;
  widget(id: string): WidgetConfig | undefined;
  segment(): string[];
  close(): void;
}

/** Listens to every store a widget depends on; `onChange` runs after any of them changes. */
export function connection(onChange: () => void): NudgeConnection {
  const stores = [$runtime, $config, $assignments, $product, $segment, $user] as const;
  const off = stores.map((s) => (s as { listen(cb: () => void): () => void }).listen(onChange));
  return {
    runtime: () => $runtime.get(),
    product: () => $product.get(),
    user: () => $user.get(),
    widget: (id) => $config.get()?.widgets.find((w) => w.id === id),
    segment: () => $segment.get(),
    close: () => off.forEach((f) => f()),
  };
}
