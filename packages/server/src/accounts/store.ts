// People, sessions, API tokens, invitation and reset links, sign-in failures and the audit trail, on the SQL seam
// (store/sql), so the same statements run on the embedded DuckDB file and on Postgres.
import { migrateOnce, type Migration, type Sql, type SqlValue } from '../store/sql/sql.js';
import type { Role } from './roles.js';

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    why: 'people, sessions, tokens, links, sign-in failures, audit',
    sql: `
      CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, password TEXT, role TEXT NOT NULL,
        created_at BIGINT NOT NULL, disabled BOOLEAN NOT NULL);
      CREATE TABLE IF NOT EXISTS sessions (hash TEXT PRIMARY KEY, user_id TEXT, role TEXT NOT NULL, name TEXT NOT NULL,
        csrf TEXT NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL);
      CREATE TABLE IF NOT EXISTS api_tokens (hash TEXT PRIMARY KEY, prefix TEXT NOT NULL, user_id TEXT, name TEXT NOT NULL,
        role TEXT NOT NULL, created_at BIGINT NOT NULL);
      CREATE TABLE IF NOT EXISTS account_links (hash TEXT PRIMARY KEY, kind TEXT NOT NULL, user_id TEXT NOT NULL,
        expires_at BIGINT NOT NULL, used_at BIGINT);
      CREATE TABLE IF NOT EXISTS login_failures (email TEXT NOT NULL, failed_at BIGINT NOT NULL);
      CREATE TABLE IF NOT EXISTS audit (id TEXT PRIMARY KEY, created_at BIGINT NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL,
        method TEXT NOT NULL, path TEXT NOT NULL, status INTEGER NOT NULL, site TEXT)`,
  },
];

export interface UserRecord {
  id: string;
  email: string;
  /** null until an invitation is accepted */
  password: string | null;
  role: Role;
  createdAt: number;
  disabled: boolean;
}

export interface SessionRecord {
  hash: string;
  userId: string | null;
  role: Role;
  name: string;
  csrf: string;
  createdAt: number;
  expiresAt: number;
}

export interface TokenRecord {
  hash: string;
  prefix: string;
  userId: string | null;
  name: string;
  role: Role;
  createdAt: number;
}

export interface AuditRecord {
  id: string;
  at: number;
  actor: string;
  role: Role;
  method: string;
  path: string;
  status: number;
  site: string | null;
}

type R = Record<string, unknown>;
const user = (r: R): UserRecord => ({
  id: String(r.id),
  email: String(r.email),
  password: r.password == null ? null : String(r.password),
  role: r.role as Role,
  createdAt: Number(r.created_at),
  disabled: r.disabled === true,
});
const session = (r: R): SessionRecord => ({
  hash: String(r.hash),
  userId: r.user_id == null ? null : String(r.user_id),
  role: r.role as Role,
  name: String(r.name),
  csrf: String(r.csrf),
  createdAt: Number(r.created_at),
  expiresAt: Number(r.expires_at),
});
const token = (r: R): TokenRecord => ({
  hash: String(r.hash),
  prefix: String(r.prefix),
  userId: r.user_id == null ? null : String(r.user_id),
  name: String(r.name),
  role: r.role as Role,
  createdAt: Number(r.created_at),
});

export class AccountStore {
  /** the tables, made on first use (a failed run is tried again by the next call) */
  private readonly migrated: () => Promise<void>;

  constructor(private readonly sql: Sql) {
    this.migrated = migrateOnce(sql, 'accounts', MIGRATIONS);
  }

  /** Creates or updates the tables; runs on first use if not called (a failed run is tried again next time). */
  init(): Promise<void> {
    return this.migrated();
  }

  private async q(text: string, params?: SqlValue[]): Promise<Record<string, unknown>[]> {
    await this.init();
    return this.sql.query(text, params);
  }

  async countUsers(): Promise<number> {
    const [r] = await this.q('SELECT count(*) AS n FROM users');
    return Number(r?.n ?? 0);
  }

  /** False when the email is taken. */
  async addUser(u: UserRecord): Promise<boolean> {
    const rows = await this.q('INSERT INTO users VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id', [
      u.id,
      u.email,
      u.password,
      u.role,
      u.createdAt,
      u.disabled,
    ]);
    return rows.length === 1;
  }

  async userByEmail(email: string): Promise<UserRecord | undefined> {
    const [r] = await this.q('SELECT * FROM users WHERE email = $1', [email]);
    return r ? user(r) : undefined;
  }

  async userById(id: string): Promise<UserRecord | undefined> {
    const [r] = await this.q('SELECT * FROM users WHERE id = $1', [id]);
    return r ? user(r) : undefined;
  }

  async listUsers(): Promise<UserRecord[]> {
    return (await this.q('SELECT * FROM users ORDER BY created_at, email')).map(user);
  }

  async updateUser(id: string, patch: Partial<Pick<UserRecord, 'role' | 'password' | 'disabled'>>): Promise<void> {
    const cur = await this.userById(id);
    if (!cur) return;
    const next = { ...cur, ...patch };
    await this.q('UPDATE users SET role = $2, password = $3, disabled = $4 WHERE id = $1', [
      id,
      next.role,
      next.password,
      next.disabled,
    ]);
  }

