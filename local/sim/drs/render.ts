/** DRS records rendered as the API shapes, with derived fields computed at read time. */
import type { DataReplicationInfo, Job, JobLog, RecoveryInstance, SourceServer } from '@aws-sdk/client-drs';
import { initiationStepsAt, lagAt, lastInitiationBefore, progressAt, segmentAt } from './replication';
import type { Ec2InstanceRecord, JobLogRecord, JobRecord, RecoveryInstanceRecord, SourceServerRecord } from '../state/records';

const iso = (ms: number) => new Date(ms).toISOString();

/** ISO 8601 duration, e.g. PT1H2M3S; DRS reports lags and elapsed times this way. */
export function isoDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const days = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (s === 0) return 'PT0S';
  const time = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}${sec ? `${sec}S` : ''}`;
  return `P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}

const LAST_LAUNCH_RESULT = { PENDING: 'PENDING', IN_PROGRESS: 'PENDING', LAUNCHED: 'SUCCEEDED', FAILED: 'FAILED', TERMINATED: 'SUCCEEDED' } as const;

/** Bytes of backlog a lag stands for: the agent writes ~4 MiB/s of changes; capped by the first disk. */
const CHANGE_RATE_BYTES_PER_SECOND = 4 * 2 ** 20;

/** dataReplicationInfo at virtual `now`, from the server's replication timeline. */
export function renderDataReplicationInfo(s: SourceServerRecord, now: number): DataReplicationInfo {
  const segment = segmentAt(s.replication, now);
  const state = segment.state;
  const lag = lagAt(s.replication, now);
  const progress = progressAt(segment, now);
  const backlogBytes = ['BACKLOG', 'STALLED', 'DISCONNECTED', 'PAUSED'].includes(state) ? Math.min(Math.floor(lag * CHANGE_RATE_BYTES_PER_SECOND), s.disks[0]?.bytes ?? 0) : 0;
  const replicatedDisks = s.disks.map((d, i) => {
    const replicated = state === 'INITIATING' ? 0 : state === 'INITIAL_SYNC' ? Math.floor(d.bytes * progress) : d.bytes - (i === 0 ? backlogBytes : 0);
    return {
      deviceName: d.deviceName,
      totalStorageBytes: d.bytes,
      replicatedStorageBytes: replicated,
      rescannedStorageBytes: state === 'RESCAN' ? Math.floor(d.bytes * progress) : 0,
      backloggedStorageBytes: i === 0 ? backlogBytes : 0,
    };
  });
  const initiation = lastInitiationBefore(s.replication, now);
  const eta = ['INITIAL_SYNC', 'RESCAN', 'BACKLOG'].includes(state) && segment.until !== undefined ? segment.until : undefined;
  return {
    dataReplicationState: state,
    // A stopped replication has no lag to report.
    ...(state === 'STOPPED' ? {} : { lagDuration: isoDuration(lag) }),
    ...(eta !== undefined ? { etaDateTime: iso(eta) } : {}),
    replicatedDisks,
    ...(initiation
      ? {
          dataReplicationInitiation: {
            startDateTime: iso(initiation.at),
            steps: initiationStepsAt(initiation, state === 'INITIATING' ? now : Infinity),
          },
        }
      : {}),
    ...(state === 'STALLED' && segment.error ? { dataReplicationError: { ...segment.error } } : {}),
    stagingAvailabilityZone: `${s.region}a`,
  };
}

/** When the service last heard from the agent: a disconnected agent since it went quiet, others half a minute ago. */
export function lastSeenByService(s: SourceServerRecord, now: number): number {
  const segment = segmentAt(s.replication, now);
  return segment.state === 'DISCONNECTED' ? Math.min(now, segment.at) : now - 30_000;
}

