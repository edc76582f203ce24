/**
 * checkExistingRecoveryInstances (the cache) against the old way (DRS and
 * EC2 asked on every page load), for one plan, in the same run: a warm-up of
 * each, then samples alternating old and new (a few new-way samples after
 * each old one, as they cost milliseconds) so that drift in the machine's
 * load hits both sides alike.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { checkExistingRecoveryInstances, type ExistingInstances } from '../lib/recovery-instances/check-existing';
import { RecoveryInstanceRepository } from '../lib/repositories/recovery-instances';
import { ProtectionGroupRepository, RecoveryPlanRepository } from '../lib/repositories/recovery-plans';
import type { LocalPlatform } from '../local/platform';
import type { DynamoDbMeter } from './dynamodb-meter';
import type { BenchPlan } from './fixtures';
import { checkExistingTheOldWay, type OldWayDependencies, type OldWayResult } from './old-way';
import { summarizeCalls, type CallSummary } from './sim-calls';
import { median, timed } from './stats';

export interface SideMeasurement {
  /** Real milliseconds of each measured sample (warm-up excluded). */
  readonly samplesMs: number[];
  readonly medianMs: number;
  /** Calls of one page load; every sample made the same calls (checked). */
  readonly calls: CallSummary;
  readonly dynamodb: { total: number; byOperation: Record<string, number> };
  readonly instancesFound: number;
}

export interface CheckExistingMeasurement {
  readonly plan: BenchPlan;
  /** Old-way samples; the new way took `samples × newSamplesPerOld`. */
  readonly samples: number;
  /** DescribeSourceServers calls the old way kept in flight per account-region. */
  readonly oldWayConcurrency: number;
  readonly newWay: SideMeasurement;
  readonly oldWay: SideMeasurement;
  /** oldWay.medianMs / newWay.medianMs. */
  readonly speedup: number;
  /** Both ways found the same recovery instances, with the same EC2 instance ids. */
  readonly sameAnswer: boolean;
  readonly problems: string[];
}

export interface CheckExistingOptions {
  readonly samples: number;
  readonly oldWayConcurrency: number;
  readonly executionHistoryTable: string;
  /** New-way samples after each old-way sample: they cost milliseconds, and more of them steady the median. @default 1 */
  readonly newSamplesPerOld?: number;
  /** One unmeasured call of each side first. @default true */
  readonly warmUp?: boolean;
}

interface Sample<T> {
  readonly ms: number;
  readonly value: T;
  readonly calls: CallSummary;
  readonly dynamodb: { total: number; byOperation: Record<string, number> };
}

async function sample<T>(platform: LocalPlatform, meter: DynamoDbMeter, work: () => Promise<T>): Promise<Sample<T>> {
  platform.sim.resetCalls();
  meter.reset();
  const { ms, value } = await timed(work);
  return { ms, value, calls: summarizeCalls(platform.sim.calls()), dynamodb: { total: meter.total(), byOperation: meter.byOperation() } };
}

function side<T>(samples: ReadonlyArray<Sample<T>>, found: (value: T) => number, label: string, problems: string[]): SideMeasurement {
  const first = samples[0]!;
  for (const s of samples) {
    if (s.calls.total !== first.calls.total || s.dynamodb.total !== first.dynamodb.total) {
      problems.push(`${label}: samples made different numbers of calls (${first.calls.total}/${first.dynamodb.total} vs ${s.calls.total}/${s.dynamodb.total})`);
      break;
    }
  }
  return {
    samplesMs: samples.map((s) => s.ms),
    medianMs: median(samples.map((s) => s.ms)),
    calls: first.calls,
    dynamodb: first.dynamodb,
    instancesFound: found(first.value),
  };
}

const answerKey = (instances: ReadonlyArray<{ sourceServerId: string; recoveryInstanceId: string; ec2InstanceId: string | null }>) =>
  instances.map((i) => `${i.sourceServerId}|${i.recoveryInstanceId}|${i.ec2InstanceId}`).sort().join('\n');

export async function measureCheckExisting(
  platform: LocalPlatform,
  plan: BenchPlan,
  documents: DynamoDBDocumentClient,
  meter: DynamoDbMeter,
  options: CheckExistingOptions,
): Promise<CheckExistingMeasurement> {
  const deps = {
    plans: new RecoveryPlanRepository(platform.tables.RecoveryPlans, documents),
    groups: new ProtectionGroupRepository(platform.tables.ProtectionGroups, documents),
    cache: new RecoveryInstanceRepository(platform.tables.RecoveryInstanceCache, documents),
  };
  const oldDeps: OldWayDependencies = {
    documents,
    concurrency: options.oldWayConcurrency,
    tables: {
      recoveryPlans: platform.tables.RecoveryPlans,
      protectionGroups: platform.tables.ProtectionGroups,
      targetAccounts: platform.tables.TargetAccounts,
      executionHistory: options.executionHistoryTable,
    },
  };
  const newWay = () => checkExistingRecoveryInstances(plan.planId, deps);
  const oldWay = () => checkExistingTheOldWay(plan.planId, oldDeps);

  if (options.warmUp ?? true) {
    // Module loading, sockets, the JIT.
    await sample(platform, meter, oldWay);
    await sample(platform, meter, newWay);
  }

  const olds: Sample<OldWayResult>[] = [];
  const news: Sample<ExistingInstances>[] = [];
  for (let i = 0; i < options.samples; i++) {
    olds.push(await sample(platform, meter, oldWay));
    for (let j = 0; j < (options.newSamplesPerOld ?? 1); j++) news.push(await sample(platform, meter, newWay));
  }

  const problems: string[] = [];
  const lastOld = olds[olds.length - 1]!.value;
  const lastNew = news[news.length - 1]!.value;
  for (const f of lastOld.failedTargets) problems.push(`old way: ${f.accountId}/${f.region} failed: ${f.error}`);
  if (lastNew.cacheUnavailable) problems.push('new way: the cache could not be read');
  if (lastNew.cacheMisses > 0) problems.push(`new way: ${lastNew.cacheMisses} of ${lastNew.serverCount} servers missing from the cache`);
  const sameAnswer = answerKey(lastOld.existingInstances) === answerKey(lastNew.existingInstances);
  if (!sameAnswer) problems.push(`the two ways disagree: old found ${lastOld.existingInstances.length} instances, new ${lastNew.existingInstances.length}`);

  const oldSide = side(olds, (v) => v.existingInstances.length, 'old way', problems);
  const newSide = side(news, (v) => v.existingInstances.length, 'new way', problems);
  return { plan, samples: options.samples, oldWayConcurrency: options.oldWayConcurrency, newWay: newSide, oldWay: oldSide, speedup: oldSide.medianMs / newSide.medianMs, sameAnswer, problems };
}
