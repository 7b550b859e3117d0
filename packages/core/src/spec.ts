// @nudge/core/spec: the Node-safe definitions the server shares with the browser (schemas, assignment, conditions). No DOM.
export {
  nudgeConfigSchema,
  widgetSchema,
  experimentSchema,
  variantSchema,
  conditionSchema,
  triggerSchema,
  frequencySchema,
  segmentSettingsSchema,
  trackingSchema,
  widgetPropSchemas,
  widgetTypes,
  segmentNames,
  couponPopupPropsSchema,
  stockBannerPropsSchema,
  referralCardPropsSchema,
  buyBarPropsSchema,
} from './config/schema.js';
export type {
  NudgeConfig,
  WidgetConfig,
  WidgetType,
  Experiment,
  Variant,
  Condition,
  Range,
  SegmentName,
  SegmentSettings,
  CouponPopupProps,
  StockBannerProps,
  ReferralCardProps,
  BuyBarProps,
  ReferralRewards,
  NextOrderOffer,
} from './config/schema.js';
export { parseConfig, formatIssues } from './config/parse.js';
// Schedules (issue 15): the window arithmetic the page file, the server's history and the console share
export { scheduleSchema, scheduleWindowSchema } from './config/schema.js';
export type { ScheduleConfig } from './config/schema.js';
export {
  isScheduled,
  nextChange,
  transitions,
  edges,
  isTimeZone,
  zoneOrUtc,
  localTime,
  zonedInstant,
} from './config/schedule.js';
export type { Schedule, ScheduleWindow, Weekday } from './config/schedule.js';
export { scheduleIssues } from './config/parse.js';
export type { ConfigIssue, ParseConfigResult } from './config/parse.js';
export { hash, bucket, murmur3, fnv1a32, BUCKETS } from './experiments/hash.js';
export { assign, assignAll, pickVariant, experimentSeed, served } from './experiments/assign.js';
export { actionRefusal } from './experiments/lifecycle.js';
export type { LifecycleAction } from './experiments/lifecycle.js';
export type { AssignResult, AssignReason, AssignContext, StickyEntry } from './experiments/assign.js';
export { variantPatch, variantPatches } from './experiments/resolve.js';
export type { VariantOf, PatchingExperiment } from './experiments/resolve.js';
export { evaluate, pathMatches } from './experiments/conditions.js';
export type { AudienceContext } from './experiments/conditions.js';
export { computeSegments, historyFromTraits } from './experiments/segments.js';
export type { PurchaseHistory } from './experiments/segments.js';
// Event wire contract (tracker engineer): envelope, batch and known-event props schemas, one table shared with the browser.
export {
  envelopeSchema,
  batchSchema,
  eventPropsSchemas,
  itemSchema,
  validateEventProps,
  MAX_TIME_MS,
  MAX_INT32,
} from './track/schema.js';
export type { Envelope, Batch } from './track/schema.js';
export { checkEventProps, eventFields } from './track/event-props.js';
export { NO_ADD_TO_CART, TARGET_NOT_FOUND, ONCE_PER_SESSION_CODES } from './track/error-codes.js';
export type { KnownEvent, KnownEventProps, EventProps, Item, PropsIssue } from './track/event-props.js';
