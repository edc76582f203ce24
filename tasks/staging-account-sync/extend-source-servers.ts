import { CreateExtendedSourceServerCommand } from '@aws-sdk/client-drs';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SyncFinding } from '../../contracts/records/sync-run';
import {
  extendSourceServersInputSchema,
  extendSourceServersOutputSchema,
  type ExtendSourceServersInput,
  type StagingSyncTargetResult,
} from '../../contracts/tasks/staging-account-sync';
import { AwsClientFactory } from '../../lib/aws/clients';
import { classifyAwsError } from '../../lib/aws/classify-error';
import { EnvNames, requireEnv } from '../../lib/config';
import { NotFoundError } from '../../lib/errors';
import { logger, metrics } from '../../lib/observability';
import { TargetAccountRepository } from '../../lib/repositories/target-accounts';
import { classifyExtensionRefusal } from '../../lib/staging/findings';
import { taskHandler } from '../../lib/task-handler';

export interface ExtendSourceServersDependencies {
  readonly accounts: Pick<TargetAccountRepository, 'get'>;
  readonly clients: Pick<AwsClientFactory, 'drs'>;
}

/**
 * Extends the planned staging servers into the target account, one
 * CreateExtendedSourceServer each: the only task whose role may call it. A
 * refusal becomes a finding with its remedy (quota reached: the region stops
 * here; default EBS key: that server is skipped); throttling, 5xx and access
 * denied fail the task, for the machine to retry or isolate. A retried task
 * meets the servers it extended before as refusals (already extended) and
 * goes on.
 */
export async function run(input: ExtendSourceServersInput, deps: ExtendSourceServersDependencies): Promise<StagingSyncTargetResult> {
  const { accountId, region } = input;
  const apiCalls: Record<string, number> = { ...input.apiCalls };
  const findings: SyncFinding[] = [...input.findings];
  let extended = 0;
  let notExtended = 0;
  if (input.candidates.length > 0) {
    const account = await deps.accounts.get(accountId);
    if (!account) throw new NotFoundError(`Account ${accountId} is not a registered target account`);
    const drs = deps.clients.drs({ accountId, region, roleArn: account.roleArn ?? null, externalId: account.externalId ?? null });
    for (const [i, candidate] of input.candidates.entries()) {
      apiCalls.drs = (apiCalls.drs ?? 0) + 1;
      try {
        await drs.send(new CreateExtendedSourceServerCommand({ sourceServerArn: candidate.sourceServerArn }));
        extended += 1;
      } catch (error) {
        const refusal = classifyExtensionRefusal(error, { accountId, region });
        if (!refusal) throw classifyAwsError(error, `DRS CreateExtendedSourceServer ${candidate.sourceServerArn}`);
        notExtended += 1;
        const { stopRegion, ...finding } = refusal;
        findings.push({ ...finding, accountId, region, stagingAccountId: candidate.stagingAccountId, sourceServerArn: candidate.sourceServerArn, ...(candidate.hostname ? { hostname: candidate.hostname } : {}) });
        if (stopRegion) {
          notExtended += input.candidates.length - i - 1;
          break;
        }
      }
    }
  }
  metrics.addDimension('SyncName', 'staging-account-sync');
  metrics.addMetric('SourceServersExtended', MetricUnit.Count, extended);
  logger.info('Staging servers extended', { accountId, region, extended, notExtended, findings: findings.length });
  return {
    accountId,
    region,
    status: notExtended > 0 || input.warnings.length > 0 ? 'PARTIAL' : 'SUCCEEDED',
    stagingAccounts: input.stagingAccountIds.length,
    extensible: input.extensible,
    extended,
    notExtended,
    findings: findings.slice(0, 200),
    warnings: input.warnings.slice(0, 20),
    apiCalls,
  };
}

let deps: ExtendSourceServersDependencies | undefined;
export const handler = taskHandler<ExtendSourceServersInput, StagingSyncTargetResult>({
  name: 'ExtendSourceServers',
  inputSchema: extendSourceServersInputSchema,
  outputSchema: extendSourceServersOutputSchema,
  run: (input) => run(input, (deps ??= { accounts: new TargetAccountRepository(requireEnv(EnvNames.TargetAccountTable)), clients: new AwsClientFactory() })),
});
