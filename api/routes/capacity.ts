import {
  combinedCapacitySchema,
  drsQuotasQuerySchema,
  drsQuotaStatusSchema,
  type CombinedCapacity,
  type DrsQuotasQuery,
  type DrsQuotaStatus,
} from '../../contracts/api/capacity';
import { targetAccountPathSchema, type TargetAccountPath } from '../../contracts/api/target-accounts';
import type { TargetAccountRecord } from '../../contracts/records/target-account';
import { NotFoundError } from '../../lib/errors';
import { inventoryKey } from '../../lib/repositories/source-server-inventory';
import { ActiveRegionFilter } from '../../lib/regions/active-region-filter';
import { accountsToRead, capacityStatus, combine, DRS_LIMITS, readAccount, readJobCounts, readServerCounts } from '../../lib/staging/capacity';
import type { ApiDeps } from '../deps';
import { defineRoute, type Route } from '../framework/route';

const TAG = 'Capacity';

/** The target accounts' regions the active-region filter keeps (every registered one while the region status is empty). */
async function activeRegions(deps: ApiDeps, accounts: readonly TargetAccountRecord[]): Promise<Map<string, string[]>> {
  const plan = await new ActiveRegionFilter({ statuses: deps.regionStatus, now: deps.now }).plan('capacity', accounts.map((a) => ({ accountId: a.accountId, regions: a.regions })));
  const byAccount = new Map<string, string[]>(accounts.map((a) => [a.accountId, []]));
  for (const t of plan.targets) byAccount.get(t.accountId)?.push(t.region);
  return byAccount;
}

async function capacityOf(deps: ApiDeps, targets: readonly TargetAccountRecord[]): Promise<CombinedCapacity> {
  const regions = await activeRegions(deps, targets);
  const now = deps.now();
  // Inventory first for the target accounts; a table that cannot be read leaves DRS to answer.
  const markers = await deps.inventory.listMarkers().catch(() => undefined);
  const inventory = markers ? { markers: new Map(markers.map((m) => [inventoryKey(m.accountId, m.region), m])), listAccountRegion: (a: string, r: string) => deps.inventory.listAccountRegion(a, r) } : undefined;
  const readings = await Promise.all(targets.flatMap((t) => accountsToRead(t, regions.get(t.accountId) ?? [])).map((a) => readAccount(deps.awsClients, a, now, inventory)));
  return combine(readings, now);
}

/** Replicating servers against DRS's limits, per target account with its staging accounts, and the quotas of one account-region. */
export const capacityRoutes: readonly Route[] = [
  defineRoute<{ path: TargetAccountPath; response: CombinedCapacity }>({
    operationId: 'get_target_account_capacity',
    method: 'GET',
    path: '/accounts/targets/{id}/capacity',
    tag: TAG,
    summary: 'Capacity of a target account and its staging accounts',
    description:
      'Replicating servers of the target account and each staging account against the 300 per account and region (percentUsed and status by the busiest region), active jobs and servers in them against 20 and 500, the largest active job against 100. Read-only DRS reads in the active regions; an account that cannot be read is listed with accessible false.',
    access: 'ReadOnly',
    effect: 'read',
    pathSchema: targetAccountPathSchema,
    response: { status: 200, description: 'The original platform’s CombinedCapacityData.', schema: combinedCapacitySchema },
    handle: async ({ pathParams }, deps) => capacityOf(deps, [await deps.targetAccounts.require(pathParams.id)]),
  }),

  defineRoute<{ response: CombinedCapacity }>({
    operationId: 'get_all_accounts_capacity',
    method: 'GET',
    path: '/accounts/capacity/all',
    tag: TAG,
    summary: 'Capacity of every target account and its staging accounts',
    description: 'As get_target_account_capacity, over every registered target account in one answer (the Dashboard’s view).',
    access: 'ReadOnly',
    effect: 'read',
    response: { status: 200, description: 'The original platform’s CombinedCapacityData over all accounts.', schema: combinedCapacitySchema },
    handle: async (_request, deps) => capacityOf(deps, await deps.targetAccounts.list()),
  }),

  defineRoute<{ query: DrsQuotasQuery; response: DrsQuotaStatus }>({
    operationId: 'get_drs_quotas',
    method: 'GET',
    path: '/drs/quotas',
    tag: TAG,
    summary: 'DRS quotas and their use in one account-region',
    description: 'The DRS limits and, read from DRS now, the source servers, replicating servers, active jobs and servers in active jobs of the registered account in the region (the original platform’s DRSQuotaStatus).',
    access: 'ReadOnly',
    effect: 'read',
    querySchema: drsQuotasQuerySchema,
    response: { status: 200, description: 'Limits and current use.', schema: drsQuotaStatusSchema },
    handle: async ({ query }, deps) => {
      const account = await deps.targetAccounts.get(query.accountId);
      if (!account) throw new NotFoundError(`Target account ${query.accountId} does not exist`);
      const target = { accountId: account.accountId, region: query.region, roleArn: account.roleArn, externalId: account.externalId };
      const base = { accountId: account.accountId, accountName: account.name, region: query.region, limits: { ...DRS_LIMITS } };
      try {
        const [servers, jobs] = await Promise.all([readServerCounts(deps.awsClients, target), readJobCounts(deps.awsClients, target, deps.now())]);
        const status = capacityStatus(servers.replicatingServers);
        return {
          ...base,
          capacity: {
            totalSourceServers: servers.totalServers,
            replicatingServers: servers.replicatingServers,
            maxReplicatingServers: DRS_LIMITS.MAX_REPLICATING_SERVERS,
            maxSourceServers: DRS_LIMITS.MAX_SOURCE_SERVERS,
            availableReplicatingSlots: DRS_LIMITS.MAX_REPLICATING_SERVERS - servers.replicatingServers,
            // The quota shape has no HYPER-CRITICAL.
            status: status === 'HYPER-CRITICAL' ? 'CRITICAL' : status,
            message: `${servers.replicatingServers} of ${DRS_LIMITS.MAX_REPLICATING_SERVERS} replicating servers in ${query.region}.`,
          },
          concurrentJobs: { current: jobs.activeJobs, max: DRS_LIMITS.MAX_CONCURRENT_JOBS, available: DRS_LIMITS.MAX_CONCURRENT_JOBS - jobs.activeJobs },
          serversInJobs: { current: jobs.serversInActiveJobs, max: DRS_LIMITS.MAX_SERVERS_IN_ALL_JOBS },
        };
      } catch (error) {
        return {
          ...base,
          capacity: {
            totalSourceServers: 0,
            replicatingServers: 0,
            maxReplicatingServers: DRS_LIMITS.MAX_REPLICATING_SERVERS,
            maxSourceServers: DRS_LIMITS.MAX_SOURCE_SERVERS,
            availableReplicatingSlots: DRS_LIMITS.MAX_REPLICATING_SERVERS,
            status: 'UNKNOWN',
            message: 'DRS could not be read.',
            error: (error as Error).message,
          },
          concurrentJobs: { current: null, max: DRS_LIMITS.MAX_CONCURRENT_JOBS, available: null },
          serversInJobs: { current: null, max: DRS_LIMITS.MAX_SERVERS_IN_ALL_JOBS },
        };
      }
    },
  }),
];
