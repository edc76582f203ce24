import { EnvNames, requireEnv } from '../../lib/config';
import {
  listSyncTargetsInputSchema,
  listSyncTargetsOutputSchema,
  type ListSyncTargetsInput,
  type ListSyncTargetsOutput,
} from '../../contracts/tasks/recovery-instance-sync';
import { ActiveRegionFilter, type AccountRegions, type RegionScanPlan } from '../../lib/regions/active-region-filter';
import { RegionStatusRepository } from '../../lib/repositories/region-status';
import { TargetAccountRepository } from '../../lib/repositories/target-accounts';
import { taskHandler } from '../../lib/task-handler';

export const RECOVERY_INSTANCE_SYNC_OPERATION = 'recovery-instance-sync';

export interface ListSyncTargetsDependencies {
  readonly accounts: { list(): Promise<ReadonlyArray<{ accountId: string; regions: readonly string[] }>> };
  readonly regions: { plan(operation: string, accounts: readonly AccountRegions[]): Promise<RegionScanPlan> };
}

const byAccountRegion = (a: { accountId: string; region: string }, b: { accountId: string; region: string }) =>
  a.accountId.localeCompare(b.accountId) || a.region.localeCompare(b.region);

/**
 * Every registered account × each of its regions, and the ones to scan: the
 * active-region filter's plan. The registered list still travels, because it
 * (not the scanned list) says which cached records are orphans: a region the
 * filter skips keeps its records. Only ids travel in the state.
 */
export async function run(_input: ListSyncTargetsInput, deps: ListSyncTargetsDependencies): Promise<ListSyncTargetsOutput> {
  const accounts = await deps.accounts.list();
  const targets = accounts.flatMap((account) => account.regions.map((region) => ({ accountId: account.accountId, region }))).sort(byAccountRegion);
  const plan = await deps.regions.plan(
    RECOVERY_INSTANCE_SYNC_OPERATION,
    accounts.map((a) => ({ accountId: a.accountId, regions: a.regions })),
  );
  const scanTargets = plan.targets.map(({ accountId, region, reason }) => ({ accountId, region, reason })).sort(byAccountRegion);
  return {
    targets,
    targetCount: targets.length,
    scanTargets,
    scanCount: scanTargets.length,
    regionsSkipped: plan.regionsSkipped,
    fallback: plan.fallback,
    callsSavedPercent: plan.callsSavedPercent,
  };
}

let deps: ListSyncTargetsDependencies | undefined;
export const handler = taskHandler<ListSyncTargetsInput, ListSyncTargetsOutput>({
  name: 'ListSyncTargets',
  inputSchema: listSyncTargetsInputSchema,
  outputSchema: listSyncTargetsOutputSchema,
  run: (input) =>
    run(
      input,
      (deps ??= {
        accounts: new TargetAccountRepository(requireEnv(EnvNames.TargetAccountTable)),
        regions: new ActiveRegionFilter({ statuses: new RegionStatusRepository() }),
      }),
    ),
});
