import type { SourceServer } from '@aws-sdk/client-drs';
import { sourceServerInventoryRecordSchema } from '../../../contracts/records/source-server-inventory';
import { durationSeconds, toInventoryRecord } from '../../../lib/inventory/map-server';
import { assertValid } from '../../../lib/validation';

const now = new Date('2026-12-01T10:00:00.000Z');
const ec2Server = (over: Partial<SourceServer> = {}): SourceServer => ({
  sourceServerID: 's-0123456789abcdef0',
  arn: 'arn:aws:drs:us-west-2:222222222222:source-server/s-0123456789abcdef0',
  tags: { Name: 'web-1', Tier: 'web' },
  replicationDirection: 'FAILOVER',
  lastLaunchResult: 'NOT_STARTED',
  dataReplicationInfo: { dataReplicationState: 'CONTINUOUS', lagDuration: 'PT1M30S' },
  lifeCycle: { addedToServiceDateTime: '2026-11-01T00:00:00.000Z', lastSeenByServiceDateTime: '2026-12-01T09:59:30.000Z' },
  sourceProperties: {
    identificationHints: { hostname: 'web-1', awsInstanceID: 'i-0123456789abcdef0' },
    cpus: [{ cores: 2 }, { cores: 2 }],
    ramBytes: 8 * 2 ** 30,
    disks: [{ deviceName: '/dev/xvda', bytes: 100 }, { deviceName: '/dev/xvdb', bytes: 50 }],
    networkInterfaces: [{ ips: ['10.0.0.9'], isPrimary: false }, { ips: ['10.0.0.5', '10.0.0.6'], isPrimary: true }],
    os: { fullString: 'Amazon Linux 2023' },
  },
  stagingArea: { status: 'NOT_EXTENDED', stagingAccountID: '222222222222' },
  sourceCloudProperties: { originAccountID: '333333333333', originRegion: 'us-east-1', originAvailabilityZone: 'us-east-1a' },
  ...over,
});
const ctx = { accountId: '222222222222', region: 'us-west-2', now, writer: 'inventory-sync' as const };

describe('inventory record of a DRS source server', () => {
  it('keeps what pages need, valid against the record schema', () => {
    const { record } = toInventoryRecord(ec2Server(), { ...ctx, latestSnapshot: { snapshotId: 'pit-1', timestamp: '2026-12-01T09:50:10.000Z' } });
    expect(assertValid(sourceServerInventoryRecordSchema, record, 'record')).toBe(record);
    expect(record).toMatchObject({
      accountRegion: '222222222222#us-west-2',
      nameTag: 'web-1',
      replicationState: 'CONTINUOUS',
      lagSeconds: 90,
      lastSnapshotTime: '2026-12-01T09:50:10.000Z',
      hardware: { cpuCores: 4, totalDiskBytes: 150, os: 'Amazon Linux 2023' },
      network: { primaryIp: '10.0.0.5', ips: ['10.0.0.9', '10.0.0.5', '10.0.0.6'], interfaces: [expect.objectContaining({ isPrimary: false }), { ips: ['10.0.0.5', '10.0.0.6'], macAddress: null, isPrimary: true }] },
      sourceEc2: { instanceId: 'i-0123456789abcdef0', accountId: '333333333333', region: 'us-east-1' },
      lastUpdated: now.toISOString(),
    });
  });

  it('reads ISO 8601 durations as DRS writes them', () => {
    expect(durationSeconds('PT0S')).toBe(0);
    expect(durationSeconds('P1DT2H3M4S')).toBe(93784);
    expect(durationSeconds('nonsense')).toBeNull();
    expect(durationSeconds(undefined)).toBeNull();
  });

  it('first seen replicating FAILOVER from EC2: the origin account and region are the original topology', () => {
    const { record, outcome } = toInventoryRecord(ec2Server(), ctx);
    expect(outcome).toBe('captured');
    expect(record).toMatchObject({ originalSourceRegion: 'us-east-1', originalAccountId: '333333333333', topologySource: 'ec2-origin', topologyMissing: false, topologyCapturedAt: now.toISOString() });
  });

  it('first seen from a non-AWS origin: the DRS account and region it replicates into', () => {
    const onPrem = ec2Server({ sourceCloudProperties: {}, sourceProperties: { identificationHints: { hostname: 'db-1', vmWareUuid: 'x' } } });
    const { record } = toInventoryRecord(onPrem, ctx);
    expect(record).toMatchObject({ originalSourceRegion: 'us-west-2', originalAccountId: '222222222222', topologySource: 'drs-replication', sourceEc2: null });
  });

  it('once known, never overwritten: not by a later sync of a recovered or reversed server, not by a read fallback', () => {
    const first = toInventoryRecord(ec2Server(), ctx).record;
    const moved = ec2Server({
      replicationDirection: 'FAILBACK',
      recoveryInstanceId: 'i-0aaaaaaaaaaaaaaaa',
      sourceCloudProperties: { originAccountID: '222222222222', originRegion: 'us-west-2' },
    });
    const later = toInventoryRecord(moved, { ...ctx, now: new Date('2026-12-02T00:00:00.000Z'), writer: 'read-fallback', existing: first });
    expect(later.outcome).toBe('kept');
    expect(later.record).toMatchObject({ originalSourceRegion: 'us-east-1', originalAccountId: '333333333333', topologyCapturedAt: now.toISOString(), recoveryInstanceId: 'i-0aaaaaaaaaaaaaaaa', lastUpdatedBy: 'read-fallback' });
    // The snapshot a fallback did not read is the one the record had.
    expect(toInventoryRecord(ec2Server(), { ...ctx, existing: { ...first, lastSnapshotId: 'pit-9', lastSnapshotTime: '2026-12-01T09:40:00.000Z' } }).record.lastSnapshotId).toBe('pit-9');
  });

  it('a legacy record without topology, or a server first seen replicating FAILBACK: missing and flagged, not guessed', () => {
    const { originalAccountId: _a, originalSourceRegion: _r, originalReplicationConfigurationTemplateId: _t, topologyMissing: _m, ...legacy } = toInventoryRecord(ec2Server(), ctx).record;
    const fromLegacy = toInventoryRecord(ec2Server(), { ...ctx, existing: legacy });
    expect(fromLegacy.outcome).toBe('missing-legacy');
    expect(fromLegacy.record).toMatchObject({ originalSourceRegion: null, originalAccountId: null, topologyMissing: true });
    const reversed = toInventoryRecord(ec2Server({ replicationDirection: 'FAILBACK' }), ctx);
    expect(reversed.outcome).toBe('missing-failback');
    expect(reversed.record.topologyMissing).toBe(true);
  });
});
