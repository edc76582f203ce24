/** DRS DescribeSourceServers. */
import type { DescribeSourceServersResponse } from '@aws-sdk/client-drs';
import { paginate } from '../pagination';
import type { RequestContext } from '../service';
import { invalidToken, pageSize } from './errors';
import { renderSourceServer } from './render';

interface DescribeSourceServersInput {
  filters?: { sourceServerIDs?: string[]; hardwareId?: string; stagingAccountIDs?: string[] };
  maxResults?: number;
  nextToken?: string;
}

export function describeSourceServers(ctx: RequestContext, raw: Record<string, unknown>): DescribeSourceServersResponse {
  const input = raw as DescribeSourceServersInput;
  const filters = input.filters ?? {};
  const ids = filters.sourceServerIDs?.length ? new Set(filters.sourceServerIDs) : undefined;
  const staging = filters.stagingAccountIDs?.length ? new Set(filters.stagingAccountIDs) : undefined;
  const region = ctx.estate.region(ctx.accountId, ctx.region);
  const selected = [...region.sourceServers.values()].filter(
    (s) =>
      (!ids || ids.has(s.sourceServerId)) &&
      (!staging || staging.has(s.staging.accountId)) &&
      // The hardware id is the source's own identity: its EC2 instance id or VMware UUID.
      (!filters.hardwareId || filters.hardwareId === (s.origin.environment === 'AWS' ? s.origin.instanceId : s.origin.vmWareUuid)),
  );
  const { page, nextToken } = paginate(selected, pageSize(input.maxResults), input.nextToken, invalidToken);
  return { items: page.map((s) => renderSourceServer(s, ctx.now)), ...(nextToken ? { nextToken } : {}) };
}
