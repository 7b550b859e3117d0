// Builds the growth console (src/) into the server's dist/console, which the server serves at /console/.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('./src'),
  base: '/console/',
  build: {
    // The server publishes dist/console with its package and serves it (DEFAULT_CONSOLE_DIR in server.ts).
    outDir: here('../server/dist/console'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // The preview is its own page so a widget's modal or fixed bar stays inside the preview frame.
    rollupOptions: { input: { index: here('./src/index.html'), preview: here('./src/preview.html') } },
  },
});
