// The Errors tab's words for one group: what went wrong, how to fix it, and what its count counts.
import type { ErrorGroup } from '../api.js';
import { translate, type Lang, type MessageKey } from '../i18n.js';

/** Words of this file only (the main tables are at their size limit): one feature, one file, as schedule-words.ts. */
const WORDS = {
  en: {
    kind: 'Reported as',
    sessions: 'Count: sessions (sent once per visit)',
    views: 'Count: times it happened (about once per page view)',
    refusals: 'Count: refusals (config requests and event batches from this origin that the server refused)',
    badge: 'The count beside Errors also counts the shops refused below: {n} + {m}.',
  },
  'zh-CN': {
    kind: '报告内容：',
    sessions: '次数：会话数（每次访问只报告一次）',
    views: '次数：发生次数（约每次页面浏览一次）',
    refusals: '次数：拒绝次数（服务器拒绝的来自此来源的配置请求和事件批次）',
    badge: '“错误”旁的数字也包括下面被拒绝的店铺：{n} + {m}。',
  },
} satisfies Record<Lang, Record<string, string>>;

/** What a refused origin's Count counts: its refused requests (collect.ts and config.ts note each), not visitors. */
export const refusalCounts = (lang: Lang) => WORDS[lang].refusals;

/** How the nav entry's count is made when refused shops add to it (the summary line says errors only). */
export const badgeWords = (lang: Lang, n: number, m: number) =>
  WORDS[lang].badge.replace(/\{n\}/g, String(n)).replace(/\{m\}/g, String(m));

/** "Reported as", before the kind of a failure the console has no words for. */
export const kindLabel = (lang: Lang) => WORDS[lang].kind;

export interface ErrorWords {
  what: string;
  fix?: string;
  /** The normalised kind, for a failure the console has no words for: what the report grouped it by. */
  kind?: string;
  /** What the Count column counts on this row. */
  counts: string;
}

export function errorWords(g: ErrorGroup, lang: Lang): ErrorWords {
  const t = (k: MessageKey, p?: Record<string, string | number>) => translate(lang, k, p);
  // the server says what each row's count counts (error-kind.ts errorCounts): the console keeps no list of codes
  const counts = WORDS[lang][g.counts === 'sessions' ? 'sessions' : 'views'];
  const known: Partial<Record<string, () => ErrorWords>> = {
    invalid_props: () => ({ what: t('errInvalidProps', { e: g.event ?? '?' }), counts }),
    invalid_config: () => ({ what: t('errInvalidConfig'), counts }),
    invalid_name: () => ({ what: t('errInvalidName'), counts }),
    no_add_to_cart: () => ({ what: t('errNoAddToCart'), fix: t('errNoAddToCartFix'), counts }),
    target_not_found: () => ({ what: t('errTargetMissing'), counts }),
  };
  const words = g.code ? known[g.code] : undefined;
  if (words) return words();
  const what = g.source === 'widget' ? t('errWidget') : g.source ? t('errLoad', { s: g.source }) : t('errOther');
  // the kind is the code when the sender named one; the muted line under it already shows a code
  return g.kind && g.kind !== g.code ? { what, kind: g.kind, counts } : { what, counts };
}
