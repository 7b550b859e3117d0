// Evaluates every site's alert rules on the last complete day, once per window, under a lock so one server does it.
import { evaluate, type Figures } from './evaluate.js';
import type { AlertRule } from './rules.js';
import { NO_SMTP, type SiteMailer } from '../mail.js';
import type { MailLocale } from '../mail-locale.js';
import { alertMail } from './mail.js';
import type { AlertEvent, AlertStore, DeliveryStatus } from './store.js';

const DAY = 86_400_000;
/** The lock outlives a run by this much, so a server that died mid-run frees it soon. */
const LOCK_MS = 120_000;

export interface DayFigures {
  day: string;
  visitors: number;
  buyers: number;
  orders: number;
  revenue: number;
}

/** What the rules read, per site (the composition wires them to the report queries). */
export interface AlertSources {
  days(site: string, range: { from: number; to: number }): Promise<DayFigures[]>;
  errors(site: string, range: { from: number; to: number }): Promise<number>;
  /** running experiments with a sample ratio mismatch now */
  srm(site: string): Promise<{ experiment: string; pValue: number; observed: number[]; expected: number[] }[]>;
  /** stock figures shown in the range that were read longer than `maxAgeMs` before the range's end */
  staleStock(
    site: string,
    range: { from: number; to: number },
    maxAgeMs: number,
  ): Promise<{ widget: string; asOf: string }[]>;
  /** live coupon pools (not expired) with fewer codes left than `below`, or than their own low mark when undefined */
  lowPools(
    site: string,
    below: number | undefined,
  ): Promise<{ pool: string; remaining: number; total: number; lowAt: number }[]>;
}

/** Sends one alert; the body is signed by the implementation (webhook.ts). */
export type Deliver = (url: string, body: string, secret: string | null) => Promise<{ ok: boolean; detail?: string }>;

