// Serves the tracker fixture page (test/fixtures/tracker) with Vite on 127.0.0.1, importing @nudge/core from source.
import { resolve } from 'node:path';
import { createServer, type ViteDevServer } from 'vite';

const root = resolve(import.meta.dirname, '..', '..');

export interface TrackerPageServer {
  /** URL of the fixture page for a collector at `endpoint`; extra query parameters are passed to the page. */
  pageUrl(endpoint: string, query?: Record<string, string | number>): string;
  close(): Promise<void>;
}

export async function serveTrackerPage(): Promise<TrackerPageServer> {
  const server: ViteDevServer = await createServer({
    configFile: false,
    root: resolve(root, 'test/fixtures/tracker'),
    logLevel: 'error',
    // No dependency pre-bundling: a mid-test "new dependency optimized" reload would look like a page load.
    optimizeDeps: { noDiscovery: true, include: [] },
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, fs: { allow: [root] } },
  });
  await server.listen();
  const base = server.resolvedUrls?.local[0];
  if (!base) throw new Error('fixture server has no URL');
  return {
    pageUrl: (endpoint, query = {}) =>
      `${base}?${new URLSearchParams({ c: endpoint, ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])) })}`,
    close: () => server.close(),
  };
}
