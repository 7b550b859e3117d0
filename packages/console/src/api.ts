// Admin API client: Bearer token from this tab's session, errors surfaced with their field paths.

export interface ApiIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ApiIssue[] = [],
  ) {
    super(message);
  }
}

export class Api {
  /** `onUnauthorized` runs when the server refuses the token (401), before the error is thrown. */
  constructor(
    private readonly token: string,
    private readonly actor: string,
    private readonly onUnauthorized?: () => void,
  ) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`/v1/admin${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        'x-nudge-actor': this.actor,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const data = (await res.json().catch(() => ({}))) as { error?: string; message?: string; issues?: ApiIssue[] };
    if (res.status === 401) this.onUnauthorized?.();
    if (!res.ok)
      throw new ApiError(res.status, data.error ?? 'error', data.message ?? res.statusText, data.issues ?? []);
    return data as T;
  }

  get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.call<T>('POST', path, body);
  }
}
