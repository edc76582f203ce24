/**
 * `npm run bench:staging`: the staging-account sync with the active-region
 * filter against a full scan of every registered region, same run, same
 * estate: the `regions` scenario (target account 222222222222 registered in
 * all 28 DRS regions, DRS initialized in 6, servers in exactly 3; the hub in
 * one) with a staging account trusted by the target holding 10 servers in
 * each of the 3 active regions, none extended yet. Each run starts from the
 * same estate (the scenario is reloaded, same seed), so each extends the same
 * 30 servers; only the regions scanned differ.
 *
 * Figures: DRS/STS calls from the estate's counters (scan calls — the
 * ListStagingAccounts/ListExtensibleSourceServers/DescribeSourceServers reads
 * made per account-region — and all calls, CreateExtendedSourceServer
 * included, which are the same work either way), account-regions scanned and
 * wall time at the estate's default latency. Targets: ≤ 30 s wall for the
 * filtered run; ≥ 89% fewer per-region scans.
 *
 * Exits non-zero only when something errored, never because of a figure.
 */
import '../local/cli-environment';
import '../local/esm-only-packages';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RegionStatusRecord } from '../contracts/records/region-status';
import { invalidateActiveRegions } from '../lib/regions/active-region-filter';
import { RegionStatusRepository } from '../lib/repositories/region-status';
import { LOCAL_REGION, PROJECT_ROOT, startLocalPlatform, type LocalPlatform } from '../local/platform';
import { summarizeCalls, type CallSummary } from './sim-calls';
import { timed } from './stats';
import { fmtCounts, fmtMs, fmtRatio, heading, table } from './table';

const SCENARIO = { name: 'regions', seed: 1, options: { serversPerRegion: 20, stagingServersPerRegion: 10 } } as const;
const TARGETS = { wallSeconds: 30, scansSavedPercent: 89 };
const SCAN_OPERATIONS = new Set(['ListStagingAccounts', 'ListExtensibleSourceServers', 'DescribeSourceServers']);

interface RunFigures {
  readonly label: string;
  readonly status: string;
  readonly output: string;
  readonly wallMs: number;
  readonly accountRegionsScanned: number;
  readonly scanCalls: number;
  readonly allCalls: number;
  readonly extended: number;
  readonly calls: CallSummary;
}

async function runSync(platform: LocalPlatform, machineArn: string, label: string): Promise<RunFigures> {
  // The same estate for every run: nothing extended yet (the client factory's sessions survive the reload).
  platform.sim.loadScenario(SCENARIO.name, SCENARIO.seed, { ...SCENARIO.options });
  platform.sim.resetCalls();
  invalidateActiveRegions();
  const engine = platform.local.engine;
  const { ms, value } = await timed(async () => {
    const { executionArn } = engine.startExecution({ stateMachineArn: machineArn, input: JSON.stringify({ trigger: 'schedule' }) });
    return engine.waitForExecution(executionArn, { timeoutMs: 300_000 });
  });
  const raw = platform.sim.calls();
  const calls = summarizeCalls(raw);
  const scans = raw.filter((c) => c.service === 'drs' && SCAN_OPERATIONS.has(c.operation));
  const scanned = new Set(scans.map((c) => `${c.accountId}/${c.region}`));
  const output = value.output ?? '';
  const extended = (JSON.parse(output || '{}') as { extended?: number }).extended ?? 0;
  return {
    label,
    status: value.status,
    output,
    wallMs: ms,
    accountRegionsScanned: scanned.size,
    scanCalls: scans.reduce((n, c) => n + c.count, 0),
    allCalls: (calls.byService.drs ?? 0) + (calls.byService.sts ?? 0),
    extended,
    calls,
  };
}

