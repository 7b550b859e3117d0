// Sends each person's daily and weekly summaries once per period, under the control-store lock (one server does it).
import type { NudgeConfig } from '@nudge/core/spec';
import type { Deliver } from '../alerts/scheduler.js';
import { NO_SMTP, type SiteMailer } from '../mail.js';
import type { MailLocale } from '../mail-locale.js';
import { dashboardReport, type Dashboard } from '../reports/dashboard.js';
import type { DashboardQueries } from '../store/dashboard-queries.js';
import { summaryMail } from './mail.js';
import { lastDay, lastWeek, type Period } from './periods.js';
import { SUMMARY_PERIODS, type SummaryPeriod } from './settings.js';
import type { SummaryStore } from './store.js';

/** The lock outlives a run by this much, so a server that died mid-run frees it soon. */
const LOCK_MS = 120_000;

export interface SummaryDeps {
  store: SummaryStore;
  /** the control store's named lock (the alerts' table): true when `holder` has it until `until` */
  lock(name: string, holder: string, now: number, until: number): Promise<boolean>;
  holder: string;
  dashboard: DashboardQueries | undefined;
  config(site: string): NudgeConfig | undefined;
  siteExists(site: string): boolean;
  /** the person's address, and whether they may still receive anything */
  person(userId: string): Promise<{ email: string; disabled: boolean } | undefined>;
  /** the site's time zone; undefined: UTC */
  timeZone(site: string): string | undefined;
  mail: SiteMailer;
  deliver: Deliver;
}

export interface SummaryRun {
  sent: number;
  failed: number;
}

export class SummaryScheduler {
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<unknown> | undefined;

  constructor(private readonly d: SummaryDeps) {}

  /** Runs every `intervalMs` (unref'd); returns the stop function. A failed run is logged and retried next time. */
  start(intervalMs: number, log: (line: string) => void = () => {}): () => void {
    this.timer = setInterval(() => {
      this.running ??= this.runOnce()
        .catch((err: unknown) => log(`summaries: run failed: ${String(err)}`))
        .finally(() => (this.running = undefined));
    }, intervalMs);
    this.timer.unref?.();
    return () => clearInterval(this.timer);
  }

  /** Sends what is due at `now` (the last complete day and week); null when another server holds the lock. */
  async runOnce(now = Date.now()): Promise<SummaryRun | null> {
    if (!(await this.d.lock('summaries', this.d.holder, now, now + LOCK_MS))) return null;
    const run: SummaryRun = { sent: 0, failed: 0 };
    // one report per site and period, however many people asked for it
    const reports = new Map<string, Promise<Dashboard>>();
    for (const { userId, settings } of await this.d.store.subscribers()) {
      const who = await this.d.person(userId);
      if (!who || who.disabled) continue;
      for (const sub of settings.sites) {
        if (!this.d.siteExists(sub.site)) continue;
        const tz = this.d.timeZone(sub.site) ?? 'UTC';
        for (const period of SUMMARY_PERIODS) {
          if (!sub[period]) continue;
          const p = period === 'daily' ? lastDay(now, tz) : lastWeek(now, tz);
          if (!(await this.d.store.claim(userId, sub.site, period, p.from, p.to, now))) continue;
          const key = `${sub.site}|${p.from}|${p.to}`;
          if (!reports.has(key)) reports.set(key, this.report(sub.site, p, tz));
          const problems: string[] = [];
          try {
            const report = await reports.get(key)!;
            if (settings.email)
              problems.push(...(await this.email(sub.site, who.email, period, p, report, settings.locale)));
            if (settings.webhook) problems.push(...(await this.hook(settings.webhook, sub.site, period, p, report)));
          } catch (e) {
            problems.push(String((e as Error).message ?? e));
          }
          await this.d.store.finish(
            userId,
            sub.site,
            period,
            p.from,
            !problems.length,
            problems.join('; ') || null,
            now,
          );
          if (problems.length) run.failed++;
          else run.sent++;
        }
      }
    }
    return run;
  }

  private report(site: string, p: Period, timeZone: string): Promise<Dashboard> {
    if (!this.d.dashboard) return Promise.reject(new Error('this event store does not answer dashboard queries'));
    return dashboardReport(this.d.dashboard, this.d.config(site), site, { from: p.from, to: p.to }, { timeZone });
  }

  private async email(
    site: string,
    to: string,
    period: SummaryPeriod,
    p: Period,
    r: Dashboard,
    locale: MailLocale | undefined,
  ): Promise<string[]> {
    const smtp = await this.d.mail.smtp(site);
    if (!smtp) return [`email: ${NO_SMTP}`];
    try {
      const o = { locale, currency: this.d.config(site)?.currency };
      await this.d.mail.send(smtp, { to, ...summaryMail(site, period, p.label, r, o) });
      return [];
    } catch (e) {
      return [`email: ${String((e as Error).message ?? e).slice(0, 300)}`];
    }
  }

  private async hook(
    hook: { url: string; secret: string | null },
    site: string,
    period: SummaryPeriod,
    p: Period,
    r: Dashboard,
  ): Promise<string[]> {
    const body = JSON.stringify({
      type: `summary.${period}`,
      site,
      period: { from: p.from, to: p.to, start: p.label, timeZone: r.timeZone },
      previous: r.previous,
      totals: r.totals,
      widgets: r.widgets,
    });
    const res = await this.d
      .deliver(hook.url, body, hook.secret)
      .catch((e: unknown) => ({ ok: false, detail: String((e as Error).message ?? e) }));
    return res.ok ? [] : [`webhook: ${res.detail ?? 'failed'}`];
  }
}
