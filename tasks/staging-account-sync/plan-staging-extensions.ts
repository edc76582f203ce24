import { paginateListExtensibleSourceServers, paginateListStagingAccounts, type StagingSourceServer } from '@aws-sdk/client-drs';
import type { SyncFinding } from '../../contracts/records/sync-run';
import {
  MAX_EXTENSIONS_PER_RUN,
  planStagingExtensionsInputSchema,
  planStagingExtensionsOutputSchema,
  type PlanStagingExtensionsInput,
  type PlanStagingExtensionsOutput,
} from '../../contracts/tasks/staging-account-sync';
import { AwsClientFactory } from '../../lib/aws/clients';
import { processClock } from '../../lib/clock';
import { EnvNames, requireEnv } from '../../lib/config';
import { AccessDeniedError, NotFoundError } from '../../lib/errors';
import { logger } from '../../lib/observability';
import { RegionStatusRepository } from '../../lib/repositories/region-status';
import { TargetAccountRepository } from '../../lib/repositories/target-accounts';
import { NOT_TRUSTED_REMEDY } from '../../lib/staging/findings';
import { taskHandler } from '../../lib/task-handler';
import { ApiCallCounter } from '../recovery-instance-sync/lib/api-call-counter';
import { readPages } from '../recovery-instance-sync/lib/read-pages';
import { countSourceServers, isUninitializedAccount, recordRegionStatus, type RegionStatusWriter } from '../recovery-instance-sync/lib/region-status';

export interface PlanStagingExtensionsDependencies {
  readonly accounts: Pick<TargetAccountRepository, 'get'>;
  readonly clients: Pick<AwsClientFactory, 'drs' | 'verifyAccess'>;
  readonly regionStatus: RegionStatusWriter;
  readonly now: () => Date;
}

/**
 * Reads, in one target account-region, which staging servers can be extended
 * into it: the staging accounts configured on the target account plus those
 * DRS ListStagingAccounts names (it already has extended servers from them),
 * then ListExtensibleSourceServers for each. Read-only: it extends nothing
 * (its role has no drs:CreateExtendedSourceServer). A staging account that
 * does not trust the target is a finding, not a failure. Where the filter
 * kept the region for any reason but "active", it records the region status.
 */
export async function run(input: PlanStagingExtensionsInput, deps: PlanStagingExtensionsDependencies): Promise<PlanStagingExtensionsOutput> {
  const { accountId, region } = input;
  const counter = new ApiCallCounter();
  const account = await deps.accounts.get(accountId);
  if (!account) throw new NotFoundError(`Account ${accountId} is not a registered target account`);
  const target = { accountId, region, roleArn: account.roleArn ?? null, externalId: account.externalId ?? null };
  const learnsStatus = input.reason !== 'active';
  const status = (serverCount: number, initialized: boolean, error?: Error) =>
    recordRegionStatus(deps.regionStatus, {
      accountId,
      region,
      serverCount,
      initialized,
      lastChecked: deps.now().toISOString(),
      checkedBy: `staging-account-sync (${input.reason})`,
      lastError: error ? { errorName: error.name, message: error.message.slice(0, 2048), at: deps.now().toISOString() } : null,
    });
  await deps.clients.verifyAccess(target);
  const drs = deps.clients.drs(target);

  const staging = new Set((account.stagingAccounts ?? []).map((s) => s.accountId));
  const configured = new Set(staging);
  try {
    await readPages('DRS ListStagingAccounts', counter, 'drs', paginateListStagingAccounts({ client: drs, pageSize: 50 }, {}), (page) => {
      for (const { accountID } of page.accounts ?? []) if (accountID && accountID !== accountId) staging.add(accountID);
    });
    if (learnsStatus) await status(await countSourceServers(drs, counter), true);
  } catch (error) {
    if (isUninitializedAccount(error)) {
      if (learnsStatus) await status(0, false);
      return { accountId, region, stagingAccountIds: [], extensible: 0, candidates: [], findings: [], warnings: ['DRS is not initialized in this account-region'], apiCalls: counter.toJSON() };
    }
    if (learnsStatus) await status(0, true, error as Error);
    throw error;
  }

  const findings: SyncFinding[] = [];
  const warnings: string[] = [];
  const candidates: PlanStagingExtensionsOutput['candidates'] = [];
  let extensible = 0;
  for (const stagingAccountId of [...staging].sort()) {
    if (!configured.has(stagingAccountId)) {
      findings.push({
        kind: 'STAGING_ACCOUNT_NOT_CONFIGURED',
        accountId,
        region,
        stagingAccountId,
        message: `DRS lists ${stagingAccountId} as a staging account of ${accountId} (servers were extended from it), but the orchestrator does not.`,
        remedy: `Add it (POST /api/accounts/targets/${accountId}/staging-accounts) so capacity counts it; the sync extends its servers either way.`,
      });
    }
    const servers: StagingSourceServer[] = [];
    try {
      const pages = paginateListExtensibleSourceServers({ client: drs, pageSize: 300 }, { stagingAccountID: stagingAccountId });
      await readPages(`DRS ListExtensibleSourceServers (${stagingAccountId})`, counter, 'drs', pages, (page) => servers.push(...(page.items ?? [])));
    } catch (error) {
      if (!(error instanceof AccessDeniedError)) throw error;
      findings.push({ kind: 'STAGING_ACCOUNT_NOT_TRUSTED', accountId, region, stagingAccountId, message: error.message.slice(0, 2048), remedy: NOT_TRUSTED_REMEDY });
      continue;
    }
    extensible += servers.length;
    for (const server of servers) {
      if (!server.arn) continue;
      if (candidates.length >= MAX_EXTENSIONS_PER_RUN) continue;
      candidates.push({ stagingAccountId, sourceServerArn: server.arn, ...(server.hostname ? { hostname: server.hostname.slice(0, 256) } : {}) });
    }
  }
  if (extensible > candidates.length) warnings.push(`${extensible - candidates.length} extensible server(s) left for the next run (at most ${MAX_EXTENSIONS_PER_RUN} a run)`);
  logger.info('Staging extensions planned', { accountId, region, stagingAccounts: staging.size, extensible, candidates: candidates.length, findings: findings.length });
  return { accountId, region, stagingAccountIds: [...staging].sort(), extensible, candidates, findings, warnings, apiCalls: counter.toJSON() };
}

let deps: PlanStagingExtensionsDependencies | undefined;
export const handler = taskHandler<PlanStagingExtensionsInput, PlanStagingExtensionsOutput>({
  name: 'PlanStagingExtensions',
  inputSchema: planStagingExtensionsInputSchema,
  outputSchema: planStagingExtensionsOutputSchema,
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
