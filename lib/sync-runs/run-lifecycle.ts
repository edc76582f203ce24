/**
 * The bookkeeping every account-region sync's begin and complete tasks share
 * (decision 29): the run's id, the active-region plan, the lock and the
 * RUNNING record on the way in; the run's status, its record and its common
 * metrics on the way out. A sync's task keeps what is its own (its settings,
 * its counts, its metrics, how many locks it holds) and calls these.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SyncName, SyncRunRecord, SyncTargetResult } from '../../contracts/records/sync-run';
import type { CaughtError, FailedSyncTarget, ScanTarget } from '../../contracts/tasks/sync-common';
import { causeMessage } from './caught-error';
import { SyncAlreadyRunningError } from '../errors';
import { logger, metrics } from '../observability';
import type { AccountRegions, RegionScanPlan } from '../regions/active-region-filter';
import type { SyncRunRepository } from '../repositories/sync-runs';

export type RunStatus = 'SUCCEEDED' | 'PARTIAL' | 'FAILED';

/**
 * The run's id: its start time (ISO, so ids sort by start) and the
 * execution's name, which makes it unique and leads back to the execution.
 */
export function runIdentity(input: { readonly executionArn: string; readonly startedAt: string }): { runId: string; startedAt: string } {
  const startedAt = new Date(input.startedAt).toISOString();
  return { runId: `${startedAt}#${input.executionArn.split(':').pop() ?? input.executionArn}`, startedAt };
}

const byAccountRegion = (a: ScanTarget, b: ScanTarget) => a.accountId.localeCompare(b.accountId) || a.region.localeCompare(b.region);

/**
 * The active-region filter's plan for this sync, and the account-regions it
 * keeps as the Map's items, in a stable order (account, then region).
 */
export async function planScanTargets(
  regions: { plan(operation: string, accounts: readonly AccountRegions[]): Promise<RegionScanPlan> },
  syncName: SyncName,
  accounts: ReadonlyArray<{ accountId: string; regions: readonly string[] }>,
): Promise<{ plan: RegionScanPlan; scanTargets: ScanTarget[] }> {
  const plan = await regions.plan(syncName, accounts.map((a) => ({ accountId: a.accountId, regions: a.regions })));
  const scanTargets = plan.targets.map(({ accountId, region, reason }) => ({ accountId, region, reason })).sort(byAccountRegion);
  return { plan, scanTargets };
}

export interface StartRunOptions {
  readonly syncName: SyncName;
  readonly executionArn: string;
  readonly runId: string;
  readonly startedAt: string;
  /** How long the lock is held at most: longer than the machine's timeout, so a lost run's lock lapses on its own. */
  readonly lockTtlMs: number;
  readonly nowMs: number;
  /** Logged (warn) when another run holds the lock, e.g. 'Tag sync skipped: another run holds the lock'. */
  readonly skippedMessage: string;
}

/**
 * Takes the sync's lock and records the run as RUNNING. When another run
 * holds the lock it counts a SyncSkipped metric (a skipped run is not a
 * success) and rethrows SyncAlreadyRunningError, which the machine's
 * SkipOverlappingRun catches. Should the RUNNING write fail, the execution
 * fails holding the lock: the execution-ended rule releases it.
 */
export async function startRun(runs: Pick<SyncRunRepository, 'acquireLock' | 'put'>, options: StartRunOptions): Promise<void> {
  const { syncName, executionArn, runId, startedAt } = options;
  try {
    await runs.acquireLock(syncName, executionArn, options.lockTtlMs, { holderRunId: runId, nowMs: options.nowMs });
  } catch (error) {
    if (error instanceof SyncAlreadyRunningError) {
      metrics.addDimension('SyncName', syncName);
      metrics.addMetric('SyncSkipped', MetricUnit.Count, 1);
      logger.warn(options.skippedMessage, { syncName });
    }
    throw error;
  }
  await runs.put({ syncName, runId, executionArn, status: 'RUNNING', startedAt });
}

