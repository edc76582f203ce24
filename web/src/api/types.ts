/** Response and request shapes of docs/api/openapi.json used by the console. */
export interface RecoveryInstance {
  sourceServerId: string;
  recoveryInstanceId: string;
  ec2InstanceId: string | null;
  ec2InstanceState: string | null;
  sourceServerName: string | null;
  name: string | null;
  privateIp: string | null;
  publicIp: string | null;
  instanceType: string | null;
  launchTime: string | null;
  region: string;
  accountId: string;
  sourceExecutionId: string | null;
  sourcePlanName: string | null;
  lastSyncTime: string;
  replicationStagingAccountId?: string | null;
  isDrill?: boolean | null;
  jobId?: string | null;
}

export interface RecoveryInstanceList {
  items: RecoveryInstance[];
  nextToken: string | null;
}

/** The answer of get_recovery_instance_facets: every value of each filter in the whole cache, with counts. */
export interface RecoveryInstanceFacets {
  total: number;
  /** The most recent launch first. */
  executions: { sourceExecutionId: string; sourcePlanName: string | null; isDrill: boolean | null; count: number; lastLaunchTime: string | null }[];
  accounts: { accountId: string; count: number }[];
  regions: { region: string; count: number }[];
  /** Lower case. */
  states: { state: string; count: number }[];
}

export interface RecoveryPlanSummary {
  planId: string;
  name: string;
  description?: string;
  waves: { name: string; protectionGroupIds: string[]; serverCount: number }[];
  protectionGroupIds: string[];
  serverCount: number;
  createdAt?: string;
  updatedAt?: string;
}

export interface ExistingRecoveryInstances {
  planId: string;
  planName: string;
  serverCount: number;
  existingInstances: RecoveryInstance[];
  hasExistingInstances: boolean;
  lastSyncTime: string | null;
  cacheMisses: number;
  cacheUnavailable: boolean;
}

export interface SyncTargetResult {
  accountId: string;
  region: string;
  status: 'SUCCEEDED' | 'PARTIAL' | 'FAILED';
  instancesProcessed: number;
  recordsRemoved: number;
  apiCalls?: Record<string, number>;
  warnings: string[];
  errorName?: string;
  errorMessage?: string;
}

export interface SyncRun {
  executionArn: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'PARTIAL' | 'FAILED';
  startedAt: string;
  endedAt?: string;
  durationMs?: number;
  instancesProcessed?: number;
  recordsRemoved?: number;
  regionsScanned?: number;
  targets?: SyncTargetResult[];
  errors?: { accountId?: string; region?: string; errorName?: string; message: string }[];
}

export interface SyncStatus {
  lastRun: SyncRun | null;
  lastCompletedRun: SyncRun | null;
  running: boolean;
  recentRuns: SyncRun[];
}

export interface SyncStart {
  executionArn: string;
  startDate: string;
}

export interface TerminationGroup {
  accountId: string;
  region: string;
  recoveryInstanceIds: string[];
  jobId?: string;
}

export interface TerminationResult {
  executionId: string;
  requested: number;
  terminated: TerminationGroup[];
  failed: (TerminationGroup & { errorName: string; message: string })[];
}

export interface TargetAccount {
  accountId: string;
  name: string;
  roleArn: string | null;
  externalIdMasked: string | null;
  regions: string[];
  createdAt: string;
  updatedAt: string;
  lastValidation: { status: 'OK' | 'FAILED'; checkedAt: string; message: string } | null;
}

export interface TargetAccountInput {
  accountId?: string;
  name: string;
  roleArn: string | null;
  externalId?: string | null;
  regions: string[];
}

export type CheckStatus = 'OK' | 'FAILED' | 'SKIPPED';

export interface TargetAccountValidation {
  accountId: string;
  status: 'OK' | 'FAILED';
  checkedAt: string;
  assumeRole: { status: CheckStatus; message: string };
  regions: { region: string; status: CheckStatus; message: string }[];
}
