// Helpers for tests, benchmarks and simulated traffic (`@nudge/server/testing`): valid tracker envelopes and an admin client.
import { randomBytes } from 'node:crypto';

/**
 * A UUIDv7 (RFC 9562) for exactly `ms`: unlike the tracker's monotonic generator, it encodes any past time, as
 * replayed or simulated events need.
 */
export function uuidv7(ms = Date.now()): string {
  const b = randomBytes(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

let seq = 0;
export function envelope(
  name: string,
  props: Record<string, unknown>,
  over: {
    anonymousId?: string;
    ts?: number;
    experiments?: Record<string, string>;
    forced?: string[];
    referral?: string;
    userId?: string;
  } = {},
) {
  const ts = over.ts ?? Date.now();
  return {
    id: uuidv7(ts),
    name,
    ts,
    anonymousId: over.anonymousId ?? 'anon-1',
    ...(over.userId ? { userId: over.userId } : {}),
    sessionId: 'sess-1',
    seq: ++seq,
    page: { url: 'http://127.0.0.1/p/1', path: '/p/1', referrer: '', title: 'Product' },
    context: {
      locale: 'en',
      screen: '1280x720',
      utm: {},
      experiments: over.experiments ?? {},
      ...(over.forced ? { forced: over.forced } : {}),
      ...(over.referral ? { referral: over.referral } : {}),
    },
    props,
  };
}

export function adminClient(base: string, token: string, actor = 'tester') {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}/v1/admin${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'x-nudge-actor': actor,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  return {
    get: (p: string) => call('GET', p),
    post: (p: string, b: unknown = {}) => call('POST', p, b),
    patch: (p: string, b: unknown) => call('PATCH', p, b),
    put: (p: string, b: unknown) => call('PUT', p, b),
    del: (p: string) => call('DELETE', p),
  };
}

/**
 * A received email (as an SMTP server's DATA) as a mail reader shows it: the Subject with its RFC 2047 words decoded,
 * and the text body decoded from quoted-printable or base64 as UTF-8 (nodemailer picks either for non-ASCII text).
 */
export function readMail(raw: string): { subject: string; text: string; headers: string } {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = raw.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
  const body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const header = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(headers)?.[1]?.trim() ?? '';
  const word = (enc: string, data: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : qp(data.replace(/_/g, ' '));
  const subject = header('Subject')
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, _c: string, e: string, d: string) => word(e, d));
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? qp(body.replace(/=\r?\n/g, ''))
        : body;
  return { subject, text: text.replace(/\r\n/g, '\n'), headers };
}

/** Quoted-printable bytes (=XX) back to UTF-8 text. */
function qp(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const hex = s[i] === '=' ? /^[0-9A-Fa-f]{2}$/.exec(s.slice(i + 1, i + 3)) : null;
    if (hex) {
      bytes.push(parseInt(hex[0], 16));
      i += 2;
    } else bytes.push(...Buffer.from(s[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}
