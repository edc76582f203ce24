import {
  DescribeRecoveryInstancesCommand,
  DescribeSourceServersCommand,
  type DrsClient,
  type RecoveryInstance,
  type SourceServer,
} from '@aws-sdk/client-drs';
import { callAws } from '../../../lib/aws/classify-error';
import { chunk } from '../../../lib/dynamodb';
import type { ApiCallCounter } from './api-call-counter';

/** DRS filters take at most 200 ids (DescribeSourceServersRequestFiltersIDs, SourceServerIDs). */
export const DRS_FILTER_ID_LIMIT = 200;
/** Page size for listing; DRS returns fewer when it likes, and nextToken carries on. */
const PAGE_SIZE = 200;

/** Every recovery instance in the account-region, or those of the given source servers. */
export async function listRecoveryInstances(drs: DrsClient, counter: ApiCallCounter, sourceServerIds?: readonly string[]): Promise<RecoveryInstance[]> {
  const batches = sourceServerIds ? chunk(sourceServerIds, DRS_FILTER_ID_LIMIT) : [undefined];
  const instances: RecoveryInstance[] = [];
  for (const ids of batches) {
    let nextToken: string | undefined;
    do {
      counter.count('drs');
      const page = await callAws('DRS DescribeRecoveryInstances', () =>
        drs.send(new DescribeRecoveryInstancesCommand({ maxResults: PAGE_SIZE, nextToken, ...(ids ? { filters: { sourceServerIDs: ids } } : {}) })),
      );
      instances.push(...(page.items ?? []));
      nextToken = page.nextToken || undefined;
    } while (nextToken);
  }
  return instances;
}

/** The source servers with these ids, 200 per call. */
export async function describeSourceServers(drs: DrsClient, counter: ApiCallCounter, ids: readonly string[]): Promise<Map<string, SourceServer>> {
  const servers = new Map<string, SourceServer>();
  for (const batch of chunk([...new Set(ids)], DRS_FILTER_ID_LIMIT)) {
    let nextToken: string | undefined;
    do {
      counter.count('drs');
      const page = await callAws('DRS DescribeSourceServers', () =>
        drs.send(new DescribeSourceServersCommand({ filters: { sourceServerIDs: batch }, maxResults: PAGE_SIZE, nextToken })),
      );
      for (const server of page.items ?? []) if (server.sourceServerID) servers.set(server.sourceServerID, server);
      nextToken = page.nextToken || undefined;
    } while (nextToken);
  }
  return servers;
}
