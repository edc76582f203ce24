import type { FromSchema } from 'json-schema-to-ts';
import { accountIdSchema, executionArnSchema, isoDateTimeSchema, regionSchema } from '../common';
import { REPLICATION_STATES, sourceServerInventoryRecordSchema } from '../records/source-server-inventory';
import { syncRunRecordSchema } from '../records/sync-run';
import { omitProperties } from './recovery-instances';

/** The answer of `start_inventory_sync`. */
export const inventorySyncStartSchema = {
  title: 'InventorySyncStart',
  type: 'object',
  additionalProperties: false,
  required: ['executionArn', 'startDate'],
  properties: {
    executionArn: { ...executionArnSchema, description: 'The inventory-sync execution; it skips itself when another run holds the lock.' },
    startDate: isoDateTimeSchema,
  },
} as const;
export type InventorySyncStart = FromSchema<typeof inventorySyncStartSchema>;

export const inventorySyncRunSchema = { ...omitProperties(syncRunRecordSchema, ['syncName', 'runId']), title: 'InventorySyncRun' } as const;
export type InventorySyncRun = FromSchema<typeof inventorySyncRunSchema>;

/** The answer of `get_inventory_sync_status`. */
export const inventorySyncStatusSchema = {
  title: 'InventorySyncStatus',
  type: 'object',
  additionalProperties: false,
  required: ['running', 'lastCompletedRun', 'recentRuns'],
  properties: {
    running: { type: 'boolean', description: 'True when the newest run is still running.' },
    lastCompletedRun: { anyOf: [inventorySyncRunSchema, { type: 'null' }] },
    recentRuns: { type: 'array', items: inventorySyncRunSchema, maxItems: 10, description: 'Newest first, at most 10.' },
  },
} as const;
export type InventorySyncStatus = FromSchema<typeof inventorySyncStatusSchema>;

const healthSchema = {
  type: 'string',
  enum: ['READY', 'LAGGING', 'STALLED', 'NOT_READY'],
  description: 'READY: CONTINUOUS with lag ≤ 5 min (recover now); LAGGING: BACKLOG, RESCAN or more lag; STALLED: STALLED or DISCONNECTED; NOT_READY: not replicating yet or any more.',
} as const;
const sourceSchema = {
  type: 'string',
  enum: ['inventory', 'drs', 'mixed'],
  description: 'What served the answer: the inventory (fresh: lastUpdated within 15 minutes, no DRS call), DRS (the inventory was stale), or both.',
} as const;
const staleRegionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'region', 'lastUpdated', 'servedBy', 'error'],
  properties: {
    accountId: accountIdSchema,
    region: regionSchema,
    lastUpdated: { type: ['string', 'null'], format: 'date-time' },
    servedBy: { type: 'string', enum: ['inventory', 'drs'] },
    error: { type: ['string', 'null'], description: 'Why DRS could not be asked: the inventory as it was is served for this account-region.' },
  },
} as const;

/** One source server of the inventory as the API shows it: the record without its partition key, with its health. */
export const inventoryServerSchema = {
  ...omitProperties(sourceServerInventoryRecordSchema, ['accountRegion']),
  title: 'InventoryServer',
  required: [...omitProperties(sourceServerInventoryRecordSchema, ['accountRegion']).required, 'health', 'displayState', 'recoveryPointAgeSeconds'],
  properties: {
    ...omitProperties(sourceServerInventoryRecordSchema, ['accountRegion']).properties,
    health: healthSchema,
    displayState: { type: 'string', description: "The original platform's display state (READY_FOR_RECOVERY, SYNCING, STALLED, …)." },
    recoveryPointAgeSeconds: { type: ['integer', 'null'], minimum: 0, description: 'Seconds since the newest recovery snapshot.' },
  },
} as const;
export type InventoryServer = FromSchema<typeof inventoryServerSchema>;

export const sourceServerInventoryQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    accountId: accountIdSchema,
    region: regionSchema,
    replicationState: { type: 'string', enum: REPLICATION_STATES },
    tag: { type: 'string', minLength: 1, maxLength: 385, pattern: '^[^=]{1,128}(=.{0,256})?$', description: 'A tag key, or key=value.' },
    limit: { type: 'string', pattern: '^(?:[1-9][0-9]{0,2}|1000)$', description: '1–1000 servers read per page (default 100).' },
    nextToken: { type: 'string', maxLength: 4096 },
  },
} as const;
export type SourceServerInventoryQuery = FromSchema<typeof sourceServerInventoryQuerySchema>;

export const sourceServerInventoryListSchema = {
  title: 'SourceServerInventoryList',
  type: 'object',
  additionalProperties: false,
  required: ['servers', 'count', 'nextToken', 'source', 'lastUpdated', 'staleRegions'],
  properties: {
    servers: { type: 'array', items: inventoryServerSchema },
    count: { type: 'integer', minimum: 0, description: 'Servers in this page.' },
    nextToken: { type: ['string', 'null'], description: 'Follow until null; the filters apply within a page, so a page can be short while more follow.' },
    source: sourceSchema,
    lastUpdated: { type: ['string', 'null'], format: 'date-time', description: 'The oldest inventory time among the account-regions answered.' },
    staleRegions: { type: 'array', items: staleRegionSchema, description: 'Account-regions whose inventory was older than 15 minutes.' },
  },
} as const;
export type SourceServerInventoryList = FromSchema<typeof sourceServerInventoryListSchema>;

export const drsSourceServersQuerySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['region'],
  properties: {
    region: regionSchema,
    accountId: accountIdSchema,
    currentProtectionGroupId: { type: 'string', minLength: 1, maxLength: 128, description: 'The group being edited: its own servers stay selectable.' },
  },
} as const;
export type DrsSourceServersQuery = FromSchema<typeof drsSourceServersQuerySchema>;

