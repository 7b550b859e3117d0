// A small test collector on 127.0.0.1: records every batch, can be taken down and brought back on the same port,
// and can be told to answer with 5xx/429 (+ Retry-After) for a number of requests.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedBatch {
  contentType: string;
  body: {
    site: string;
    sentAt: number;
    events: { id: string; name: string; props: Record<string, unknown>; [k: string]: unknown }[];
    dropped?: number;
  };
}

export interface Collector {
  /** Base URL (`http://127.0.0.1:PORT`): the tracker's `endpoint`. */
  url: string;
  /** Batches answered with 2xx, in arrival order. */
  batches: ReceivedBatch[];
  /** Every POST that reached the collector (also refused ones). */
  attempts: number;
  /** Events of accepted batches. */
  events(): ReceivedBatch['body']['events'];
  /** Answer the next `count` requests with `status` (and Retry-After when given). */
  fail(status: number, count: number, retryAfter?: string): void;
  /** Stop listening and cut open connections: the tracker sees network errors. */
  down(): Promise<void>;
  /** Listen again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startCollector(): Promise<Collector> {
  const batches: ReceivedBatch[] = [];
  const failures: { status: number; retryAfter?: string }[] = [];
  let attempts = 0;
  let server: Server;
  let port = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', 'content-type');
    res.setHeader('access-control-expose-headers', 'retry-after');
    if (req.method === 'OPTIONS') return res.writeHead(204).end();
    if (req.method !== 'POST' || req.url !== '/v1/events') return res.writeHead(404).end();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    attempts++;
    const fail = failures.shift();
    if (fail) {
      if (fail.retryAfter) res.setHeader('retry-after', fail.retryAfter);
      return res.writeHead(fail.status).end();
    }
    try {
      batches.push({
        contentType: String(req.headers['content-type'] ?? ''),
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      res.writeHead(202).end();
    } catch {
      res.writeHead(400).end();
    }
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((req, res) => void handle(req, res));
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });

  await listen();
  return {
    url: `http://127.0.0.1:${port}`,
    batches,
    get attempts() {
      return attempts;
    },
    events: () => batches.flatMap((b) => b.body.events),
    fail: (status, count, retryAfter) => {
      for (let i = 0; i < count; i++) failures.push({ status, retryAfter });
    },
    down: stop,
    up: listen,
    close: stop,
  };
}
