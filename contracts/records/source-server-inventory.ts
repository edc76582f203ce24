import type { FromSchema } from 'json-schema-to-ts';
import { accountIdSchema, isoDateTimeSchema, regionSchema, sourceServerIdSchema } from '../common';

const nullableString = { type: ['string', 'null'] } as const;
const nullableDate = { type: ['string', 'null'], format: 'date-time' } as const;
const nullableAccount = { type: ['string', 'null'], pattern: '^[0-9]{12}$' } as const;
const nullableRegion = { type: ['string', 'null'], pattern: regionSchema.pattern } as const;

/** DRS dataReplicationState (botocore DataReplicationState), plus UNKNOWN when DRS gave none. */
export const REPLICATION_STATES = [
  'STOPPED', 'INITIATING', 'INITIAL_SYNC', 'BACKLOG', 'CREATING_SNAPSHOT', 'CONTINUOUS', 'PAUSED', 'RESCAN', 'STALLED', 'DISCONNECTED', 'UNKNOWN',
] as const;

/** Who wrote a record last: the scheduled/on-demand sync, or a read that found the inventory stale and asked DRS. */
export const INVENTORY_WRITERS = ['inventory-sync', 'read-fallback'] as const;

/**
 * One DRS source server as the inventory keeps it, keyed by accountRegion
 * (accountId#region, partition) and sourceServerId (sort). Everything a page or
 * a task needs about a server without asking DRS. Fields DRS did not give are
 * null, never absent.
 *
 * The original topology (originalSourceRegion, originalAccountId,
 * originalReplicationConfigurationTemplateId) is what failback needs to put
 * replication back where it was. It is captured once, when the server is first
 * seen replicating in its original (FAILOVER) direction, and never overwritten
 * by later syncs or read fallbacks (docs/decisions: the topology rule). A
 * server first seen without a way to know it (a record from before the fields
 * existed, or a FAILBACK-direction server) has topologyMissing: true and the
 * fields null: a warning, not a guess.
 */
