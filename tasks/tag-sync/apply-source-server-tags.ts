import { TagResourceCommand } from '@aws-sdk/client-drs';
import { applyTagsInputSchema, applyTagsOutputSchema, type ApplyTagsInput, type TagSyncTargetResult } from '../../contracts/tasks/tag-sync';
import { EnvNames, requireEnv } from '../../lib/config';
import { AwsClientFactory } from '../../lib/aws/clients';
import { callAws } from '../../lib/aws/classify-error';
import { NotFoundError } from '../../lib/errors';
import { logger } from '../../lib/observability';
import { TargetAccountRepository } from '../../lib/repositories/target-accounts';
import { taskHandler } from '../../lib/task-handler';
import type { AccountDirectory } from '../recovery-instance-sync/lib/sync-servers';

export interface ApplyTagsDependencies {
  readonly accounts: AccountDirectory;
  readonly clients: Pick<AwsClientFactory, 'drs'>;
}

/**
 * Writes the planned tags to the DRS source servers of one account-region:
 * one TagResource per server that needs it (only missing or changed tags), so
 * a retry after throttling rewrites the same values and is harmless. The only
 * task whose role may call drs:TagResource.
 */
export async function run(input: ApplyTagsInput, deps: ApplyTagsDependencies): Promise<TagSyncTargetResult> {
  const { accountId, region } = input;
  const apiCalls: Record<string, number> = { ...input.apiCalls };
  if (input.writes.length > 0) {
    const account = await deps.accounts.get(accountId);
    if (!account) throw new NotFoundError(`Account ${accountId} is not a registered target account`);
    const drs = deps.clients.drs({ accountId, region, roleArn: account.roleArn ?? null, externalId: account.externalId ?? null });
    for (const write of input.writes) {
      apiCalls.drs = (apiCalls.drs ?? 0) + 1;
      await callAws(`DRS TagResource ${write.sourceServerId}`, () => drs.send(new TagResourceCommand({ resourceArn: write.resourceArn, tags: write.tags })));
    }
  }
  logger.info('Tags synced', { accountId, region, serversTagged: input.writes.length, serversUnchanged: input.serversUnchanged });
  return {
    accountId,
    region,
    status: input.warnings.length > 0 ? 'PARTIAL' : 'SUCCEEDED',
    serversChecked: input.serversChecked,
    serversTagged: input.writes.length,
    serversUnchanged: input.serversUnchanged,
    warnings: input.warnings.slice(0, 20),
    apiCalls,
  };
}

let deps: ApplyTagsDependencies | undefined;
export const handler = taskHandler<ApplyTagsInput, TagSyncTargetResult>({
  name: 'ApplySourceServerTags',
  inputSchema: applyTagsInputSchema,
  outputSchema: applyTagsOutputSchema,
  run: (input) => run(input, (deps ??= { accounts: new TargetAccountRepository(requireEnv(EnvNames.TargetAccountTable)), clients: new AwsClientFactory() })),
});
