// What npm users install: @nudge/core and @nudge/server packed as pnpm publishes them (publishConfig applied,
// workspace versions resolved), unpacked into a project of their own, and imported by plain Node, no tsx, no bundler.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'nudge-packed-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Builds and packs a workspace package, unpacks it into the project's node_modules, and returns its package.json. */
async function install(dir: string, build: string[]): Promise<Record<string, any>> {
  const cwd = join(root, 'packages', dir);
  if (build.length) await run('pnpm', ['exec', ...build], { cwd, timeout: 120_000 });
  const { stdout } = await run('pnpm', ['pack', '--pack-destination', work], { cwd, timeout: 60_000 });
  const tarball = stdout.trim().split('\n').at(-1)!;
  const manifest = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')) as { name: string };
  const into = join(work, 'node_modules', manifest.name);
  mkdirSync(into, { recursive: true });
  await run('tar', ['-xzf', tarball, '-C', into, '--strip-components=1']);
  // Third-party dependencies: the workspace's installed copies (their own dependencies resolve from there).
  const pkg = JSON.parse(readFileSync(join(into, 'package.json'), 'utf8')) as Record<string, any>;
  for (const dep of Object.keys(pkg.dependencies ?? {})) {
    if (dep.startsWith('@nudge/')) continue;
    const link = join(work, 'node_modules', dep);
    mkdirSync(resolve(link, '..'), { recursive: true });
    try {
      symlinkSync(realpathSync(join(cwd, 'node_modules', dep)), link);
    } catch {
      /* linked for another package */
    }
  }
  return pkg;
}

describe('packed packages', () => {
  it('@nudge/server runs from its tarball in plain Node: the API, its types and the CLI', async () => {
    const core = await install('core', ['tsc', '-p', 'tsconfig.build.json']);
    const server = await install('server', ['tsc', '-p', 'tsconfig.build.json']);
    expect(core.exports['.'].default).toBe('./dist/index.js');
    // TypeScript's legacy `moduleResolution: node` reads types and typesVersions, not exports.
    expect(core).toMatchObject({ types: './dist/index.d.ts', typesVersions: { '*': { spec: ['./dist/spec.d.ts'] } } });
    expect(server.exports['.']).toEqual({ types: './lib/index.d.ts', default: './lib/index.js' });
    // the admin API's type is published; demo seeding is the workspace's only
    expect(server.exports['./api']).toEqual({ types: './lib/api.d.ts', default: './lib/api.js' });
    expect(server.exports['./demo']).toBeUndefined();
    expect(server.dependencies['@nudge/core']).toBe(core.version);
    expect(Object.keys(server.dependencies)).not.toContain('tsx');
    // The documented API, imported by name from a project that has only the tarballs.
    const script = `import { startServer } from '@nudge/server';
const s = await startServer({ port: 0, host: '127.0.0.1', data: ':memory:', adminToken: 'packed-token', log: () => {} });
const r = await fetch(s.url + '/v1/admin/sites', { headers: { authorization: 'Bearer packed-token' } });
console.log(JSON.stringify({ status: r.status }));
await s.close();`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: work,
      timeout: 60_000,
    });
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual({ status: 200 });
    // No TypeScript sources or tests in the tarball; the CLI runs the compiled code.
    const tarball = (await run('ls', [work])).stdout.split('\n').find((f) => f.startsWith('nudge-server'))!;
    const files = (await run('tar', ['-tzf', join(work, tarball)])).stdout.trim().split('\n');
    expect(files.filter((f) => /\.test\.|\/src\/|(?<!\.d)\.ts$/.test(f))).toEqual([]);
    expect(files).toContain('package/lib/index.js');
    const help = await run(
      process.execPath,
      [join(work, 'node_modules/@nudge/server/bin/nudge-server.mjs'), '--help'],
      { cwd: work, timeout: 30_000 },
    );
    expect(help.stdout).toMatch(/nudge-server/);
  });
});
