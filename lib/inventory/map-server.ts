/**
 * A DRS source server as an inventory record, and the original-topology rule
 * (docs/decisions: "The original topology is captured once and never
 * overwritten"): pure functions, so the sync and the read fallback write the
 * same record for the same server.
 */
import type { SourceServer } from '@aws-sdk/client-drs';
import {
  REPLICATION_STATES,
  type ReplicationState,
  type SourceServerInventoryRecord,
} from '../../contracts/records/source-server-inventory';
import { inventoryKey } from '../repositories/source-server-inventory';

/** Seconds in an ISO 8601 duration as DRS writes it (PnDTnHnMnS); null when absent or unreadable. */
export function durationSeconds(iso: string | undefined | null): number | null {
  if (!iso) return null;
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso);
  if (!m) return null;
  const [, d, h, min, s] = m;
  return Math.floor(Number(d ?? 0) * 86400 + Number(h ?? 0) * 3600 + Number(min ?? 0) * 60 + Number(s ?? 0));
}

const iso = (d: Date | string | undefined | null): string | null => (d === undefined || d === null ? null : new Date(d).toISOString());

export interface RecordContext {
  readonly accountId: string;
  readonly region: string;
  readonly now: Date;
  readonly writer: SourceServerInventoryRecord['lastUpdatedBy'];
  /** The newest recovery snapshot, when it was read; undefined keeps what the existing record had. */
  readonly latestSnapshot?: { snapshotId: string | null; timestamp: string | null } | null;
  /** The record the inventory already holds for this server, if any. */
  readonly existing?: Partial<SourceServerInventoryRecord>;
  /** The account-region's only replication configuration template, when it has exactly one. */
  readonly replicationTemplateId?: string | null;
}

type Topology = Pick<
  SourceServerInventoryRecord,
  'originalSourceRegion' | 'originalAccountId' | 'originalReplicationConfigurationTemplateId' | 'topologySource' | 'topologyCapturedAt' | 'topologyMissing'
>;

export type TopologyOutcome = 'kept' | 'captured' | 'missing-legacy' | 'missing-failback';

/**
 * The original topology of a server:
 * - already known (originalAccountId set): kept as it is, whatever DRS says now
 *   (the server may since have been recovered, or be replicating back);
 * - a record without it (written before the fields existed, or first seen
 *   replicating FAILBACK): stays missing, never guessed from the present;
 * - a server seen for the first time, replicating FAILOVER: its EC2 origin
 *   (sourceCloudProperties originAccountID/originRegion), or for a non-AWS
 *   origin the DRS account and region it replicates into.
 */
export function originalTopology(server: SourceServer, ctx: RecordContext): { topology: Topology; outcome: TopologyOutcome } {
  const existing = ctx.existing;
  if (existing?.originalAccountId) {
    return {
      outcome: 'kept',
      topology: {
        originalSourceRegion: existing.originalSourceRegion ?? null,
        originalAccountId: existing.originalAccountId,
        originalReplicationConfigurationTemplateId: existing.originalReplicationConfigurationTemplateId ?? null,
        topologySource: existing.topologySource ?? null,
        topologyCapturedAt: existing.topologyCapturedAt ?? null,
        topologyMissing: false,
      },
    };
  }
  const missing = (outcome: TopologyOutcome) => ({
    outcome,
    topology: {
      originalSourceRegion: null,
      originalAccountId: null,
      originalReplicationConfigurationTemplateId: null,
      topologySource: null,
      topologyCapturedAt: null,
      topologyMissing: true,
    },
  });
  if (existing) return missing('missing-legacy');
  if (server.replicationDirection === 'FAILBACK') return missing('missing-failback');
  const cloud = server.sourceCloudProperties;
  const fromEc2 = !!(cloud?.originAccountID && cloud.originRegion);
  return {
    outcome: 'captured',
    topology: {
      originalSourceRegion: fromEc2 ? cloud!.originRegion! : ctx.region,
      originalAccountId: fromEc2 ? cloud!.originAccountID! : ctx.accountId,
      originalReplicationConfigurationTemplateId: ctx.replicationTemplateId ?? null,
      topologySource: fromEc2 ? 'ec2-origin' : 'drs-replication',
      topologyCapturedAt: ctx.now.toISOString(),
      topologyMissing: false,
    },
  };
}

const stateOf = (state: string | undefined): ReplicationState =>
  state && (REPLICATION_STATES as readonly string[]).includes(state) ? (state as ReplicationState) : 'UNKNOWN';

