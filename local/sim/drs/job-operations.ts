/**
 * DRS StartRecovery, DescribeJobs and DescribeJobLogItems. StartRecovery
 * enforces the service quotas the orchestrator must plan around: 100 servers
 * per job, 20 concurrent jobs and 500 servers in active jobs per account and
 * region; a server already in an active job is a conflict.
 */
import type { DescribeJobLogItemsResponse, DescribeJobsResponse, StartRecoveryResponse } from '@aws-sdk/client-drs';
import { paginate } from '../pagination';
import type { RequestContext } from '../service';
import { conflict, invalidToken, notFound, pageSize, quotaExceeded, validationError } from './errors';
import { isActive, type RecoveryPoint, startLaunchJob } from './jobs';
import { recoverySnapshots } from './recovery-snapshots';
import { renderJob, renderJobLog } from './render';

export const QUOTAS = { serversPerJob: 100, concurrentJobs: 20, serversInActiveJobs: 500 } as const;

interface StartRecoveryInput {
  sourceServers: Array<{ sourceServerID: string; recoverySnapshotID?: string }>;
  isDrill?: boolean;
  tags?: Record<string, string>;
}

export function startRecovery(ctx: RequestContext, raw: Record<string, unknown>): StartRecoveryResponse {
  const input = raw as unknown as StartRecoveryInput;
  const ids = input.sourceServers.map((s) => s.sourceServerID);
  if (new Set(ids).size !== ids.length) throw validationError('sourceServers contains duplicate source server IDs', 'sourceServers');
  const region = ctx.estate.region(ctx.accountId, ctx.region);
  for (const id of ids) {
    if (!region.sourceServers.has(id)) throw notFound('SOURCE_SERVER', id, `Source server ${id} not found`);
  }
  if (ids.length > QUOTAS.serversPerJob) {
    throw quotaExceeded('L-SERVERS-PER-JOB', `A job can include at most ${QUOTAS.serversPerJob} source servers; got ${ids.length}`);
  }
  const active = [...region.jobs.values()].filter(isActive);
  if (active.length >= QUOTAS.concurrentJobs) {
    throw quotaExceeded('L-CONCURRENT-JOBS', `At most ${QUOTAS.concurrentJobs} jobs can run at once in ${ctx.region}`);
  }
  const busy = new Map<string, string>();
  for (const job of active) for (const s of job.servers) busy.set(s.sourceServerId, job.jobId);
  if (busy.size + ids.length > QUOTAS.serversInActiveJobs) {
    throw quotaExceeded('L-SERVERS-IN-ACTIVE-JOBS', `At most ${QUOTAS.serversInActiveJobs} source servers can be in active jobs; ${busy.size} already are`);
  }
  for (const id of ids) {
    const jobId = busy.get(id);
    if (jobId) throw conflict('SOURCE_SERVER', id, `Source server ${id} is already part of active job ${jobId}`);
  }
  // A chosen snapshot must be one DRS still retains; one that is not fails that server's launch.
  const recoveryPoints: Record<string, RecoveryPoint> = {};
  for (const { sourceServerID, recoverySnapshotID } of input.sourceServers) {
    if (recoverySnapshotID === undefined) continue;
    const snapshot = recoverySnapshots(region.sourceServers.get(sourceServerID)!, ctx.now).find((s) => s.snapshotId === recoverySnapshotID);
    recoveryPoints[sourceServerID] = snapshot ? { snapshotAt: snapshot.takenAt } : { missingSnapshotId: recoverySnapshotID };
  }
  const job = startLaunchJob(ctx.estate, region, { sourceServerIds: ids, isDrill: input.isDrill ?? false, tags: input.tags ?? {}, recoveryPoints }, ctx.now);
  return { job: renderJob(job) };
}

interface DescribeJobsInput {
  filters?: { jobIDs?: string[]; fromDate?: string; toDate?: string };
  maxResults?: number;
  nextToken?: string;
}

export function describeJobs(ctx: RequestContext, raw: Record<string, unknown>): DescribeJobsResponse {
  const input = raw as DescribeJobsInput;
  const ids = input.filters?.jobIDs?.length ? new Set(input.filters.jobIDs) : undefined;
  const from = input.filters?.fromDate ? Date.parse(input.filters.fromDate) : -Infinity;
  const to = input.filters?.toDate ? Date.parse(input.filters.toDate) : Infinity;
  const region = ctx.estate.region(ctx.accountId, ctx.region);
  // Newest first, as the DRS console and API list them.
  const selected = [...region.jobs.values()]
    .filter((j) => (!ids || ids.has(j.jobId)) && j.createdAt >= from && j.createdAt <= to)
    .reverse();
  const { page, nextToken } = paginate(selected, pageSize(input.maxResults), input.nextToken, invalidToken);
  return { items: page.map(renderJob), ...(nextToken ? { nextToken } : {}) };
}

export function describeJobLogItems(ctx: RequestContext, raw: Record<string, unknown>): DescribeJobLogItemsResponse {
  const input = raw as { jobID: string; maxResults?: number; nextToken?: string };
  const job = ctx.estate.region(ctx.accountId, ctx.region).jobs.get(input.jobID);
  if (!job) throw notFound('JOB', input.jobID, `Job ${input.jobID} not found`);
  const { page, nextToken } = paginate(job.logs, pageSize(input.maxResults), input.nextToken, invalidToken);
  return { items: page.map(renderJobLog), ...(nextToken ? { nextToken } : {}) };
}
