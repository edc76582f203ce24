/**
 * `npm start`: the local platform on one machine, no AWS account needed.
 * Settings come from the environment: PORT, AWS_SIM_PORT, DYNAMODB_PORT,
 * SFN_PORT, CLOCK_SPEED, SCENARIO, SEED, LOG_LEVEL, DRS_ORCH_ADMIN_TOKEN.
 * Data is kept in .local-data/ between starts; `npm start -- --reset`
 * starts fresh.
 */
import './cli-environment';
import './esm-only-packages';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureConsoleBuilt } from './console-build';
import { PROJECT_ROOT, startLocalPlatform } from './platform';

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    console.error(`${name} must be a port number (0-65535), got ${raw}`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== '--reset');
  if (unknown.length > 0) {
    console.error(`Unknown argument ${unknown.join(' ')}. Usage: npm start [-- --reset]`);
    process.exit(2);
  }
  const reset = args.includes('--reset');
  const clockSpeed = Number(process.env.CLOCK_SPEED ?? 30);
  if (!(clockSpeed > 0)) {
    console.error(`CLOCK_SPEED must be a positive number, got ${process.env.CLOCK_SPEED}`);
    process.exit(2);
  }
  const scenario = { name: process.env.SCENARIO || 'demo', seed: intFromEnv('SEED', 1) };
  // The console is served from its build; rebuild it first when its sources changed.
  await ensureConsoleBuilt(PROJECT_ROOT, { log: (line) => console.log(line) });
  const consoleDir = path.join(PROJECT_ROOT, 'web', 'dist');
  const platform = await startLocalPlatform({
    ports: { api: intFromEnv('PORT', 3000), sim: intFromEnv('AWS_SIM_PORT', 4566), dynamodb: intFromEnv('DYNAMODB_PORT', 8000), sfn: intFromEnv('SFN_PORT', 8083) },
    clockSpeed,
    scenario,
    consoleDir: fs.existsSync(path.join(consoleDir, 'index.html')) ? consoleDir : undefined,
    persist: true,
    reset,
    // Started below, once the scenario is seeded, so the first sync finds the accounts.
    scheduler: false,
  });
  // Seed only new data: what was kept from an earlier start (edits, removals) stays as the user left it.
  if (platform.fresh) await platform.seedScenario();
  // The first sync runs at once, so the console is not empty on first sight.
  platform.startScheduler({ fireNow: true });

  const lines = [
    'DRS orchestrator, local platform',
    `  api             ${platform.urls.api}   (health: ${platform.urls.api}/health, OpenAPI: ${platform.urls.api}/openapi.json)`,
    `  console         ${platform.urls.console}`,
    `  aws estate      ${platform.urls.sim}   (scenario ${platform.scenario.name}, seed ${platform.scenario.seed}, clock ${clockSpeed}x; control: ${platform.urls.sim}/_sim/calls)`,
    `  dynamodb        ${platform.urls.dynamodb}   (${platform.fresh ? 'fresh data' : 'data kept from the last start'} in .local-data/; npm start -- --reset starts fresh)`,
    `  step functions  ${platform.urls.sfn}`,
    `  admin token     ${platform.adminToken}`,
    `  other users     ${platform.users.filter((u) => u.role !== 'Admin').map((u) => u.username).join(', ')} (tokens in .local-data/auth/users.json)`,
    '',
    'Try:',
    `  curl -s -X POST -H "Authorization: Bearer $TOKEN" ${platform.urls.api}/drs/recovery-instance-sync`,
    `  AWS_ENDPOINT_URL_SFN=${platform.urls.sfn} aws stepfunctions list-executions --state-machine-arn ${platform.recoveryInstanceSyncArn}`,
  ];
  console.log(lines.join('\n'));
  const health = await fetch(`${platform.urls.api}/health`);
  if (!health.ok) throw new Error(`the API did not answer its health check (${health.status})`);
  console.log('ready');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    await platform.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('The local platform could not start:', error instanceof Error ? error.message : error);
  if (error instanceof Error && (error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error('A port is taken: set PORT, AWS_SIM_PORT, DYNAMODB_PORT or SFN_PORT to free ones.');
  }
  process.exit(1);
});
