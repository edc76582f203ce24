/** DRS DescribeRecoveryInstances and TerminateRecoveryInstances. */
import type { DescribeRecoveryInstancesResponse, TerminateRecoveryInstancesResponse } from '@aws-sdk/client-drs';
import { paginate } from '../pagination';
import type { RequestContext } from '../service';
import { conflict, invalidToken, notFound, pageSize, validationError } from './errors';
import { isActive, startTerminateJob } from './jobs';
import { renderJob, renderRecoveryInstance } from './render';

interface DescribeRecoveryInstancesInput {
  filters?: { recoveryInstanceIDs?: string[]; sourceServerIDs?: string[] };
  maxResults?: number;
  nextToken?: string;
}

export function describeRecoveryInstances(ctx: RequestContext, raw: Record<string, unknown>): DescribeRecoveryInstancesResponse {
  const input = raw as DescribeRecoveryInstancesInput;
  const ids = input.filters?.recoveryInstanceIDs?.length ? new Set(input.filters.recoveryInstanceIDs) : undefined;
  const sources = input.filters?.sourceServerIDs?.length ? new Set(input.filters.sourceServerIDs) : undefined;
  const region = ctx.estate.region(ctx.accountId, ctx.region);
  const selected = [...region.recoveryInstances.values()].filter(
    (ri) => (!ids || ids.has(ri.recoveryInstanceId)) && (!sources || sources.has(ri.sourceServerId)),
  );
  const { page, nextToken } = paginate(selected, pageSize(input.maxResults), input.nextToken, invalidToken);
  return {
    items: page.map((ri) =>
      renderRecoveryInstance(ri, region.sourceServers.get(ri.sourceServerId), region.instances.get(ri.recoveryInstanceId), ctx.accountId, ctx.region),
    ),
    ...(nextToken ? { nextToken } : {}),
  };
}

const FAILBACK_BUSY = new Set(['FAILBACK_IN_PROGRESS', 'FAILBACK_READY_FOR_LAUNCH']);

export function terminateRecoveryInstances(ctx: RequestContext, raw: Record<string, unknown>): TerminateRecoveryInstancesResponse {
  const ids = (raw as { recoveryInstanceIDs: string[] }).recoveryInstanceIDs;
  if (new Set(ids).size !== ids.length) throw validationError('recoveryInstanceIDs contains duplicates', 'recoveryInstanceIDs');
  const region = ctx.estate.region(ctx.accountId, ctx.region);
  const terminating = new Set(
    [...region.jobs.values()].filter((j) => j.type === 'TERMINATE' && isActive(j)).flatMap((j) => j.servers.map((s) => s.recoveryInstanceId)),
  );
  for (const id of ids) {
    const ri = region.recoveryInstances.get(id);
    if (!ri) throw notFound('RECOVERY_INSTANCE', id, `Recovery instance ${id} not found`);
    if (FAILBACK_BUSY.has(ri.failback.state)) {
      throw conflict('RECOVERY_INSTANCE', id, `Cannot terminate recovery instance ${id} while failback is in progress (${ri.failback.state})`);
    }
    if (terminating.has(id)) throw conflict('RECOVERY_INSTANCE', id, `Recovery instance ${id} is already being terminated`);
  }
  return { job: renderJob(startTerminateJob(ctx.estate, region, ids, ctx.now)) };
}