export const sourceServerInventoryRecordSchema = {
  $id: 'SourceServerInventoryRecord',
  title: 'SourceServerInventoryRecord',
  type: 'object',
  additionalProperties: false,
  required: [
    'accountRegion', 'sourceServerId', 'accountId', 'region', 'arn', 'hostname', 'fqdn', 'nameTag', 'replicationState', 'replicationDirection',
    'lagDuration', 'lagSeconds', 'etaDateTime', 'replicationError', 'lastSeenByService', 'lastSnapshotTime', 'lastSnapshotId', 'stagingAccountId',
    'stagingAreaStatus', 'hardware', 'network', 'tags', 'launch', 'sourceEc2', 'lifeCycle', 'recoveryInstanceId', 'reversedDirectionSourceServerArn',
    'originalSourceRegion', 'originalAccountId', 'originalReplicationConfigurationTemplateId', 'topologySource', 'topologyCapturedAt', 'topologyMissing',
    'lastUpdated', 'lastUpdatedBy',
  ],
  properties: {
    accountRegion: { type: 'string', pattern: '^[0-9]{12}#[a-z0-9-]+$', description: 'accountId#region: the partition key.' },
    sourceServerId: sourceServerIdSchema,
    accountId: accountIdSchema,
    region: regionSchema,
    arn: nullableString,
    hostname: nullableString,
    fqdn: nullableString,
    nameTag: { ...nullableString, description: 'The DRS Name tag.' },
    replicationState: { type: 'string', enum: REPLICATION_STATES },
    replicationDirection: { type: ['string', 'null'], enum: ['FAILOVER', 'FAILBACK', null] },
    lagDuration: { ...nullableString, description: 'ISO 8601 duration as DRS reports it; null when DRS reports none (e.g. STOPPED).' },
    lagSeconds: { type: ['integer', 'null'], minimum: 0, description: 'lagDuration in seconds, for sorting and filtering.' },
    etaDateTime: { ...nullableDate, description: 'When DRS expects the current sync or backlog to finish.' },
    replicationError: {
      type: ['object', 'null'],
      additionalProperties: false,
      required: ['error', 'rawError'],
      properties: { error: nullableString, rawError: nullableString },
    },
    lastSeenByService: nullableDate,
    lastSnapshotTime: { ...nullableDate, description: 'The newest recovery snapshot (DescribeRecoverySnapshots DESC, 1): the point a recovery would use.' },
    lastSnapshotId: nullableString,
    stagingAccountId: nullableAccount,
    stagingAreaStatus: { ...nullableString, description: 'DRS stagingArea.status: EXTENDED, EXTENSION_ERROR or NOT_EXTENDED.' },
    hardware: {
      type: 'object',
      additionalProperties: false,
      required: ['cpus', 'cpuCores', 'ramBytes', 'disks', 'totalDiskBytes', 'os', 'recommendedInstanceType'],
      properties: {
        cpus: {
          type: 'array',
          maxItems: 64,
          items: { type: 'object', additionalProperties: false, required: ['modelName', 'cores'], properties: { modelName: nullableString, cores: { type: 'integer', minimum: 0 } } },
        },
        cpuCores: { type: 'integer', minimum: 0 },
        ramBytes: { type: 'integer', minimum: 0 },
        disks: {
          type: 'array',
          maxItems: 64,
          items: { type: 'object', additionalProperties: false, required: ['deviceName', 'bytes'], properties: { deviceName: nullableString, bytes: { type: 'integer', minimum: 0 } } },
        },
        totalDiskBytes: { type: 'integer', minimum: 0 },
        os: nullableString,
        recommendedInstanceType: nullableString,
      },
    },
    network: {
      type: 'object',
      additionalProperties: false,
      required: ['primaryIp', 'ips', 'interfaces'],
      properties: {
        primaryIp: nullableString,
        ips: { type: 'array', items: { type: 'string' }, maxItems: 64, description: 'Every IP of every interface, for search.' },
        interfaces: {
          type: 'array',
          maxItems: 16,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['ips', 'macAddress', 'isPrimary'],
            properties: { ips: { type: 'array', items: { type: 'string' }, maxItems: 16 }, macAddress: nullableString, isPrimary: { type: 'boolean' } },
          },
        },
      },
    },
    tags: { type: 'object', additionalProperties: { type: 'string' } },
    launch: {
      type: 'object',
      additionalProperties: false,
      required: ['lastLaunchResult', 'lastLaunchType', 'lastLaunchStatus', 'lastLaunchJobId', 'lastLaunchAt'],
      description: 'What DescribeSourceServers says of launches (the DRS launch settings themselves are GetLaunchConfiguration, one call per server, not read by the sync).',
      properties: {
        lastLaunchResult: { type: ['string', 'null'], enum: ['NOT_STARTED', 'PENDING', 'SUCCEEDED', 'FAILED', null] },
        lastLaunchType: { type: ['string', 'null'], enum: ['RECOVERY', 'DRILL', null] },
        lastLaunchStatus: nullableString,
        lastLaunchJobId: nullableString,
        lastLaunchAt: nullableDate,
      },
    },
    sourceEc2: {
      type: ['object', 'null'],
      additionalProperties: false,
      required: ['instanceId', 'accountId', 'region', 'availabilityZone'],
      description: 'The EC2 instance DRS replicates, when the origin is EC2 (sourceCloudProperties + identificationHints.awsInstanceID).',
      properties: { instanceId: nullableString, accountId: nullableAccount, region: nullableRegion, availabilityZone: nullableString },
    },
    lifeCycle: {
      type: 'object',
      additionalProperties: false,
      required: ['addedToService', 'firstByte', 'elapsedReplicationDuration'],
      properties: { addedToService: nullableDate, firstByte: nullableDate, elapsedReplicationDuration: nullableString },
    },
    recoveryInstanceId: nullableString,
    reversedDirectionSourceServerArn: nullableString,
    originalSourceRegion: { ...nullableRegion, description: 'Where the protected machine ran: the EC2 origin region, or for a non-AWS origin the DRS region it was first protected in.' },
    originalAccountId: { ...nullableAccount, description: 'The account of that region (EC2 origin account, or the DRS account).' },
    originalReplicationConfigurationTemplateId: {
      ...nullableString,
      description: 'The replication configuration template of the account-region the server first replicated into, when that account-region has exactly one.',
    },
    topologySource: { type: ['string', 'null'], enum: ['ec2-origin', 'drs-replication', null], description: 'Where the original topology was read from.' },
    topologyCapturedAt: nullableDate,
    topologyMissing: { type: 'boolean', description: 'True when the original topology is not known and was not guessed.' },
    lastUpdated: isoDateTimeSchema,
    lastUpdatedBy: { type: 'string', enum: INVENTORY_WRITERS },
  },
} as const;

export type SourceServerInventoryRecord = FromSchema<typeof sourceServerInventoryRecordSchema>;
export type ReplicationState = (typeof REPLICATION_STATES)[number];

/**
 * When one account-region was last inventoried: the freshness witness of the
 * inventory-first reads (a region without servers has no server record to
 * tell it). Kept in the same table under the partition SYNC_MARKER_PARTITION.
 */
export const inventorySyncMarkerSchema = {
  title: 'InventorySyncMarker',
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'region', 'lastUpdated', 'lastUpdatedBy', 'serverCount'],
  properties: {
    accountId: accountIdSchema,
    region: regionSchema,
    lastUpdated: isoDateTimeSchema,
    lastUpdatedBy: { type: 'string', enum: INVENTORY_WRITERS },
    serverCount: { type: 'integer', minimum: 0 },
  },
} as const;
export type InventorySyncMarker = FromSchema<typeof inventorySyncMarkerSchema>;
