// `pnpm bench:page:profile`: where Nudge's added main-thread time goes on the page-cost product page (issue 17). Loads
// the page bare, as a first visit and as a returning visitor in Chromium at 4x CPU, with a trace, and prints per
// variant the main thread's thread time by trace event (script evaluation, compile, module instantiation, request starts,
// microtasks, style and layout, ...) minus the bare page's, then Nudge's hottest functions from the V8 CPU profile.
// Prints figures; asserts nothing.
//   NUDGE_BENCH_LOADS=6    loads per variant (default 4)
//   NUDGE_BENCH_DIST=dir   profile this built embed dist/ instead of building the working tree's (which is built with
//                          source maps: with `.map` files, buildEmbed({ sourcemap: true }), time is also summed per module)
//   NUDGE_BENCH_RATE=4     CPU throttling rate (default 4)
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright';
import { startServer } from '@nudge/server';
import { buildEmbed } from '@nudge/embed/build';
import { launchChromium } from '../support/chromium.js';
import { startShop, startVendorEndpoint } from './servers.js';
import { sourceLookup } from './source-map.js';

const LOADS = Math.max(1, Math.min(30, Number(process.env.NUDGE_BENCH_LOADS) || 4));
const RATE = Math.max(1, Math.min(8, Number(process.env.NUDGE_BENCH_RATE) || 4));
const WINDOW_MS = 3500;

interface TraceEvent {
  ph: string;
  name: string;
  cat?: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { url?: string; cpuProfile?: CpuProfile; timeDeltas?: number[] } };
}
interface CpuNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  parent?: number;
}
interface CpuProfile {
  nodes?: CpuNode[];
  samples?: number[];
}

type Variant = 'bare' | 'first' | 'returning';
interface Sample {
  /** Self thread time (ms) per trace event name on the renderer main thread. */
  byEvent: Map<string, number>;
  /** Self sampled time (ms) per "function file:line" in Nudge's files. */
  byFunction: Map<string, number>;
  /** Self sampled time (ms) per source module of Nudge's files (with the dist's source maps). */
  bySource: Map<string, number>;
}

/** Source lookups per built file name, set once the dist is known. */
let lookups = new Map<string, ReturnType<typeof sourceLookup>>();

const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);

/** Self time per event name: an event's duration minus its children's, on the busiest renderer main thread. */
function analyse(events: TraceEvent[]): Sample {
  const key = (e: TraceEvent) => `${e.pid}:${e.tid}`;
  const mains = new Set(
    events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map(key),
  );
  const perThread = new Map<string, TraceEvent[]>();
  for (const e of events)
    if (e.ph === 'X' && mains.has(key(e)) && e.dur !== undefined) {
      if (!perThread.has(key(e))) perThread.set(key(e), []);
      perThread.get(key(e))!.push(e);
    }
  const main = [...perThread.values()].sort(
    (a, b) => b.reduce((s, e) => s + (e.dur ?? 0), 0) - a.reduce((s, e) => s + (e.dur ?? 0), 0),
  )[0];
  const byEvent = new Map<string, number>();
  if (main) {
    main.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    const stack: { e: TraceEvent; child: number }[] = [];
    const close = (until: number) => {
      while (stack.length && stack.at(-1)!.e.ts + stack.at(-1)!.e.dur! <= until) {
        // Thread time where the trace has it: other processes on a busy machine barely move it.
        const { e, child } = stack.pop()!;
        const own = e.tdur ?? e.dur!;
        add(byEvent, e.name, Math.max(0, (own - child) / 1000));
        if (stack.length) stack.at(-1)!.child += own;
      }
    };
    for (const e of main) {
      close(e.ts);
      stack.push({ e, child: 0 });
    }
    close(Infinity);
  }
  // The V8 sampling profile arrives as ProfileChunk events: nodes and time deltas, joined here.
  const nodes = new Map<number, CpuNode>();
  const samples: number[] = [];
  const deltas: number[] = [];
  for (const e of events)
    if (e.name === 'ProfileChunk') {
      const d = e.args?.data as { cpuProfile?: CpuProfile; timeDeltas?: number[] } | undefined;
      for (const n of d?.cpuProfile?.nodes ?? []) nodes.set(n.id, n);
      samples.push(...(d?.cpuProfile?.samples ?? []));
      deltas.push(...(d?.timeDeltas ?? []));
    }
  const byFunction = new Map<string, number>();
  const bySource = new Map<string, number>();
  for (let i = 0; i < samples.length - 1; i++) {
    const n = nodes.get(samples[i]!);
    if (!n) continue;
    const f = { ...n.callFrame, url: n.callFrame.url ?? '' };
    const ms = (deltas[i + 1] ?? 0) / 1000;
    // A gap far over the sampling interval is the profiler pausing (idle thread, throttling), not this function.
    if (ms > 5) continue;
    if (f.url.includes('/nudge/')) {
      const file = f.url.split('/nudge/').pop()!;
      // with source maps: the module and line a function starts at (its module alone for the per-module sums)
      const at = lookups.get(file)?.(f.lineNumber, f.columnNumber);
      add(bySource, at?.replace(/:\d+$/, '') ?? file, ms);
      add(
        byFunction,
        `${f.functionName || '(anonymous)'} ${at ?? `${f.url.split('/').pop()}:${f.lineNumber + 1}:${f.columnNumber + 1}`}`,
        ms,
      );
    } else if (!f.url) add(byFunction, `[${f.functionName}]`, ms);
  }
  return { byEvent, byFunction, bySource };
}

