/**
 * `npm run bench:engine-clock`: how much real time virtual waits take in the
 * local engine. The figures that used to be real-time thresholds in
 * test/unit/local-engine (a 10-minute Wait "in well under a second" at
 * 6000×); the tests now assert only what the virtual clock says.
 * Prints figures; exits non-zero only on an error (DESIGN rule 12).
 */
import * as path from 'node:path';
import { createVirtualClock } from '../local/clock';
import { createLocalEngine } from '../local/sfn';
import { buildFixtureTemplates } from '../test/fixtures/engine/app';

const MAIN_ARN = 'arn:aws:states:us-east-1:111111111111:stateMachine:FixtureMain';
const RUNS = 5;

async function main(): Promise<number> {
  const templates = buildFixtureTemplates();
  for (const speed of [600, 6000]) {
    const local = createLocalEngine({ templates, clock: createVirtualClock({ speed }), projectRoot: path.resolve(__dirname, '..'), region: 'us-east-1', accountId: '111111111111' });
    try {
      const realMs: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        const { executionArn } = local.engine.startExecution({ stateMachineArn: MAIN_ARN, input: JSON.stringify({ mode: 'wait', waitSeconds: 600 }) });
        const done = await local.engine.waitForExecution(executionArn, { timeoutMs: 120_000 });
        if (done.status !== 'SUCCEEDED') throw new Error(`wait execution ended ${done.status}`);
        realMs.push(performance.now() - started);
      }
      realMs.sort((a, b) => a - b);
      const median = realMs[Math.floor(RUNS / 2)]!;
      const ideal = 600_000 / speed;
      console.log(`10-minute Wait at ${speed}×: median ${median.toFixed(0)} ms real (ideal ${ideal.toFixed(0)} ms, ×${(median / ideal).toFixed(2)} of ideal) over ${RUNS} runs`);
    } finally {
      await local.close();
    }
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
