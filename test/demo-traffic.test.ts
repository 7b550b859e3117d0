// `pnpm demo:traffic` against a collector that answers 429 to every other batch: what it prints is what was stored.
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoConfig } from '../packages/server/src/seed-demo.js';

interface Stored {
  id: string;
  name: string;
  anonymousId: string;
  page: { url: string };
  context: { experiments: Record<string, string> };
}
const stored = new Map<string, Stored>();
let posts = 0;
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    res.setHeader('content-type', 'application/json');
    if (req.method === 'GET' && req.url === '/v1/config/demo') return res.end(JSON.stringify(demoConfig()));
    if (req.method === 'POST' && req.url === '/v1/events') {
      // the collector's rate limit: nothing stored, try again in 0 s
      if (posts++ % 2 === 0) {
        res.writeHead(429, { 'retry-after': '0' });
        return res.end(JSON.stringify({ error: 'rate_limited' }));
      }
      const batch = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { events: Stored[] };
      for (const e of batch.events) stored.set(e.id, e);
      return res.end(JSON.stringify({ accepted: batch.events.length, rejected: [] }));
    }
    res.writeHead(404).end('{}');
  });
});
let endpoint = '';
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

it('counts each shopper and purchase once when batches are retried after a 429, and targets the ports it is given', async () => {
  const { stdout } = await promisify(execFile)(
    'pnpm',
    [
      '-s',
      'exec',
      'tsx',
      'demo/src/traffic.ts',
      '--endpoint',
      endpoint,
      '--shop',
      'http://127.0.0.1:5302',
      '--shoppers',
      '40',
      '--seconds',
      '30',
    ],
    { timeout: 60_000 },
  );
  const events = [...stored.values()];
  const visitors = new Set(events.map((e) => e.anonymousId));
  const purchases = events.filter((e) => e.name === 'purchase');
  expect(posts).toBeGreaterThanOrEqual(80);
  expect(visitors.size).toBe(40);
  expect(stdout).toContain(
    `simulated 40 shoppers (${events.length} events, ${purchases.length} purchases) against ${endpoint}`,
  );
  // per experiment, the variants' rows add up to the shoppers and purchases stored
  const rows = [...stdout.matchAll(/^ {2}(\S+)=(\S+)\s+(\d+) shoppers\s+(\d+) purchases/gm)];
  for (const key of ['buy-bar-color', 'coupon-threshold']) {
    const mine = rows.filter((r) => r[1] === key);
    expect(
      mine.reduce((n, r) => n + Number(r[3]), 0),
      key,
    ).toBe(40);
    expect(
      mine.reduce((n, r) => n + Number(r[4]), 0),
      key,
    ).toBe(purchases.length);
    for (const r of mine)
      expect(Number(r[3]), `${key}=${r[2]}`).toBe(
        new Set(events.filter((e) => e.context.experiments[key] === r[2]).map((e) => e.anonymousId)).size,
      );
  }
  expect(events.every((e) => e.page.url.startsWith('http://127.0.0.1:5302/'))).toBe(true);
}, 60_000);

it('lists its flags with --help', async () => {
  const { stdout } = await promisify(execFile)('pnpm', ['-s', 'exec', 'tsx', 'demo/src/traffic.ts', '--help'], {
    timeout: 30_000,
  });
  for (const flag of ['--endpoint', '--shop', '--site', '--shoppers', '--seconds', '--seed'])
    expect(stdout).toContain(flag);
});
