// @custom-elements-manifest/analyzer config: custom-elements.json is generated from the classes' JSDoc
// (`pnpm --filter @nudge/widgets manifest`); a test fails when the committed file is out of date.
/** The base class's methods the lazily loaded views call through their host: public in TypeScript, not API. */
const BASE_PLUMBING = new Set(['adoptViewStyles', 'emit', 'track', 'report', 'markShown']);

export default {
  globs: [
    'src/index.ts',
    'src/internal/nudge-element.ts',
    'src/*/*.component.ts',
    'src/{coupon-popup,stock-banner,referral-card,buy-bar}/{coupon-popup,stock-banner,referral-card,buy-bar}.ts',
  ],
  exclude: ['src/**/*.test.ts', 'src/**/*.test-helper.ts', 'src/internal/testing.ts'],
  outdir: '.',
  // package.json's `customElements` is written by hand: the staleness test analyzes into a cache folder and must
  // not point package.json there (it once did, and that got committed).
  packagejson: false,
  litelement: true,
  plugins: [
    {
      // Members tagged @internal (lazy-view plumbing) and private/protected ones are not part of the contract.
      name: 'nudge-hide-internal',
      packageLinkPhase({ customElementsManifest }) {
        // Paths name the JavaScript a user's import runs (dist/, the published exports), not the TypeScript sources;
        // the analyzer writes `src/x.ts` for a module and `/src/x.js` where a declaration points at one.
        const toDist = (p) => p.replace(/^\/?src\//, 'dist/').replace(/\.ts$/, '.js');
        const retarget = (node) => {
          if (Array.isArray(node)) return node.forEach(retarget);
          if (!node || typeof node !== 'object') return;
          for (const [k, v] of Object.entries(node)) {
            if ((k === 'path' || k === 'module') && typeof v === 'string' && /^\/?src\//.test(v)) node[k] = toDist(v);
            else retarget(v);
          }
        };
        retarget(customElementsManifest.modules);
        // Glob expansion order differs between machines; sort so the same source always gives the same file.
        customElementsManifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
        for (const mod of customElementsManifest.modules) {
          for (const decl of mod.declarations ?? []) {
            if (decl.members)
              decl.members = decl.members.filter(
                (m) =>
                  !m.name.startsWith('_') &&
                  m.privacy !== 'private' &&
                  m.privacy !== 'protected' &&
                  !/@internal/.test(m.description ?? '') &&
                  !BASE_PLUMBING.has(m.name),
              );
            if (decl.attributes) decl.attributes = decl.attributes.filter((a) => !(a.fieldName ?? '').startsWith('_'));
            // emit(name, ...) in the base class is seen as an event called "name"; the real ones are the @event tags.
            if (decl.events) decl.events = decl.events.filter((e) => e.name?.startsWith('nudge-'));
          }
        }
      },
    },
  ],
};
