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
    // The preview is its own page so a widget's modal or fixed bar stays inside the preview frame.
    rollupOptions: { input: { index: here('./src/console/index.html'), preview: here('./src/console/preview.html') } },
  },
});
