// Results stated in words a growth team reads: "Red beats control on purchase: +12% (95% CI +3% to +21%)".
import type { Comparison, Srm } from './api.js';
import { pctShort as level } from './format.js';
import { translate, type Lang } from './i18n.js';

/** A rate (shown in % and percentage points) or an amount of money per visitor. */
export type MetricKind = 'rate' | 'money';

const sign = (v: number) => (v > 0 ? '+' : v < 0 ? '−' : '');
const pct = (x: number) => {
  const v = Math.round(x * 1000) / 10;
  return `${sign(v)}${Math.abs(v).toFixed(Math.abs(v) >= 10 || Number.isInteger(v) ? 0 : 1)}%`;
};
const points = (x: number, lang: Lang) => {
  const v = Math.round(x * 1000) / 10;
  return `${sign(v)}${Math.abs(v).toFixed(1)}${lang === 'zh-CN' ? ' 个百分点' : ' pts'}`;
};
const money = (x: number) => `${sign(Math.round(x * 100))}${Math.abs(x).toFixed(2)}`;

export const formatP = (p: number): string => (p < 0.001 ? p.toExponential(1) : p < 0.01 ? p.toFixed(3) : p.toFixed(2));

function notEnough(
  lang: Lang,
  variant: string,
  control: string,
  metric: string,
  c: Extract<Comparison, { enough: false }>,
  kind: MetricKind,
): string {
  if (c.reason === 'noVariance') {
    return lang === 'zh-CN'
      ? `${variant} 与 ${control} 在「${metric}」上还无法比较：到目前为止每位访客的数值都相同。`
      : `${variant} vs ${control} on ${metric}: nothing to test yet, every visitor has the same value so far.`;
  }
  const { control: c0, treatment: c1, conversions } = c.more;
  if (lang === 'zh-CN') {
    const parts = [
      c0 ? `${control} 还需 ${c0} 位访客` : '',
      c1 ? `${variant} 还需 ${c1} 位访客` : '',
      conversions ? `两组合计还需 ${conversions} ${kind === 'money' ? '位购买者' : '次转化'}` : '',
    ].filter(Boolean);
    return `${variant} 与 ${control} 在「${metric}」上数据还不够：${parts.join('，')}。`;
  }
  const parts = [
    c0 ? `${c0} more visitors in ${control}` : '',
    c1 ? `${c1} more visitors in ${variant}` : '',
    conversions ? `${conversions} more ${kind === 'money' ? 'buyers' : 'conversions'}` : '',
  ].filter(Boolean);
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0];
  return `${variant} vs ${control} on ${metric}: not enough data yet, ${list} needed.`;
}

/** One sentence per variant and metric; the verdict is the server's `significant`, never re-derived here. */
export function liftSentence(
  lang: Lang,
  variant: string,
  control: string,
  metric: string,
  c: Comparison,
  kind: MetricKind = 'rate',
): string {
  if (!c.enough) return notEnough(lang, variant, control, metric, c, kind);
  const abs = c.scale === 'absolute';
  const fmt = (x: number) => (!abs ? pct(x) : kind === 'rate' ? points(x, lang) : money(x));
  const estimate = fmt(abs ? c.difference : c.lift!);
  const adjusted = c.comparisons > 1;
  const zh = lang === 'zh-CN';
  const holm = c.correction === 'holm' ? (zh ? ' Holm ' : 'Holm-') : '';
  // Bayesian: the chance to beat the control is the figure people read; the p-value stays for the interval it matches
  const chance =
    c.chanceToBeat === null
      ? ''
      : zh
        ? `，胜过对照组的概率 ${level(c.chanceToBeat)}`
        : `, chance to beat control ${level(c.chanceToBeat)}`;
  const p = `p = ${formatP(c.pValue)}${adjusted ? (zh ? `，已按 ${c.comparisons} 个比较做${holm || ''}校正` : `, ${holm}adjusted for ${c.comparisons} comparisons`) : ''}${chance}`;
  const ci = zh
    ? `${level(c.level)} 置信区间 ${fmt(c.ci[0])} 至 ${fmt(c.ci[1])}，${p}`
    : `${level(c.level)} CI ${fmt(c.ci[0])} to ${fmt(c.ci[1])}, ${p}`;
  const why = !abs
    ? ''
    : zh
      ? `（${c.lift === null ? control : variant} 为 0，给出的是绝对差值而非相对提升）`
      : ` ${c.lift === null ? control : variant} is at 0, so this is the absolute difference, not a relative lift.`;
  const better = c.difference > 0;
  if (zh) {
    if (!c.significant)
      return `${variant} 与 ${control} 在「${metric}」上无显著差异：${estimate}（${ci}），请继续收集数据。${why}`;
    return `${variant} 在「${metric}」上${better ? '胜过' : '不如'} ${control}：${estimate}（${ci}）。${why}`;
  }
  if (!c.significant)
    return `${variant} vs ${control} on ${metric}: ${estimate} (${ci}), no clear difference yet.${why}`;
  return `${variant} ${better ? 'beats' : 'loses to'} ${control} on ${metric}: ${estimate} (${ci}).${why}`;
}

/** The mismatch in words: observed and expected shares of the same variants over the same total. */
export function srmSentence(lang: Lang, srm: Srm | null): string | null {
  if (!srm?.mismatch) return null;
  const total = srm.observed.reduce((a, b) => a + b, 0);
  const share = (x: number) => `${Math.round((x / total) * 100)}%`;
  const split = srm.observed.map(share).join(' / ');
  const want = srm.expected.map(share).join(' / ');
  const names = srm.variants.join(' / ');
  const zero = srm.unexpected.map((i) => srm.variants[i]!);
  // a visitor where none can be is certain, not a probability: no p-value then
  const p = zero.length ? '' : `（p = ${formatP(srm.pValue)}）`;
  if (lang === 'zh-CN') {
    const basis = srm.mixed ? '按每位访客首次曝光时生效的权重，应为' : '按配置的权重，应为';
    const extra = zero.length ? `${zero.join('、')} 的权重为 0，却有访客。` : '';
    return `样本比例失衡：${names} 实际为 ${split}，${basis} ${want}${p}。${extra}找到原因之前不要相信这些结果。`;
  }
  const basis = srm.mixed ? 'the weights in force when each visitor arrived give' : 'the configured weights give';
  const extra = zero.length
    ? ` ${zero.join(', ')} ${zero.length > 1 ? 'have' : 'has'} visitors but a weight of 0.`
    : '';
  return `Sample ratio mismatch: ${names} split ${split} where ${basis} ${want}${zero.length ? '' : ` (p = ${formatP(srm.pValue)})`}.${extra} Do not trust these results until the cause is found.`;
}

/**
 * A dashboard channel as people say it: visits with neither a campaign source nor another site's referrer are the
 * server's `direct`; a source or a referring host is shown as recorded.
 */
export const channelName = (lang: Lang, value: string): string =>
  value === 'direct' ? translate(lang, 'channelDirect') : value;
