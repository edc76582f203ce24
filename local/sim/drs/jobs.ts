/**
 * The DRS job engine. A job's whole timeline is planned when it starts and
 * queued on the estate's virtual-time scheduler; each event then changes the
 * job, its log and the estate (EC2 instances, recovery instances, source
 * servers) when virtual time reaches it.
 *
 * Launch job, per server (virtual time, randomised within realistic ranges):
 *   SNAPSHOT_START (launchStatus IN_PROGRESS) → SNAPSHOT_END (30–90 s)
 *   → CONVERSION_START → CONVERSION_END (3–7 min)
 *   → LAUNCH_START (EC2 instance pending; a previous recovery instance of the
 *     server is terminated and replaced) → launched (45–120 s: instance
 *     running, launchStatus LAUNCHED) or LAUNCH_FAILED (launchStatus FAILED).
 * JOB_START moves the job to STARTED; JOB_END, after the last server, to
 * COMPLETED. There is no LAUNCH_END event: the model's JobLogEvent enum has none.
 * A stuck job stops after CONVERSION_START and stays STARTED forever.
 *
 * Terminate job: the instances start shutting down at once; CLEANUP_START,
 * then per instance CLEANUP_END (30–90 s: instance terminated, recovery
 * instance removed), then JOB_END.
 */
import type { InitiatedBy } from '@aws-sdk/client-drs';
import { launchInstance, setInstanceState } from '../ec2/instances';
import type { Estate } from '../state/estate';
import type { JobLogRecord, JobRecord, SourceServerRecord } from '../state/records';
import type { RegionState } from '../state/region-state';

const SECOND = 1000;

/** A StartRecovery recoverySnapshotID, resolved: the snapshot's time, or the id no retained snapshot has. */
export type RecoveryPoint = { snapshotAt: number } | { missingSnapshotId: string };

export interface LaunchJobRequest {
  sourceServerIds: string[];
  isDrill: boolean;
  tags: Record<string, string>;
  /** By source server; absent: launch from the latest data (the job's own on-demand snapshot). */
  recoveryPoints?: Record<string, RecoveryPoint>;
}

function newJob(estate: Estate, region: RegionState, type: JobRecord['type'], initiatedBy: InitiatedBy, now: number, sourceServerIds: string[], tags: Record<string, string>): JobRecord {
  const jobId = estate.ids.job();
  const job: JobRecord = {
    jobId,
    arn: `arn:aws:drs:${region.region}:${region.accountId}:job/${jobId}`,
    type,
    initiatedBy,
    createdAt: now,
    status: 'PENDING',
    servers: sourceServerIds.map((sourceServerId) => ({ sourceServerId, launchStatus: 'PENDING' })),
    tags: { ...tags },
    logs: [],
  };
  region.jobs.set(jobId, job);
  return job;
}

function log(job: JobRecord, at: number, event: JobLogRecord['event'], data?: JobLogRecord['data']): void {
  job.logs.push({ at, event, ...(data ? { data } : {}) });
}

/** Terminates a recovery instance's EC2 instance now and forgets the recovery instance. */
function retireRecoveryInstance(region: RegionState, recoveryInstanceId: string, now: number): void {
  const instance = region.instances.get(recoveryInstanceId);
  if (instance && instance.state !== 'terminated') setInstanceState(instance, 'terminated', now, 'User initiated');
  const ri = region.recoveryInstances.get(recoveryInstanceId);
  region.recoveryInstances.delete(recoveryInstanceId);
  if (ri) {
    const source = region.sourceServers.get(ri.sourceServerId);
    if (source?.recoveryInstanceId === recoveryInstanceId) delete source.recoveryInstanceId;
  }
}

function matchesAny(hostnames: readonly string[], source: SourceServerRecord): boolean {
  return hostnames.includes(source.hostname);
}

