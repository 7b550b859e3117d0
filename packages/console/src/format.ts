// Times and counts in the reader's language, as every tab shows them.
import type { Lang } from './i18n.js';

export const fmtTime = (ms: number, lang: Lang) => new Date(ms).toLocaleString(lang);
/** A moment in the reader's language and the given IANA zone (the site's, named where it is shown). */
export const fmtTimeIn = (ms: number, lang: Lang, timeZone: string) => new Date(ms).toLocaleString(lang, { timeZone });
/** A day in the reader's language and time zone. */
export const fmtDate = (ms: number, lang: Lang) => new Date(ms).toLocaleDateString(lang);
export const fmtCount = (n: number, lang: Lang) => Math.round(n).toLocaleString(lang);
/** A share as a percentage with at most one decimal (95%, 98.8%): axes and confidence levels. */
export const pctShort = (n: number) => `${Math.round(n * 1000) / 10}%`;
/** A share as a percentage with one decimal. */
export const pct = (n: number) => `${(Math.round(n * 1000) / 10).toFixed(1)}%`;
