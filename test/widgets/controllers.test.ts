// The widgets' seam between element and lazy part: each controller declares the host interface it needs (only what
// it uses, never the whole element), never imports its element, and no element exposes `_x` internals; no import
// circles among the widgets' files.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = resolve(import.meta.dirname, '../../packages/widgets/src');
const widgets = ['coupon-popup', 'stock-banner', 'referral-card', 'buy-bar'] as const;
const pascal = (w: string) => w.replace(/(^|-)([a-z])/g, (_, _d: string, c: string) => c.toUpperCase());

/** Every non-test source file under src/, with the files it imports (static, dynamic and type-only). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const dir of readdirSync(src, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const f of readdirSync(join(src, dir.name))) {
      if (!f.endsWith('.ts') || /\.test(-helper)?\.ts$|\.test\.ts$/.test(f) || f === 'testing.ts') continue;
      const file = join(src, dir.name, f);
      const text = readFileSync(file, 'utf8');
      const deps = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) =>
        resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')),
      );
      graph.set(file, deps);
    }
  }
  return graph;
}

/** The first import circle found, as a list of paths relative to src/, or undefined. */
function findCircle(graph: Map<string, string[]>): string[] | undefined {
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (file: string): string[] | undefined => {
    if (stack.includes(file)) return [...stack.slice(stack.indexOf(file)), file];
    if (done.has(file)) return undefined;
    stack.push(file);
    for (const dep of graph.get(file) ?? []) {
      const circle = visit(dep);
      if (circle) return circle;
    }
    stack.pop();
    done.add(file);
    return undefined;
  };
  for (const file of graph.keys()) {
    const circle = visit(file);
    if (circle) return circle.map((f) => f.slice(src.length + 1));
  }
  return undefined;
}

const elementNames = [
  'NudgeElement',
  'LitElement',
  'ReactiveElement',
  'HTMLElement',
  ...widgets.map((w) => `Nudge${pascal(w)}`),
];
const elementClasses = new RegExp(`\\b(?:${elementNames.join('|')})\\b`, 'g');

/** Each `interface XHost` in a file: its name and the types it is built from (its `extends` and member types). */
function hostInterfaces(text: string): { name: string; heritage: string }[] {
  return [...text.matchAll(/^(?:export )?interface (\w*Host)\b([^{]*)\{(\}|[\s\S]*?^\})/gm)].map((m) => ({
    name: m[1]!,
    heritage: `${m[2]!} ${m[3]!}`,
  }));
}

/** The element classes named outside a `Pick<...>`: a host typed as one of them hands its controller everything. */
function wholeElements(heritage: string): string[] {
  const outsidePick = heritage.replace(/\bPick<[^>]*>/g, '');
  return outsidePick.match(elementClasses) ?? [];
}

describe('widget controllers', () => {
  it.each(widgets)('%s: the controller declares its host interface and the element implements it', (w) => {
    const controller = readFileSync(join(src, w, `${w}.controller.ts`), 'utf8');
    const component = readFileSync(join(src, w, `${w}.component.ts`), 'utf8');
    expect(controller).toMatch(new RegExp(`export interface ${pascal(w)}Host\\b`));
    expect(component).toMatch(new RegExp(`extends NudgeElement implements ${pascal(w)}Host\\b`));
    // The element loads its controller lazily (a type-only import besides), so the chunk split stays.
    expect(component).toContain(`import('./${w}.controller.js')`);
    expect(component).not.toMatch(new RegExp(`^import (?!type )[^;]*'\\./${w}\\.controller\\.js'`, 'm'));
  });

  it.each(widgets)('%s: every host interface lists what its lazy part uses, never the whole element', (w) => {
    const files = readdirSync(join(src, w)).filter((f) => f.endsWith('.ts') && !f.includes('.test'));
    const hosts = files.flatMap((f) =>
      hostInterfaces(readFileSync(join(src, w, f), 'utf8')).map((h) => ({ file: f, ...h })),
    );
    expect(hosts.map((h) => h.name)).toContain(`${pascal(w)}Host`);
    for (const h of hosts) expect([h.file, h.name, wholeElements(h.heritage)]).toEqual([h.file, h.name, []]);
  });

  it('the host interface check finds an interface that extends the element (so the test above can fail)', () => {
    const text = `export interface AHost extends NudgeElement {\n  a: string;\n}
interface BHost extends Pick<NudgeElement, 'track' | 'emit'>, LitElement {}
export interface CHost {\n  readonly host: NudgeElement & { readonly url: string };\n}
interface DHost extends Pick<NudgeElement, 'renderRoot'> {\n  readonly host: Pick<HTMLElement, 'focus'>;\n}`;
    expect(hostInterfaces(text).map((h) => [h.name, wholeElements(h.heritage)])).toEqual([
      ['AHost', ['NudgeElement']],
      ['BHost', ['LitElement']],
      ['CHost', ['NudgeElement']],
      ['DHost', []],
    ]);
  });

  it.each(widgets)('%s: no lazy file of the widget imports its element', (w) => {
    for (const f of readdirSync(join(src, w)).filter((f) => f.endsWith('.ts') && !f.includes('.test'))) {
      if (f === `${w}.ts` || f === `${w}.component.ts`) continue;
      expect([f, readFileSync(join(src, w, f), 'utf8')]).not.toEqual([f, expect.stringContaining('.component.js')]);
    }
  });

  it.each(widgets)('%s: the element has no public `_x` members (state is #private or lives in the controller)', (w) => {
    const component = readFileSync(join(src, w, `${w}.component.ts`), 'utf8');
    expect(
      component.match(/^ {2}(?:declare |readonly |get |set )*_[a-zA-Z]\w*\b.*$|\b_[a-z]\w*: \{ state/gm),
    ).toBeNull();
    expect(component.match(/\bthis\._[a-zA-Z]\w*/g)).toBeNull();
  });

  it('no import circles among the widgets’ source files, type-only imports included', () => {
    const graph = importGraph();
    expect(graph.size).toBeGreaterThan(20);
    expect(findCircle(graph)).toBeUndefined();
  });

  it('the circle finder finds a circle (so the test above can fail)', () => {
    const graph = new Map([
      [join(src, 'a.ts'), [join(src, 'b.ts')]],
      [join(src, 'b.ts'), [join(src, 'a.ts')]],
    ]);
    expect(findCircle(graph)).toEqual(['a.ts', 'b.ts', 'a.ts']);
  });
});