/** The run record's entry for an account-region whose iteration ended in RecordTargetFailure. */
export function failedTargetResult(failed: FailedSyncTarget): SyncTargetResult {
  return {
    accountId: failed.accountId,
    region: failed.region,
    status: 'FAILED',
    instancesProcessed: 0,
    recordsRemoved: 0,
    warnings: [],
    errorName: failed.error.Error,
    errorMessage: causeMessage(failed.error),
  };
}

export const isFailedTarget = <T extends object>(result: T | FailedSyncTarget): result is FailedSyncTarget => 'error' in result;

/**
 * The Map's results, split: the sync's own results of the account-regions
 * that succeeded (for its counts), and every account-region as the run
 * record's entry, in the Map's order (`toTargetResult` for the succeeded,
 * {@link failedTargetResult} for the failed).
 */
export function splitResults<R extends object>(
  results: ReadonlyArray<R | FailedSyncTarget> | undefined,
  toTargetResult: (result: R) => SyncTargetResult,
): { succeeded: R[]; targets: SyncTargetResult[] } {
  const all = results ?? [];
  return {
    succeeded: all.filter((r): r is R => !isFailedTarget(r)),
    targets: all.map((r) => (isFailedTarget(r) ? failedTargetResult(r) : toTargetResult(r))),
  };
}

/** The sum of one count over the succeeded results. */
export const sumOf = <R>(items: readonly R[], count: (item: R) => number): number => items.reduce((n, item) => n + count(item), 0);

export interface RunOutcome {
  readonly status: RunStatus;
  /** The account-regions that failed. */
  readonly failed: SyncTargetResult[];
  /** One per failed account-region, and the run's own failure last. */
  readonly errors: NonNullable<SyncRunRecord['errors']>;
}

/**
 * How the run went: FAILED when it failed as a whole (RecordRunFailure) or
 * every account-region failed; PARTIAL when some did, some were PARTIAL, or
 * the sync says so (`partial`, e.g. accounts skipped); SUCCEEDED otherwise.
 * No account-region at all is a success: nothing needed doing.
 */
export function runOutcome(targets: readonly SyncTargetResult[], failure?: CaughtError, partial = false): RunOutcome {
  const failed = targets.filter((t) => t.status === 'FAILED');
  const errors: NonNullable<SyncRunRecord['errors']> = failed.map((t) => ({
    accountId: t.accountId,
    region: t.region,
    errorName: t.errorName,
    message: t.errorMessage ?? t.errorName ?? 'failed',
  }));
  if (failure) errors.push({ errorName: failure.Error, message: causeMessage(failure) });
  const status: RunStatus = failure || (failed.length > 0 && failed.length === targets.length)
    ? 'FAILED'
    : failed.length > 0 || targets.some((t) => t.status === 'PARTIAL') || partial
      ? 'PARTIAL'
      : 'SUCCEEDED';
  return { status, failed, errors };
}

/** Milliseconds from the run's start to its end (never negative, whatever the clocks say). */
export function runDurationMs(startedAt: string, endedAt: Date): number {
  return Math.max(0, endedAt.getTime() - new Date(startedAt).getTime());
}

/**
 * Records the run's end. Guarded: RUNNING → its end, never over an end
 * already recorded (a stop that raced the complete task), which is kept.
 */
export async function recordRunEnd(runs: Pick<SyncRunRepository, 'finish'>, record: SyncRunRecord): Promise<void> {
  const recorded = await runs.finish(record);
  if (!recorded) logger.warn('The run had already been recorded as ended; its record is kept', { runId: record.runId, status: record.status });
}

/**
 * The metrics every sync emits on completion, by SyncName: SyncDuration and
 * SyncSuccess or SyncFailure (the staleness alarms wait for SyncSuccess). The
 * sync's own metrics follow, then SyncTargetFailures.
 */
export function addRunMetrics(syncName: SyncName, status: RunStatus, durationMs: number): void {
  metrics.addDimension('SyncName', syncName);
  metrics.addMetric('SyncDuration', MetricUnit.Milliseconds, durationMs);
  metrics.addMetric(status === 'FAILED' ? 'SyncFailure' : 'SyncSuccess', MetricUnit.Count, 1);
}
