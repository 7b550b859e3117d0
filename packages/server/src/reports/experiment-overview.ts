// The Experiments list's figures: each experiment's status, when it started, days running, visitors so far and the
// verdict on purchases so far, from the same report (and statistics) its results page shows, funnel query only.
import type { NudgeConfig } from '@nudge/core/spec';
import type { ConfigRecord } from '../store/records.js';
import type { ReportQueries } from '../store/ports.js';
import { experimentReport } from './experiment-report.js';

export type Verdict =
  /** no visitor yet, or too few to judge */
  | { kind: 'waiting' }
  /** a variant converts significantly better (or worse) than the control on purchases */
  | { kind: 'winner' | 'loser'; variant: string; lift: number | null }
  /** enough visitors, and no variant differs significantly on purchases */
  | { kind: 'no_difference' };

export interface ExperimentSummary {
  key: string;
  name: string | null;
  status: string;
  startedAt: number | null;
  daysRunning: number | null;
  visitors: number;
  verdict: Verdict;
}

const DAY = 86_400_000;

export async function experimentOverview(
  store: Pick<ReportQueries, 'funnel' | 'conversionOverTime' | 'vitals' | 'exposurePeriods'>,
  history: readonly ConfigRecord[],
  config: NudgeConfig,
  now = Date.now(),
): Promise<ExperimentSummary[]> {
  const out: ExperimentSummary[] = [];
  for (const e of config.experiments) {
    const r = await experimentReport(store, history, config, e.key, { from: 0, to: now + DAY }, { summary: true });
    if (!r) continue;
    const visitors = r.variants.reduce((a, v) => a + v.exposed, 0);
    const end = r.stoppedAt ?? now;
    const judged = r.variants.flatMap((v) => {
      const p = v.vsControl?.steps.purchase;
      return p && p.enough ? [{ variant: v.variant, p }] : [];
    });
    const best = judged
      .filter((j) => j.p.significant)
      .sort((a, b) => Math.abs(b.p.estimate) - Math.abs(a.p.estimate))[0];
    const verdict: Verdict = best
      ? {
          kind: best.p.estimate > 0 ? 'winner' : 'loser',
          variant: best.variant,
          lift: best.p.lift,
        }
      : judged.length
        ? { kind: 'no_difference' }
        : { kind: 'waiting' };
    out.push({
      key: e.key,
      name: e.name ?? null,
      status: e.status,
      startedAt: r.startedAt,
      daysRunning: r.startedAt === null ? null : Math.max(0, Math.floor((end - r.startedAt) / DAY)),
      visitors,
      verdict,
    });
  }
  return out;
}
