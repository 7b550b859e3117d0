// Who may use the admin API: sign-in with brute-force protection, sessions, invitations, resets and personal tokens.
import { atLeast, type Principal, type Role } from './roles.js';
import type { AccountStore, TokenRecord, UserRecord } from './store.js';

/** Hashes and mints secrets (the server's `Secrets`). */
export interface SecretTools {
  hash(secret: string): string;
  matches(secret: string, hash: string): boolean;
  mint(prefix: string): string;
}

/** Password hashing (scrypt in passwords.ts); kept behind this so the admin API's types stay free of Node. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Also does the work for a missing hash (unknown email), so timing does not tell whether an account exists. */
  verify(password: string, stored: string | null): Promise<boolean>;
}

/** A password a person may choose: 10 to 200 characters. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < 10) return 'must be at least 10 characters';
  if (password.length > 200) return 'must be at most 200 characters';
  return undefined;
}

export const SESSION_MS = 7 * 86_400_000;
export const LINK_MS = 3 * 86_400_000;
/** Failed sign-ins per email within LOCK_WINDOW_MS before the account's sign-in is locked for that long. */
export const MAX_FAILURES = 5;
export const LOCK_WINDOW_MS = 15 * 60_000;

export type AccountError =
  | { error: 'invalid_credentials' }
  | { error: 'locked'; retryAfterS: number }
  | { error: 'email_taken' }
  | { error: 'invalid_link' }
  | { error: 'weak_password'; message: string }
  | { error: 'not_found' }
  | { error: 'forbidden'; role: Role };

export interface NewSession {
  /** the cookie's value (only its hash is stored) */
  secret: string;
  principal: Principal;
  expiresAt: number;
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export interface PublicUser {
  id: string;
  email: string;
  role: Role;
  createdAt: number;
  /** false until the invitation is accepted */
  active: boolean;
  disabled: boolean;
}

export const publicUser = (u: UserRecord): PublicUser => ({
  id: u.id,
  email: u.email,
  role: u.role,
  createdAt: u.createdAt,
  active: u.password !== null,
  disabled: u.disabled,
});

export const publicToken = (t: TokenRecord) => ({
  prefix: t.prefix,
  name: t.name,
  role: t.role,
  userId: t.userId,
  createdAt: t.createdAt,
});

export class Accounts {
  constructor(
    private readonly store: AccountStore,
    private readonly secrets: SecretTools,
    private readonly adminTokenHash: string,
    private readonly passwords: PasswordHasher,
    private readonly now: () => number = Date.now,
  ) {}

  private async newSession(p: Omit<Principal, 'csrf' | 'sessionHash'>): Promise<NewSession> {
    const secret = this.secrets.mint('ns');
    const csrf = this.secrets.mint('csrf');
    const hash = this.secrets.hash(secret);
    const at = this.now();
    const expiresAt = at + SESSION_MS;
    await this.store.addSession({
      hash,
      userId: p.userId ?? null,
      role: p.role,
      name: p.name,
      csrf,
      createdAt: at,
      expiresAt,
    });
    return { secret, expiresAt, principal: { ...p, kind: 'session', csrf, sessionHash: hash } };
  }

  /**
   * Email and password. Every failure says the same thing (no hint whether the email exists); after MAX_FAILURES
   * within LOCK_WINDOW_MS the email is locked for the rest of the window, whatever the password.
   */
  async login(emailIn: string, password: string): Promise<NewSession | AccountError> {
    const email = normalizeEmail(emailIn);
    const at = this.now();
    const failures = await this.store.failuresSince(email, at - LOCK_WINDOW_MS);
    if (failures >= MAX_FAILURES) return { error: 'locked', retryAfterS: Math.ceil(LOCK_WINDOW_MS / 1000) };
    const u = await this.store.userByEmail(email);
    const ok = await this.passwords.verify(password, u?.password ?? null);
    if (!u || !ok || u.disabled || u.password === null) {
      await this.store.addFailure(email, at);
      return { error: 'invalid_credentials' };
    }
    await this.store.clearFailures(email);
    return this.newSession({ kind: 'session', role: u.role, userId: u.id, name: u.email });
  }

  /** The server's admin token opens a console session too, so existing setups keep working without a person. */
  async loginWithAdminToken(token: string, label: string): Promise<NewSession | AccountError> {
    if (!this.secrets.matches(token, this.adminTokenHash)) return { error: 'invalid_credentials' };
    return this.newSession({ kind: 'session', role: 'admin', name: label || 'admin' });
  }

  async fromSession(secret: string): Promise<Principal | undefined> {
    const s = await this.store.session(this.secrets.hash(secret), this.now());
    if (!s) return undefined;
    if (s.userId) {
      const u = await this.store.userById(s.userId);
      if (!u || u.disabled) return undefined;
      return { kind: 'session', role: u.role, userId: u.id, name: u.email, csrf: s.csrf, sessionHash: s.hash };
    }
    return { kind: 'session', role: s.role, name: s.name, csrf: s.csrf, sessionHash: s.hash };
  }