/** The inventory record of `server`, with its topology decided by originalTopology. */
export function toInventoryRecord(server: SourceServer, ctx: RecordContext): { record: SourceServerInventoryRecord; outcome: TopologyOutcome } {
  const props = server.sourceProperties;
  const hints = props?.identificationHints;
  const replication = server.dataReplicationInfo;
  const nics = props?.networkInterfaces ?? [];
  const disks = (props?.disks ?? []).slice(0, 64).map((d) => ({ deviceName: d.deviceName ?? null, bytes: d.bytes ?? 0 }));
  const cloud = server.sourceCloudProperties;
  const lastLaunch = server.lifeCycle?.lastLaunch;
  const snapshot = ctx.latestSnapshot === undefined ? { snapshotId: ctx.existing?.lastSnapshotId ?? null, timestamp: ctx.existing?.lastSnapshotTime ?? null } : ctx.latestSnapshot;
  const { topology, outcome } = originalTopology(server, ctx);
  const record: SourceServerInventoryRecord = {
    accountRegion: inventoryKey(ctx.accountId, ctx.region),
    sourceServerId: server.sourceServerID!,
    accountId: ctx.accountId,
    region: ctx.region,
    arn: server.arn ?? null,
    hostname: hints?.hostname ?? null,
    fqdn: hints?.fqdn ?? null,
    nameTag: server.tags?.Name ?? null,
    replicationState: stateOf(replication?.dataReplicationState),
    replicationDirection: server.replicationDirection === 'FAILBACK' || server.replicationDirection === 'FAILOVER' ? server.replicationDirection : null,
    lagDuration: replication?.lagDuration ?? null,
    lagSeconds: durationSeconds(replication?.lagDuration),
    etaDateTime: iso(replication?.etaDateTime),
    replicationError: replication?.dataReplicationError
      ? { error: replication.dataReplicationError.error ?? null, rawError: replication.dataReplicationError.rawError?.slice(0, 2048) ?? null }
      : null,
    lastSeenByService: iso(server.lifeCycle?.lastSeenByServiceDateTime),
    lastSnapshotTime: iso(snapshot?.timestamp),
    lastSnapshotId: snapshot?.snapshotId ?? null,
    stagingAccountId: server.stagingArea?.stagingAccountID ?? null,
    stagingAreaStatus: server.stagingArea?.status ?? null,
    hardware: {
      cpus: (props?.cpus ?? []).slice(0, 64).map((c) => ({ modelName: c.modelName ?? null, cores: c.cores ?? 0 })),
      cpuCores: (props?.cpus ?? []).reduce((n, c) => n + (c.cores ?? 0), 0),
      ramBytes: props?.ramBytes ?? 0,
      disks,
      totalDiskBytes: disks.reduce((n, d) => n + d.bytes, 0),
      os: props?.os?.fullString ?? null,
      recommendedInstanceType: props?.recommendedInstanceType ?? null,
    },
    network: {
      primaryIp: nics.find((n) => n.isPrimary)?.ips?.[0] ?? nics[0]?.ips?.[0] ?? null,
      ips: nics.flatMap((n) => n.ips ?? []).slice(0, 64),
      interfaces: nics.slice(0, 16).map((n) => ({ ips: (n.ips ?? []).slice(0, 16), macAddress: n.macAddress ?? null, isPrimary: n.isPrimary ?? false })),
    },
    tags: { ...(server.tags ?? {}) },
    launch: {
      lastLaunchResult: server.lastLaunchResult ?? null,
      lastLaunchType: lastLaunch?.initiated?.type ?? null,
      lastLaunchStatus: lastLaunch?.status ?? null,
      lastLaunchJobId: lastLaunch?.initiated?.jobID ?? null,
      lastLaunchAt: iso(lastLaunch?.initiated?.apiCallDateTime),
    },
    sourceEc2:
      hints?.awsInstanceID || cloud?.originAccountID
        ? { instanceId: hints?.awsInstanceID ?? null, accountId: cloud?.originAccountID ?? null, region: cloud?.originRegion ?? null, availabilityZone: cloud?.originAvailabilityZone ?? null }
        : null,
    lifeCycle: {
      addedToService: iso(server.lifeCycle?.addedToServiceDateTime),
      firstByte: iso(server.lifeCycle?.firstByteDateTime),
      elapsedReplicationDuration: server.lifeCycle?.elapsedReplicationDuration ?? null,
    },
    recoveryInstanceId: server.recoveryInstanceId ?? null,
    reversedDirectionSourceServerArn: server.reversedDirectionSourceServerArn ?? null,
    ...topology,
    lastUpdated: ctx.now.toISOString(),
    lastUpdatedBy: ctx.writer,
  };
  return { record, outcome };
}
