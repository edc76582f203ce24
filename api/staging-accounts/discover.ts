/**
 * GET /accounts/targets/{id}/staging-accounts/discover: DRS ListStagingAccounts
 * in each of the target account's regions the active-region filter keeps.
 * DRS answers the staging accounts the target account already has extended
 * servers from (not every account that trusts it), so this finds what was
 * extended outside the orchestrator. A region that fails is reported, not fatal.
 */
import { paginateListStagingAccounts } from '@aws-sdk/client-drs';
import type { StagingAccountDiscovery } from '../../contracts/api/staging-accounts';
import type { TargetAccountRecord } from '../../contracts/records/target-account';
import type { AwsClientFactory } from '../../lib/aws/clients';
import { callAws } from '../../lib/aws/classify-error';
import type { ActiveRegionFilter } from '../../lib/regions/active-region-filter';

export async function discoverStagingAccounts(
  account: TargetAccountRecord,
  deps: { awsClients: AwsClientFactory; activeRegions: Pick<ActiveRegionFilter, 'plan'> },
): Promise<StagingAccountDiscovery> {
  const plan = await deps.activeRegions.plan('staging-account-discovery', [{ accountId: account.accountId, regions: account.regions }]);
  const regions = plan.targets.map((t) => t.region);
  const found = new Map<string, string[]>();
  const errors: StagingAccountDiscovery['errors'] = [];
  await Promise.all(
    regions.map(async (region) => {
      const drs = deps.awsClients.drs({ accountId: account.accountId, region, roleArn: account.roleArn, externalId: account.externalId });
      try {
        await callAws(`ListStagingAccounts in ${account.accountId}/${region}`, async () => {
          for await (const page of paginateListStagingAccounts({ client: drs, pageSize: 50 }, {})) {
            for (const { accountID } of page.accounts ?? []) {
              if (accountID && accountID !== account.accountId) found.set(accountID, [...(found.get(accountID) ?? []), region]);
            }
          }
        });
      } catch (error) {
        errors.push({ region, message: (error as Error).message });
      }
    }),
  );
  const configured = new Set((account.stagingAccounts ?? []).map((s) => s.accountId));
  return {
    targetAccountId: account.accountId,
    stagingAccounts: [...found.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([accountId, from]) => ({ accountId, discoveredFrom: from.sort(), configured: configured.has(accountId) })),
    regionsScanned: [...regions].sort(),
    errors: errors.sort((a, b) => a.region.localeCompare(b.region)),
  };
}