async function main() {
  const ownDist = !process.env.NUDGE_BENCH_DIST;
  const dist =
    process.env.NUDGE_BENCH_DIST ??
    (await buildEmbed({
      outDir: mkdtempSync(join(tmpdir(), 'nudge-profile-embed-')),
      logLevel: 'silent',
      sourcemap: true,
    }));
  // A dist built with source maps (as here) has its time summed per source module too.
  lookups = new Map(
    readdirSync(dist, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.js'))
      .map((f) => [f, sourceLookup(join(dist, f))]),
  );
  const nudge = await startServer({
    port: 0,
    host: '127.0.0.1',
    data: ':memory:',
    seedDemo: true,
    adminToken: 'p-token',
    log: () => {},
  });
  const vendors = await startVendorEndpoint();
  const shop = await startShop({ dist, nudgeEndpoint: nudge.url, apiEndpoint: vendors.url });
  const headers = { authorization: 'Bearer p-token', 'x-nudge-actor': 'bench', 'content-type': 'application/json' };
  const site = (await (await fetch(`${nudge.url}/v1/admin/sites/demo`, { headers })).json()) as {
    site: { allowedOrigins: string[] };
  };
  await fetch(`${nudge.url}/v1/admin/sites/demo`, {
    method: 'PATCH',
    headers,
    body: JSON.stringify({ allowedOrigins: [...site.site.allowedOrigins, shop.url] }),
  });
  const browser: Browser = await launchChromium();
  const results: Record<Variant, Sample[]> = { bare: [], first: [], returning: [] };
  const categories = [
    'toplevel',
    'devtools.timeline',
    'v8',
    'v8.execute',
    'disabled-by-default-v8.cpu_profiler',
    'loading',
    'blink',
  ];
  const one = async (ctx: import('playwright').BrowserContext, url: string) => {
    const page = await ctx.newPage();
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: RATE });
    await browser.startTracing(page, { categories });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForTimeout(WINDOW_MS);
    const trace = await browser.stopTracing();
    await page.close();
    const json = JSON.parse(trace.toString()) as { traceEvents?: TraceEvent[] } | TraceEvent[];
    return analyse(Array.isArray(json) ? json : (json.traceEvents ?? []));
  };
  try {
    for (let round = 0; round < LOADS; round++) {
      for (const tool of ['bare', 'nudge'] as const) {
        const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const warm = await ctx.newPage();
        await warm.goto(`${shop.url}/img/warm-up.svg`);
        await warm.close();
        const url = `${shop.url}/p/tieguanyin?tool=${tool}`;
        if (tool === 'bare') results.bare.push(await one(ctx, url));
        else {
          results.first.push(await one(ctx, url));
          results.returning.push(await one(ctx, url));
        }
        await ctx.close();
      }
      process.stdout.write(`  round ${round + 1}/${LOADS}\n`);
    }
  } finally {
    await browser.close();
    await shop.close();
    await vendors.close();
    await nudge.close();
    if (ownDist) rmSync(dist, { recursive: true, force: true });
  }
  const mean = (xs: Sample[], pick: (s: Sample) => Map<string, number>) => {
    const m = new Map<string, number>();
    for (const s of xs) for (const [k, v] of pick(s)) add(m, k, v / xs.length);
    return m;
  };
  const bare = mean(results.bare, (s) => s.byEvent);
  for (const v of ['first', 'returning'] as const) {
    const ev = mean(results[v], (s) => s.byEvent);
    const rows = [...new Set([...ev.keys(), ...bare.keys()])]
      .map((k) => [k, (ev.get(k) ?? 0) - (bare.get(k) ?? 0)] as const)
      .sort((a, b) => b[1] - a[1]);
    const total = rows.reduce((s, r) => s + r[1], 0);
    console.log(
      `\n== nudge ${v} at ${RATE}x (${LOADS} loads, mean): main-thread self time by trace event, minus bare: ${total.toFixed(0)} ms ==`,
    );
    for (const [k, ms] of rows.filter((r) => Math.abs(r[1]) >= 2))
      console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${k}`);
    const fn = [...mean(results[v], (s) => s.byFunction)].sort((a, b) => b[1] - a[1]);
    const ours = fn.filter(([k]) => !k.startsWith('['));
    console.log(
      `  -- Nudge's JavaScript (sampled self time): ${ours.reduce((s, r) => s + r[1], 0).toFixed(0)} ms; hottest:`,
    );
    for (const [k, ms] of ours.slice(0, 25)) console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${k}`);
    const sources = [...mean(results[v], (s) => s.bySource)].sort((a, b) => b[1] - a[1]);
    if (sources.length && [...lookups.values()].some(Boolean)) {
      console.log('  -- the same by source module (source maps):');
      for (const [k, ms] of sources.slice(0, 25)) console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${k}`);
    }
    const base = mean(results.bare, (s) => s.byFunction);
    console.log('  -- V8 outside any script (minus bare):');
    for (const [k, ms] of fn.filter(([k]) => k.startsWith('[')))
      if (Math.abs(ms - (base.get(k) ?? 0)) >= 2)
        console.log(`  ${(ms - (base.get(k) ?? 0)).toFixed(1).padStart(7)} ms  ${k}`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
