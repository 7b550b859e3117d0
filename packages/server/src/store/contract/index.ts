// The contract every store backend runs unchanged: `runStoreContract(() => open a fresh store)` in its own test file.
import { controlStoreContract } from './control.js';
import { eventSinkContract } from './event-sink.js';
import type { StoreFactory } from './fixtures.js';
import { reportQueriesContract } from './reports.js';

export type { StoreFactory } from './fixtures.js';

export function runStoreContract(factory: StoreFactory): void {
  controlStoreContract(factory);
  eventSinkContract(factory);
  reportQueriesContract(factory);
}
