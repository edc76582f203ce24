import { planTagsInputSchema, planTagsOutputSchema, type PlanTagsInput, type PlanTagsOutput } from '../../contracts/tasks/tag-sync';
import { EnvNames, requireEnv } from '../../lib/config';
import { AwsClientFactory } from '../../lib/aws/clients';
import { processClock } from '../../lib/clock';
import { RegionStatusRepository } from '../../lib/repositories/region-status';
import { TargetAccountRepository } from '../../lib/repositories/target-accounts';
import { planAccountRegion, type TagSyncReadDependencies } from '../../lib/tag-sync/plan-account-region';
import { taskHandler } from '../../lib/task-handler';
import { isUninitializedAccount, recordRegionStatus, type RegionStatusWriter } from '../recovery-instance-sync/lib/region-status';

export interface PlanTagsDependencies extends TagSyncReadDependencies {
  readonly regionStatus: RegionStatusWriter;
  readonly now: () => Date;
}

/**
 * Reads one account-region and returns the TagResource writes it needs (it
 * writes no tags: its role has no drs:TagResource). When the active-region
 * filter kept the region for any reason but "active" it records what it
 * found, so later runs can filter. A region DRS was never initialized in has
 * nothing to tag.
 */
export async function run(input: PlanTagsInput, deps: PlanTagsDependencies): Promise<PlanTagsOutput> {
  const { accountId, region } = input;
  const learnsStatus = input.reason !== 'active';
  const status = (serverCount: number, initialized: boolean, error?: Error) =>
    recordRegionStatus(deps.regionStatus, {
      accountId,
      region,
      serverCount,
      initialized,
      lastChecked: deps.now().toISOString(),
      checkedBy: `tag-sync (${input.reason})`,
      lastError: error ? { errorName: error.name, message: error.message.slice(0, 2048), at: deps.now().toISOString() } : null,
    });
  try {
    const plan = await planAccountRegion({ accountId, region }, input.selection, deps);
    if (learnsStatus) await status(plan.serversTotal, true);
    const { serversTotal: _total, ...output } = plan;
    return output;
  } catch (error) {
    if (isUninitializedAccount(error)) {
      if (learnsStatus) await status(0, false);
      return { accountId, region, serversChecked: 0, serversUnchanged: 0, writes: [], warnings: ['DRS is not initialized in this account-region'], apiCalls: { drs: 1 } };
    }
    if (learnsStatus) await status(0, true, error as Error);
    throw error;
  }
}

let deps: PlanTagsDependencies | undefined;
export const handler = taskHandler<PlanTagsInput, PlanTagsOutput>({
  name: 'PlanAccountRegionTags',
  inputSchema: planTagsInputSchema,
  outputSchema: planTagsOutputSchema,
  run: (input) =>
    run(
      input,
      (deps ??= {
        accounts: new TargetAccountRepository(requireEnv(EnvNames.TargetAccountTable)),
        clients: new AwsClientFactory(),
        regionStatus: new RegionStatusRepository(),
        now: () => processClock.now(),
      }),
    ),
});
