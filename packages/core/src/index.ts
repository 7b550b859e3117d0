// Public API of @nudge/core: explicit named exports only.
// Stores and shared types (config engineer)
export { $config, $user, $segment, $assignments, $consent, $cart, $product, $runtime, $widgetProps } from './stores.js';
export type {
  Assignment,
  ProductContext,
  NudgeRuntime,
  ClaimedCode,
  UserState,
  CartState,
  ConsentState,
  SegmentName,
} from './stores.js';
// Tracker (tracker engineer)
export { createTracker } from './tracker.js';
export type { Tracker, TrackerOptions, Consent, ConsentOption } from './tracker.js';
export type { EventProps, KnownEvent, KnownEventProps, Item, PropsIssue } from './track/event-props.js';
export type { Send, SendRequest, SendResult } from './track/transport.js';
export type { Envelope, Batch } from './track/schema.js';
export { productItem } from './track/ga4-item.js';
export { chosenQuantity } from './track/quantity.js';
export type { NudgeStorage } from './storage/storage.js';
export { memoryStorage } from './storage/storage.js';
export { localStorageAdapter } from './storage/local-storage.js';
export { cookieStorage } from './storage/cookie-storage.js';
export type { CookieStorageOptions } from './storage/cookie-storage.js';
// SDK: tracker + remote config + assignment (config engineer)
export { createNudge } from './nudge.js';
/** @internal The task hop @nudge/embed's runtime and mounter use (scheduler.yield where the browser has it). */
export { microtask, nextTask } from './next-task.js';
export type { Nudge, NudgeOptions } from './nudge.js';
export type {
  NudgeConfig,
  WidgetConfig,
  WidgetType,
  Experiment,
  Variant,
  Condition,
  SegmentSettings,
  CouponPopupProps,
  StockBannerProps,
  ReferralCardProps,
  BuyBarProps,
  ReferralRewards,
  NextOrderOffer,
} from './config/schema.js';
export type { ConfigIssue } from './config/parse.js';
// Merchant copy per locale: the rule the widgets use, for apps that set text props themselves
export { pickLocale } from './config/locale-text.js';
export type { LocaleText } from './config/locale-text.js';
// Schedules: the window arithmetic the script tag's page file uses, for apps that place widgets themselves
export { isScheduled, nextChange, zoneOrUtc } from './config/schedule.js';
export type { Schedule, ScheduleWindow, Weekday } from './config/schedule.js';
// The variant-patch rule the SDK applies, for previews of what a visitor gets
export { variantPatch, variantPatches } from './experiments/resolve.js';
export type { VariantOf, PatchingExperiment } from './experiments/resolve.js';
// The error codes a widget reports once per session, which the server counts by session
export { NO_ADD_TO_CART, TARGET_NOT_FOUND, ONCE_PER_SESSION_CODES } from './track/error-codes.js';
// Which variants an experiment serves now (as assignment decides), for consoles that say what visitors see
export { served } from './experiments/assign.js';
export { actionRefusal } from './experiments/lifecycle.js';
export type { LifecycleAction } from './experiments/lifecycle.js';
