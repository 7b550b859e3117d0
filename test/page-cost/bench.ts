// `pnpm bench:page`: what Nudge, GrowthBook's auto script and PostHog's array.js each add to a realistic product page's
// main thread, loaded round-robin in Chromium at 1x and 4x CPU. Prints figures; asserts nothing (see the README).
// Added main thread is printed twice: as CPU (the thread time of the page's main-thread tasks, from a trace), which
// other processes on a busy machine barely move, and as wall time (Performance.getMetrics TaskDuration), which they do.
// After each Nudge load's window it opens the coupon popup (show(), what its trigger calls) and prints that opening's
// longest frame and longest Nudge script.
//   NUDGE_BENCH_LOADS=12   loads per variant and CPU rate (default 4, ~2.5 minutes on a 2-core machine)
//   NUDGE_BENCH_DIST=dir   measure this built embed dist/ instead of building the working tree's
//   NUDGE_BENCH_BASE=dir   also measure this built dist/ (say, main's) in the same interleaved run, as "base ..." rows:
//                          on a busy machine only figures from one run compare
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright';
import { startServer } from '@nudge/server';
import { buildEmbed } from '@nudge/embed/build';
import { launchChromium } from '../support/chromium.js';
import type { RenderedWidgets, Tool } from './page.js';
import { startShop, startVendorEndpoint } from './servers.js';
import { goals, MIN_LOADS_FOR_VERDICT } from './goals.js';
import { median, quantile } from './stats.js';

const LOADS = Math.max(1, Math.min(50, Number(process.env.NUDGE_BENCH_LOADS) || 4));
const RATES = [1, 4] as const;
/** Every load is measured over the same window (from navigation start), longer only if its tool is ready late. */
const WINDOW_MS = 3500;
const READY_TIMEOUT_MS = 10_000;

type Variant =
  | 'bare'
  | 'static widgets'
  | 'nudge first visit'
  | 'nudge returning'
  | 'base first visit'
  | 'base returning'
  | 'growthbook'
  | 'posthog';
const BASE = process.env.NUDGE_BENCH_BASE;
const VARIANTS: Variant[] = [
  'bare',
  // The four widgets as Nudge renders them, served as markup with no script: what showing them costs the browser.
  'static widgets',
  'nudge first visit',
  'nudge returning',
  ...(BASE ? (['base first visit', 'base returning'] as const) : []),
  'growthbook',
  'posthog',
];
const toolOf = (v: Variant): Tool =>
  /^(nudge|base) /.test(v) ? 'nudge' : v === 'static widgets' ? 'static' : (v as Tool);
/** Variants with no tool to wait for. */
const scriptless = (v: Variant) => v === 'bare' || v === 'static widgets';

interface Resource {
  name: string;
  startTime: number;
  responseEnd: number;
  transferSize: number;
  encodedBodySize: number;
}

interface Load {
  /** The page's main-thread CPU time (thread time of its top-level tasks, from a trace): robust on a busy machine. */
  cpuMs: number;
  taskMs: number;
  scriptMs: number;
  cls: number;
  /** Each layout shift: when, its score and the nodes that moved. */
  shifted: string[];
  lcp: number;
  ready: number;
  /**
   * Frames over 50 ms in which the tool's scripts ran: [frame ms, the tool's longest script ms, its file, what started
   * it (the script's invoker type and invoker: a module's evaluation, a promise's resolution, an observer callback)].
   */
  frames: [number, number, string, string][];
  resources: Resource[];
  /**
   * Nudge only, after the measured window: the coupon popup opened with show() (what its trigger calls), as [the
   * longest frame in which Nudge's scripts ran, the longest such script] in ms over the next 1.5 s.
   */
  opening?: [number, number];
}

