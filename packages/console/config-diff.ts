// Stand-in for history-words.test.ts, moved here unedited from server/src/console: it imports '../config-diff.js'.
// Delete it once the structured-history version of that test (which words ConfigChange data) is merged.
export { diff, summarize } from '../server/src/config-diff.js';
