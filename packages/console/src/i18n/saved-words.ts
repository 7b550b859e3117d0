// What a form says when its save answered while newer edits wait (edits-since-save.ts), in both console languages.
import type { Lang } from '../i18n.js';

const words: Record<Lang, string> = {
  en: '{saved} The changes made since are not saved yet: save again to keep them.',
  'zh-CN': '{saved}之后所做的更改尚未保存：请再次保存。',
};

/** `saved` (what the save did, e.g. "Allowed origins saved.") followed by the newer changes still to save, or alone. */
export const savedWords = (lang: Lang, saved: string, newer: boolean): string =>
  newer ? words[lang].replace('{saved}', saved) : saved;