export function startLaunchJob(estate: Estate, region: RegionState, request: LaunchJobRequest, now: number): JobRecord {
  const rng = estate.jobRng;
  const behaviour = estate.behaviour;
  const job = newJob(estate, region, 'LAUNCH', request.isDrill ? 'START_DRILL' : 'START_RECOVERY', now, request.sourceServerIds, request.tags);
  const sources = request.sourceServerIds.map((id) => region.sourceServers.get(id)!);
  for (const source of sources) {
    source.lastLaunch = { jobId: job.jobId, type: request.isDrill ? 'DRILL' : 'RECOVERY', apiCallAt: now, status: 'PENDING' };
  }
  const stuck = rng.chance(behaviour.stuckJobRate) || sources.some((s) => matchesAny(behaviour.stuckLaunchHostnames, s));

  const jobStart = now + rng.int(5, 15) * SECOND;
  estate.scheduler.schedule(jobStart, () => {
    job.status = 'STARTED';
    log(job, jobStart, 'JOB_START');
  });

  let lastEnd = jobStart;
  sources.forEach((source, k) => {
    const server = job.servers[k]!;
    const sourceServerID = source.sourceServerId;
    const snapshotStart = jobStart + (5 + k) * SECOND;
    const snapshotEnd = snapshotStart + rng.int(30, 90) * SECOND;
    const conversionStart = snapshotEnd + rng.int(5, 15) * SECOND;
    const conversionEnd = conversionStart + rng.int(180, 420) * SECOND;
    const launchStart = conversionEnd + rng.int(5, 15) * SECOND;
    const launchEnd = launchStart + rng.int(45, 120) * SECOND;
    const point = request.recoveryPoints?.[sourceServerID];
    const missingSnapshotId = point && 'missingSnapshotId' in point ? point.missingSnapshotId : undefined;
    // The rng draw comes first so a recovery point never shifts the launch outcomes of other servers.
    const fails = rng.chance(behaviour.launchFailureRate) || matchesAny(behaviour.failLaunchHostnames, source) || missingSnapshotId !== undefined;
    lastEnd = Math.max(lastEnd, launchEnd);

    estate.scheduler.schedule(snapshotStart, () => {
      server.launchStatus = 'IN_PROGRESS';
      if (source.lastLaunch?.jobId === job.jobId) source.lastLaunch.status = 'IN_PROGRESS';
      log(job, snapshotStart, 'SNAPSHOT_START', { sourceServerID });
    });
    estate.scheduler.schedule(snapshotEnd, () => log(job, snapshotEnd, 'SNAPSHOT_END', { sourceServerID }));
    estate.scheduler.schedule(conversionStart, () =>
      log(job, conversionStart, 'CONVERSION_START', { sourceServerID, conversionServerID: estate.ids.instance() }),
    );
    if (stuck) return;
    estate.scheduler.schedule(conversionEnd, () => log(job, conversionEnd, 'CONVERSION_END', { sourceServerID }));

    estate.scheduler.schedule(launchStart, () => {
      const previous = region.recoveryInstanceOf(sourceServerID);
      if (previous) retireRecoveryInstance(region, previous.recoveryInstanceId, launchStart);
      const tier = source.tags.Tier ?? 'default';
      const instance = launchInstance(estate, region, {
        instanceType: source.recommendedInstanceType,
        tier,
        subnetIndex: k,
        launchTime: launchStart,
        state: 'pending',
        publicIp: tier === 'web',
        instanceProfile: 'AWSElasticDisasterRecoveryRecoveryInstanceRole',
        diskBytes: source.disks.map((d) => d.bytes),
        ...(source.osFamily === 'windows' ? { platform: 'windows' as const } : {}),
        // copyTags: the source server's tags. StartRecovery's tags stay on the job: real DRS does not copy them.
        tags: {
          ...source.tags,
          Name: source.hostname,
          AWSElasticDisasterRecoveryManaged: 'drs.amazonaws.com',
          AWSElasticDisasterRecoverySourceServerID: sourceServerID,
        },
      });
      server.recoveryInstanceId = instance.instanceId;
      region.recoveryInstances.set(instance.instanceId, {
        recoveryInstanceId: instance.instanceId,
        sourceServerId: sourceServerID,
        jobId: job.jobId,
        isDrill: request.isDrill,
        // A chosen recovery snapshot's time; otherwise the job's own snapshot of the latest data.
        pointInTimeAt: point && 'snapshotAt' in point ? point.snapshotAt : snapshotEnd,
        launchedAt: launchStart,
        tags: {},
        failback: { state: 'FAILBACK_NOT_STARTED' },
      });
      source.recoveryInstanceId = instance.instanceId;
      log(job, launchStart, 'LAUNCH_START', { sourceServerID, targetInstanceID: instance.instanceId });
    });

    estate.scheduler.schedule(launchEnd, () => {
      const instanceId = server.recoveryInstanceId!;
      if (fails) {
        retireRecoveryInstance(region, instanceId, launchEnd);
        delete server.recoveryInstanceId;
        server.launchStatus = 'FAILED';
        log(job, launchEnd, 'LAUNCH_FAILED', {
          sourceServerID,
          targetInstanceID: instanceId,
          rawError:
            missingSnapshotId !== undefined
              ? `Recovery snapshot ${missingSnapshotId} of source server ${sourceServerID} does not exist or is no longer retained`
              : `Instance ${instanceId} failed status checks after launch (simulated launch failure)`,
        });
      } else {
        const instance = region.instances.get(instanceId);
        if (instance && instance.state === 'pending') setInstanceState(instance, 'running', launchEnd);
        server.launchStatus = 'LAUNCHED';
      }
      if (source.lastLaunch?.jobId === job.jobId) source.lastLaunch.status = server.launchStatus;
    });
  });

  if (!stuck) {
    const jobEnd = lastEnd + rng.int(5, 10) * SECOND;
    estate.scheduler.schedule(jobEnd, () => {
      job.status = 'COMPLETED';
      job.endAt = jobEnd;
      log(job, jobEnd, 'JOB_END');
    });
  }
  return job;
}