/** Runs in the page before anything else: layout shift, LCP, long frames naming the tool's scripts, time to ready. */
const observer = (tool: Tool, scripts: string[]) => `(() => {
  const b = (window.__bench = { cls: 0, lcp: 0, frames: [], all: [], ready: 0, done() { if (!b.ready) b.ready = performance.now(); } });
  const ours = ${JSON.stringify(scripts)};
  b.shifted = [];
  const name = (n) => n ? (n.localName || '#text') + (n.id ? '#' + n.id : '') + (n.className && typeof n.className == 'string' ? '.' + n.className.split(' ')[0] : '') : '?';
  new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) { b.cls += e.value; b.shifted.push(Math.round(e.startTime) + 'ms ' + e.value.toFixed(4) + ' ' + e.sources.map((x) => name(x.node)).join(',')); } }).observe({ type: 'layout-shift', buffered: true });
  new PerformanceObserver((l) => { for (const e of l.getEntries()) b.lcp = e.startTime; }).observe({ type: 'largest-contentful-paint', buffered: true });
  new PerformanceObserver((l) => { for (const e of l.getEntries()) { const m = e.scripts.filter((x) => ours.some((p) => x.sourceURL.includes(p))).reduce((a, x) => Math.max(a, x.duration), 0); if (m) b.all.push([e.startTime, e.duration, m]); } }).observe({ type: 'long-animation-frame', buffered: true });
  new PerformanceObserver((l) => { for (const e of l.getEntries()) { if (e.duration <= 50) continue; const s = e.scripts.filter((x) => ours.some((p) => x.sourceURL.includes(p))).sort((x, y) => y.duration - x.duration)[0]; if (s) b.frames.push([Math.round(e.duration), Math.round(s.duration), s.sourceURL.split('/').pop().replace(/-[\\w-]{8}\\.js$/, ''), s.invokerType + ' ' + s.invoker]); } }).observe({ type: 'long-animation-frame', buffered: true });
  if (${JSON.stringify(tool)} === 'growthbook') document.addEventListener('growthbookdata', () => b.done(), { once: true });
  if (${JSON.stringify(tool)} === 'nudge') {
    // Ready: all four widgets defined and rendered once (Lit's first update done).
    const seen = new Set();
    const mo = new MutationObserver((records) => { for (const r of records) for (const n of r.addedNodes) { const tag = n.localName; if (!tag || !tag.startsWith('nudge-') || seen.has(tag)) continue; seen.add(tag); customElements.whenDefined(tag).then(() => n.updateComplete).then(() => { seen.add(tag + ':done'); if ([...seen].filter((x) => x.endsWith(':done')).length === 4) { b.done(); mo.disconnect(); } }); } });
    mo.observe(document, { childList: true, subtree: true });
  }
})();`;

/** Thread time of the busiest renderer main thread's top-level tasks in a Chromium trace (the measured page's). */
function mainThreadCpu(trace: Buffer): number {
  const json = JSON.parse(trace.toString()) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(json) ? json : (json.traceEvents ?? []);
  const key = (e: TraceEvent) => `${e.pid}:${e.tid}`;
  const main = new Set(
    events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map(key),
  );
  const sums = new Map<string, number>();
  for (const e of events)
    if (e.ph === 'X' && e.cat === 'toplevel' && main.has(key(e)))
      sums.set(key(e), (sums.get(key(e)) ?? 0) + (e.tdur ?? 0));
  return Math.max(0, ...sums.values()) / 1000;
}
interface TraceEvent {
  ph: string;
  name: string;
  cat?: string;
  pid: number;
  tid: number;
  tdur?: number;
  args?: { name?: string };
}

async function load(
  browser: Browser,
  ctx: BrowserContext,
  url: string,
  tool: Tool,
  scripts: string[],
  rate: number,
): Promise<Load> {
  const page = await ctx.newPage();
  await page.addInitScript(observer(tool, scripts));
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  await browser.startTracing(page, { categories: ['toplevel'] });
  await page.goto(url, { waitUntil: 'load' });
  if (tool !== 'bare' && tool !== 'static')
    await page
      .waitForFunction(() => (window as any).__bench.ready > 0, null, { timeout: READY_TIMEOUT_MS, polling: 100 })
      .catch(() => console.warn(`  (${tool} not ready within ${READY_TIMEOUT_MS} ms)`));
  const { now, ready } = await page.evaluate(() => ({ now: performance.now(), ready: (window as any).__bench.ready }));
  await page.waitForTimeout(Math.max(0, Math.max(WINDOW_MS, ready + 500) - now));
  const metrics = Object.fromEntries(
    ((await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }).metrics.map((m) => [
      m.name,
      m.value,
    ]),
  );
  const b = await page.evaluate(() => {
    const w = (window as any).__bench;
    const resources = performance.getEntriesByType('resource').map((e) => {
      const r = e as PerformanceResourceTiming;
      return {
        name: r.name,
        startTime: r.startTime,
        responseEnd: r.responseEnd,
        transferSize: r.transferSize,
        encodedBodySize: r.encodedBodySize,
      };
    });
    return { cls: w.cls, shifted: w.shifted as string[], lcp: w.lcp, frames: w.frames, ready: w.ready, resources };
  });
  const cpuMs = mainThreadCpu(await browser.stopTracing());
  let opening: [number, number] | undefined;
  if (tool === 'nudge') {
    const from = await page.evaluate(() => {
      (document.querySelector('nudge-coupon-popup') as (HTMLElement & { show(): void }) | null)?.show();
      return performance.now();
    });
    await page.waitForTimeout(1500);
    const frames = (await page.evaluate(() => (window as any).__bench.all)) as [number, number, number][];
    const after = frames.filter((f) => f[0] + f[1] >= from);
    opening = [Math.max(0, ...after.map((f) => f[1])), Math.max(0, ...after.map((f) => f[2]))];
  }
  await page.close();
  return {
    cpuMs,
    taskMs: (metrics.TaskDuration ?? 0) * 1000,
    scriptMs: (metrics.ScriptDuration ?? 0) * 1000,
    ...b,
    ...(opening ? { opening } : {}),
  };
}

