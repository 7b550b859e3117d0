// Public API of @nudge/core: explicit named exports only.
// Stores and shared types (config engineer)
export { $config, $user, $segment, $assignments, $consent, $cart, $product, $runtime } from './stores.js';
export type { Assignment, ProductContext, NudgeRuntime, UserState, CartState, ConsentState, SegmentName } from './stores.js';
