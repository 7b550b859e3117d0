// Connected mode: the one place widgets read @nudge/core's stores (types and atoms only, so bundles stay small).
import { $config, $product, $runtime, $segment, $user, $widgetProps } from '@nudge/core';
import type { NudgeRuntime, ProductContext, UserState } from '@nudge/core';

export type { NudgeRuntime, ProductContext, UserState };
/** One widget entry of the config document. */
export type WidgetConfig = NonNullable<ReturnType<typeof $config.get>>['widgets'][number];
/**
 * The site's config document, for the server's public flags (`leadDelivery`, `referral`, `nextOrder`): read at
 * render time, not listened to (a config alone is half an update; the widget re-renders with `$widgetProps`).
 */
export type SiteConfig = NonNullable<ReturnType<typeof $config.get>>;

export interface NudgeConnection {
  runtime(): NudgeRuntime | null;
  product(): ProductContext | null;
  user(): UserState;
  widget(id: string): WidgetConfig | undefined;
  config(): SiteConfig | null;
  segment(): string[];
  close(): void;
}

/**
 * Listens to the stores a widget reads; `onChange` runs after any of them changes. Config and assignments reach a
 * widget only through $widgetProps, which the SDK sets whole after both, so a widget never sees one without the other.
 */
export function connection(onChange: () => void): NudgeConnection {
  const stores = [$runtime, $widgetProps, $product, $segment, $user] as const;
  const off = stores.map((s) => (s as { listen(cb: () => void): () => void }).listen(onChange));
  return {
    runtime: () => $runtime.get(),
    product: () => $product.get(),
    user: () => $user.get(),
    widget: (id) => $config.get()?.widgets.find((w) => w.id === id),
    config: () => $config.get(),
    segment: () => $segment.get(),
    close: () => off.forEach((f) => f()),
  };
}
