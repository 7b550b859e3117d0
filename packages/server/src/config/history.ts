// What a publish changed and why, as data: the store keeps it as it is, the console puts it in the reader's words.

/** One field a publish changed: its path in the document, and its JSON values before and after (absent: undefined). */
export interface ConfigChange {
  path: string[];
  before?: unknown;
  after?: unknown;
}

/** What the author did; `note` is free text the author typed, shown as written. */
export type ConfigAction =
  | { type: 'publish'; note?: string }
  | { type: 'rollback'; to: number; note?: string }
  | { type: 'experiment'; experiment: string; action: string; args?: Record<string, unknown>; note?: string }
  | { type: 'widget'; widget: string; action: string; note?: string }
  /** a draft saved by `by` and published by the version's author (a second person when the site asks for one) */
  | { type: 'draft'; draft: string; by: string; note?: string }
  /** the site's first version (the demo's, when seeded) */
  | { type: 'create'; demo?: boolean }
  /** not a version: a widget's or experiment's schedule started or stopped it (history entries by "schedule") */
  | { type: 'schedule'; target: 'widget' | 'experiment'; id: string; state: 'start' | 'stop' };
