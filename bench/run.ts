/**
 * `npm run bench`: figures for the recovery-instance cache, measured on the
 * local platform against the simulated estate with its default latency model.
 *
 * 1. checkExistingRecoveryInstances (reads the cache) for plans of 100 and
 *    1,000 servers, as a ratio against the old way (DRS and EC2 asked on
 *    every page load, bench/old-way.ts) measured in the same run, with the
 *    API calls of each side.
 * 2. The recovery-instance-sync state machine over 1,000 instances in
 *    2 accounts × 3 regions: API calls per service and per account-region,
 *    wall time, instances processed.
 * 3. The Recovery plans page in Chromium for the 100-server plan, the cache
 *    vs. the old way (bench/console.ts).
 *
 * Prints tables and verdicts and writes bench/results/latest.json. Exits
 * non-zero only when something errored, never because of a figure
 * (DESIGN rule 12). See docs/benchmarks.md.
 */
import '../local/cli-environment';
import '../local/esm-only-packages';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../lib/dynamodb';
import { LOCAL_REGION, PROJECT_ROOT, startLocalPlatform, type LocalPlatform } from '../local/platform';
import { measureCheckExisting, type CheckExistingMeasurement } from './check-existing';
import { benchConsole } from './console';
import { DynamoDbMeter } from './dynamodb-meter';
import { EXECUTION_HISTORY_TABLE, scalePlan, seedExecutionHistory, seedSubsetPlan } from './fixtures';
import { drsEc2 } from './sim-calls';
import { median, round1 } from './stats';
import { runSync, type SyncMeasurement } from './sync';
import { TaskTimer } from './task-timer';
import { fmtCounts, fmtMs, fmtRatio, heading, table } from './table';

const SCENARIO = { name: 'scale', seed: 1, options: { recoveryInstances: 1000, accounts: 2, regions: 3 } } as const;
/** Old-way samples per plan, after a warm-up. */
const SAMPLES = 5;
/** New-way samples taken after each old-way sample. */
const NEW_SAMPLES_PER_OLD = 5;
const WARM_SYNC_RUNS = 3;
/** DescribeSourceServers calls the old way keeps in flight per account-region (boto3's default pool). */
const OLD_WAY_CONCURRENCY = 10;
/** The same old way one call at a time, as a plain loop would make them: 100-server plan only, fewer samples (each takes ~13 s). */
const SEQUENTIAL_SAMPLES = 3;
/** For the sensitivity line: what a DynamoDB request might cost in AWS on top of dynalite's own time. */
const EXTRA_DYNAMODB_MS = 10;

const TARGETS = {
  checkExistingDrsEc2Calls: 0,
  checkExistingSpeedup100: 50,
  syncDrsEc2CallsPerAccountRegion: 25,
  syncInstances: SCENARIO.options.recoveryInstances,
};

interface Verdict {
  readonly target: string;
  readonly figure: string;
  readonly met: boolean;
}

/** `npm run bench -- --console-only`: just the browser figures (3), after the one sync that fills the cache. */
const CONSOLE_ONLY = process.argv.includes('--console-only');

