// Builds the growth console (src/console) into dist/console, which the server serves at /console/.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('./src/console'),
  base: '/console/',
  resolve: {
    alias: { 'nudge-console:widgets': here('../widgets/src/index.ts') },
  },
  build: {
    outDir: here('./dist/console'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
});
