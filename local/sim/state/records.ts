/**
 * Internal records of the estate. They hold facts; the service modules render
 * them into API shapes on each describe, so derived fields (an EC2 state seen
 * through DRS, a recovery instance's properties) never go stale.
 */
import type {
  ExtensionStatus,
  FailbackState,
  InitiatedBy,
  JobLogEvent,
  JobStatus,
  JobType,
  LaunchStatus,
} from '@aws-sdk/client-drs';
import type { ReplicationTimeline } from '../drs/replication';

export type Ec2StateName = 'pending' | 'running' | 'shutting-down' | 'terminated' | 'stopping' | 'stopped';

export const EC2_STATE_CODES: Record<Ec2StateName, number> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

export interface Ec2InstanceRecord {
  instanceId: string;
  reservationId: string;
  accountId: string;
  region: string;
  imageId: string;
  instanceType: string;
  platform?: 'windows';
  state: Ec2StateName;
  stateTransitionReason?: string;
  launchTime: number;
  /** When it entered 'terminated'; terminated instances stay visible for an hour, as in EC2. */
  terminatedAt?: number;
  availabilityZone: string;
  vpcId: string;
  subnetId: string;
  privateIpAddress: string;
  publicIpAddress?: string;
  securityGroups: Array<{ groupId: string; groupName: string }>;
  iamInstanceProfile?: { arn: string; id: string };
  volumes: Array<{ deviceName: string; volumeId: string; bytes: number }>;
  tags: Record<string, string>;
}

export type SourceOrigin =
  | { environment: 'AWS'; accountId: string; region: string; availabilityZone: string; instanceId: string }
  | { environment: 'ON_PREMISES'; vmWareUuid: string };

export interface SourceServerRecord {
  sourceServerId: string;
  arn: string;
  accountId: string;
  region: string;
  hostname: string;
  fqdn: string;
  tags: Record<string, string>;
  addedAt: number;
  firstByteAt: number;
  osFamily: 'linux' | 'windows';
  osFullString: string;
  recommendedInstanceType: string;
  cpus: Array<{ cores: number; modelName: string }>;
  ramBytes: number;
  disks: Array<{ deviceName: string; bytes: number }>;
  networkInterfaces: Array<{ macAddress: string; ips: string[]; isPrimary: boolean }>;
  /** Replication over virtual time; state, lag and snapshots are computed from it at read time (drs/replication.ts). */
  replication: ReplicationTimeline;
  origin: SourceOrigin;
  /** Where the server replicates: its own account (NOT_EXTENDED), or the staging server it extends. */
  staging: { accountId: string; status: ExtensionStatus; stagingSourceServerArn?: string; errorMessage?: string };
  /**
   * The EBS key of the staging volumes (the replication settings' ebsEncryption):
   * DEFAULT is the account's aws/ebs key, which cannot be shared, so such a
   * server cannot be extended into another account. Absent = CUSTOM.
   */
  ebsEncryption?: 'DEFAULT' | 'CUSTOM';
  agentVersion: string;
  recoveryInstanceId?: string;
  lastLaunch?: { jobId: string; type: 'RECOVERY' | 'DRILL'; apiCallAt: number; status: LaunchStatus };
}

export interface RecoveryInstanceRecord {
  /** DRS names a recovery instance by its EC2 instance id. */
  recoveryInstanceId: string;
  sourceServerId: string;
  jobId: string;
  isDrill: boolean;
  pointInTimeAt: number;
  launchedAt: number;
  tags: Record<string, string>;
  failback: { state: FailbackState };
}

export interface JobServerRecord {
  sourceServerId: string;
  recoveryInstanceId?: string;
  launchStatus: LaunchStatus;
}

export interface JobLogRecord {
  at: number;
  event: JobLogEvent;
  data?: { sourceServerID?: string; conversionServerID?: string; targetInstanceID?: string; rawError?: string };
}

export interface JobRecord {
  jobId: string;
  arn: string;
  type: JobType;
  initiatedBy: InitiatedBy;
  createdAt: number;
  endAt?: number;
  status: JobStatus;
  servers: JobServerRecord[];
  tags: Record<string, string>;
  logs: JobLogRecord[];
}