const nullableString = { type: ['string', 'null'] } as const;

/** One server in the original platform's `servers` shape (query-handler _transform_drs_server). */
export const drsSourceServerSchema = {
  title: 'DrsSourceServer',
  type: 'object',
  additionalProperties: false,
  required: [
    'sourceServerID', 'hostname', 'fqdn', 'nameTag', 'sourceInstanceId', 'sourceIp', 'sourceRegion', 'os', 'state', 'replicationState', 'lagDuration',
    'lastSeen', 'hardware', 'networkInterfaces', 'drsTags', 'assignedToProtectionGroup', 'selectable', 'accountId', 'health', 'lastSnapshotTime',
  ],
  properties: {
    sourceServerID: { type: 'string' },
    hostname: { type: 'string' },
    fqdn: { type: 'string' },
    nameTag: { type: 'string' },
    sourceInstanceId: { type: 'string' },
    sourceIp: { type: 'string' },
    sourceRegion: { type: 'string', description: 'The EC2 origin region ("" for a non-EC2 source).' },
    os: { type: 'string' },
    state: { type: 'string', description: 'The display state (READY_FOR_RECOVERY, SYNCING, …).' },
    replicationState: { type: 'string' },
    lagDuration: { type: 'string' },
    lastSeen: { type: 'string' },
    hardware: {
      type: 'object',
      additionalProperties: false,
      required: ['cpus', 'totalCores', 'ramBytes', 'ramGiB', 'disks', 'totalDiskGiB'],
      properties: {
        cpus: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['modelName', 'cores'], properties: { modelName: { type: 'string' }, cores: { type: 'integer' } } } },
        totalCores: { type: 'integer' },
        ramBytes: { type: 'integer' },
        ramGiB: { type: 'number' },
        disks: {
          type: 'array',
          items: { type: 'object', additionalProperties: false, required: ['deviceName', 'bytes', 'sizeGiB'], properties: { deviceName: { type: 'string' }, bytes: { type: 'integer' }, sizeGiB: { type: 'number' } } },
        },
        totalDiskGiB: { type: 'number' },
      },
    },
    networkInterfaces: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['ips', 'macAddress', 'isPrimary'],
        properties: { ips: { type: 'array', items: { type: 'string' } }, macAddress: { type: 'string' }, isPrimary: { type: 'boolean' } },
      },
    },
    drsTags: { type: 'object', additionalProperties: { type: 'string' } },
    assignedToProtectionGroup: {
      type: ['object', 'null'],
      additionalProperties: false,
      required: ['protectionGroupId', 'protectionGroupName'],
      properties: { protectionGroupId: { type: 'string' }, protectionGroupName: { type: 'string' } },
    },
    selectable: { type: 'boolean' },
    accountId: accountIdSchema,
    health: healthSchema,
    lastSnapshotTime: nullableString,
  },
} as const;

export const drsSourceServerListSchema = {
  title: 'DrsSourceServerList',
  type: 'object',
  additionalProperties: false,
  required: ['servers', 'sourceServers', 'region', 'serverCount', 'source', 'lastUpdated'],
  properties: {
    servers: { type: 'array', items: drsSourceServerSchema },
    sourceServers: {
      type: 'array',
      description: 'DRS SourceServer-shaped entries (the members the inventory keeps), where the original platform passed DRS\'s answer through.',
      items: { type: 'object', required: ['sourceServerID'], properties: { sourceServerID: { type: 'string' } } },
    },
    region: regionSchema,
    serverCount: { type: 'integer', minimum: 0 },
    source: sourceSchema,
    lastUpdated: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;
export type DrsSourceServerList = FromSchema<typeof drsSourceServerListSchema>;

export const drsReplicationQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { accountId: accountIdSchema, region: regionSchema },
} as const;
export type DrsReplicationQuery = FromSchema<typeof drsReplicationQuerySchema>;

const count = { type: 'integer', minimum: 0 } as const;

export const drsReplicationSchema = {
  title: 'DrsReplication',
  type: 'object',
  additionalProperties: false,
  required: ['servers', 'summary', 'source', 'lastUpdated', 'staleRegions'],
  properties: {
    servers: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: [
          'sourceServerID', 'hostname', 'accountId', 'region', 'replicationState', 'state', 'health', 'lagDuration', 'lagSeconds', 'etaDateTime',
          'lastSeen', 'lastSnapshotTime', 'recoveryPointAgeSeconds', 'replicationError', 'stagingAccountId',
        ],
        properties: {
          sourceServerID: { type: 'string' },
          hostname: nullableString,
          accountId: accountIdSchema,
          region: regionSchema,
          replicationState: { type: 'string', enum: REPLICATION_STATES },
          state: { type: 'string' },
          health: healthSchema,
          lagDuration: nullableString,
          lagSeconds: { type: ['integer', 'null'] },
          etaDateTime: nullableString,
          lastSeen: nullableString,
          lastSnapshotTime: nullableString,
          recoveryPointAgeSeconds: { type: ['integer', 'null'] },
          replicationError: nullableString,
          stagingAccountId: nullableString,
        },
      },
    },
    summary: {
      type: 'object',
      additionalProperties: false,
      required: ['total', 'readyToRecover', 'lagging', 'stalled', 'notReady', 'byState'],
      properties: {
        total: count,
        readyToRecover: count,
        lagging: count,
        stalled: count,
        notReady: count,
        byState: { type: 'object', additionalProperties: count },
      },
    },
    source: sourceSchema,
    lastUpdated: { type: ['string', 'null'], format: 'date-time' },
    staleRegions: { type: 'array', items: staleRegionSchema },
  },
} as const;
export type DrsReplication = FromSchema<typeof drsReplicationSchema>;
