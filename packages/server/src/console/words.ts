// Results stated in words a growth team reads: "Red beats control on purchase: +12% (95% CI +3% to +21%)".
import type { Lang } from './i18n.js';

export interface ComparisonLike {
  lift: number;
  ci: [number, number];
  pValue: number;
}

export interface SrmLike {
  pValue: number;
  mismatch: boolean;
  expected: number[];
}

const pct = (x: number, lang: Lang) => {
  const v = Math.round(x * 1000) / 10;
  const s = `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v).toFixed(Math.abs(v) >= 10 || Number.isInteger(v) ? 0 : 1)}%`;
  return lang === 'zh-CN' ? s : s;
};

export const formatP = (p: number): string => (p < 0.001 ? p.toExponential(1) : p < 0.01 ? p.toFixed(3) : p.toFixed(2));

/** One sentence per variant and metric; says plainly when there is no verdict yet. */
export function liftSentence(lang: Lang, variant: string, control: string, metric: string, c: ComparisonLike | null): string {
  if (!c) {
    return lang === 'zh-CN'
      ? `${variant} 与 ${control} 在「${metric}」上还没有足够数据可比较。`
      : `${variant} vs ${control} on ${metric}: not enough data to compare yet.`;
  }
  const ci = lang === 'zh-CN' ? `95% 置信区间 ${pct(c.ci[0], lang)} 至 ${pct(c.ci[1], lang)}` : `95% CI ${pct(c.ci[0], lang)} to ${pct(c.ci[1], lang)}`;
  const significant = c.ci[0] > 0 || c.ci[1] < 0;
  if (lang === 'zh-CN') {
    if (!significant) return `${variant} 与 ${control} 在「${metric}」上无显著差异：${pct(c.lift, lang)}（${ci}，p = ${formatP(c.pValue)}），请继续收集数据。`;
    return `${variant} 在「${metric}」上${c.lift > 0 ? '胜过' : '不如'} ${control}：${pct(c.lift, lang)}（${ci}，p = ${formatP(c.pValue)}）。`;
  }
  if (!significant) return `${variant} vs ${control} on ${metric}: ${pct(c.lift, lang)} (${ci}, p = ${formatP(c.pValue)}), no clear difference yet.`;
  return `${variant} ${c.lift > 0 ? 'beats' : 'loses to'} ${control} on ${metric}: ${pct(c.lift, lang)} (${ci}, p = ${formatP(c.pValue)}).`;
}

export function srmSentence(lang: Lang, variants: string[], observed: number[], srm: SrmLike | null): string | null {
  if (!srm?.mismatch) return null;
  const total = observed.reduce((a, b) => a + b, 0);
  const split = observed.map((o) => `${Math.round((o / total) * 100)}%`).join(' / ');
  const want = srm.expected.map((e) => `${Math.round((e / total) * 100)}%`).join(' / ');
  return lang === 'zh-CN'
    ? `样本比例失衡：${variants.join(' / ')} 实际为 ${split}，配置为 ${want}（p = ${formatP(srm.pValue)}）。找到原因之前不要相信这些结果。`
    : `Sample ratio mismatch: ${variants.join(' / ')} split ${split} where ${want} was configured (p = ${formatP(srm.pValue)}). Do not trust these results until the cause is found.`;
}
