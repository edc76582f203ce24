/**
 * Inventories one account-region: every DRS source server (DescribeSourceServers,
 * all pages), optionally each one's newest recovery snapshot
 * (DescribeRecoverySnapshots order DESC, maxResults 1: SourceServer has no
 * last-snapshot field), merged with what the inventory held (the original
 * topology is never overwritten), written, and the records of servers DRS no
 * longer holds removed. The inventory sync and the read fallback share it.
 */
import { DescribeRecoverySnapshotsCommand, paginateDescribeReplicationConfigurationTemplates, paginateDescribeSourceServers, type SourceServer } from '@aws-sdk/client-drs';
import type { SourceServerInventoryRecord } from '../../contracts/records/source-server-inventory';
import type { AwsClientFactory } from '../aws/clients';
import { callAws } from '../aws/classify-error';
import { NotFoundError } from '../errors';
import { logger } from '../observability';
import type { SourceServerInventoryRepository } from '../repositories/source-server-inventory';
import { ApiCallCounter } from '../../tasks/recovery-instance-sync/lib/api-call-counter';
import { readPages } from '../../tasks/recovery-instance-sync/lib/read-pages';
import type { AccountDirectory } from '../../tasks/recovery-instance-sync/lib/sync-servers';
import { toInventoryRecord, type TopologyOutcome } from './map-server';

/** DescribeSourceServers' largest page. */
const PAGE_SIZE = 1000;
/** Snapshot reads in flight at once in one account-region. */
const SNAPSHOT_CONCURRENCY = 8;

/** What reading an account-region needs: the inventory is only read (for what it held). */
export interface CollectDependencies {
  readonly accounts: AccountDirectory;
  readonly clients: Pick<AwsClientFactory, 'drs' | 'verifyAccess'>;
  readonly inventory: Pick<SourceServerInventoryRepository, 'listAccountRegion'>;
  readonly now: () => Date;
}

export interface RefreshDependencies extends CollectDependencies {
  readonly inventory: Pick<SourceServerInventoryRepository, 'listAccountRegion' | 'putMany' | 'deleteMany' | 'putMarker'>;
}

export interface RefreshOptions {
  readonly writer: SourceServerInventoryRecord['lastUpdatedBy'];
  /** Read each server's newest snapshot (the sync does; a read fallback keeps the last known one). */
  readonly readSnapshots: boolean;
  /**
   * When a server is seen for the first time, read the account-region's
   * replication configuration templates for its original topology (the sync
   * does; a read fallback does not, and writes nothing that would keep a null).
   */
  readonly readTemplates?: boolean;
}

export interface CollectResult {
  readonly accountId: string;
  readonly region: string;
  readonly records: SourceServerInventoryRecord[];
  /** Servers the inventory holds that DRS no longer does. */
  readonly gone: string[];
  readonly serversFound: number;
  readonly topology: Record<TopologyOutcome, number>;
  readonly warnings: string[];
  readonly apiCalls: Record<string, number>;
}

export interface RefreshResult extends CollectResult {
  readonly recordsRemoved: number;
}

