import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createVirtualClock } from '../../../local/clock';
import { createLocalEngine, type LocalEngine } from '../../../local/sfn';
import { buildFixtureTemplates } from '../../fixtures/engine/app';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');
export const ACCOUNT = '111111111111';
export const REGION = 'us-east-1';
export const MAIN_ARN = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:FixtureMain`;
export const CHILD_ARN = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:FixtureChild`;

let templates: ReturnType<typeof buildFixtureTemplates> | undefined;
/**
 * Synthesizes the fixture app at most once per test file, and reuses the
 * templates across files and runs while the sources that shape them are
 * unchanged (synth costs seconds on a busy machine).
 */
export function fixtureTemplates() {
  if (templates) return templates;
  const inputs = ['test/fixtures/engine/app.ts', 'infra/constructs/task-function.ts', 'node_modules/aws-cdk-lib/package.json'];
  const hash = createHash('sha256');
  for (const f of inputs) hash.update(fs.readFileSync(path.join(PROJECT_ROOT, f)));
  const cache = path.join(os.tmpdir(), `drs-engine-fixture-${hash.digest('hex').slice(0, 16)}.json`);
  try {
    templates = JSON.parse(fs.readFileSync(cache, 'utf8')) as ReturnType<typeof buildFixtureTemplates>;
  } catch {
    templates = buildFixtureTemplates();
    fs.writeFileSync(`${cache}.${process.pid}`, JSON.stringify(templates));
    fs.renameSync(`${cache}.${process.pid}`, cache);
  }
  return templates;
}

/** The fixture engine on a clock 1000× faster than real time. */
export function fixtureEngine(options: { speed?: number; dynamodbEndpoint?: string } = {}): LocalEngine {
  return createLocalEngine({
    templates: fixtureTemplates(),
    clock: createVirtualClock({ speed: options.speed ?? 1000 }),
    projectRoot: PROJECT_ROOT,
    dynamodbEndpoint: options.dynamodbEndpoint,
    region: REGION,
    accountId: ACCOUNT,
  });
}

/** Polls until `check` returns a value (real time). */
export async function eventually<T>(check: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
