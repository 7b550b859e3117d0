// The admin session (a reactive controller): the token in this tab's sessionStorage, sign-in, sign-out, 401s.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { AdminClient, ApiError, type SiteSummary } from '../api.js';
import type { JsonSchema } from '../schema-form.js';

const TOKEN = 'nudge-console-token';
const ACTOR = 'nudge-console-actor';

/** What signing in loads before the console opens. */
export interface SessionStart {
  sites: SiteSummary[];
  schemas: Record<string, JsonSchema>;
}

/** The saved token could not be tried (server down, network, 5xx): kept, so Retry can try it again. */
export interface Unreachable {
  token: string;
  actor: string;
  message: string;
}

export interface SessionHost extends Pick<ReactiveControllerHost, 'addController' | 'requestUpdate'> {
  /** Signed in: show the sites and open the first; what fails there throws and is said as a console error. */
  signedIn(start: SessionStart, focus: boolean): Promise<void>;
  /** Signed out; `ended` when it was the server's refusal of the token, not the person's choice. */
  signedOut(ended: boolean): void;
  /** The token typed (or saved) was refused at sign-in. */
  refused(): void;
  /** Says an error that happened once signed in. */
  fail(e: unknown): void;
  clearNotice(): void;
  focusAfterRender(selector: string): void;
}

export class SessionController implements ReactiveController {
  #client: AdminClient | null = null;
  #unreachable: Unreachable | null = null;

  #resumed = false;

  constructor(private readonly host: SessionHost) {
    host.addController(this);
  }

  /** Once connected, the console signs in with the token this tab saved, if any. */
  hostConnected(): void {
    if (this.#resumed) return;
    this.#resumed = true;
    this.resume();
  }

  /** The API client while signed in. */
  get client(): AdminClient | null {
    return this.#client;
  }

  get unreachable(): Unreachable | null {
    return this.#unreachable;
  }

  /** Signs in with the token this tab saved, if any; the focus stays where it is, since nobody just typed it. */
  resume(): void {
    const token = sessionStorage.getItem(TOKEN);
    if (token) void this.signIn(token, sessionStorage.getItem(ACTOR) ?? '', false);
  }

  /**
   * Only a refused token (401) forgets the saved one; the server being down or failing keeps it, with a retry.
   * `focus`: a person just signed in, so the keyboard lands on the console's heading, not on the page body.
   */
  async signIn(token: string, actor: string, focus = true): Promise<void> {
    // A 401 on any later request means the token stopped working (the server was given another one): back to sign-in.
    const client: AdminClient = new AdminClient(token, actor || 'console', () => {
      if (this.#client === client) this.signOut(true);
    });
    try {
      const { sites } = await client.sites();
      const { widgets } = await client.schema();
      sessionStorage.setItem(TOKEN, token);
      sessionStorage.setItem(ACTOR, actor);
      this.#client = client;
      this.#unreachable = null;
      this.host.requestUpdate();
      await this.host.signedIn({ sites, schemas: widgets }, focus);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        sessionStorage.removeItem(TOKEN);
        this.#unreachable = null;
        this.host.requestUpdate();
        this.host.refused();
        return;
      }
      // signed in, and loading the first site failed: an error in the console, not an unreachable server
      if (this.#client === client) return this.host.fail(e);
      this.host.clearNotice();
      this.#unreachable = { token, actor, message: e instanceof ApiError ? `${e.status} ${e.message}` : String(e) };
      this.host.requestUpdate();
      if (focus) this.host.focusAfterRender('#retry');
    }
  }

  /** Signs out; `ended` when the server refused the token. The keyboard lands on the token field. */
  signOut(ended = false): void {
    sessionStorage.removeItem(TOKEN);
    this.#client = null;
    this.#unreachable = null;
    this.host.requestUpdate();
    this.host.signedOut(ended);
  }
}