async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Reads one account-region from DRS and builds its records (merged with what the inventory held); writes nothing. */
export async function collectAccountRegion(scope: { accountId: string; region: string }, options: RefreshOptions, deps: CollectDependencies): Promise<CollectResult> {
  const { accountId, region } = scope;
  const counter = new ApiCallCounter();
  const account = await deps.accounts.get(accountId);
  if (!account) throw new NotFoundError(`Account ${accountId} is not a registered target account`);
  const target = { accountId, region, roleArn: account.roleArn ?? null, externalId: account.externalId ?? null };
  await deps.clients.verifyAccess(target);
  const drs = deps.clients.drs(target);

  const servers: SourceServer[] = [];
  const pages = paginateDescribeSourceServers({ client: drs, pageSize: PAGE_SIZE }, {});
  await readPages('DRS DescribeSourceServers', counter, 'drs', pages, (page) => servers.push(...(page.items ?? []).filter((s) => !!s.sourceServerID)));

  const existing = new Map((await deps.inventory.listAccountRegion(accountId, region)).map((r) => [r.sourceServerId, r]));
  // DRS does not name the template a server was set up from: an account-region with exactly one template tells it.
  let replicationTemplateId: string | null = null;
  const firstSeen = servers.filter((s) => !existing.has(s.sourceServerID!) && s.replicationDirection !== 'FAILBACK').length;
  const templateWarnings: string[] = [];
  if (options.readTemplates && firstSeen > 0) {
    const ids: string[] = [];
    const pages = paginateDescribeReplicationConfigurationTemplates({ client: drs }, {});
    await readPages('DRS DescribeReplicationConfigurationTemplates', counter, 'drs', pages, (page) => ids.push(...(page.items ?? []).map((t) => t.replicationConfigurationTemplateID!).filter(Boolean)));
    if (ids.length === 1) replicationTemplateId = ids[0]!;
    else templateWarnings.push(`${ids.length} replication configuration templates in this account-region: the original template of ${firstSeen} new server(s) is not recorded (not guessed)`);
  }

  const snapshots = options.readSnapshots
    ? await mapBounded(servers, SNAPSHOT_CONCURRENCY, async (server) => {
        counter.count('drs');
        const out = await callAws(`DRS DescribeRecoverySnapshots ${server.sourceServerID}`, () =>
          drs.send(new DescribeRecoverySnapshotsCommand({ sourceServerID: server.sourceServerID!, order: 'DESC', maxResults: 1 })),
        );
        const newest = out.items?.[0];
        return newest ? { snapshotId: newest.snapshotID ?? null, timestamp: newest.timestamp ?? null } : null;
      })
    : undefined;

  const now = deps.now();
  const topology: Record<TopologyOutcome, number> = { kept: 0, captured: 0, 'missing-legacy': 0, 'missing-failback': 0 };
  const warnings: string[] = [...templateWarnings];
  const records = servers.map((server, i) => {
    const { record, outcome } = toInventoryRecord(server, {
      accountId,
      region,
      now,
      writer: options.writer,
      latestSnapshot: snapshots ? snapshots[i] : undefined,
      existing: existing.get(server.sourceServerID!),
      replicationTemplateId,
    });
    topology[outcome] += 1;
    if (outcome === 'missing-legacy' || outcome === 'missing-failback') {
      const why = outcome === 'missing-legacy' ? 'its inventory record predates the original topology' : 'it was first seen replicating FAILBACK';
      logger.warn('Source server without original topology: failback will need it entered by hand', { accountId, region, sourceServerId: record.sourceServerId, why });
      if (warnings.length < 20) warnings.push(`${record.sourceServerId}: original topology unknown (${why}); not guessed`);
    }
    return record;
  });
  const present = new Set(records.map((r) => r.sourceServerId));
  const gone = [...existing.keys()].filter((id) => !present.has(id));
  return { accountId, region, records, gone, serversFound: servers.length, topology, warnings, apiCalls: counter.toJSON() };
}

/** Writes what collectAccountRegion built: the records, the removals and the account-region's freshness marker. */
export async function writeAccountRegion(
  collected: CollectResult,
  writer: SourceServerInventoryRecord['lastUpdatedBy'],
  deps: { inventory: Pick<SourceServerInventoryRepository, 'putMany' | 'deleteMany' | 'putMarker'>; now: () => Date },
): Promise<number> {
  const { accountId, region, records, gone } = collected;
  await deps.inventory.putMany(records);
  if (gone.length > 0) await deps.inventory.deleteMany(accountId, region, gone);
  await deps.inventory.putMarker({ accountId, region, lastUpdated: deps.now().toISOString(), lastUpdatedBy: writer, serverCount: records.length });
  return gone.length;
}

/** Reads one account-region from DRS and writes it to the inventory. */
export async function refreshAccountRegion(scope: { accountId: string; region: string }, options: RefreshOptions, deps: RefreshDependencies): Promise<RefreshResult> {
  const collected = await collectAccountRegion(scope, options, deps);
  const recordsRemoved = await writeAccountRegion(collected, options.writer, deps);
  return { ...collected, recordsRemoved };
}

/** An account-region DRS was never initialized in holds no servers: its records (if any) go, and its marker says 0. */
export async function clearAccountRegion(scope: { accountId: string; region: string }, writer: SourceServerInventoryRecord['lastUpdatedBy'], deps: Pick<RefreshDependencies, 'inventory' | 'now'>): Promise<number> {
  const existing = await deps.inventory.listAccountRegion(scope.accountId, scope.region);
  if (existing.length > 0) await deps.inventory.deleteMany(scope.accountId, scope.region, existing.map((r) => r.sourceServerId));
  await deps.inventory.putMarker({ ...scope, lastUpdated: deps.now().toISOString(), lastUpdatedBy: writer, serverCount: 0 });
  return existing.length;
}