export interface RunSummary {
  window: { from: number; to: number };
  evaluated: number;
  fired: number;
  resolved: number;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export class AlertScheduler {
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<unknown> | undefined;
  private seq = 0;

  constructor(
    private readonly d: {
      store: AlertStore;
      sources: AlertSources;
      sites: () => string[];
      deliver: Deliver;
      /** email to the site's alert addresses (absent: alerts go by webhook only) */
      mail?: SiteMailer;
      /** the shop's currency (its config's), for the money in a revenue alert's email */
      currency?: (site: string) => string | undefined;
      /** this server's name in the lock */
      holder: string;
    },
  ) {}

  /** Runs every `intervalMs` (unref'd); returns the stop function. A failed run is logged and retried next time. */
  start(intervalMs: number, log: (line: string) => void = () => {}): () => void {
    this.timer = setInterval(() => {
      this.running ??= this.runOnce()
        .catch((err: unknown) => log(`alerts: evaluation failed: ${String(err)}`))
        .finally(() => (this.running = undefined));
    }, intervalMs);
    this.timer.unref?.();
    return () => clearInterval(this.timer);
  }

  /** One evaluation of the last complete UTC day before `now`; null when another server holds the lock. */
  async runOnce(now = Date.now()): Promise<RunSummary | null> {
    if (!(await this.d.store.lock('alerts', this.d.holder, now, now + LOCK_MS))) return null;
    const from = Math.floor(now / DAY) * DAY - DAY;
    const window = { from, to: from + DAY - 1 };
    const summary: RunSummary = { window, evaluated: 0, fired: 0, resolved: 0 };
    for (const site of this.d.sites()) {
      const rules = (await this.d.store.rules(site)).filter((r) => r.enabled);
      for (const rule of rules) {
        const state = await this.d.store.state(site, rule.id);
        if (state.lastWindow === window.from) continue;
        const figures = await this.figures(site, rule, window);
        const v = evaluate(rule, figures);
        summary.evaluated++;
        const next = { ...state, lastWindow: window.from };
        const facts = {
          ...figures,
          expected: v.expected,
          limit: v.limit,
          band: v.band ?? null,
          window,
          metric: rule.metric,
        };
        if (!v.quiet && v.firing && !state.firing) {
          // within the cooldown after a resolve: recorded, not sent again
          const cool = state.resolvedAt !== null && now - state.resolvedAt < rule.cooldownMinutes * 60_000;
          await this.emit(site, rule, 'fired', now, facts, cool);
          Object.assign(next, { firing: true, since: now, ...(cool ? {} : { notifiedAt: now }) });
          summary.fired++;
        } else if (!v.quiet && !v.firing && state.firing) {
          // a fire nobody was told of (the cooldown held it back) needs no "resolved" either
          const untold = state.notifiedAt === null || (state.since !== null && state.notifiedAt < state.since);
          await this.emit(site, rule, 'resolved', now, facts, untold);
          Object.assign(next, { firing: false, resolvedAt: now });
          summary.resolved++;
        }
        await this.d.store.setState(site, rule.id, next);
      }
    }
    return summary;
  }

  private async emit(
    site: string,
    rule: AlertRule,
    kind: 'fired' | 'resolved',
    at: number,
    figures: Record<string, unknown>,
    suppressed: boolean,
  ) {
    const id = `${at.toString(36)}-${(this.seq++).toString(36)}-${rule.id}`;
    const { webhookUrl, secret, emails, locale } = await this.d.store.delivery(site);
    let delivery: AlertEvent['delivery'] = { status: suppressed ? 'suppressed' : 'none' };
    if (!suppressed && webhookUrl) {
      const body = JSON.stringify({ site, alert: id, rule: { id: rule.id, name: rule.name }, kind, at, figures });
      const r = await this.d
        .deliver(webhookUrl, body, secret)
        .catch((e: unknown) => ({ ok: false, detail: String(e) }));
      delivery = r.ok ? { status: 'delivered' } : { status: 'failed', ...(r.detail ? { detail: r.detail } : {}) };
    }
    if (emails.length && this.d.mail)
      delivery.email = suppressed
        ? { status: 'suppressed' }
        : await this.email(site, emails, rule, kind, at, figures, locale);
    await this.d.store.addEvent(site, { id, rule: rule.id, kind, at, figures, delivery });
  }

  private async email(
    site: string,
    to: string[],
    rule: AlertRule,
    kind: 'fired' | 'resolved',
    at: number,
    figures: Record<string, unknown>,
    locale: MailLocale | undefined,
  ): Promise<DeliveryStatus> {
    const mail = this.d.mail!;
    try {
      const smtp = await mail.smtp(site);
      if (!smtp) return { status: 'failed', detail: NO_SMTP };
      const o = { ...(locale ? { locale } : {}), currency: this.d.currency?.(site) };
      await mail.send(smtp, { to, ...alertMail(site, rule, kind, at, figures, o) });
      return { status: 'delivered' };
    } catch (e) {
      return { status: 'failed', detail: String((e as Error).message ?? e).slice(0, 300) };
    }
  }

  private async figures(site: string, rule: AlertRule, w: { from: number; to: number }): Promise<Figures> {
    if (rule.metric === 'srm') {
      const found = await this.d.sources.srm(site);
      return { value: found.length, volume: 0, history: [], detail: { experiments: found } };
    }
    if (rule.metric === 'stale_stock') {
      const stale = await this.d.sources.staleStock(site, w, rule.maxAgeHours * 3_600_000);
      return { value: stale.length, volume: 0, history: [], detail: { stale } };
    }
    if (rule.metric === 'coupon_pool_low') {
      const low = await this.d.sources.lowPools(site, rule.threshold);
      return { value: low.length, volume: 0, history: [], detail: { pools: low } };
    }
    const starts = [w.from, ...Array.from({ length: rule.weeks }, (_, k) => w.from - (k + 1) * 7 * DAY)];
    const rows = new Map(
      (await this.d.sources.days(site, { from: starts[starts.length - 1]!, to: w.to })).map((r) => [r.day, r]),
    );
    const at = async (start: number) => {
      const r = rows.get(isoDay(start));
      const volume = r?.visitors ?? 0;
      if (rule.metric === 'errors')
        return { value: await this.d.sources.errors(site, { from: start, to: start + DAY - 1 }), volume };
      const value =
        rule.metric === 'conversion_rate'
          ? volume
            ? (r?.buyers ?? 0) / volume
            : 0
          : rule.metric === 'visitors'
            ? volume
            : rule.metric === 'orders'
              ? (r?.orders ?? 0)
              : (r?.revenue ?? 0);
      return { value, volume };
    };
    // every day from the oldest compared weekday to the window (the chart's series); the window and its weekdays
    // are among them. Errors too: a count per day (one errors query a day, once a day per rule)
    const first = starts[starts.length - 1]!;
    const days = await Promise.all(
      Array.from({ length: (w.from - first) / DAY + 1 }, (_, k) =>
        at(first + k * DAY).then((x) => ({ day: isoDay(first + k * DAY), ...x })),
      ),
    );
    const byDay = new Map(days.map((d) => [d.day, { value: d.value, volume: d.volume }]));
    const [cur, ...hist] = starts.map((start) => byDay.get(isoDay(start))!);
    return {
      value: cur!.value,
      volume: cur!.volume,
      history: hist.reverse(),
      series: days.map((d) => ({ day: d.day, value: d.value })),
    };
  }
}
