// Public API of @nudge/embed for pages and tools that install the script tag (the tag itself is dist/nudge.js).
export { STUB_SNIPPET, QUEUED_METHODS } from './stub.js';
export type { NudgeStub, QueuedCall } from './stub.js';
export { parseScriptAttributes } from './tag-errors.js';
export type { LoaderOptions, ParseResult, ScriptLike } from './attributes.js';
export {
  productFromJsonLd,
  productFromOpenGraph,
  productFromAttributes,
  mergeProduct,
  findProductNode,
} from './product.js';
export type { ProductInfo } from './product.js';
