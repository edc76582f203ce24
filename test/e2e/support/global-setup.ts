import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

/** Where playwright-core finds the browser: Debian's Chromium (`npx playwright install` cannot download here). */
export const CHROMIUM = '/usr/bin/chromium';
const ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * Runs once per e2e run: checks the browser, makes sure web/dist is the
 * console of the current sources, and synthesizes the CDK app once so that
 * every test file's platform skips a synth.
 */
export default async function globalSetup(): Promise<void> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`The end-to-end tests need Chromium at ${CHROMIUM}: install it with apt-get install chromium (as root; .ci/run does it in CI).`);
  }
  await ensureConsole();
  const { synthesizeTemplates } = await import('../../support/synth');
  const { E2E_TEMPLATES_FILE } = await import('./paths');
  fs.mkdirSync(path.dirname(E2E_TEMPLATES_FILE), { recursive: true });
  fs.writeFileSync(E2E_TEMPLATES_FILE, JSON.stringify(synthesizeTemplates()));
}

async function ensureConsole(): Promise<void> {
  // local/console-build.ts rebuilds web/dist when a source is newer; fall back to a plain Vite build when absent.
  const builder = path.join(ROOT, 'local', 'console-build.ts');
  if (fs.existsSync(builder)) {
    const module = (await import(builder)) as { ensureConsoleBuilt?: (projectRoot: string) => unknown };
    if (typeof module.ensureConsoleBuilt === 'function') {
      await module.ensureConsoleBuilt(ROOT);
      return;
    }
  }
  if (fs.existsSync(path.join(ROOT, 'web', 'dist', 'index.html'))) return;
  const vite = path.join(ROOT, 'node_modules', '.bin', 'vite');
  const run = spawnSync(vite, ['build', '--config', 'web/vite.config.ts'], { cwd: ROOT, stdio: 'inherit' });
  if (run.status !== 0 || !fs.existsSync(path.join(ROOT, 'web', 'dist', 'index.html'))) {
    throw new Error('Could not build the console (vite build --config web/vite.config.ts): see the output above.');
  }
}
