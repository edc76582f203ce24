import { DescribeSourceServersCommand } from '@aws-sdk/client-drs';
import type { TargetAccountValidation } from '../../contracts/api/target-accounts';
import type { TargetAccountRecord } from '../../contracts/records/target-account';
import type { AwsClientFactory } from '../../lib/aws/clients';
import { callAws } from '../../lib/aws/classify-error';
import { AccessDeniedError, ServiceUnavailableError, ThrottlingError } from '../../lib/errors';

type Check = TargetAccountValidation['assumeRole'];
type RegionCheck = TargetAccountValidation['regions'][number];

/**
 * Checks that the orchestrator can work in a target account: AssumeRole with
 * the ExternalId (through the client factory, the one door), then one cheap
 * DRS read per region. Every failure becomes a FAILED check with a remedy;
 * nothing here throws for an AWS failure, because a failed validation is the
 * answer the operator asked for.
 */
export async function checkAccess(account: TargetAccountRecord, clients: AwsClientFactory, now: Date): Promise<TargetAccountValidation> {
  const target = { accountId: account.accountId, roleArn: account.roleArn, externalId: account.externalId };
  const assumeRole = await checkAssumeRole(account, clients);
  const regions: RegionCheck[] =
    assumeRole.status === 'FAILED'
      ? account.regions.map((region) => ({ region, status: 'SKIPPED', message: 'Not checked: AssumeRole failed.' }))
      : await Promise.all(account.regions.map((region) => checkRegion(clients, { ...target, region })));
  const ok = assumeRole.status !== 'FAILED' && regions.every((r) => r.status === 'OK');
  return { accountId: account.accountId, status: ok ? 'OK' : 'FAILED', checkedAt: now.toISOString(), assumeRole, regions };
}

/** One line for the record's lastValidation: the first failures, or a count of what passed. */
export function summarize(result: TargetAccountValidation): string {
  if (result.status === 'OK') return `AssumeRole ${result.assumeRole.status}; DRS reachable in ${result.regions.length} region(s).`;
  const failures = [
    ...(result.assumeRole.status === 'FAILED' ? [`AssumeRole: ${result.assumeRole.message}`] : []),
    ...result.regions.filter((r) => r.status === 'FAILED').map((r) => `${r.region}: ${r.message}`),
  ];
  return failures.join(' | ').slice(0, 4096);
}

async function checkAssumeRole(account: TargetAccountRecord, clients: AwsClientFactory): Promise<Check> {
  if (account.roleArn === null) return { status: 'SKIPPED', message: 'Hub account: the orchestrator uses its own role.' };
  try {
    await clients.verifyAccess({ accountId: account.accountId, region: account.regions[0]!, roleArn: account.roleArn, externalId: account.externalId });
    return { status: 'OK', message: `Assumed ${account.roleArn}.` };
  } catch (error) {
    const remedy =
      error instanceof AccessDeniedError
        ? ` Remedy: the role's trust policy must allow sts:AssumeRole by the orchestrator's role in the hub account${account.externalId ? ' with a matching sts:ExternalId condition' : ''}, and the hub role must be allowed to assume it.`
        : retryRemedy(error);
    return { status: 'FAILED', message: `${(error as Error).message}.${remedy}` };
  }
}

async function checkRegion(clients: AwsClientFactory, target: Parameters<AwsClientFactory['drs']>[0]): Promise<RegionCheck> {
  try {
    const drs = clients.drs(target);
    await callAws(`DescribeSourceServers in ${target.region}`, () => drs.send(new DescribeSourceServersCommand({ maxResults: 1 })));
    return { region: target.region, status: 'OK', message: 'DRS answered DescribeSourceServers.' };
  } catch (error) {
    const message = (error as Error).message;
    const remedy =
      error instanceof AccessDeniedError
        ? ' Remedy: grant the role the DRS read actions (drs:Describe*) from the target-account role template.'
        : /UninitializedAccount/.test(message)
          ? ` Remedy: initialize Elastic Disaster Recovery in ${target.region} (DRS console, or drs:InitializeService).`
          : retryRemedy(error);
    return { region: target.region, status: 'FAILED', message: `${message}.${remedy}` };
  }
}

function retryRemedy(error: unknown): string {
  return error instanceof ThrottlingError || error instanceof ServiceUnavailableError ? ' Remedy: temporary; validate again shortly.' : '';
}