export function renderSourceServer(s: SourceServerRecord, now: number): SourceServer {
  return {
    sourceServerID: s.sourceServerId,
    arn: s.arn,
    tags: { ...s.tags },
    ...(s.recoveryInstanceId ? { recoveryInstanceId: s.recoveryInstanceId } : {}),
    lastLaunchResult: s.lastLaunch ? LAST_LAUNCH_RESULT[s.lastLaunch.status] : 'NOT_STARTED',
    dataReplicationInfo: renderDataReplicationInfo(s, now),
    lifeCycle: {
      addedToServiceDateTime: iso(s.addedAt),
      firstByteDateTime: iso(s.firstByteAt),
      elapsedReplicationDuration: isoDuration((now - s.firstByteAt) / 1000),
      lastSeenByServiceDateTime: iso(lastSeenByService(s, now)),
      ...(s.lastLaunch
        ? {
            lastLaunch: {
              initiated: { apiCallDateTime: iso(s.lastLaunch.apiCallAt), jobID: s.lastLaunch.jobId, type: s.lastLaunch.type },
              status: s.lastLaunch.status,
            },
          }
        : {}),
    },
    sourceProperties: {
      lastUpdatedDateTime: iso(Math.max(s.addedAt, now - 3_600_000)),
      recommendedInstanceType: s.recommendedInstanceType,
      identificationHints: {
        hostname: s.hostname,
        fqdn: s.fqdn,
        ...(s.origin.environment === 'AWS' ? { awsInstanceID: s.origin.instanceId } : { vmWareUuid: s.origin.vmWareUuid }),
      },
      networkInterfaces: s.networkInterfaces.map((n) => ({ macAddress: n.macAddress, ips: [...n.ips], isPrimary: n.isPrimary })),
      disks: s.disks.map((d) => ({ deviceName: d.deviceName, bytes: d.bytes })),
      cpus: s.cpus.map((c) => ({ ...c })),
      ramBytes: s.ramBytes,
      os: { fullString: s.osFullString },
      supportsNitroInstances: true,
    },
    stagingArea: {
      status: s.staging.status,
      stagingAccountID: s.staging.accountId,
      ...(s.staging.stagingSourceServerArn ? { stagingSourceServerArn: s.staging.stagingSourceServerArn } : {}),
      ...(s.staging.errorMessage ? { errorMessage: s.staging.errorMessage } : {}),
    },
    sourceCloudProperties:
      s.origin.environment === 'AWS'
        ? { originAccountID: s.origin.accountId, originRegion: s.origin.region, originAvailabilityZone: s.origin.availabilityZone }
        : {},
    replicationDirection: 'FAILOVER',
  };
}

const EC2_TO_DRS_STATE = {
  pending: 'PENDING',
  running: 'RUNNING',
  stopping: 'STOPPING',
  stopped: 'STOPPED',
  'shutting-down': 'SHUTTING-DOWN',
  terminated: 'TERMINATED',
} as const;

export function renderRecoveryInstance(
  ri: RecoveryInstanceRecord,
  source: SourceServerRecord | undefined,
  instance: Ec2InstanceRecord | undefined,
  accountId: string,
  region: string,
): RecoveryInstance {
  return {
    ec2InstanceID: ri.recoveryInstanceId,
    ec2InstanceState: instance ? EC2_TO_DRS_STATE[instance.state] : 'NOT_FOUND',
    jobID: ri.jobId,
    recoveryInstanceID: ri.recoveryInstanceId,
    sourceServerID: ri.sourceServerId,
    arn: `arn:aws:drs:${region}:${accountId}:recovery-instance/${ri.recoveryInstanceId}`,
    tags: { ...ri.tags },
    failback: { state: ri.failback.state },
    recoveryInstanceProperties: {
      lastUpdatedDateTime: iso(ri.launchedAt),
      identificationHints: {
        ...(source ? { hostname: source.hostname, fqdn: source.fqdn } : {}),
        awsInstanceID: ri.recoveryInstanceId,
      },
      networkInterfaces: instance
        ? [{ macAddress: source?.networkInterfaces[0]?.macAddress ?? '', ips: [instance.privateIpAddress], isPrimary: true }]
        : [],
      disks: (instance?.volumes ?? []).map((v) => ({ internalDeviceName: v.deviceName, bytes: v.bytes, ebsVolumeID: v.volumeId })),
      cpus: (source?.cpus ?? []).map((c) => ({ ...c })),
      ...(source ? { ramBytes: source.ramBytes, os: { fullString: source.osFullString } } : {}),
    },
    pointInTimeSnapshotDateTime: iso(ri.pointInTimeAt),
    isDrill: ri.isDrill,
    originEnvironment: source?.origin.environment ?? 'AWS',
    ...(source?.origin.environment === 'AWS' ? { originAvailabilityZone: source.origin.availabilityZone } : {}),
  };
}

export function renderJob(job: JobRecord): Job {
  return {
    jobID: job.jobId,
    arn: job.arn,
    type: job.type,
    initiatedBy: job.initiatedBy,
    creationDateTime: iso(job.createdAt),
    ...(job.endAt !== undefined ? { endDateTime: iso(job.endAt) } : {}),
    status: job.status,
    participatingServers: job.servers.map((s) => ({
      sourceServerID: s.sourceServerId,
      ...(s.recoveryInstanceId ? { recoveryInstanceID: s.recoveryInstanceId } : {}),
      launchStatus: s.launchStatus,
    })),
    tags: { ...job.tags },
  };
}

export function renderJobLog(log: JobLogRecord): JobLog {
  return { logDateTime: iso(log.at), event: log.event, ...(log.data ? { eventData: { ...log.data } } : {}) };
}
