// SQL for the groups a visitor falls in, from an event's context and page: device, source (channel), segment.

/** From the screen width in `context.screen` ("390x844"): phones are under 768 CSS px, tablets under 1024. */
export function deviceSql(ctx: string): string {
  const w = `TRY_CAST(split_part(json_extract_string(${ctx}, '$.screen'), 'x', 1) AS INTEGER)`;
  return `CASE WHEN ${w} IS NULL THEN 'unknown' WHEN ${w} < 768 THEN 'mobile' WHEN ${w} < 1024 THEN 'tablet' ELSE 'desktop' END`;
}

const host = (col: string) => `nullif(regexp_extract(${col}, '^[a-zA-Z][a-zA-Z0-9+.-]*://([^/:?#]+)', 1), '')`;

/** `utm source / medium` when tagged, else the referrer's host when it is another site, else `direct`. */
export function sourceSql(ctx: string, referrer: string, url: string): string {
  const utm = (k: string) => `nullif(json_extract_string(${ctx}, '$.utm.${k}'), '')`;
  return `coalesce(${utm('source')} || coalesce(' / ' || ${utm('medium')}, ''),
    CASE WHEN ${host(referrer)} IS DISTINCT FROM ${host(url)} THEN ${host(referrer)} END, 'direct')`;
}

/**
 * The core's computeSegments rule in SQL, one group per visitor (high_value, active, dormant, lapsing: bought but
 * neither, new), from `h` (orders, spent, last) measured before `at`; the thresholds bound as $segOrders, $segSpent,
 * $segActive, $segDormant (ms).
 */
export function segmentSql(h: string, at: string): string {
  return `CASE WHEN coalesce(${h}.orders, 0) = 0 THEN 'new'
    WHEN ${h}.orders >= $segOrders AND ${h}.spent >= $segSpent THEN 'high_value'
    WHEN ${at} - ${h}.last <= $segActive THEN 'active' WHEN ${at} - ${h}.last >= $segDormant THEN 'dormant' ELSE 'lapsing' END`;
}

const DAY = 86_400_000;
/** The segment thresholds' values (the config's `segments`, with the core's defaults). */
export const segmentValues = (s: {
  activeWithinDays?: number;
  dormantAfterDays?: number;
  highValue?: { minOrders?: number; minSpent?: number };
}) => ({
  segActive: (s.activeWithinDays ?? 30) * DAY,
  segDormant: (s.dormantAfterDays ?? 90) * DAY,
  segOrders: s.highValue?.minOrders ?? 3,
  segSpent: s.highValue?.minSpent ?? 500,
});

/** Named values DuckDB would refuse because the statement does not use them are left out. */
export const usedValues = <V>(sql: string, values: Record<string, V>): Record<string, V> =>
  Object.fromEntries(Object.entries(values).filter(([k]) => new RegExp(`\\$${k}\\b`).test(sql)));
