import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The operator console. Vite 8 compiles JSX itself (oxc), so no React plugin
 * is needed. `npm run build:web` writes web/dist, which the local platform
 * serves at `/` and the console stack uploads to S3.
 */
export default defineConfig({
  root,
  base: '/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 4096,
    reportCompressedSize: false,
    rolldownOptions: {
      onwarn(warning, warn) {
        // Cloudscape marks its modules 'use client'; meaningless in a client-only bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    // `npx vite --config web/vite.config.ts` during development: the API of `npm start`.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
