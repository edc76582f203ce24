import { paginateDescribeRecoveryInstances, paginateDescribeSourceServers, type DrsClient, type RecoveryInstance, type SourceServer } from '@aws-sdk/client-drs';
import { chunk } from '../../../lib/dynamodb';
import type { ApiCallCounter } from './api-call-counter';
import { readPages } from './read-pages';

/** DRS filters take at most 200 ids (DescribeSourceServersRequestFiltersIDs, SourceServerIDs). */
export const DRS_FILTER_ID_LIMIT = 200;
/** Page size (maxResults) for listing; DRS returns fewer when it likes, and the paginator follows nextToken. */
const PAGE_SIZE = 200;

/** Every recovery instance in the account-region, or those of the given source servers. */
export async function listRecoveryInstances(drs: DrsClient, counter: ApiCallCounter, sourceServerIds?: readonly string[]): Promise<RecoveryInstance[]> {
  const batches = sourceServerIds ? chunk(sourceServerIds, DRS_FILTER_ID_LIMIT) : [undefined];
  const instances: RecoveryInstance[] = [];
  for (const ids of batches) {
    const pages = paginateDescribeRecoveryInstances({ client: drs, pageSize: PAGE_SIZE }, ids ? { filters: { sourceServerIDs: [...ids] } } : {});
    await readPages('DRS DescribeRecoveryInstances', counter, 'drs', pages, (page) => instances.push(...(page.items ?? [])));
  }
  return instances;
}

/** The source servers with these ids, 200 per call. */
export async function describeSourceServers(drs: DrsClient, counter: ApiCallCounter, ids: readonly string[]): Promise<Map<string, SourceServer>> {
  const servers = new Map<string, SourceServer>();
  for (const batch of chunk([...new Set(ids)], DRS_FILTER_ID_LIMIT)) {
    const pages = paginateDescribeSourceServers({ client: drs, pageSize: PAGE_SIZE }, { filters: { sourceServerIDs: batch } });
    await readPages('DRS DescribeSourceServers', counter, 'drs', pages, (page) => {
      for (const server of page.items ?? []) if (server.sourceServerID) servers.set(server.sourceServerID, server);
    });
  }
  return servers;
}
