// Stand-in for the '../config-diff.js' that history-words.test.ts (moved here unedited) imports.
// Delete it once the structured-history version of that test is merged.
export { diff, summarize } from '../server/src/config-diff.js';