async function main(): Promise<number> {
  const startedAt = new Date();
  const errors: string[] = [];
  console.log(`DRS orchestrator staging-account sync benchmark — ${startedAt.toISOString()}`);
  console.log(`node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, scenario ${SCENARIO.name} ${JSON.stringify(SCENARIO.options)}, simulated latency: default`);
  let platform: LocalPlatform | undefined;
  let ddb: DynamoDBClient | undefined;
  const dataDir = path.join(os.tmpdir(), `drs-orch-bench-staging-${process.pid}`);
  try {
    platform = await startLocalPlatform({ ports: { api: 0, sim: 0, dynamodb: 0, sfn: 0 }, latency: 'default', scenario: SCENARIO, scheduler: false, clockSpeed: 1, dataDir });
    await platform.seedScenario();
    platform.local.lambda.applyEnvironment();
    const machineArn = platform.local.assembly.stateMachines.find((m) => m.name === 'staging-account-sync')!.arn;
    const hub = platform.scenario.accounts.find((a) => a.accountId === platform!.scenario.hubAccountId)!;
    ddb = new DynamoDBClient({ endpoint: platform.urls.dynamodb, region: LOCAL_REGION, credentials: { accessKeyId: hub.accessKeyId, secretAccessKey: hub.secretAccessKey } });
    const statuses = new RegionStatusRepository(platform.tables.RegionStatus!, DynamoDBDocumentClient.from(ddb, { marshallOptions: { removeUndefinedValues: true } }));
    const registered = platform.scenario.accounts.reduce((n, a) => n + a.regions.length, 0);
    const stagingServers = platform.scenario.stagingAccounts.reduce((n, s) => n + s.sourceServers.length, 0);
    console.log(`estate: ${registered} registered account-regions, ${stagingServers} staging servers to extend`);

    console.log('staging sync: first run (empty region status table: fallback, learns what it finds)…');
    const fallback = await runSync(platform, machineArn, 'first run: fallback, learns region status');
    const learned: RegionStatusRecord[] = await statuses.listAll();

    const now = new Date().toISOString();
    for (const account of platform.scenario.accounts) {
      for (const region of account.regions) await statuses.put({ accountId: account.accountId, region, serverCount: 1, initialized: true, lastChecked: now, lastError: null });
    }
    console.log('staging sync: full scan of every registered region…');
    const full = await runSync(platform, machineArn, `full scan (${registered} account-regions)`);

    for (const record of learned) await statuses.put(record);
    console.log('staging sync: with the active-region filter…');
    const filtered = await runSync(platform, machineArn, 'active-region filter');

    for (const r of [fallback, full, filtered]) {
      if (r.status !== 'SUCCEEDED') errors.push(`run "${r.label}" ended ${r.status}`);
      if (r.extended !== stagingServers) errors.push(`run "${r.label}" extended ${r.extended} of ${stagingServers} servers: ${r.output}`);
    }

    const scansSavedPercent = Math.round((1 - filtered.accountRegionsScanned / full.accountRegionsScanned) * 1000) / 10;
    const scanCallsSavedPercent = Math.round((1 - filtered.scanCalls / full.scanCalls) * 1000) / 10;
    const allSavedPercent = Math.round((1 - filtered.allCalls / full.allCalls) * 1000) / 10;
    const out: string[] = [];
    out.push(heading('staging-account-sync: active-region filter vs. full scan (same run, same estate)'));
    out.push(
      table(
        ['run', 'account-regions scanned', 'scan calls', 'DRS+STS calls', 'extended', 'wall', 'calls by operation'],
        [fallback, full, filtered].map((r) => [r.label, r.accountRegionsScanned, r.scanCalls, r.allCalls, r.extended, fmtMs(r.wallMs), fmtCounts(r.calls.byOperation)]),
      ),
    );
    out.push('');
    out.push(`account-regions scanned: ${filtered.accountRegionsScanned} of ${full.accountRegionsScanned} (${scansSavedPercent}% fewer)`);
    out.push(`scan calls (ListStagingAccounts, ListExtensibleSourceServers, DescribeSourceServers): ${filtered.scanCalls} vs ${full.scanCalls}, ${fmtRatio(full.scanCalls / filtered.scanCalls)} fewer, ${scanCallsSavedPercent}% saved`);
    out.push(`all DRS+STS calls (the ${stagingServers} CreateExtendedSourceServer included, the same either way): ${filtered.allCalls} vs ${full.allCalls}, ${allSavedPercent}% saved`);
    out.push(`wall: ${fmtMs(filtered.wallMs)} filtered vs ${fmtMs(full.wallMs)} full`);
    const verdicts = [
      { target: `filtered staging sync ≤ ${TARGETS.wallSeconds} s wall (3 active regions, default latency)`, figure: fmtMs(filtered.wallMs), met: filtered.wallMs <= TARGETS.wallSeconds * 1000 },
      {
        target: `≥ ${TARGETS.scansSavedPercent}% fewer per-region scans than a full scan`,
        figure: `${scansSavedPercent}% (${filtered.accountRegionsScanned} vs ${full.accountRegionsScanned}); scan calls ${scanCallsSavedPercent}% fewer; all calls ${allSavedPercent}% fewer`,
        met: scansSavedPercent >= TARGETS.scansSavedPercent,
      },
    ];
    out.push(heading('Verdicts'));
    for (const v of verdicts) out.push(`${v.met ? 'met    ' : 'NOT MET'}  ${v.target}: ${v.figure}`);
    console.log(out.join('\n'));

    const resultsDir = path.join(PROJECT_ROOT, 'bench', 'results');
    fs.mkdirSync(resultsDir, { recursive: true });
    const file = path.join(resultsDir, 'staging-latest.json');
    fs.writeFileSync(file, `${JSON.stringify({ date: startedAt.toISOString(), node: process.version, cpus: os.cpus().length, scenario: SCENARIO, targets: TARGETS, runs: { fallback, full, filtered }, scansSavedPercent, scanCallsSavedPercent, allSavedPercent, verdicts, errors }, null, 2)}\n`);
    console.log(`\nresults written to ${path.relative(process.cwd(), file)}`);
  } catch (error) {
    errors.push(`benchmark failed: ${(error as Error).stack ?? String(error)}`);
  } finally {
    ddb?.destroy();
    await platform?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  if (errors.length > 0) {
    console.error(`\n${errors.length} error(s):\n  ${errors.join('\n  ')}`);
    return 1;
  }
  return 0;
}

void main().then((code) => process.exit(code));