/**
 * Loads the page with Nudge once (1x CPU) and returns its four widgets as rendered: each host with its attributes, its
 * shadow root as a declarative template with the adopted style sheets' rules, in the slot or before the footer.
 */
async function captureWidgets(browser: Browser, url: string): Promise<RenderedWidgets> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  await page.addInitScript(observer('nudge', []));
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => (window as any).__bench.ready > 0, null, { timeout: READY_TIMEOUT_MS });
  await page.waitForTimeout(500);
  // A string, not a function: tsx would wrap the inner functions in a helper the page does not have.
  const rendered = (await page.evaluate(`(() => {
    const esc = (v) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
    const css = (root) => root.adoptedStyleSheets.map((s) => Array.from(s.cssRules, (r) => r.cssText).join('\\n')).join('\\n');
    const markup = (el) => {
      const attrs = Array.from(el.attributes, (a) => ' ' + a.name + '="' + esc(a.value) + '"').join('');
      const root = el.shadowRoot;
      const shadow = root ? '<template shadowrootmode="open"><style>' + css(root) + '</style>' + root.innerHTML + '</template>' : '';
      return '<' + el.localName + attrs + '>' + shadow + el.innerHTML + '</' + el.localName + '>';
    };
    const out = { slots: {}, body: '' };
    for (const el of document.querySelectorAll('[data-nudge-mounted]')) {
      const slot = el.parentElement && el.parentElement.getAttribute('data-nudge-slot');
      if (slot) out.slots[slot] = markup(el);
      else out.body += markup(el);
    }
    return out;
  })()`)) as RenderedWidgets;
  await ctx.close();
  if (Object.keys(rendered.slots).length !== 2 || !rendered.body)
    throw new Error(`the Nudge page rendered ${JSON.stringify(Object.keys(rendered.slots))} and no overlays`);
  return rendered;
}

const iqr = (xs: number[]) => quantile(xs, 0.75) - quantile(xs, 0.25);

