import {
  drsReplicationQuerySchema,
  drsReplicationSchema,
  drsSourceServerListSchema,
  drsSourceServersQuerySchema,
  sourceServerInventoryListSchema,
  sourceServerInventoryQuerySchema,
  type DrsReplication,
  type DrsReplicationQuery,
  type DrsSourceServerList,
  type DrsSourceServersQuery,
  type SourceServerInventoryList,
  type SourceServerInventoryQuery,
  inventorySyncRunSchema,
  inventorySyncStartSchema,
  inventorySyncStatusSchema,
  type InventorySyncRun,
  type InventorySyncStart,
  type InventorySyncStatus,
} from '../../contracts/api/inventory';
import { pickSchemaFields } from '../../contracts/api/recovery-instances';
import type { SourceServerInventoryRecord } from '../../contracts/records/source-server-inventory';
import { listInventory, oldestUpdate, presentServer, recordsFor, sourceOf, staleRegions } from '../../lib/inventory/api-reads';
import { displayState, recoveryPointAgeSeconds, replicationHealth } from '../../lib/inventory/health';
import { NotFoundError } from '../../lib/errors';
import { logger } from '../../lib/observability';
import { defineRoute, type Route } from '../framework/route';

const TAG = 'Source-server inventory';
const STATUS_RUNS = 10;

