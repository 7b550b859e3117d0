// The config service as the routes see it: read what is in force, publish, edit, roll back (no Node types here).
import type { NudgeConfig } from '@nudge/core/spec';
import type { Issue } from '../issue.js';
import type { ConfigRecord } from '../store/store.js';
import type { ConfigAction } from './history.js';

/** The document in force for a site, as served (JSON text, with its ETag). */
export interface Current {
  doc: string;
  config: NudgeConfig;
  version: number;
  etag: string;
  /** widget id -> type in this document, for the ingested rows' widgetType */
  widgetTypes: ReadonlyMap<string, string>;
}

export type PublishResult =
  { ok: true; record: ConfigRecord } | { ok: false; status: 400 | 404 | 409; error: string; issues: Issue[] };

/** What a change makes of the document: the next one, the fields it got wrong (400), or a refusal of its own. */
export type Change = NudgeConfig | Issue[] | Extract<PublishResult, { ok: false }>;

export interface PublishMeta {
  author: string;
  /** what the author did (default: a plain publish) */
  action?: ConfigAction;
  /** optimistic concurrency: refuse if someone published since this version */
  baseVersion?: number;
}

export interface Configs {
  get(site: string): Current | undefined;
  config(site: string): NudgeConfig | undefined;
  /** The document in force at `version` or later. */
  at(site: string, version: number): Promise<Current | undefined>;
  /** Every version up to the one in force, newest first (kept between calls while no newer one is in force). */
  history(site: string): Promise<readonly ConfigRecord[]>;
  publish(site: string, input: unknown, meta: PublishMeta): Promise<PublishResult>;
  /** Lets `change` edit the document in force and publishes the result. */
  update(site: string, change: (c: NudgeConfig) => Change, meta: PublishMeta): Promise<PublishResult>;
  rollback(site: string, version: number, meta: PublishMeta): Promise<PublishResult>;
}
