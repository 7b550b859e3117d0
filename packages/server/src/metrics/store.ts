// Metric definitions, each experiment's metric roles and the site's margin, on the control database's SQL seam.
import { migrateOnce, type Sql } from '../store/sql/sql.js';
import {
  BUILT_IN,
  DEFAULT_EXPERIMENT_METRICS,
  experimentMetricsSchema,
  metricSchema,
  settingsSchema,
  type ExperimentMetrics,
  type MetricDefinition,
  type MetricSettings,
} from './definition.js';

const MIGRATIONS = [
  {
    version: 1,
    why: 'metric definitions, experiment metric roles, site margin',
    sql: `CREATE TABLE IF NOT EXISTS metric_definitions (site TEXT NOT NULL, key TEXT NOT NULL, doc TEXT NOT NULL,
        created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, PRIMARY KEY (site, key));
      CREATE TABLE IF NOT EXISTS experiment_metrics (site TEXT NOT NULL, experiment TEXT NOT NULL, doc TEXT NOT NULL,
        updated_at BIGINT NOT NULL, PRIMARY KEY (site, experiment));
      CREATE TABLE IF NOT EXISTS metric_settings (site TEXT PRIMARY KEY, margin DOUBLE PRECISION, updated_at BIGINT NOT NULL)`,
  },
];

/** A stored definition, and whether it is one of the built-ins (those cannot be changed or deleted). */
export interface SiteMetric extends MetricDefinition {
  builtIn: boolean;
}

export class MetricStore {
  /** the tables, made on first use (a failed run is tried again by the next call) */
  private readonly migrated: () => Promise<void>;
  constructor(private readonly sql: Sql) {
    this.migrated = migrateOnce(sql, 'metrics', MIGRATIONS);
  }

  /** Creates the tables on first use (idempotent, safe with several servers). */
  private init(): Promise<void> {
    return this.migrated();
  }

  /** Built-ins first, then the site's own by key. */
  async list(site: string): Promise<SiteMetric[]> {
    await this.init();
    const rows = await this.sql.query<{ doc: string }>(
      'SELECT doc FROM metric_definitions WHERE site = $1 ORDER BY key',
      [site],
    );
    return [
      ...BUILT_IN.map((m) => ({ ...m, builtIn: true })),
      ...rows.map((r) => ({ ...metricSchema.parse(JSON.parse(r.doc)), builtIn: false })),
    ];
  }

  async get(site: string, key: string): Promise<SiteMetric | undefined> {
    return (await this.list(site)).find((m) => m.key === key);
  }

  /** Creates or replaces a site's metric; true when it was new. The caller refuses built-in keys. */
  async put(site: string, metric: MetricDefinition, now = Date.now()): Promise<boolean> {
    await this.init();
    const doc = JSON.stringify(metric);
    const [row] = await this.sql.query<{ created_at: number }>(
      `INSERT INTO metric_definitions VALUES ($1, $2, $3, $4, $4)
       ON CONFLICT (site, key) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at
       RETURNING created_at`,
      [site, metric.key, doc, now],
    );
    return Number(row?.created_at) === now;
  }

  async remove(site: string, key: string): Promise<boolean> {
    await this.init();
    return (
      (await this.sql.query('DELETE FROM metric_definitions WHERE site = $1 AND key = $2 RETURNING key', [site, key]))
        .length > 0
    );
  }

  async experimentMetrics(site: string, experiment: string): Promise<ExperimentMetrics & { chosen: boolean }> {
    await this.init();
    const [row] = await this.sql.query<{ doc: string }>(
      'SELECT doc FROM experiment_metrics WHERE site = $1 AND experiment = $2',
      [site, experiment],
    );
    return row
      ? { ...experimentMetricsSchema.parse(JSON.parse(row.doc)), chosen: true }
      : { ...DEFAULT_EXPERIMENT_METRICS, chosen: false };
  }

  async setExperimentMetrics(site: string, experiment: string, roles: ExperimentMetrics, now = Date.now()) {
    await this.init();
    await this.sql.query(
      `INSERT INTO experiment_metrics VALUES ($1, $2, $3, $4)
       ON CONFLICT (site, experiment) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at`,
      [site, experiment, JSON.stringify(roles), now],
    );
  }

  /** The site's margin; null until it is set (profit then needs every item's own margin). */
  async settings(site: string): Promise<{ margin: number | null }> {
    await this.init();
    const [row] = await this.sql.query<{ margin: number | null }>(
      'SELECT margin FROM metric_settings WHERE site = $1',
      [site],
    );
    return { margin: row?.margin ?? null };
  }

  async setSettings(site: string, settings: MetricSettings, now = Date.now()): Promise<void> {
    await this.init();
    const s = settingsSchema.parse(settings);
    await this.sql.query(
      `INSERT INTO metric_settings VALUES ($1, $2, $3)
       ON CONFLICT (site) DO UPDATE SET margin = excluded.margin, updated_at = excluded.updated_at`,
      [site, s.margin, now],
    );
  }
}