/** The inventory sync: starting a run, and how the runs went. */
export const inventoryRoutes: Route[] = [
  defineRoute<{ response: InventorySyncStart }>({
    operationId: 'start_inventory_sync',
    method: 'POST',
    path: '/drs/inventory/sync',
    tag: TAG,
    summary: 'Refresh the source-server inventory now',
    description: 'Starts the inventory-sync state machine (it also runs every 15 minutes) and answers at once. A run that finds another one running skips itself.',
    access: 'Operator',
    effect: 'write',
    response: { status: 202, description: 'The inventory-sync execution was started.', schema: inventorySyncStartSchema },
    errors: [400, 502, 503],
    handle: async ({ principal, requestId }, { startInventorySync }) => {
      const started = await startInventorySync(`api:${principal.kind}:${principal.username}`);
      logger.info('Inventory sync started', { executionArn: started.executionArn, by: principal.username, requestId });
      return started;
    },
  }),

  defineRoute<{ response: InventorySyncStatus }>({
    operationId: 'get_inventory_sync_status',
    method: 'GET',
    path: '/drs/inventory/sync/status',
    tag: TAG,
    summary: 'How the inventory sync has been doing',
    description: 'The last runs (servers found, regions scanned and skipped, DRS calls, per account-region errors and warnings), from the run records only.',
    access: 'ReadOnly',
    effect: 'read',
    response: { status: 200, description: 'The last runs, newest first.', schema: inventorySyncStatusSchema },
    handle: async (_request, { syncRuns }) => {
      const runs = await syncRuns.latest('inventory-sync', STATUS_RUNS);
      const present = (run: (typeof runs)[number]) => pickSchemaFields<InventorySyncRun>(inventorySyncRunSchema, run);
      const completed = runs.find((r) => r.status !== 'RUNNING');
      return { running: runs[0]?.status === 'RUNNING', lastCompletedRun: completed ? present(completed) : null, recentRuns: runs.map(present) };
    },
  }),

  defineRoute<{ query: SourceServerInventoryQuery; response: SourceServerInventoryList }>({
    operationId: 'list_source_server_inventory',
    method: 'GET',
    path: '/drs/source-server-inventory',
    tag: TAG,
    summary: 'The source-server inventory: every DRS source server with replication, lag, recovery point, staging, hardware, network, tags and original topology',
    description:
      'Inventory first: account-regions inventoried within 15 minutes are answered from the inventory table with no DRS call; a stale one is read ' +
      'from DRS (DescribeSourceServers, the original topology and last snapshot kept from the inventory) and listed in `staleRegions`. Filters: ' +
      'accountId, region, replicationState, tag (key or key=value). Server-side paging: follow nextToken until null; the filters apply within ' +
      'a page, so a page can be short or empty while more follow.',
    access: 'ReadOnly',
    effect: 'read',
    querySchema: sourceServerInventoryQuerySchema,
    response: { status: 200, description: 'One page of servers and where they came from.', schema: sourceServerInventoryListSchema },
    errors: [502, 503],
    handle: async ({ query }, deps) => listInventory(deps, query),
  }),

  defineRoute<{ query: DrsSourceServersQuery; response: DrsSourceServerList }>({
    operationId: 'get_drs_source_servers',
    method: 'GET',
    path: '/drs/source-servers',
    tag: TAG,
    summary: 'The DRS source servers of one region (and account), in the original platform\'s shape',
    description:
      'The original platform\'s server picker read (`{ servers, sourceServers, region, serverCount }`, with each server\'s protection-group ' +
      'assignment), served inventory first: no DRS call when the account-region was inventoried within 15 minutes. accountId defaults to the hub.',
    access: 'ReadOnly',
    effect: 'read',
    querySchema: drsSourceServersQuerySchema,
    response: { status: 200, description: 'The servers.', schema: drsSourceServerListSchema },
    errors: [404, 502, 503],
    handle: async ({ query }, deps) => {
      const accountId = query.accountId ?? deps.hubAccountId;
      if (!accountId) throw new NotFoundError('No accountId given and the hub account is unknown');
      // Both reads start as promises first, so a failure of either is always handled by Promise.all.
      const reads = [recordsFor(deps, 'get_drs_source_servers', { accountId, region: query.region }), Promise.resolve().then(() => deps.protectionGroups.list())] as const;
      const [{ records, answers }, groups] = await Promise.all(reads);
      const assigned = new Map<string, { protectionGroupId: string; protectionGroupName: string }>();
      for (const group of groups) {
        if (group.region !== query.region || group.accountId !== accountId || group.groupId === query.currentProtectionGroupId) continue;
        for (const id of group.sourceServerIds) assigned.set(id, { protectionGroupId: group.groupId, protectionGroupName: group.name });
      }
      return {
        servers: records.map((r) => ({ ...pickerServer(r), assignedToProtectionGroup: assigned.get(r.sourceServerId) ?? null, selectable: !assigned.has(r.sourceServerId) })),
        sourceServers: records.map(drsShaped),
        region: query.region,
        serverCount: records.length,
        source: sourceOf(answers),
        lastUpdated: oldestUpdate(answers),
      };
    },
  }),

  defineRoute<{ query: DrsReplicationQuery; response: DrsReplication }>({
    operationId: 'get_drs_replication',
    method: 'GET',
    path: '/drs/replication',
    tag: TAG,
    summary: 'Replication state, lag and recovery point of every source server, with a health summary',
    description:
      'Per server: dataReplicationState, display state, health (READY: CONTINUOUS with lag ≤ 5 min; LAGGING; STALLED; NOT_READY), lag, ETA, ' +
      'last seen, newest recovery point and its age. The summary counts servers ready to recover now, lagging and stalled (the Dashboard). ' +
      'Inventory first, like the inventory listing. Optional accountId and region.',
    access: 'ReadOnly',
    effect: 'read',
    querySchema: drsReplicationQuerySchema,
    response: { status: 200, description: 'Servers and the summary.', schema: drsReplicationSchema },
    errors: [502, 503],
    handle: async ({ query }, deps) => {
      const { records, answers } = await recordsFor(deps, 'get_drs_replication', { accountId: query.accountId, region: query.region });
      const now = deps.now();
      const servers = records.map((r) => ({
        sourceServerID: r.sourceServerId,
        hostname: r.hostname,
        accountId: r.accountId,
        region: r.region,
        replicationState: r.replicationState,
        state: displayState(r.replicationState),
        health: replicationHealth(r),
        lagDuration: r.lagDuration,
        lagSeconds: r.lagSeconds,
        etaDateTime: r.etaDateTime,
        lastSeen: r.lastSeenByService,
        lastSnapshotTime: r.lastSnapshotTime,
        recoveryPointAgeSeconds: recoveryPointAgeSeconds(r.lastSnapshotTime, now),
        replicationError: r.replicationError ? (r.replicationError.error ?? r.replicationError.rawError) : null,
        stagingAccountId: r.stagingAccountId,
      }));
      const health = (h: string) => servers.filter((s) => s.health === h).length;
      const byState: Record<string, number> = {};
      for (const s of servers) byState[s.replicationState] = (byState[s.replicationState] ?? 0) + 1;
      return {
        servers,
        summary: { total: servers.length, readyToRecover: health('READY'), lagging: health('LAGGING'), stalled: health('STALLED'), notReady: health('NOT_READY'), byState },
        source: sourceOf(answers),
        lastUpdated: oldestUpdate(answers),
        staleRegions: staleRegions(answers),
      };
    },
  }),
];