async function main() {
  const started = Date.now();
  const ownDist = !process.env.NUDGE_BENCH_DIST;
  const dist =
    process.env.NUDGE_BENCH_DIST ??
    (await buildEmbed({ outDir: mkdtempSync(join(tmpdir(), 'nudge-bench-embed-')), logLevel: 'silent' }));
  const nudge = await startServer({
    port: 0,
    host: '127.0.0.1',
    data: ':memory:',
    seedDemo: true,
    adminToken: 'bench-admin-token',
    log: () => {},
  });
  const vendors = await startVendorEndpoint();
  const shop = await startShop({ dist, nudgeEndpoint: nudge.url, apiEndpoint: vendors.url });
  // The base build on a shop of its own (another origin, so it shares no cache with the measured build).
  const baseShop = BASE
    ? await startShop({ dist: BASE, nudgeEndpoint: nudge.url, apiEndpoint: vendors.url })
    : undefined;
  const adminHeaders = {
    authorization: 'Bearer bench-admin-token',
    'x-nudge-actor': 'bench',
    'content-type': 'application/json',
  };
  const site = (await (await fetch(`${nudge.url}/v1/admin/sites/demo`, { headers: adminHeaders })).json()) as {
    site: { allowedOrigins: string[] };
  };
  const allowed = await fetch(`${nudge.url}/v1/admin/sites/demo`, {
    method: 'PATCH',
    headers: adminHeaders,
    body: JSON.stringify({
      allowedOrigins: [...site.site.allowedOrigins, shop.url, ...(baseShop ? [baseShop.url] : [])],
    }),
  });
  if (!allowed.ok) throw new Error(`could not allow ${shop.url} on the demo site: ${allowed.status}`);

  const scriptsOf: Record<Tool, string[]> = {
    bare: [],
    static: [],
    nudge: ['/nudge/'],
    growthbook: ['/vendor/gb/'],
    posthog: ['/vendor/ph/', `${vendors.url}/static/`],
  };
  const browser: Browser = await launchChromium();
  shop.setRendered(await captureWidgets(browser, `${shop.url}/p/tieguanyin?tool=nudge`));
  const results: Record<number, Record<Variant, Load[]>> = {};
  for (const rate of RATES) results[rate] = Object.fromEntries(VARIANTS.map((v) => [v, []])) as never;
  console.log(`page cost: ${LOADS} loads per variant at ${RATES.join('x and ')}x CPU, interleaved round-robin`);
  try {
    for (let round = 0; round < LOADS; round++) {
      for (const rate of RATES) {
        // The start rotates each round, so no tool always follows the same neighbour.
        const tools: (Tool | 'base')[] = [
          'bare',
          'static',
          'nudge',
          ...(baseShop ? (['base'] as const) : []),
          'growthbook',
          'posthog',
        ];
        for (let k = 0; k < tools.length; k++) {
          const which = tools[(k + round) % tools.length]!;
          const tool: Tool = which === 'base' ? 'nudge' : which;
          const origin = which === 'base' ? baseShop!.url : shop.url;
          const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
          // Every measured page is a later page of its context, as the returning visit is: the first page of a context
          // also pays for starting its renderer, which would count against the first visit alone.
          const warm = await ctx.newPage();
          await warm.goto(`${origin}/img/warm-up.svg`);
          await warm.close();
          const url = `${origin}/p/tieguanyin?tool=${tool}`;
          if (tool === 'nudge') {
            const name = which === 'base' ? 'base' : 'nudge';
            results[rate]![`${name} first visit`].push(await load(browser, ctx, url, tool, scriptsOf[tool], rate));
            results[rate]![`${name} returning`].push(await load(browser, ctx, url, tool, scriptsOf[tool], rate));
          } else
            results[rate]![tool === 'static' ? 'static widgets' : (tool as Variant)].push(
              await load(browser, ctx, url, tool, scriptsOf[tool], rate),
            );
          await ctx.close();
        }
      }
      process.stdout.write(`  round ${round + 1}/${LOADS} done (${Math.round((Date.now() - started) / 1000)} s)\n`);
    }
  } finally {
    await browser.close();
    await shop.close();
    await baseShop?.close();
    await vendors.close();
    await nudge.close();
    if (ownDist) rmSync(dist, { recursive: true, force: true });
  }
  for (const rate of RATES) report(rate, results[rate]!, scriptsOf);
  console.log(`\n(${Math.round((Date.now() - started) / 1000)} s in all)`);
}

