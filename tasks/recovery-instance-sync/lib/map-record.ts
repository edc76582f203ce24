import type { RecoveryInstance, SourceServer } from '@aws-sdk/client-drs';
import type { Instance } from '@aws-sdk/client-ec2';
import type { RecoveryInstanceRecord } from '../../../contracts/records/recovery-instance';
import type { RecoveryJobRecord } from '../../../contracts/records/recovery-job';
import { accountRegionKey } from '../../../lib/repositories/recovery-instances';

export interface RecordContext {
  readonly accountId: string;
  readonly region: string;
  readonly syncTime: string;
  /** Known when a wave sync names the execution that launched these instances. */
  readonly sourceExecutionId?: string;
  readonly sourcePlanName?: string;
  /**
   * The orchestrator's records of the jobs that launched these instances, by
   * job id. DRS does not put StartRecovery's tags on recovery instances, so a
   * recovery instance's `jobID` is the only link to its execution; a job
   * without a record was not started by the orchestrator.
   */
  readonly jobs?: ReadonlyMap<string, RecoveryJobRecord>;
}

const tag = (instance: Instance | undefined, key: string) => instance?.Tags?.find((t) => t.Key === key)?.Value ?? null;

const toIso = (value: Date | string | undefined): string | null => {
  if (value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
};

function primaryPrivateIp(recoveryInstance: RecoveryInstance): string | null {
  const nics = recoveryInstance.recoveryInstanceProperties?.networkInterfaces ?? [];
  const primary = nics.find((n) => n.isPrimary) ?? nics[0];
  return primary?.ips?.[0] ?? null;
}

/**
 * Builds one cache record from what DRS and EC2 said. EC2 details may be
 * missing (the instance is gone, or EC2 failed): the record then keeps what
 * DRS knows and leaves the rest null. The source execution comes from the
 * wave that launched the instance, else from the job table through the
 * instance's `jobID`, else from `previous` (the record already cached for the
 * same recovery instance), else it is null.
 */
export function toRecoveryInstanceRecord(
  recoveryInstance: RecoveryInstance & { recoveryInstanceID: string; sourceServerID: string },
  sourceServer: SourceServer | undefined,
  ec2Instance: Instance | undefined,
  context: RecordContext,
  previous?: RecoveryInstanceRecord,
): RecoveryInstanceRecord {
  const earlier = previous?.recoveryInstanceId === recoveryInstance.recoveryInstanceID ? previous : undefined;
  const securityGroupIds = ec2Instance?.SecurityGroups?.map((g) => g.GroupId).filter((id): id is string => !!id);
  const job = recoveryInstance.jobID ? context.jobs?.get(recoveryInstance.jobID) : undefined;
  const executionId = context.sourceExecutionId ?? job?.executionId ?? earlier?.sourceExecutionId ?? null;
  const planName = context.sourcePlanName ?? job?.planName ?? earlier?.sourcePlanName ?? null;
  return {
    sourceServerId: recoveryInstance.sourceServerID,
    recoveryInstanceId: recoveryInstance.recoveryInstanceID,
    ec2InstanceId: recoveryInstance.ec2InstanceID ?? null,
    ec2InstanceState: (ec2Instance?.State?.Name ?? recoveryInstance.ec2InstanceState ?? null)?.toLowerCase() ?? null,
    sourceServerName: sourceServer?.sourceProperties?.identificationHints?.hostname ?? sourceServer?.tags?.Name ?? null,
    name: tag(ec2Instance, 'Name'),
    privateIp: ec2Instance?.PrivateIpAddress ?? primaryPrivateIp(recoveryInstance),
    publicIp: ec2Instance?.PublicIpAddress ?? null,
    instanceType: ec2Instance?.InstanceType ?? null,
    launchTime: toIso(ec2Instance?.LaunchTime),
    region: context.region,
    accountId: context.accountId,
    accountRegion: accountRegionKey(context.accountId, context.region),
    sourceExecutionId: executionId,
    sourcePlanName: planName,
    lastSyncTime: context.syncTime,
    replicationStagingAccountId: sourceServer?.stagingArea?.stagingAccountID ?? null,
    sourceVpcId: ec2Instance?.VpcId ?? null,
    sourceSubnetId: ec2Instance?.SubnetId ?? null,
    sourceSecurityGroupIds: securityGroupIds && securityGroupIds.length > 0 ? securityGroupIds : null,
    sourceInstanceProfile: ec2Instance?.IamInstanceProfile?.Arn ?? null,
    isDrill: recoveryInstance.isDrill ?? null,
    jobId: recoveryInstance.jobID ?? null,
  };
}

/** Recovery instances without the two ids a record is keyed by cannot be cached; DRS always sends them. */
export function hasIds(ri: RecoveryInstance): ri is RecoveryInstance & { recoveryInstanceID: string; sourceServerID: string } {
  return !!ri.recoveryInstanceID && !!ri.sourceServerID;
}
