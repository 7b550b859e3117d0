// The console's roles, weakest first: each may do what the ones before it may.
export const ROLES = ['viewer', 'editor', 'publisher', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);

/** Whether `has` may do what needs `needs`. */
export const atLeast = (has: Role, needs: Role): boolean => ROLES.indexOf(has) >= ROLES.indexOf(needs);

/** Who made a request: a signed-in person, a person's API token, or the server's admin token. */
export interface Principal {
  kind: 'session' | 'token' | 'admin-token';
  role: Role;
  /** the person's user id (none for the admin token) */
  userId?: string;
  /** what the history records: the person's email, or the admin token's label */
  name: string;
  /** the session's CSRF secret (cookie sign-in only) */
  csrf?: string;
  /** the session's id hash (cookie sign-in only), for sign-out */
  sessionHash?: string;
}
