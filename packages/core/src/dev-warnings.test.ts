// Dev-only warnings: present when a bundler builds for development, folded away (strings and all) in production.
import { resolve } from 'node:path';
import { build } from 'vite';
import { expect, it } from 'vitest';

async function bundle(env: 'development' | 'production') {
  const out = (await build({
    configFile: false,
    root: resolve(import.meta.dirname, '../../..'),
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': JSON.stringify(env) },
    resolve: { conditions: ['module', 'browser', env] },
    build: {
      write: false,
      minify: true,
      target: 'es2022',
      lib: { entry: resolve(import.meta.dirname, 'index.ts'), formats: ['es'], fileName: 'core' },
      rolldownOptions: { output: { minify: true } },
    },
  })) as { output: { type: string; code?: string }[] } | { output: { type: string; code?: string }[] }[];
  return (Array.isArray(out) ? out[0]! : out).output.map((c) => c.code ?? '').join('\n');
}

it('createTracker and createNudge warn in development builds only; production has no warning text or process', async () => {
  const [dev, prod] = await Promise.all([bundle('development'), bundle('production')]);
  for (const text of ['collector refused', 'rejected: ']) {
    expect(dev).toContain(text);
    expect(prod).not.toContain(text);
  }
  // '[nudge]' opens every dev warning; production keeps exactly one line, the config client's report of an origin
  // the site does not allow (the server's words), which the merchant must see on a live shop.
  expect(dev.match(/\[nudge\]/g)!.length).toBeGreaterThan(1);
  expect(prod.match(/\[nudge\]/g)).toEqual(['[nudge]']);
  expect(prod).toMatch(/console\.warn\(`\[nudge\]`,\(await \w+\.json\(\)\)\.message\)/);
  // No runtime look at `process` either way: a browser has none, so a flag reading it would never warn there.
  expect(dev).not.toMatch(/\bprocess\b/);
  expect(prod).not.toMatch(/\bprocess\b/);
}, 30_000);
