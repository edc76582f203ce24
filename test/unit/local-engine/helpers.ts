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
/** Synthesizes the fixture app once per test file. */
export function fixtureTemplates() {
  templates ??= buildFixtureTemplates();
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
