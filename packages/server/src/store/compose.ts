// One Store from two backends: control data (and the control SQL) from one, events and reports from the other.
import type {
  BatchOrigin,
  ControlDatabase,
  ControlStore,
  EventSink,
  Lifecycle,
  ReportQueries,
  Store,
} from './ports.js';
import type { ConfigRecord, CountReport, EventRow, SiteRecord, WriteKeyRecord } from './records.js';
import type { ReportScope, TimeRange } from './report-rows.js';
import { visitorEventsOf } from './visitor-events.js';
import { dashboardQueriesOf, type DashboardQueries } from './dashboard-queries.js';
import type { MetricQueries } from './metric-queries.js';

export type ControlPart = Lifecycle & ControlStore & ControlDatabase;
export type EventPart = Lifecycle & EventSink & ReportQueries;

/** Control data on `control`, events and reports on `events`; opened in that order, closed in the reverse one. */
export function composeStore(control: ControlPart, events: EventPart): Store {
  const visitors = visitorEventsOf(events);
  const store: Store = {
    // VisitorEvents, when the event store has them (visitor data requests)
    ...(visitors && {
      exportVisitorEvents: visitors.exportVisitorEvents.bind(visitors),
      deleteVisitorEvents: visitors.deleteVisitorEvents.bind(visitors),
    }),
    sql: control.sql,
    async init() {
      await control.init();
      await events.init();
    },
    async close() {
      try {
        await events.close();
      } finally {
        await control.close();
      }
    },
    // ControlStore
    getMeta: (key: string) => control.getMeta(key),
    setMeta: (key: string, value: string) => control.setMeta(key, value),
    countOnce: (site: string, counter: string, reports: CountReport[]) => control.countOnce(site, counter, reports),
    counter: (site: string, counter: string) => control.counter(site, counter),
    firstSeen: (site: string, kind: string, keys: string[], at: number) => control.firstSeen(site, kind, keys, at),
    createSite: (site: SiteRecord) => control.createSite(site),
    getSite: (id: string) => control.getSite(id),
    listSites: () => control.listSites(),
    updateSite: (id: string, patch: Partial<Pick<SiteRecord, 'name' | 'allowedOrigins'>>) =>
      control.updateSite(id, patch),
    addWriteKey: (key: WriteKeyRecord) => control.addWriteKey(key),
    listWriteKeys: (site: string) => control.listWriteKeys(site),
    findWriteKey: (hash: string) => control.findWriteKey(hash),
    deleteWriteKey: (site: string, prefix: string) => control.deleteWriteKey(site, prefix),
    insertConfig: (rec: ConfigRecord) => control.insertConfig(rec),
    getConfig: (site: string, version: number) => control.getConfig(site, version),
    latestConfig: (site: string) => control.latestConfig(site),
    configHistory: (site: string) => control.configHistory(site),
    // EventSink
    append: (rows: EventRow[], origin?: BatchOrigin) => events.append(rows, origin),
    ...(events.onStored ? { onStored: events.onStored.bind(events) } : {}),
    flush: () => events.flush(),
    pending: () => events.pending(),
    full: () => events.full(),
    countQuarantined: (site: string) => events.countQuarantined(site),
    ping: () => events.ping(),
    // ReportQueries
    countEvents: (site: string) => events.countEvents(site),
    countInvalidProps: (site: string) => events.countInvalidProps(site),
    visitorsForUsers: (site: string, userIds: string[]) => events.visitorsForUsers(site, userIds),
    tail: (site: string, limit: number) => events.tail(site, limit),
    funnel: (site: string, experiment: string, range: TimeRange, scope?: ReportScope) =>
      events.funnel(site, experiment, range, scope),
    conversionOverTime: (site: string, experiment: string, range: TimeRange, scope?: ReportScope) =>
      events.conversionOverTime(site, experiment, range, scope),
    exposurePeriods: (site: string, experiment: string, range: TimeRange, bounds: number[], scope?: ReportScope) =>
      events.exposurePeriods(site, experiment, range, bounds, scope),
    vitals: (site: string, experiment: string, range: TimeRange, scope?: ReportScope) =>
      events.vitals(site, experiment, range, scope),
    widgets: (site: string, range: TimeRange) => events.widgets(site, range),
    referrals: (site: string, range: TimeRange) => events.referrals(site, range),
    errors: (site: string, range: TimeRange, limit: number) => events.errors(site, range, limit),
  };
  return { ...store, ...extraReports(events) };
}

/** The report queries beyond ReportQueries that the events part answers (metrics, dashboard), kept when composed. */
function extraReports(events: object): Partial<MetricQueries & DashboardQueries> {
  const out: Partial<MetricQueries & DashboardQueries> = {};
  if ('metricSums' in events && typeof events.metricSums === 'function') {
    const m = events as MetricQueries;
    out.metricSums = (...a) => m.metricSums(...a);
  }
  const d = dashboardQueriesOf(events);
  if (d) {
    out.dashboardDays = (...a) => d.dashboardDays(...a);
    out.dashboardTotals = (...a) => d.dashboardTotals(...a);
    out.dashboardBreakdown = (...a) => d.dashboardBreakdown(...a);
    out.dashboardProducts = (...a) => d.dashboardProducts(...a);
    out.dashboardWidgets = (...a) => d.dashboardWidgets(...a);
  }
  return out;
}
