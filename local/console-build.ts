/**
 * Keeps the web console's build (web/dist) up to date for `npm start`: builds
 * it with Vite's JS API when web/dist/index.html is missing or older than any
 * source file (web/src, web/index.html, web/vite.config.ts). Tests next to the
 * sources do not count.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const SOURCES = ['web/src', 'web/index.html', 'web/vite.config.ts', 'web/public'];
const IGNORED = /\.test\.[cm]?[jt]sx?$/;

/** The newest modification time (ms) among the console's sources, or 0 when there are none. */
export function newestSourceMtime(projectRoot: string): number {
  let newest = 0;
  const visit = (entry: string) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(entry);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(entry)) visit(path.join(entry, name));
    } else if (!IGNORED.test(entry)) {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const source of SOURCES) visit(path.join(projectRoot, source));
  return newest;
}

/** True when web/dist has no index.html or one older than a source. */
export function consoleBuildIsStale(projectRoot: string): boolean {
  const index = path.join(projectRoot, 'web', 'dist', 'index.html');
  let built: number;
  try {
    built = fs.statSync(index).mtimeMs;
  } catch {
    return true;
  }
  return newestSourceMtime(projectRoot) > built;
}

export interface ConsoleBuildResult {
  /** False when web/dist was already up to date. */
  readonly built: boolean;
  readonly durationMs: number;
  readonly outDir: string;
}

/**
 * Builds the console when stale. Throws when the build fails (the caller
 * decides whether the platform may start without a console).
 */
export async function ensureConsoleBuilt(projectRoot: string, options: { force?: boolean; log?: (line: string) => void } = {}): Promise<ConsoleBuildResult> {
  const outDir = path.join(projectRoot, 'web', 'dist');
  const configFile = path.join(projectRoot, 'web', 'vite.config.ts');
  if (!fs.existsSync(configFile)) throw new Error(`no console to build: ${configFile} is missing`);
  if (!options.force && !consoleBuildIsStale(projectRoot)) return { built: false, durationMs: 0, outDir };
  const started = Date.now();
  options.log?.('building the web console (web/dist)…');
  // Vite is an ES module; a dynamic import loads it from this CommonJS code.
  const { build } = await import('vite');
  await build({ configFile, root: path.join(projectRoot, 'web'), logLevel: 'warn', mode: 'production' });
  const durationMs = Date.now() - started;
  options.log?.(`web console built in ${(durationMs / 1000).toFixed(1)} s`);
  return { built: true, durationMs, outDir };
}
