// custom-elements.json is generated from the widgets' JSDoc; this fails when the committed file is out of date
// (fix: `pnpm --filter @nudge/widgets manifest`) and checks the contract it documents.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const widgets = resolve(import.meta.dirname, '../../packages/widgets');
const out = 'node_modules/.cache/cem-check';

interface Decl {
  kind: string;
  name: string;
  tagName?: string;
  attributes?: { name: string }[];
  members?: { name: string; description?: string; kind: string; static?: boolean }[];
  events?: { name: string; description?: string; type?: { text: string } }[];
  cssParts?: { name: string }[];
  cssProperties?: { name: string }[];
  summary?: string;
}

describe('custom-elements.json', () => {
  const committed = readFileSync(join(widgets, 'custom-elements.json'), 'utf8');

  it('matches what the analyzer generates from the current source', () => {
    const cem = join(
      dirname(createRequire(join(widgets, 'package.json')).resolve('@custom-elements-manifest/analyzer/package.json')),
      'cem.js',
    );
    rmSync(join(widgets, out), { recursive: true, force: true });
    execFileSync(
      process.execPath,
      [cem, 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--outdir', out],
      { cwd: widgets, stdio: 'pipe' },
    );
    const fresh = readFileSync(join(widgets, out, 'custom-elements.json'), 'utf8');
    // Compared module by module (keyed by path), so only content, never file order, can make it stale.
    const byPath = (json: string) =>
      Object.fromEntries((JSON.parse(json) as { modules: { path: string }[] }).modules.map((m) => [m.path, m]));
    expect(byPath(fresh), 'custom-elements.json is stale: run `pnpm --filter @nudge/widgets manifest`').toEqual(
      byPath(committed),
    );
  }, 60_000);

  it('names the JavaScript modules a user imports (dist/, built from the src/ file of the same name)', () => {
    const json = JSON.parse(committed) as {
      modules: { path: string; exports?: { kind: string; declaration: { module?: string } }[] }[];
    };
    const paths = [
      ...json.modules.map((m) => m.path),
      ...json.modules.flatMap((m) =>
        (m.exports ?? []).filter((e) => e.kind === 'custom-element-definition').map((e) => e.declaration.module!),
      ),
    ];
    expect(paths.filter((p) => !/^dist\/.+\.js$/.test(p))).toEqual([]);
    for (const p of paths)
      expect(existsSync(join(widgets, p.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts'))), p).toBe(true);
  });

  it('documents all four elements with summary, events, parts, custom properties and prose on every public property', () => {
    const decls = (JSON.parse(committed) as { modules: { declarations?: Decl[] }[] }).modules.flatMap(
      (m) => m.declarations ?? [],
    );
    const tags = decls
      .filter((d) => d.tagName)
      .map((d) => d.tagName)
      .sort();
    expect(tags).toEqual(['nudge-buy-bar', 'nudge-coupon-popup', 'nudge-referral-card', 'nudge-stock-banner']);
    for (const d of decls.filter((x) => x.tagName)) {
      expect(d.summary, d.name).toBeTruthy();
      expect(d.events?.length, d.name).toBeGreaterThan(0);
      expect(d.cssParts?.length, d.name).toBeGreaterThan(0);
      expect(
        d.cssProperties?.map((p) => p.name),
        d.name,
      ).toContain('--nudge-accent');
      expect(
        d.attributes?.map((a) => a.name),
        d.name,
      ).toEqual(expect.arrayContaining(['widget-id', 'locale']));
      for (const e of d.events ?? []) expect(e.description, `${d.name} ${e.name}`).toBeTruthy();
      for (const e of d.events ?? [])
        expect(e.type?.text, `${d.name} ${e.name}: its detail type`).toMatch(/^CustomEvent<.+>$/);
      // The base class's plumbing for the lazy views is public in TypeScript only.
      expect(
        (d.members ?? []).map((m) => m.name),
        d.name,
      ).not.toEqual(expect.arrayContaining(['emit']));
      expect(
        (d.members ?? []).filter((m) => ['emit', 'track', 'report', 'markShown', 'adoptViewStyles'].includes(m.name)),
        d.name,
      ).toEqual([]);
      const undocumented = (d.members ?? [])
        .filter((m) => m.kind === 'field' && !m.static && !m.description)
        .map((m) => m.name);
      expect(undocumented, `${d.name}: public properties without prose`).toEqual([]);
    }
  });
});
