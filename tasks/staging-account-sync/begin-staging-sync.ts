import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SyncFinding } from '../../contracts/records/sync-run';
import {
  beginStagingSyncInputSchema,
  beginStagingSyncOutputSchema,
  type BeginStagingSyncInput,
  type BeginStagingSyncOutput,
} from '../../contracts/tasks/staging-account-sync';
import { processClock } from '../../lib/clock';
import { EnvNames, requireEnv } from '../../lib/config';
import { NotFoundError, SyncAlreadyRunningError } from '../../lib/errors';
import { logger, metrics } from '../../lib/observability';
import { ActiveRegionFilter, type AccountRegions, type RegionScanPlan } from '../../lib/regions/active-region-filter';
import { RegionStatusRepository } from '../../lib/repositories/region-status';
import { SyncRunRepository } from '../../lib/repositories/sync-runs';
import { TargetAccountRepository } from '../../lib/repositories/target-accounts';
import { planScanTargets, runIdentity } from '../../lib/sync-runs/run-lifecycle';
import { taskHandler } from '../../lib/task-handler';

export const STAGING_SYNC_NAME = 'staging-account-sync';
/** A run may hold an account's lock this long; the machine's own timeout is shorter. */
export const STAGING_SYNC_LOCK_TTL_MS = 30 * 60_000;

export interface BeginStagingSyncDependencies {
  readonly accounts: { list(): Promise<ReadonlyArray<{ accountId: string; regions: readonly string[] }>> };
  readonly regions: { plan(operation: string, accounts: readonly AccountRegions[]): Promise<RegionScanPlan> };
  readonly runs: Pick<SyncRunRepository, 'acquireLock' | 'put'>;
  readonly now: () => Date;
}

/**
 * Takes one lock per target account (so two runs never work on the same
 * account at once, while runs for different accounts may overlap), records
 * the run as RUNNING with the locks it holds, and plans the account-regions
 * (active-region filter 'staging-account-sync'). An account whose lock
 * another run holds is skipped and named in the run's findings; when every
 * account is, the run is skipped as a whole (SyncAlreadyRunningError).
 */
export async function run(input: BeginStagingSyncInput, deps: BeginStagingSyncDependencies): Promise<BeginStagingSyncOutput> {
  const wanted = input.machineInput.targetAccountId;
  const all = await deps.accounts.list();
  const accounts = wanted ? all.filter((a) => a.accountId === wanted) : [...all];
  if (wanted && accounts.length === 0) throw new NotFoundError(`Target account ${wanted} does not exist`);

  const { runId, startedAt } = runIdentity(input);
  const nowMs = deps.now().getTime();
  const locked: typeof accounts = [];
  const skipped: SyncFinding[] = [];
  for (const account of accounts) {
    try {
      await deps.runs.acquireLock(STAGING_SYNC_NAME, input.executionArn, STAGING_SYNC_LOCK_TTL_MS, { holderRunId: runId, nowMs, scope: account.accountId });
      locked.push(account);
    } catch (error) {
      if (!(error instanceof SyncAlreadyRunningError)) throw error;
      skipped.push({
        kind: 'ACCOUNT_SKIPPED_OVERLAP',
        accountId: account.accountId,
        region: account.regions[0]!,
        message: `Another staging-account sync is working on account ${account.accountId}; this run left it alone.`,
        remedy: 'None: the run that holds the account syncs it.',
      });
    }
  }
  metrics.addDimension('SyncName', STAGING_SYNC_NAME);
  if (skipped.length > 0) metrics.addMetric('SyncAccountsSkipped', MetricUnit.Count, skipped.length);
  if (locked.length === 0 && accounts.length > 0) {
    metrics.addMetric('SyncSkipped', MetricUnit.Count, 1);
    logger.warn('Staging-account sync skipped: other runs hold every account', { accounts: accounts.map((a) => a.accountId) });
    throw new SyncAlreadyRunningError(`${STAGING_SYNC_NAME} is already running for ${accounts.map((a) => a.accountId).join(', ')}`);
  }
  const accountIds = locked.map((a) => a.accountId);
  await deps.runs.put({ syncName: STAGING_SYNC_NAME, runId, executionArn: input.executionArn, status: 'RUNNING', startedAt, lockScopes: accountIds });

  const { plan, scanTargets } = await planScanTargets(deps.regions, STAGING_SYNC_NAME, locked);
  logger.info('Staging-account sync planned', { accounts: accountIds.length, skipped: skipped.length, scanTargets: scanTargets.length, fallback: plan.fallback });
  return { runId, startedAt, accountIds, scanTargets, fallback: plan.fallback, findings: skipped };
}

let deps: BeginStagingSyncDependencies | undefined;
export const handler = taskHandler<BeginStagingSyncInput, BeginStagingSyncOutput>({
  name: 'BeginStagingSync',
  inputSchema: beginStagingSyncInputSchema,
  outputSchema: beginStagingSyncOutputSchema,
  run: (input) =>
    run(
      input,
      (deps ??= {
        accounts: new TargetAccountRepository(requireEnv(EnvNames.TargetAccountTable)),
        regions: new ActiveRegionFilter({ statuses: new RegionStatusRepository() }),
        runs: new SyncRunRepository(),
        now: () => processClock.now(),
      }),
    ),
});
