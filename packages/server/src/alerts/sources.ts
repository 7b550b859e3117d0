// The alert rules' figures from the report queries, the experiment report (SRM) and the widget report (stock figures).
import type { Configs } from '../config/configs.js';
import { experimentReport } from '../reports/experiment-report.js';
import type { DashboardQueries } from '../store/dashboard-queries.js';
import type { RewardsService } from '../rewards/service.js';
import type { ReportQueries } from '../store/ports.js';
import type { AlertSources } from './scheduler.js';

export function alertSources(
  reports: ReportQueries,
  dashboard: DashboardQueries | undefined,
  configs: Pick<Configs, 'config' | 'history'>,
  rewards?: Pick<RewardsService, 'pools'>,
): AlertSources {
  return {
    days: async (site, range) => (dashboard ? dashboard.dashboardDays(site, range, 'UTC') : []),
    errors: async (site, range) => (await reports.errors(site, range, 1)).total,
    async srm(site) {
      const cfg = configs.config(site);
      if (!cfg) return [];
      const history = await configs.history(site);
      const out = [];
      for (const exp of cfg.experiments.filter((e) => e.status === 'running')) {
        const r = await experimentReport(reports, history, cfg, exp.key, { from: 0, to: Date.now() + 86_400_000 });
        if (r?.srm?.mismatch)
          out.push({ experiment: exp.key, pValue: r.srm.pValue, observed: r.srm.observed, expected: r.srm.expected });
      }
      return out;
    },
    async staleStock(site, range, maxAgeMs) {
      const { claims } = await reports.widgets(site, range);
      return claims
        .filter((c) => c.asOf && Date.parse(c.asOf.last) < range.to - maxAgeMs)
        .map((c) => ({ widget: c.widget, asOf: c.asOf!.last }));
    },
    async lowPools(site, below) {
      // an expired pool is over, not low: its remaining is 0 by design
      const live = (await rewards?.pools(site))?.filter((p) => p.expiresAt === null || p.expiresAt > Date.now()) ?? [];
      return live
        .filter((p) => p.remaining < (below ?? p.lowAt))
        .map((p) => ({ pool: p.id, remaining: p.remaining, total: p.total, lowAt: below ?? p.lowAt }));
    },
  };
}
