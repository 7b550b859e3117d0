// What a tab sees of the console shell; each tab picks the part it uses, the shell keeps the rest private.
import type { ReactiveControllerHost, TemplateResult } from 'lit';
import type { NudgeConfig as Config } from '@nudge/core';
import type { Role } from '@nudge/server/api';
import type { AdminClient, ApiIssue, Published } from '../api.js';
import type { JsonSchema } from '../schema-form.js';
import type { Lang, MessageKey } from '../i18n.js';

export type Tab =
  | 'home'
  | 'widgets'
  | 'experiments'
  | 'results'
  | 'reports'
  | 'errors'
  | 'alerts'
  | 'history'
  | 'live'
  | 'settings'
  | 'people'
  | 'rewards'
  | 'install'
  | 'metrics';

/** Of a controller host, what the tabs' controllers use. */
export interface ConsoleHost extends Pick<ReactiveControllerHost, 'addController' | 'requestUpdate'> {
  /** The shell's shadow root: tabs render into it, so they share its styles and its ids (charts, previews, dialog). */
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly lang: Lang;
  readonly tab: Tab;
  /** The API client while signed in. */
  readonly client: AdminClient | null;
  readonly site: string;
  readonly config: Config | null;
  readonly schemas: Record<string, JsonSchema>;
  /** Calendar days (YYYY-MM-DD) in the site's time zone (the browser's when it has none), shared by the reports. */
  range: { from: string; to: string };
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** Shows one message; `issues` are the fields of the request it is about. */
  say(kind: 'ok' | 'error', text: string, issues?: ApiIssue[]): void;
  /** Says something that went well and is not a publish, so no undo is offered. */
  sayDone(text: string): void;
  /** Clears the field list of an earlier attempt while a new one is on its way. */
  clearIssues(): void;
  /** Says a failed request in words (a refused token is the session's business and says nothing here). */
  fail(e: unknown): void;
  /** Asks in the confirm dialog before `run`. */
  confirmThen(text: string, run: () => Promise<unknown>): void;
  /**
   * Every change to the config goes through here: publish, then offer an undo that rolls back to the version before.
   * `saved` runs once the server has taken it. False when it failed (and was said).
   */
  publish(run: (client: AdminClient, site: string) => Promise<Published>, saved?: () => void): Promise<boolean>;
  /** A site was created: list the sites again and open it. */
  siteCreated(id: string): Promise<void>;
  /** Whether the person signed in has `role` or a higher one (the API enforces roles; this hides what it would refuse). */
  can(role: Role): boolean;
  /** Signed in as a person (an account), not with the admin token, which is nobody and has no settings of its own. */
  readonly person: boolean;
  /** The tab changed what it shows (an experiment picked): the shell writes the view's URL. */
  navigated(): void;
  /** Loads the open tab again, and the errors report behind the nav badge. */
  reloadTab(): void;
}

/** One tab: its view, what it loads when opened, and how it follows the shell's site and config. */
export interface TabView {
  render(): TemplateResult;
  /** Loads what the tab shows; called when it is opened (and for history and results after a publish). */
  load?(): Promise<void>;
  /** The tab is left or the person signed out: stop anything that runs in the background. */
  leave?(): void;
  /** Another site was picked: forget what belonged to the last one. */
  siteChanged?(): void;
  /** Edits not yet published or applied (switching sites asks before dropping them). */
  unsaved?(): boolean;
  /** A site's config was loaded from the server: drafts of the one before are void. */
  configLoaded?(config: Config): void;
}