  async addSession(s: SessionRecord): Promise<void> {
    await this.q('INSERT INTO sessions VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      s.hash,
      s.userId,
      s.role,
      s.name,
      s.csrf,
      s.createdAt,
      s.expiresAt,
    ]);
  }

  async session(hash: string, now: number): Promise<SessionRecord | undefined> {
    const [r] = await this.q('SELECT * FROM sessions WHERE hash = $1 AND expires_at > $2', [hash, now]);
    return r ? session(r) : undefined;
  }

  async dropSession(hash: string): Promise<void> {
    await this.q('DELETE FROM sessions WHERE hash = $1', [hash]);
  }

  /** Ends every session of a person (role changed, password reset, removed). */
  async dropSessionsOf(userId: string): Promise<void> {
    await this.q('DELETE FROM sessions WHERE user_id = $1', [userId]);
  }

  async addToken(t: TokenRecord): Promise<void> {
    await this.q('INSERT INTO api_tokens VALUES ($1, $2, $3, $4, $5, $6)', [
      t.hash,
      t.prefix,
      t.userId,
      t.name,
      t.role,
      t.createdAt,
    ]);
  }

  async token(hash: string): Promise<TokenRecord | undefined> {
    const [r] = await this.q('SELECT * FROM api_tokens WHERE hash = $1', [hash]);
    return r ? token(r) : undefined;
  }

  async listTokens(userId?: string): Promise<TokenRecord[]> {
    const rows =
      userId === undefined
        ? await this.q('SELECT * FROM api_tokens ORDER BY created_at')
        : await this.q('SELECT * FROM api_tokens WHERE user_id = $1 ORDER BY created_at', [userId]);
    return rows.map(token);
  }

  /** Deletes a token by its shown prefix; only the owner's own when `userId` is given. */
  async dropToken(prefix: string, userId?: string): Promise<boolean> {
    const rows =
      userId === undefined
        ? await this.q('DELETE FROM api_tokens WHERE prefix = $1 RETURNING hash', [prefix])
        : await this.q('DELETE FROM api_tokens WHERE prefix = $1 AND user_id = $2 RETURNING hash', [prefix, userId]);
    return rows.length > 0;
  }

  async dropTokensOf(userId: string): Promise<void> {
    await this.q('DELETE FROM api_tokens WHERE user_id = $1', [userId]);
  }

  async addLink(hash: string, kind: 'invite' | 'reset', userId: string, expiresAt: number): Promise<void> {
    await this.q('INSERT INTO account_links VALUES ($1, $2, $3, $4, NULL)', [hash, kind, userId, expiresAt]);
  }

  /** Uses a link once: its user id, or undefined when it is unknown, used, expired or of another kind. */
  async useLink(hash: string, kind: 'invite' | 'reset', now: number): Promise<string | undefined> {
    const [r] = await this.q(
      `UPDATE account_links SET used_at = $3 WHERE hash = $1 AND kind = $2 AND used_at IS NULL AND expires_at > $3
       RETURNING user_id`,
      [hash, kind, now],
    );
    return r ? String(r.user_id) : undefined;
  }

  async addFailure(email: string, at: number): Promise<void> {
    await this.q('INSERT INTO login_failures VALUES ($1, $2)', [email, at]);
  }

  async failuresSince(email: string, since: number): Promise<number> {
    const [r] = await this.q('SELECT count(*) AS n FROM login_failures WHERE email = $1 AND failed_at > $2', [
      email,
      since,
    ]);
    return Number(r?.n ?? 0);
  }

  async clearFailures(email: string): Promise<void> {
    await this.q('DELETE FROM login_failures WHERE email = $1', [email]);
  }

  async addAudit(a: AuditRecord): Promise<void> {
    await this.q('INSERT INTO audit VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
      a.id,
      a.at,
      a.actor,
      a.role,
      a.method,
      a.path,
      a.status,
      a.site,
    ]);
  }

  async audit(limit: number, site?: string): Promise<AuditRecord[]> {
    const rows =
      site === undefined
        ? await this.q('SELECT * FROM audit ORDER BY created_at DESC, id DESC LIMIT $1', [limit])
        : await this.q('SELECT * FROM audit WHERE site = $1 ORDER BY created_at DESC, id DESC LIMIT $2', [site, limit]);
    return rows.map((r) => ({
      id: String(r.id),
      at: Number(r.created_at),
      actor: String(r.actor),
      role: r.role as Role,
      method: String(r.method),
      path: String(r.path),
      status: Number(r.status),
      site: r.site == null ? null : String(r.site),
    }));
  }

  /** Forgets expired sessions and links and old sign-in failures. */
  async prune(now: number): Promise<void> {
    await this.q('DELETE FROM sessions WHERE expires_at <= $1', [now]);
    await this.q('DELETE FROM account_links WHERE expires_at <= $1', [now]);
    await this.q('DELETE FROM login_failures WHERE failed_at <= $1', [now - 86_400_000]);
  }
}