  /** The admin token (named by the caller's X-Nudge-Actor, as before) or a person's API token. */
  async fromBearer(bearer: string, label: string): Promise<Principal | undefined> {
    if (this.secrets.matches(bearer, this.adminTokenHash)) return { kind: 'admin-token', role: 'admin', name: label };
    const t = await this.store.token(this.secrets.hash(bearer));
    if (!t) return undefined;
    if (t.userId) {
      const u = await this.store.userById(t.userId);
      if (!u || u.disabled) return undefined;
      // a token never outranks its person, even after their role was lowered
      const role = atLeast(u.role, t.role) ? t.role : u.role;
      return { kind: 'token', role, userId: u.id, name: u.email };
    }
    return { kind: 'token', role: t.role, name: t.name };
  }

  async logout(p: Principal): Promise<void> {
    if (p.sessionHash) await this.store.dropSession(p.sessionHash);
  }

  /** Invites a person: their account exists without a password until they open the link and choose one. */
  async invite(emailIn: string, role: Role): Promise<{ user: PublicUser; secret: string } | AccountError> {
    const email = normalizeEmail(emailIn);
    const u: UserRecord = {
      id: crypto.randomUUID(),
      email,
      password: null,
      role,
      createdAt: this.now(),
      disabled: false,
    };
    if (!(await this.store.addUser(u))) return { error: 'email_taken' };
    const secret = this.secrets.mint('inv');
    await this.store.addLink(this.secrets.hash(secret), 'invite', u.id, this.now() + LINK_MS);
    return { user: publicUser(u), secret };
  }

  /** Sets the password from an invitation or reset link (each works once) and signs the person in. */
  async usePasswordLink(
    kind: 'invite' | 'reset',
    secret: string,
    password: string,
  ): Promise<NewSession | AccountError> {
    const weak = passwordProblem(password);
    if (weak) return { error: 'weak_password', message: weak };
    const userId = await this.store.useLink(this.secrets.hash(secret), kind, this.now());
    const u = userId ? await this.store.userById(userId) : undefined;
    if (!u || u.disabled) return { error: 'invalid_link' };
    await this.store.updateUser(u.id, { password: await this.passwords.hash(password) });
    await this.store.dropSessionsOf(u.id);
    await this.store.clearFailures(u.email);
    return this.newSession({ kind: 'session', role: u.role, userId: u.id, name: u.email });
  }

  /** A reset link for a known, active email (undefined otherwise: the caller answers the same either way). */
  async resetLink(emailIn: string): Promise<string | undefined> {
    const u = await this.store.userByEmail(normalizeEmail(emailIn));
    if (!u || u.disabled) return undefined;
    const secret = this.secrets.mint('rst');
    await this.store.addLink(this.secrets.hash(secret), 'reset', u.id, this.now() + LINK_MS);
    return secret;
  }

  async users(): Promise<PublicUser[]> {
    return (await this.store.listUsers()).map(publicUser);
  }

  async updateUser(id: string, patch: { role?: Role; disabled?: boolean }): Promise<PublicUser | AccountError> {
    const u = await this.store.userById(id);
    if (!u) return { error: 'not_found' };
    await this.store.updateUser(id, patch);
    // a lowered role or a disabled account takes effect now, not when the session ends
    if (patch.role !== undefined || patch.disabled) await this.store.dropSessionsOf(id);
    return publicUser((await this.store.userById(id))!);
  }

  /** A person's API token, shown once; never above the role of whoever creates it. */
  async createToken(
    by: Principal,
    name: string,
    role: Role,
  ): Promise<{ token: string; record: ReturnType<typeof publicToken> } | AccountError> {
    if (!atLeast(by.role, role)) return { error: 'forbidden', role };
    const token = this.secrets.mint('nt');
    const rec: TokenRecord = {
      hash: this.secrets.hash(token),
      prefix: token.slice(0, 11),
      userId: by.userId ?? null,
      name,
      role,
      createdAt: this.now(),
    };
    await this.store.addToken(rec);
    return { token, record: publicToken(rec) };
  }

  /** An admin sees every token; anyone else their own. */
  async tokens(by: Principal) {
    const all = by.role === 'admin' ? await this.store.listTokens() : await this.store.listTokens(by.userId ?? '');
    return all.map(publicToken);
  }

  async dropToken(by: Principal, prefix: string): Promise<boolean> {
    return by.role === 'admin' ? this.store.dropToken(prefix) : this.store.dropToken(prefix, by.userId ?? '');
  }

  audit(limit: number, site?: string) {
    return this.store.audit(limit, site);
  }

  async record(p: Principal, method: string, path: string, status: number, site: string | null): Promise<void> {
    await this.store.addAudit({
      id: crypto.randomUUID(),
      at: this.now(),
      actor: p.name,
      role: p.role,
      method,
      path,
      status,
      site,
    });
  }
}