const GIB = 1024 ** 3;
const gib = (bytes: number) => Math.round((bytes / GIB) * 100) / 100;

/** The original platform's `servers` entry (_transform_drs_server), from the inventory record. */
function pickerServer(r: SourceServerInventoryRecord) {
  const present = presentServer(r, new Date(r.lastUpdated));
  return {
    sourceServerID: r.sourceServerId,
    hostname: r.hostname ?? '',
    fqdn: r.fqdn ?? '',
    nameTag: r.nameTag ?? '',
    sourceInstanceId: r.sourceEc2?.instanceId ?? '',
    sourceIp: r.network.primaryIp ?? '',
    sourceRegion: r.sourceEc2?.region ?? '',
    os: r.hardware.os ?? '',
    state: present.displayState,
    replicationState: r.replicationState,
    lagDuration: r.lagDuration ?? '',
    lastSeen: r.lastSeenByService ?? '',
    hardware: {
      cpus: r.hardware.cpus.map((c) => ({ modelName: c.modelName ?? '', cores: c.cores })),
      totalCores: r.hardware.cpuCores,
      ramBytes: r.hardware.ramBytes,
      ramGiB: gib(r.hardware.ramBytes),
      disks: r.hardware.disks.map((d) => ({ deviceName: d.deviceName ?? '', bytes: d.bytes, sizeGiB: gib(d.bytes) })),
      totalDiskGiB: gib(r.hardware.totalDiskBytes),
    },
    networkInterfaces: r.network.interfaces.map((n) => ({ ips: n.ips, macAddress: n.macAddress ?? '', isPrimary: n.isPrimary })),
    drsTags: r.tags,
    accountId: r.accountId,
    health: present.health,
    lastSnapshotTime: r.lastSnapshotTime,
  };
}

/** The DRS SourceServer members the inventory keeps, in DRS's own shape. */
function drsShaped(r: SourceServerInventoryRecord): { sourceServerID: string; [member: string]: unknown } {
  const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
  return {
    ...defined({
    arn: r.arn,
    tags: r.tags,
    recoveryInstanceId: r.recoveryInstanceId,
    lastLaunchResult: r.launch.lastLaunchResult,
    replicationDirection: r.replicationDirection,
    dataReplicationInfo: defined({ dataReplicationState: r.replicationState === 'UNKNOWN' ? null : r.replicationState, lagDuration: r.lagDuration, etaDateTime: r.etaDateTime }),
    lifeCycle: defined({ addedToServiceDateTime: r.lifeCycle.addedToService, firstByteDateTime: r.lifeCycle.firstByte, lastSeenByServiceDateTime: r.lastSeenByService }),
    sourceProperties: defined({
      identificationHints: defined({ hostname: r.hostname, fqdn: r.fqdn, awsInstanceID: r.sourceEc2?.instanceId }),
      os: r.hardware.os ? { fullString: r.hardware.os } : null,
      ramBytes: r.hardware.ramBytes,
      recommendedInstanceType: r.hardware.recommendedInstanceType,
      cpus: r.hardware.cpus,
      disks: r.hardware.disks,
      networkInterfaces: r.network.interfaces,
    }),
    stagingArea: defined({ status: r.stagingAreaStatus, stagingAccountID: r.stagingAccountId }),
    sourceCloudProperties: r.sourceEc2 ? defined({ originAccountID: r.sourceEc2.accountId, originRegion: r.sourceEc2.region, originAvailabilityZone: r.sourceEc2.availabilityZone }) : {},
    }),
    sourceServerID: r.sourceServerId,
  };
}