async function main(): Promise<number> {
  const startedAt = new Date();
  const errors: string[] = [];
  console.log(`DRS orchestrator benchmarks — ${startedAt.toISOString()}`);
  console.log(`node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, scenario ${SCENARIO.name} ${JSON.stringify(SCENARIO.options)}, simulated latency: default`);
  console.log('starting the local platform (synth, dynalite, simulated estate, Step Functions engine)…');

  let platform: LocalPlatform | undefined;
  let ddb: DynamoDBClient | undefined;
  // The platform's local users and tokens; thrown away at the end.
  const dataDir = path.join(os.tmpdir(), `drs-orch-bench-${process.pid}`);
  try {
    platform = await startLocalPlatform({
      ports: { api: 0, sim: 0, dynamodb: 0, sfn: 0 },
      latency: 'default',
      scenario: SCENARIO,
      scheduler: false,
      // Real time: nothing here waits on the virtual clock, and assumed-role
      // credentials then expire in the estate when the factory thinks they do.
      clockSpeed: 1,
      dataDir,
    });
    await platform.seedScenario();
    // The handlers' environment (endpoints, hub credentials) is what the old way's SDK clients use too.
    platform.local.lambda.applyEnvironment();
    const handlerMeter = new DynamoDbMeter().attach(documentClient());
    const timer = new TaskTimer(platform);

    const hub = platform.scenario.accounts.find((a) => a.accountId === platform!.scenario.hubAccountId)!;
    ddb = new DynamoDBClient({ endpoint: platform.urls.dynamodb, region: LOCAL_REGION, credentials: { accessKeyId: hub.accessKeyId, secretAccessKey: hub.secretAccessKey } });
    const documents = DynamoDBDocumentClient.from(ddb, { marshallOptions: { removeUndefinedValues: true } });
    const benchMeter = new DynamoDbMeter().attach(documents);

    const plan1000 = scalePlan(platform);
    const plan100 = await seedSubsetPlan(platform, documents, 100);
    const historyItems = await seedExecutionHistory(platform, ddb, documents);
    console.log(`estate: ${platform.scenario.sourceServerIds.length} source servers, ${platform.scenario.recoveryInstanceCount} recovery instances, ${platform.scenario.accounts.length} accounts (hub included); execution history: ${historyItems} item(s)`);

    // 2 first: the first sync also fills the cache that 1 reads.
    console.log('sync: first run (empty cache)…');
    const coldSync = await runSync(platform, documents, handlerMeter, timer);
    if (CONSOLE_ONLY) {
      if (coldSync.status !== 'SUCCEEDED' || coldSync.output?.status !== 'SUCCEEDED') errors.push(`sync execution ${coldSync.executionArn} ended ${coldSync.status}`);
      else await benchConsole(platform, plan100, documents, errors);
    } else {
      const warmSyncs: SyncMeasurement[] = [];
      for (let i = 0; i < WARM_SYNC_RUNS; i++) {
        console.log(`sync: steady-state run ${i + 1}/${WARM_SYNC_RUNS}…`);
        warmSyncs.push(await runSync(platform, documents, handlerMeter, timer));
      }
      for (const s of [coldSync, ...warmSyncs]) {
        if (s.status !== 'SUCCEEDED') errors.push(`sync execution ${s.executionArn} ended ${s.status}`);
        else if (s.output?.status !== 'SUCCEEDED') errors.push(`sync run ${s.output?.runId} completed ${s.output?.status}: ${JSON.stringify(s.run?.errors ?? [])}`);
      }

      const checks: CheckExistingMeasurement[] = [];
      for (const plan of [plan100, plan1000]) {
        console.log(`check existing: ${plan.name}, ${plan.serverCount} servers (warm-up, then ${SAMPLES} old-way and ${SAMPLES * NEW_SAMPLES_PER_OLD} new-way samples)…`);
        const m = await measureCheckExisting(platform, plan, documents, benchMeter, {
          samples: SAMPLES,
          newSamplesPerOld: NEW_SAMPLES_PER_OLD,
          oldWayConcurrency: OLD_WAY_CONCURRENCY,
          executionHistoryTable: EXECUTION_HISTORY_TABLE,
        });
        for (const p of m.problems) errors.push(`check existing (${plan.serverCount} servers): ${p}`);
        checks.push(m);
      }
      console.log(`check existing: ${plan100.name}, old way one call at a time (${SEQUENTIAL_SAMPLES} old-way samples)…`);
      const sequential = await measureCheckExisting(platform, plan100, documents, benchMeter, {
        samples: SEQUENTIAL_SAMPLES,
        newSamplesPerOld: NEW_SAMPLES_PER_OLD,
        oldWayConcurrency: 1,
        executionHistoryTable: EXECUTION_HISTORY_TABLE,
        warmUp: false,
      });
      for (const p of sequential.problems) errors.push(`check existing (100 servers, sequential old way): ${p}`);

      const report = render(checks, sequential, coldSync, warmSyncs);
      console.log(report.text);
      const consolePage = await benchConsole(platform, plan100, documents, errors);

      const resultsDir = path.join(PROJECT_ROOT, 'bench', 'results');
      fs.mkdirSync(resultsDir, { recursive: true });
      const resultsFile = path.join(resultsDir, 'latest.json');
      const json = {
        date: startedAt.toISOString(),
        node: process.version,
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? null,
        scenario: SCENARIO,
        latency: 'default',
        settings: { samples: SAMPLES, newSamplesPerOld: NEW_SAMPLES_PER_OLD, warmSyncRuns: WARM_SYNC_RUNS, oldWayConcurrency: OLD_WAY_CONCURRENCY, extraDynamoDbMsForSensitivity: EXTRA_DYNAMODB_MS },
        targets: TARGETS,
        checkExisting: checks.map((m) => ({ ...m, sensitivity: sensitivity(m) })),
        checkExistingSequentialOldWay: { ...sequential, sensitivity: sensitivity(sequential) },
        sync: { cold: coldSync, warm: warmSyncs, warmMedianWallMs: median(warmSyncs.map((s) => s.wallMs)) },
        verdicts: [...report.verdicts, ...(consolePage.verdicts ?? [])],
        console: consolePage,
        errors,
      };
      fs.writeFileSync(resultsFile, `${JSON.stringify(json, null, 2)}\n`);
      console.log(`\nresults written to ${path.relative(process.cwd(), resultsFile) || resultsFile}`);
    }
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

/** What the ratio would be if every DynamoDB request of both sides cost EXTRA_DYNAMODB_MS more than dynalite took. */
function sensitivity(m: CheckExistingMeasurement) {
  const newMs = m.newWay.medianMs + m.newWay.dynamodb.total * EXTRA_DYNAMODB_MS;
  const oldMs = m.oldWay.medianMs + m.oldWay.dynamodb.total * EXTRA_DYNAMODB_MS;
  return { extraDynamoDbMs: EXTRA_DYNAMODB_MS, newWayMs: round1(newMs), oldWayMs: round1(oldMs), speedup: round1(oldMs / newMs) };
}

/** Rows of the timing table: per plan the old way(s), then the new way. */
function sideRows(checks: CheckExistingMeasurement[], sequential: CheckExistingMeasurement): Array<[CheckExistingMeasurement, 'oldWay' | 'newWay']> {
  return checks.flatMap((m): Array<[CheckExistingMeasurement, 'oldWay' | 'newWay']> =>
    m.plan.planId === sequential.plan.planId ? [[m, 'oldWay'], [sequential, 'oldWay'], [m, 'newWay']] : [[m, 'oldWay'], [m, 'newWay']],
  );
}

function render(checks: CheckExistingMeasurement[], sequential: CheckExistingMeasurement, cold: SyncMeasurement, warm: SyncMeasurement[]): { text: string; verdicts: Verdict[] } {
  const out: string[] = [];
  const verdicts: Verdict[] = [];

  out.push(heading('1. checkExistingRecoveryInstances: the cache vs. the old way (same run)'));
  out.push(
    table(
      ['plan', 'way', 'median', 'min–max', 'samples', 'DRS', 'EC2', 'STS', 'DynamoDB', 'instances'],
      sideRows(checks, sequential).map(([m, key]) => {
        const s = m[key];
        return [
          `${m.plan.serverCount} servers`,
          key === 'oldWay' ? `old, ${m.oldWayConcurrency} in flight` : 'new (cache)',
          fmtMs(s.medianMs),
          `${fmtMs(Math.min(...s.samplesMs))}–${fmtMs(Math.max(...s.samplesMs))}`,
          s.samplesMs.length,
          s.calls.byService.drs ?? 0,
          s.calls.byService.ec2 ?? 0,
          s.calls.byService.sts ?? 0,
          s.dynamodb.total,
          s.instancesFound,
        ];
      }),
    ),
  );
  out.push('');
  out.push(
    table(
      ['plan', 'baseline', 'speed-up (old ÷ new)', 'medians', `speed-up if DynamoDB +${EXTRA_DYNAMODB_MS} ms/request`, 'old-way calls', 'new-way DynamoDB calls', 'same answer'],
      [...checks.slice(0, 1), sequential, ...checks.slice(1)].map((m) => [
        `${m.plan.serverCount} servers`,
        `old, ${m.oldWayConcurrency} in flight`,
        fmtRatio(m.speedup),
        `${fmtMs(m.oldWay.medianMs)} ÷ ${fmtMs(m.newWay.medianMs)}`,
        fmtRatio(sensitivity(m).speedup),
        fmtCounts(m.oldWay.calls.byOperation),
        fmtCounts(m.newWay.dynamodb.byOperation),
        m.sameAnswer ? 'yes' : 'NO',
      ]),
    ),
  );
  out.push('');
  out.push(
    `speed-up: median old-way time ÷ median new-way time of samples taken alternately in the same pass: ${SAMPLES} old and ${SAMPLES * NEW_SAMPLES_PER_OLD} new after a warm-up ` +
      `(the one-at-a-time baseline: ${SEQUENTIAL_SAMPLES} old, with its own ${SEQUENTIAL_SAMPLES * NEW_SAMPLES_PER_OLD} new). The headline baseline keeps ${OLD_WAY_CONCURRENCY} DescribeSourceServers in flight per account-region.`,
  );
  for (const m of checks) {
    const calls = drsEc2(m.newWay.calls);
    verdicts.push({ target: `check existing, ${m.plan.serverCount} servers: ${TARGETS.checkExistingDrsEc2Calls} DRS/EC2 calls`, figure: `${calls} (old way: ${drsEc2(m.oldWay.calls)})`, met: calls === TARGETS.checkExistingDrsEc2Calls });
    if (m.plan.serverCount === 100) {
      verdicts.push({ target: `check existing, 100 servers: ≥${TARGETS.checkExistingSpeedup100}× faster than the old way`, figure: `${fmtRatio(m.speedup)} (${fmtMs(m.oldWay.medianMs)} ÷ ${fmtMs(m.newWay.medianMs)})`, met: m.speedup >= TARGETS.checkExistingSpeedup100 });
    }
  }

  out.push(heading(`2. recovery-instance-sync: ${TARGETS.syncInstances} instances, ${SCENARIO.options.accounts} accounts × ${SCENARIO.options.regions} regions`));
  const warmMedian = median(warm.map((s) => s.wallMs));
  const rows = [
    { label: 'first run (empty cache)', s: cold, wall: fmtMs(cold.wallMs), range: '' },
    {
      label: `steady state (median of ${warm.length})`,
      s: warm[warm.length - 1]!,
      wall: fmtMs(warmMedian),
      range: `${fmtMs(Math.min(...warm.map((w) => w.wallMs)))}–${fmtMs(Math.max(...warm.map((w) => w.wallMs)))}`,
    },
  ];
  out.push(
    table(
      ['run', 'wall time', 'min–max', 'SyncRuns durationMs', 'instances', 'status', 'DRS', 'EC2', 'STS', 'DynamoDB', 'max DRS+EC2 per account-region', 'Lambda tasks'],
      rows.map(({ label, s, wall, range }) => [
        label,
        wall,
        range,
        s.run?.durationMs ?? 'n/a',
        s.output?.instancesProcessed ?? s.run?.instancesProcessed ?? 'n/a',
        s.output?.status ?? s.status,
        s.calls.byService.drs ?? 0,
        s.calls.byService.ec2 ?? 0,
        s.calls.byService.sts ?? 0,
        s.dynamodb.total,
        Math.max(0, ...Object.values(s.calls.drsEc2ByAccountRegion)),
        s.taskInvocations,
      ]),
    ),
  );
  out.push('');
  const last = warm[warm.length - 1]!;
  out.push('per account-region: DRS+EC2 calls from the estate\'s counters, the task\'s own count from the SyncRuns record (first run);');
  out.push('task time of SyncAccountRegion (steady-state run) next to the estate\'s latency for the DRS+EC2 calls it makes one after another');
  const taskCounts = new Map((cold.run?.targets ?? []).map((t) => [`${t.accountId}/${t.region}`, t]));
  const keys = [...new Set([...Object.keys(cold.calls.drsEc2ByAccountRegion), ...taskCounts.keys()])].sort();
  out.push(
    table(
      ['account/region', 'DRS+EC2 (estate)', 'task says', 'instances', 'status', 'task time', 'of which simulated DRS+EC2'],
      keys.map((k) => {
        const t = taskCounts.get(k);
        return [
          k,
          cold.calls.drsEc2ByAccountRegion[k] ?? 0,
          t?.apiCalls ? fmtCounts(t.apiCalls) : 'n/a',
          t?.instancesProcessed ?? 'n/a',
          t?.status ?? 'n/a',
          last.taskMsByAccountRegion[k] !== undefined ? fmtMs(last.taskMsByAccountRegion[k]) : 'n/a',
          fmtMs(last.simulatedDrsEc2MsByAccountRegion[k] ?? 0),
        ];
      }),
    ),
  );
  out.push('');
  out.push(`calls by operation, first run: ${fmtCounts(cold.calls.byOperation)}; DynamoDB: ${fmtCounts(cold.dynamodb.byOperation)}`);
  out.push(`calls by operation, steady state: ${fmtCounts(last.calls.byOperation)}; DynamoDB: ${fmtCounts(last.dynamodb.byOperation)}`);
  out.push(
    `last steady-state run: ${fmtMs(last.wallMs)} wall; a DynamoDB request (dynalite, in this process) was in flight for ${fmtMs(last.dynamodb.busyMs)} of it; ` +
      `the slowest account-region's DRS+EC2 calls account for ${fmtMs(Math.max(0, ...Object.values(last.simulatedDrsEc2MsByAccountRegion)))} of simulated latency`,
  );
  const old1000 = checks.find((m) => m.plan.serverCount === 1000);
  if (old1000) {
    out.push(
      `a steady-state sync of all ${TARGETS.syncInstances} instances took ${fmtMs(warmMedian)}, ${fmtRatio(warmMedian / old1000.oldWay.medianMs)} one old-way page load of the 1,000-server plan (${fmtMs(old1000.oldWay.medianMs)}, same run); it runs once per schedule, the old way ran on every page load`,
    );
  }
  for (const [label, s] of [['first run', cold], ['steady state', warm[warm.length - 1]!]] as const) {
    const worst = Math.max(0, ...Object.values(s.calls.drsEc2ByAccountRegion));
    verdicts.push({ target: `sync (${label}): ≤${TARGETS.syncDrsEc2CallsPerAccountRegion} DRS+EC2 calls per account-region`, figure: `max ${worst}`, met: worst <= TARGETS.syncDrsEc2CallsPerAccountRegion });
  }
  const processed = cold.output?.instancesProcessed ?? 0;
  verdicts.push({ target: `sync: all ${TARGETS.syncInstances} instances processed`, figure: String(processed), met: processed === TARGETS.syncInstances });

  out.push(heading('Verdicts'));
  for (const v of verdicts) out.push(`${v.met ? 'met    ' : 'NOT MET'}  ${v.target}: ${v.figure}`);
  return { text: out.join('\n'), verdicts };
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
