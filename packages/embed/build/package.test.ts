// The build tooling is a workspace export for demo/ and test/, never part of what npm users install.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const pkgDir = resolve(import.meta.dirname, '..');
const manifest = JSON.parse(readFileSync(resolve(pkgDir, 'package.json'), 'utf8')) as {
  exports: Record<string, { types: string; default: string } | string>;
  publishConfig: { exports: Record<string, unknown> };
};

it('@nudge/embed/build resolves to the build script and its types inside the workspace', () => {
  const entry = manifest.exports['./build'];
  expect(entry).toEqual({ types: './build/build.d.mts', default: './build/build.mjs' });
  if (typeof entry === 'object')
    for (const f of Object.values(entry)) expect(existsSync(resolve(pkgDir, f))).toBe(true);
});

it('the packed package holds no build tooling and does not export it', async () => {
  const { stdout } = await promisify(execFile)('pnpm', ['pack', '--dry-run', '--json'], {
    cwd: pkgDir,
    timeout: 60_000,
  });
  const files = (JSON.parse(stdout) as { files: { path: string }[] }).files.map((f) => f.path);
  expect(files).toContain('src/index.ts');
  expect(files.filter((f) => f.startsWith('build/') || f.endsWith('.mjs') || f.endsWith('.d.mts'))).toEqual([]);
  // pnpm publishes publishConfig.exports in place of exports.
  expect(Object.keys(manifest.publishConfig.exports)).toEqual(
    Object.keys(manifest.exports).filter((k) => k !== './build'),
  );
});
