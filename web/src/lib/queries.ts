import type { ApiClient } from '../api/client';

/**
 * Each API read the console makes, as a cache key and a loader. Pages,
 * prefetches and the Dashboard use the same definitions, so a list the
 * Dashboard loaded is the list the next page shows at once, and a link's
 * prefetch is the request its page takes.
 */
export interface QueryDef<T> {
  readonly queryKey: readonly unknown[];
  readonly queryFn: (context: { signal: AbortSignal }) => Promise<T>;
}

/*
 * The loaders do not take TanStack's abort signal: a query whose queryFn reads
 * the signal is aborted when its last observer unmounts, and the page that
 * mounts next sends the same request again. A deep link's slow check (the
 * entry's prefetch, then the page's first render after its 300 ms wait) was
 * sent twice that way. A read left to finish lands in the cache for whoever
 * asks next.
 */
const def = <T>(queryKey: readonly unknown[], queryFn: (signal?: AbortSignal) => Promise<T>): QueryDef<T> => ({ queryKey, queryFn: () => queryFn() });

export const queries = {
  recoveryPlans: (client: ApiClient) => def(['recovery-plans'], (signal) => client.listRecoveryPlans(signal)),
  checkExisting: (client: ApiClient, planId: string) => def(['recovery-plans', planId, 'check-existing-instances'], (signal) => client.checkExistingInstances(planId, signal)),
  syncStatus: (client: ApiClient, limit: number) => def(['sync-status', limit], (signal) => client.syncStatus(limit, signal)),
  targetAccounts: (client: ApiClient) => def(['target-accounts'], (signal) => client.listTargetAccounts(signal)),
  drsRegions: (client: ApiClient) => def(['drs-regions'], (signal) => client.listDrsRegions(signal)),
  recoveryInstanceFacets: (client: ApiClient) => def(['recovery-instances', 'facets'], (signal) => client.getRecoveryInstanceFacets(signal)),
  tagSyncSettings: (client: ApiClient) => def(['tag-sync', 'settings'], (signal) => client.getTagSyncSettings(signal)),
  sourceServerInventory: (client: ApiClient) => def(['source-server-inventory'], () => client.listAllSourceServerInventory()),
  drsReplication: (client: ApiClient) => def(['drs-replication'], (signal) => client.getDrsReplication(signal)),
  tagSyncStatus: (client: ApiClient) => def(['tag-sync', 'status'], (signal) => client.tagSyncStatus(signal)),
  stagingSyncStatus: (client: ApiClient) => def(['staging-sync', 'status'], (signal) => client.stagingSyncStatus(signal)),
  capacityAll: (client: ApiClient) => def(['capacity', 'all'], (signal) => client.allAccountsCapacity(signal)),
};
