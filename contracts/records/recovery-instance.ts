import type { FromSchema } from 'json-schema-to-ts';
import { accountIdSchema, isoDateTimeSchema, recoveryInstanceIdSchema, regionSchema, sourceServerIdSchema } from '../common';

const nullableString = { type: ['string', 'null'] } as const;

/**
 * One cached recovery instance, keyed by the source server it recovers
 * (DRS keeps at most one recovery instance per source server). Fields that
 * could not be learned are null, never absent.
 */
export const recoveryInstanceRecordSchema = {
  title: 'RecoveryInstanceRecord',
  type: 'object',
  additionalProperties: false,
  required: [
    'sourceServerId', 'recoveryInstanceId', 'ec2InstanceId', 'ec2InstanceState', 'sourceServerName', 'name',
    'privateIp', 'publicIp', 'instanceType', 'launchTime', 'region', 'accountId', 'accountRegion',
    'sourceExecutionId', 'sourcePlanName', 'lastSyncTime', 'replicationStagingAccountId', 'sourceVpcId',
    'sourceSubnetId', 'sourceSecurityGroupIds', 'sourceInstanceProfile', 'isDrill', 'jobId',
  ],
  properties: {
    sourceServerId: sourceServerIdSchema,
    recoveryInstanceId: recoveryInstanceIdSchema,
    ec2InstanceId: { type: ['string', 'null'], pattern: '^i-[0-9a-fA-F]{8,}$' },
    ec2InstanceState: { type: ['string', 'null'], description: 'EC2 state name (running, stopped, …) or DRS ec2InstanceState when EC2 details are unavailable.' },
    sourceServerName: { ...nullableString, description: 'Hostname of the source server.' },
    name: { ...nullableString, description: 'The EC2 Name tag of the recovery instance.' },
    privateIp: nullableString,
    publicIp: nullableString,
    instanceType: nullableString,
    launchTime: { type: ['string', 'null'], format: 'date-time' },
    region: regionSchema,
    accountId: accountIdSchema,
    accountRegion: { type: 'string', pattern: '^[0-9]{12}#[a-z0-9-]+$', description: 'accountId#region: the GSI key a sync uses to find stale records.' },
    sourceExecutionId: { ...nullableString, description: 'The orchestrator execution that launched the instance, when known.' },
    sourcePlanName: nullableString,
    lastSyncTime: isoDateTimeSchema,
    replicationStagingAccountId: { type: ['string', 'null'], pattern: '^[0-9]{12}$' },
    sourceVpcId: nullableString,
    sourceSubnetId: nullableString,
    sourceSecurityGroupIds: { type: ['array', 'null'], items: { type: 'string' } },
    sourceInstanceProfile: nullableString,
    isDrill: { type: ['boolean', 'null'] },
    jobId: nullableString,
  },
} as const;

export type RecoveryInstanceRecord = FromSchema<typeof recoveryInstanceRecordSchema>;
