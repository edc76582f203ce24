#!/usr/bin/env node
/**
 * `npm test`: every suite, one after another, then one closing line
 * `Tests: N passed, N failed` that counts them all.
 *   1. Jest: unit, integration, property, CDK and state-machine tests (jest.config.js)
 *   2. Vitest: the console's component tests (web/vitest.config.ts)
 *   3. Jest: end-to-end tests in Chromium against the local platform (jest.e2e.config.js)
 * Extra arguments go to the first Jest run (e.g. `npm test -- test/machines`),
 * and then only that run happens.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const results = path.join(root, '.test-cache', 'results');
mkdirSync(results, { recursive: true });
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const args = process.argv.slice(2);

const suites = [
  { name: 'jest', command: bin('jest'), args: ['--json', `--outputFile=${path.join(results, 'jest.json')}`, ...args], report: 'jest.json' },
];
if (args.length === 0 && existsSync(path.join(root, 'web', 'vitest.config.ts'))) {
  suites.push({ name: 'vitest', command: bin('vitest'), args: ['run', '--config', 'web/vitest.config.ts', '--reporter=default', '--reporter=json', `--outputFile=${path.join(results, 'vitest.json')}`], report: 'vitest.json' });
}
if (args.length === 0 && existsSync(path.join(root, 'jest.e2e.config.js'))) {
  suites.push({ name: 'e2e', command: bin('jest'), args: ['-c', 'jest.e2e.config.js', '--json', `--outputFile=${path.join(results, 'e2e.json')}`], report: 'e2e.json' });
}

let passed = 0;
let failed = 0;
let skipped = 0;
let exitCode = 0;
for (const suite of suites) {
  console.log(`\n=== ${suite.name} ===`);
  const run = spawnSync(suite.command, suite.args, { cwd: root, stdio: 'inherit', env: process.env });
  const file = path.join(results, suite.report);
  if (existsSync(file)) {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests ?? 0;
    failed += (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  }
  if (run.status !== 0) {
    exitCode = 1;
    if (!existsSync(file)) failed += 1;
  }
}
console.log(`\nTests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(exitCode);
