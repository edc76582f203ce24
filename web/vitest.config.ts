import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  oxc: { jsx: { runtime: 'automatic' } },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    setupFiles: ['test/setup.ts'],
    // Cloudscape ships ES modules that import CSS: let Vite transform them.
    server: { deps: { inline: [/@cloudscape-design/] } },
    css: false,
    testTimeout: 15000,
    // The suites share no module state (sessionStorage is cleared after each test): one environment per worker is faster.
    isolate: false,
  },
});
