import { EnvNames, requireEnv } from '../../lib/config';
import {
  listSyncTargetsInputSchema,
  listSyncTargetsOutputSchema,
  type ListSyncTargetsInput,
  type ListSyncTargetsOutput,
} from '../../contracts/tasks/recovery-instance-sync';
import { TargetAccountRepository } from '../../lib/repositories/target-accounts';
import { taskHandler } from '../../lib/task-handler';

export interface ListSyncTargetsDependencies {
  readonly accounts: { list(): Promise<ReadonlyArray<{ accountId: string; regions: readonly string[] }>> };
}

/** Every registered account × each of its regions: the items the sync fans out over. Only ids travel in the state. */
export async function run(_input: ListSyncTargetsInput, deps: ListSyncTargetsDependencies): Promise<ListSyncTargetsOutput> {
  const accounts = await deps.accounts.list();
  const targets = accounts
    .flatMap((account) => account.regions.map((region) => ({ accountId: account.accountId, region })))
    .sort((a, b) => a.accountId.localeCompare(b.accountId) || a.region.localeCompare(b.region));
  return { targets, targetCount: targets.length };
}

let deps: ListSyncTargetsDependencies | undefined;
export const handler = taskHandler<ListSyncTargetsInput, ListSyncTargetsOutput>({
  name: 'ListSyncTargets',
  inputSchema: listSyncTargetsInputSchema,
  outputSchema: listSyncTargetsOutputSchema,
  run: (input) => run(input, (deps ??= { accounts: new TargetAccountRepository(requireEnv(EnvNames.TargetAccountTable)) })),
});
