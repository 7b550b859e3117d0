// The console session (a reactive controller): sign-in into the server's httpOnly cookie (email and password, or the
// admin token), resume on reload from that cookie, invitation and reset links, sign-out, a session that ended (401).
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Role } from '@nudge/server/api';
import { AdminClient, ApiError, type SiteSummary } from '../api.js';
import type { JsonSchema } from '../schema-form.js';

/** What signing in loads before the console opens. */
export interface SessionStart {
  sites: SiteSummary[];
  schemas: Record<string, JsonSchema>;
}

/** Who is signed in, as the server says (GET /v1/auth/session, or /me). */
export interface Me {
  name: string;
  role: Role;
  userId: string | null;
  csrf: string;
}

export type Credentials = { email: string; password: string } | { token: string; name: string };

/** The server could not be asked (down, network, 5xx) whether this browser is still signed in: Retry asks again. */
export interface Unreachable {
  message: string;
}

export interface SessionHost extends Pick<ReactiveControllerHost, 'addController' | 'requestUpdate'> {
  /** Signed in: show the sites and open the first; what fails there throws and is said as a console error. */
  signedIn(start: SessionStart, focus: boolean): Promise<void>;
  /** Signed out; `ended` when it was the server's refusal of the session, not the person's choice. */
  signedOut(ended: boolean): void;
  /** The credentials typed were refused at sign-in (or sign-in is locked for a while: `locked`). */
  refused(locked?: boolean): void;
  /** Says an error that happened once signed in. */
  fail(e: unknown): void;
  clearNotice(): void;
  focusAfterRender(selector: string): void;
}

const ROLES: Role[] = ['viewer', 'editor', 'publisher', 'admin'];

async function auth(method: 'GET' | 'POST', path: string, body?: unknown, csrf?: string): Promise<unknown> {
  const res = await fetch(`/v1/auth${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(csrf ? { 'x-nudge-csrf': csrf } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const data = (await res.json().catch(() => ({}))) as { error?: string; message?: string; issues?: [] };
  if (!res.ok) throw new ApiError(res.status, data.error ?? 'error', data.message ?? res.statusText, data.issues ?? []);
  return data;
}

export class SessionController implements ReactiveController {
  #client: AdminClient | null = null;
  #me: Me | null = null;
  #unreachable: Unreachable | null = null;
  #resumed = false;

  constructor(private readonly host: SessionHost) {
    host.addController(this);
  }

  /** Once connected, the console asks the server whether this browser's cookie is still signed in. */
  hostConnected(): void {
    if (this.#resumed) return;
    this.#resumed = true;
    void this.resume();
  }

  /** The API client while signed in. */
  get client(): AdminClient | null {
    return this.#client;
  }

  get me(): Me | null {
    return this.#me;
  }

  /** Whether the person signed in may do what needs `role` (the server checks again: this only hides controls). */
  can(role: Role): boolean {
    return !!this.#me && ROLES.indexOf(this.#me.role) >= ROLES.indexOf(role);
  }

  get unreachable(): Unreachable | null {
    return this.#unreachable;
  }

  /** Opens the console if the cookie still holds a session; the focus stays where it is, since nobody just typed. */
  async resume(focus = false): Promise<void> {
    try {
      // GET /session answers nobody with 200 (GET /me would 401, which the browser logs as an error on every visit)
      const { me } = (await auth('GET', '/session')) as { me: Me | null };
      if (me) return await this.#start(me, focus);
      this.#unreachable = null;
      this.host.requestUpdate();
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        this.#unreachable = null;
        this.host.requestUpdate();
        return;
      }
      this.#down(e, focus);
    }
  }

  /** `focus`: a person just signed in, so the keyboard lands on the console's heading, not on the page body. */
  async signIn(credentials: Credentials, focus = true): Promise<void> {
    await this.#enter(() => auth('POST', '/login', credentials), focus);
  }

  /** Chooses a password from an invitation or reset link (each works once), and signs in. */
  async usePasswordLink(kind: 'invite' | 'reset', token: string, password: string): Promise<void> {
    await this.#enter(() => auth('POST', kind === 'invite' ? '/accept' : '/reset', { token, password }), true);
  }

  /** Asks for a reset link; the server answers the same whether or not the email has an account. */
  async requestReset(email: string): Promise<void> {
    await auth('POST', '/reset-request', { email });
  }

  async #enter(request: () => Promise<unknown>, focus: boolean): Promise<void> {
    let me: Me;
    try {
      me = (await request()) as Me;
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 429)) return this.host.refused(e.status === 429);
      if (e instanceof ApiError && e.status === 400) return this.host.fail(e);
      return this.#down(e, focus);
    }
    await this.#start(me, focus);
  }

  async #start(me: Me, focus: boolean): Promise<void> {
    // A 401 on any later request means the session ended (signed out elsewhere, role changed): back to sign-in.
    const client: AdminClient = new AdminClient(me.csrf, () => {
      if (this.#client === client) this.signOut(true);
    });
    try {
      const { sites } = await client.sites();
      const { widgets } = await client.schema();
      this.#client = client;
      this.#me = me;
      this.#unreachable = null;
      this.host.requestUpdate();
      await this.host.signedIn({ sites, schemas: widgets }, focus);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return;
      // signed in, and loading the first site failed: an error in the console, not an unreachable server
      if (this.#client === client) return this.host.fail(e);
      this.#down(e, focus);
    }
  }

  #down(e: unknown, focus: boolean): void {
    this.host.clearNotice();
    this.#unreachable = { message: e instanceof ApiError ? `${e.status} ${e.message}` : String(e) };
    this.host.requestUpdate();
    if (focus) this.host.focusAfterRender('#retry');
  }

  /** Signs out (ends the server's session too); `ended` when the server already ended it. */
  signOut(ended = false): void {
    const csrf = this.#me?.csrf;
    if (!ended && csrf) void auth('POST', '/logout', undefined, csrf).catch(() => undefined);
    this.#client = null;
    this.#me = null;
    this.#unreachable = null;
    this.host.requestUpdate();
    this.host.signedOut(ended);
  }
}