export function startTerminateJob(estate: Estate, region: RegionState, recoveryInstanceIds: string[], now: number): JobRecord {
  const rng = estate.jobRng;
  const recoveryInstances = recoveryInstanceIds.map((id) => region.recoveryInstances.get(id)!);
  const job = newJob(estate, region, 'TERMINATE', 'TERMINATE_RECOVERY_INSTANCES', now, recoveryInstances.map((ri) => ri.sourceServerId), {});
  job.servers.forEach((server, k) => (server.recoveryInstanceId = recoveryInstanceIds[k]));
  for (const id of recoveryInstanceIds) {
    const instance = region.instances.get(id);
    if (instance && instance.state !== 'terminated') setInstanceState(instance, 'shutting-down', now, 'User initiated');
  }

  const jobStart = now + rng.int(3, 8) * SECOND;
  estate.scheduler.schedule(jobStart, () => {
    job.status = 'STARTED';
    log(job, jobStart, 'JOB_START');
    log(job, jobStart, 'CLEANUP_START');
  });
  let lastEnd = jobStart;
  recoveryInstanceIds.forEach((id, k) => {
    const at = jobStart + rng.int(30, 90) * SECOND;
    lastEnd = Math.max(lastEnd, at);
    estate.scheduler.schedule(at, () => {
      retireRecoveryInstance(region, id, at);
      job.servers[k]!.launchStatus = 'TERMINATED';
      log(job, at, 'CLEANUP_END', { sourceServerID: job.servers[k]!.sourceServerId, targetInstanceID: id });
    });
  });
  const jobEnd = lastEnd + rng.int(3, 8) * SECOND;
  estate.scheduler.schedule(jobEnd, () => {
    job.status = 'COMPLETED';
    job.endAt = jobEnd;
    log(job, jobEnd, 'JOB_END');
  });
  return job;
}

/** A job still holding its servers: PENDING or STARTED (stuck jobs stay here for ever). */
export function isActive(job: JobRecord): boolean {
  return job.status !== 'COMPLETED';
}
