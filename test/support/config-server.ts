// A tiny config service for tests on 127.0.0.1: GET /v1/config/:site with ETag, SSE push at .../stream, an events sink.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConfigServerOptions {
  site: string;
  /** The document served first (any JSON: invalid ones are how tests check refusal). */
  document: unknown;
  /** Extra files by path, e.g. a bundled page. */
  assets?: Record<string, { type: string; body: string }>;
  /** SSE reconnection delay sent to clients (ms). */
  retryMs?: number;
}

export interface ConfigServer {
  url: string;
  /** Replace the document and push it to every open stream; returns the publish time (Date.now()). */
  publish(document: unknown): number;
  /** Open SSE connections right now. */
  streams(): number;
  /** Close every open stream (as a server restart would). */
  dropStreams(): void;
  /** Requests to the config URL with their If-None-Match header and status. */
  fetches: { ifNoneMatch?: string; status: number }[];
  /** Event batches received at POST /v1/events. */
  batches: { events: { name: string; props: Record<string, unknown>; context: Record<string, unknown> }[] }[];
  close(): Promise<void>;
}

export async function startConfigServer(options: ConfigServerOptions): Promise<ConfigServer> {
  let body = JSON.stringify(options.document);
  let revision = 1;
  const etag = () => `"r${revision}"`;
  const open = new Set<ServerResponse>();
  const fetches: ConfigServer['fetches'] = [];
  const batches: ConfigServer['batches'] = [];
  const configPath = `/v1/config/${options.site}`;
  const cors = {
    'access-control-allow-origin': '*',
    'access-control-allow-headers': 'content-type, if-none-match',
    'access-control-expose-headers': 'etag',
  };

  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => resolve(data));
    });

  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method === 'OPTIONS')
      return res.writeHead(204, { ...cors, 'access-control-allow-methods': 'GET, POST' }).end();
    if (req.method === 'GET' && path === configPath) {
      const inm = req.headers['if-none-match'];
      const status = inm === etag() ? 304 : 200;
      fetches.push({ ifNoneMatch: inm, status });
      res.writeHead(status, { ...cors, etag: etag(), 'content-type': 'application/json', 'cache-control': 'no-cache' });
      return res.end(status === 200 ? body : undefined);
    }
    if (req.method === 'GET' && path === `${configPath}/stream`) {
      res.writeHead(200, {
        ...cors,
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(`retry: ${options.retryMs ?? 300}\n: connected\n\n`);
      open.add(res);
      const beat = setInterval(() => res.write(': heartbeat\n\n'), 15_000);
      req.on('close', () => {
        clearInterval(beat);
        open.delete(res);
      });
      return;
    }
    if (req.method === 'POST' && path === '/v1/events') {
      try {
        batches.push(JSON.parse(await readBody(req)));
      } catch {}
      return res.writeHead(204, cors).end();
    }
    const asset = options.assets?.[path];
    if (asset) return res.writeHead(200, { 'content-type': asset.type }).end(asset.body);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    publish(document) {
      body = JSON.stringify(document);
      revision++;
      const at = Date.now();
      for (const res of open) res.write(`event: config\ndata: ${body}\n\n`);
      return at;
    },
    streams: () => open.size,
    dropStreams() {
      for (const res of open) res.destroy();
      open.clear();
    },
    fetches,
    batches,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of open) res.destroy();
        server.close(() => resolve());
      }),
  };
}
