// The config client's types, shared by its eager half (client.ts) and its lazy half (remote.ts).
import type { ConfigIssue, ParseConfigResult } from './parse.js';
import type { NudgeConfig } from './schema.js';

export type ConfigSource = 'cache' | 'inline' | 'network' | 'stream';

export interface ConfigClientOptions {
  site: string;
  /**
   * Nudge server base URL (config at `{endpoint}/v1/config/{site}`, live push at `.../stream`), or any URL
   * ending in `.json` that serves the document (static hosting: no live push, refreshed on each visit/return).
   */
  endpoint: string;
  /** Where the last good document is kept (the tracker's storage adapters fit). */
  storage?: { get(key: string): string | null; set(key: string, value: string): unknown };
  /** A document given in code; used until a newer version arrives. */
  initial?: unknown;
  onConfig(config: NudgeConfig, source: ConfigSource): void;
  /** A document was refused (it never replaces the config in force); `message` lists every bad field. */
  onInvalid?(issues: ConfigIssue[], source: ConfigSource, message: string): void;
  /** Live push through server-sent events (default true for a Nudge server endpoint). */
  live?: boolean;
  /** Close the stream after the tab has been hidden this long (default 60 s); refresh on return. */
  hiddenCloseMs?: number;
  /**
   * Loads the validator (default: the zod/mini chunk, validator.ts). Called only when a document newer than the one
   * in force must be accepted, so a returning visitor whose config is unchanged never downloads it.
   */
  loadValidator?: () => Validator;
  fetch?: typeof fetch;
  EventSource?: typeof EventSource;
}

export interface ConfigClient {
  /** Fetch now (conditional on the ETag). Never rejects. */
  refresh(): Promise<void>;
  close(): void;
  current(): NudgeConfig | null;
}

/** What the lazily loaded remote half (remote.ts) shares with this one. */
export interface ClientState {
  o: ConfigClientOptions;
  url: string;
  isStatic: boolean;
  cacheKey: string;
  current: NudgeConfig | null;
  etag?: string;
  closed?: boolean;
  /**
   * The one rule for replacing the document in force (apply() and remote.ts's early check): a higher version, or,
   * when both carry `publishedAt`, a later publish (a reset server restarts its versions at 1). A document older by
   * both, such as a stale CDN copy, is refused; without `publishedAt` on both, the version alone decides.
   */
  newer(config: Pick<NudgeConfig, 'version' | 'publishedAt'>): boolean;
  /** Applies newer documents only, so a slow response or a stale CDN copy never rolls back a pushed config. */
  apply(config: NudgeConfig, source: ConfigSource): boolean;
  /** Starts a conditional GET, or undefined when there is no fetch. */
  request(): Promise<Response> | undefined;
  load: () => Validator;
  /** The validator once loading has started (a static file's first visit at once, else for the first document to check). */
  v?: Validator;
  /**
   * The server's last answer said its documents passed the config schema at publish (`Nudge-Config-Checked: 1`, which
   * only a Nudge server's config route sends): its documents and its stream's skip the validator (remote.ts).
   */
  checked?: boolean;
}

/** The validator chunk's shape (validator.ts); tests pass a stand-in to count or fake loads. */
export type Validator = Promise<{
  parseConfig(json: unknown): ParseConfigResult | Promise<ParseConfigResult>;
  /** parseConfig, refusing a document for another site */
  parseFor(json: unknown, site: string): ParseConfigResult | Promise<ParseConfigResult>;
  refusalMessage(issues: ConfigIssue[], source: ConfigSource): string;
}>;