function report(rate: number, r: Record<Variant, Load[]>, scriptsOf: Record<Tool, string[]>) {
  const bareTask = median(r.bare.map((l) => l.taskMs));
  const bareScript = median(r.bare.map((l) => l.scriptMs));
  const added = (v: Variant) => r[v].map((l) => l.taskMs - bareTask);
  const bareCpu = median(r.bare.map((l) => l.cpuMs));
  const addedCpu = (v: Variant) => r[v].map((l) => l.cpuMs - bareCpu);
  const nudgeFirstCpu = median(addedCpu('nudge first visit'));
  const fmt = (n: number, w = 6, d = 0) => n.toFixed(d).padStart(w);
  console.log(
    `\n== ${rate}x CPU (${LOADS} loads each; added CPU = main-thread thread time minus bare's median ${fmt(bareCpu, 0)} ms, added wall = TaskDuration minus bare's ${fmt(bareTask, 0)} ms, which a busy machine inflates) ==`,
  );
  console.log(
    'variant            script KB  files (cached)  added CPU [IQR]     added wall [IQR]  added script  long frames*  CLS     LCP ms  ready ms  Nudge 1st / this (CPU)',
  );
  for (const v of VARIANTS) {
    const ls = r[v];
    const files = ls.map((l) => l.resources.filter((x) => isScript(x, scriptsOf[toolOf(v)])));
    const kb = median(files.map((f) => f.reduce((s, x) => s + x.encodedBodySize, 0))) / 1024;
    const count = median(files.map((f) => f.length));
    const cached = median(files.map((f) => f.filter((x) => x.transferSize === 0).length));
    const frames = ls.flatMap((l) => l.frames);
    const longest = frames.reduce((m, f) => Math.max(m, f[1]), 0);
    const a = added(v);
    const c = addedCpu(v);
    console.log(
      `${v.padEnd(18)} ${fmt(kb, 9, 1)}  ${fmt(count, 5)} (${fmt(cached, 2)})    ${v === 'bare' ? '     -' : fmt(median(c))} ms [${fmt(iqr(v === 'bare' ? ls.map((l) => l.cpuMs) : c), 4)}]  ${v === 'bare' ? '     -' : fmt(median(a))} ms [${fmt(iqr(v === 'bare' ? ls.map((l) => l.taskMs) : a), 4)}]  ${fmt(median(ls.map((l) => l.scriptMs)) - bareScript)} ms   ${scriptless(v) ? '     -     ' : `${String(frames.length).padStart(3)} (${fmt(longest, 3)} ms)`}  ${Math.max(...ls.map((l) => l.cls)).toFixed(4)}  ${fmt(median(ls.map((l) => l.lcp)))}  ${scriptless(v) ? '     -' : fmt(median(ls.map((l) => l.ready)))}   ${scriptless(v) ? '' : (nudgeFirstCpu / median(c)).toFixed(2)}`,
    );
  }
  printGoals(r, fmt);
  // What moved, wherever a load shifted anything (CLS must stay 0).
  for (const v of VARIANTS)
    for (const l of r[v]) if (l.shifted.length) console.log(`  shift in ${v}: ${l.shifted.join(' | ')}`);
  console.log(
    '* frames over 50 ms in which the tool\'s scripts ran, over all loads (the longest such script in brackets); CLS is the worst load; ready: Nudge = all four widgets rendered, GrowthBook = its first "growthbookdata" event, PostHog = its loaded callback',
  );
  // The popup's opening (after the window, so not in the figures above): its longest frame and Nudge script.
  for (const v of VARIANTS.filter((x) => /^(nudge|base) /.test(x))) {
    const o = r[v].flatMap((l) => (l.opening ? [l.opening] : []));
    if (o.length)
      console.log(
        `  ${v}, the popup opening (show()): longest frame ${fmt(median(o.map((x) => x[0])), 0)} ms, longest Nudge script ${fmt(median(o.map((x) => x[1])), 0)} ms (medians of frames over 50 ms, 0 = none; max ${fmt(Math.max(...o.map((x) => x[1])), 0)} ms)`,
      );
  }
  // Which of Nudge's scripts made long frames, and what started them: where a long task is left to split.
  for (const v of VARIANTS.filter((x) => /^nudge /.test(x))) {
    const longest = r[v].flatMap((l) => l.frames).sort((x, y) => y[1] - x[1]);
    if (longest.length)
      console.log(
        `  ${v}, longest Nudge scripts in long frames: ${longest
          .slice(0, 5)
          .map(([, ms, file, by]) => `${ms} ms ${file} (${by.slice(0, 60)})`)
          .join('; ')}`,
      );
  }
  // Nudge's first visit: every request it made and when, so serial waves show (the load nearest the median).
  const first = r['nudge first visit'];
  const pick = [...first].sort((x, y) => x.taskMs - y.taskMs)[Math.floor(first.length / 2)]!;
  const ours = pick.resources.filter((x) => isScript(x, scriptsOf.nudge) || /\/v1\//.test(x.name));
  // A wave: requests started close together (within 20 ms of CPU time of the previous one); a gap means the next
  // request waited for something (a file to arrive and run, the config).
  const wave = new Map<Resource, number>();
  let n = 0;
  ours.forEach((x, i) => wave.set(x, i && x.startTime - ours[i - 1]!.startTime <= 20 * rate ? n : ++n));
  console.log(`Nudge first visit at ${rate}x, one load: ${ours.length} requests`);
  for (const x of ours)
    console.log(
      `  wave ${wave.get(x)}  ${fmt(x.startTime, 5)} -> ${fmt(x.responseEnd, 5)} ms  ${fmt(x.encodedBodySize / 1024, 5, 1)} KB  ${new URL(x.name).pathname}`,
    );
}

/** Prints issue 17's goals (goals.ts) for one CPU rate's loads. */
function printGoals(r: Record<Variant, Load[]>, fmt: (n: number, w?: number, d?: number) => string) {
  console.log('goals (issue 17), median with a 90% bootstrap interval:');
  for (const g of goals(r, READY_TIMEOUT_MS)) {
    const v =
      g.verdict === 'too few loads'
        ? `too few loads to settle it (NUDGE_BENCH_LOADS >= ${MIN_LOADS_FOR_VERDICT})`
        : g.verdict;
    console.log(
      `  ${g.what.padEnd(52)} ${fmt(g.at, 7, g.digits)} [${fmt(g.lo, 0, g.digits)} to ${fmt(g.hi, 0, g.digits)}]  goal <= ${g.limit}: ${v}`,
    );
  }
}

const isScript = (x: Resource, prefixes: string[]) =>
  /\.js(\?|$)/.test(x.name) && prefixes.some((p) => x.name.includes(p));

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
