/**
 * POST /staging-accounts/validate (the original platform's check before
 * adding a staging account): assume the staging role with its ExternalId,
 * then read the account's source servers in the region to count them. Every
 * failure is an answer (valid false, with the error), not an error status.
 */
import { paginateDescribeSourceServers, type SourceServer } from '@aws-sdk/client-drs';
import type { StagingAccountValidation, ValidateStagingAccountRequest } from '../../contracts/api/staging-accounts';
import type { AwsClientFactory } from '../../lib/aws/clients';
import { callAws } from '../../lib/aws/classify-error';
import type { TargetAccountRepository } from '../../lib/repositories/target-accounts';
import { isReplicating } from '../../lib/staging/replicating';

const PAGE_SIZE = 1000;

async function readServers(clients: AwsClientFactory, target: Parameters<AwsClientFactory['drs']>[0]): Promise<SourceServer[]> {
  const servers: SourceServer[] = [];
  await callAws(`DescribeSourceServers in ${target.accountId}/${target.region}`, async () => {
    for await (const page of paginateDescribeSourceServers({ client: clients.drs(target), pageSize: PAGE_SIZE }, {})) servers.push(...(page.items ?? []));
  });
  return servers;
}

const errorCode = (error: unknown): string => {
  const cause = (error as { cause?: { name?: string } }).cause;
  return cause?.name ?? (error as Error).name;
};

export async function validateStagingAccount(
  body: ValidateStagingAccountRequest,
  deps: { awsClients: AwsClientFactory; targetAccounts: Pick<TargetAccountRepository, 'get'> },
): Promise<StagingAccountValidation> {
  const target = { accountId: body.accountId, region: body.region, roleArn: body.roleArn, externalId: body.externalId };
  const empty = { currentServers: 0, replicatingServers: 0, totalAfter: 0 };
  try {
    await deps.awsClients.verifyAccess(target);
  } catch (error) {
    return {
      valid: false,
      roleAccessible: false,
      drsInitialized: false,
      ...empty,
      error: `Cannot assume ${body.roleArn}: ${(error as Error).message}. Remedy: the role's trust policy must allow the orchestrator's hub role with this sts:ExternalId.`,
      details: { roleErrorCode: errorCode(error) },
    };
  }
  let servers: SourceServer[];
  try {
    servers = await readServers(deps.awsClients, target);
  } catch (error) {
    const uninitialized = errorCode(error) === 'UninitializedAccountException';
    return {
      valid: false,
      roleAccessible: true,
      drsInitialized: !uninitialized,
      ...empty,
      error: uninitialized
        ? `DRS is not initialized in ${body.accountId} ${body.region}. Remedy: initialize Elastic Disaster Recovery in that region of the staging account.`
        : (error as Error).message,
      details: uninitialized ? { uninitializedRegions: [body.region], drsError: (error as Error).message } : { drsError: (error as Error).message },
    };
  }
  const replicatingServers = servers.filter(isReplicating).length;
  let totalAfter = replicatingServers;
  if (body.targetAccountId) {
    const existing = (await deps.targetAccounts.get(body.targetAccountId))?.stagingAccounts ?? [];
    for (const staging of existing.filter((s) => s.accountId !== body.accountId)) {
      try {
        const theirs = await readServers(deps.awsClients, { accountId: staging.accountId, region: body.region, roleArn: staging.roleArn, externalId: staging.externalId });
        totalAfter += theirs.filter(isReplicating).length;
      } catch {
        // An unreadable staging account adds nothing it cannot show; capacity reports it.
      }
    }
  }
  return {
    valid: true,
    roleAccessible: true,
    drsInitialized: true,
    currentServers: servers.length,
    replicatingServers,
    totalAfter,
    details: { initializedRegions: [body.region] },
  };
}
