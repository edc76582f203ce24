/**
 * Capacity reads against the DRS limits: replicating servers per account and
 * region (300), active jobs (20) and servers in them (500) per account and
 * region, servers per job (100), source servers (4000). Read-only: a target
 * account-region inventoried within 15 minutes is counted from the inventory,
 * any other from one DescribeSourceServers series; one DescribeJobs series
 * (jobs of the last 7 days) per target account-region; all in the regions
 * the active-region filter keeps.
 * A staging account is read in its target account's regions, with its own role.
 */
import { paginateDescribeJobs, paginateDescribeSourceServers } from '@aws-sdk/client-drs';
import type { AccountCapacity, CombinedCapacity } from '../../contracts/api/capacity';
import type { StagingAccountRecord, TargetAccountRecord } from '../../contracts/records/target-account';
import type { AccountRegion, AwsClientFactory } from '../aws/clients';
import { callAws } from '../aws/classify-error';
import type { InventorySyncMarker, SourceServerInventoryRecord } from '../../contracts/records/source-server-inventory';
import { INVENTORY_FRESH_MS } from '../inventory/reader';
import { inventoryKey } from '../repositories/source-server-inventory';
import { isReplicating, recordReplicates } from './replicating';

export const DRS_LIMITS = {
  MAX_SERVERS_PER_JOB: 100,
  MAX_CONCURRENT_JOBS: 20,
  MAX_SERVERS_IN_ALL_JOBS: 500,
  MAX_REPLICATING_SERVERS: 300,
  MAX_SOURCE_SERVERS: 4000,
  WARNING_REPLICATING_THRESHOLD: 250,
  CRITICAL_REPLICATING_THRESHOLD: 280,
} as const;

/** Jobs older than this are not read: a job that has been active longer is listed as a warning by DRS's own console, not here. */
const JOB_LOOKBACK_MS = 7 * 86_400_000;

export interface RegionCounts {
  readonly region: string;
  readonly totalServers: number;
  readonly replicatingServers: number;
  readonly servedBy?: 'inventory' | 'drs';
}

export interface JobCounts {
  readonly region: string;
  readonly activeJobs: number;
  readonly serversInActiveJobs: number;
  readonly largestJob?: { jobId: string; servers: number };
}

/** OK below 200 of 300, INFO to 225, WARNING to 250, CRITICAL to 280, HYPER-CRITICAL above (the original platform's thresholds). */
export function capacityStatus(replicating: number): AccountCapacity['status'] {
  if (replicating >= 280) return 'HYPER-CRITICAL';
  if (replicating >= 250) return 'CRITICAL';
  if (replicating >= 225) return 'WARNING';
  if (replicating >= 200) return 'INFO';
  return 'OK';
}

export async function readServerCounts(clients: Pick<AwsClientFactory, 'drs'>, target: AccountRegion): Promise<RegionCounts> {
  let totalServers = 0;
  let replicatingServers = 0;
  await callAws(`DescribeSourceServers in ${target.accountId}/${target.region}`, async () => {
    for await (const page of paginateDescribeSourceServers({ client: clients.drs(target), pageSize: 1000 }, {})) {
      for (const server of page.items ?? []) {
        totalServers += 1;
        if (isReplicating(server)) replicatingServers += 1;
      }
    }
  });
  return { region: target.region, totalServers, replicatingServers, servedBy: 'drs' };
}

export async function readJobCounts(clients: Pick<AwsClientFactory, 'drs'>, target: AccountRegion, now: Date): Promise<JobCounts> {
  let activeJobs = 0;
  let serversInActiveJobs = 0;
  let largestJob: JobCounts['largestJob'];
  const fromDate = new Date(now.getTime() - JOB_LOOKBACK_MS).toISOString();
  await callAws(`DescribeJobs in ${target.accountId}/${target.region}`, async () => {
    for await (const page of paginateDescribeJobs({ client: clients.drs(target), pageSize: 1000 }, { filters: { fromDate } })) {
      for (const job of page.items ?? []) {
        if (job.status === 'COMPLETED') continue;
        const servers = job.participatingServers?.length ?? 0;
        activeJobs += 1;
        serversInActiveJobs += servers;
        if (job.jobID && servers > (largestJob?.servers ?? -1)) largestJob = { jobId: job.jobID, servers };
      }
    }
  });
  return { region: target.region, activeJobs, serversInActiveJobs, ...(largestJob ? { largestJob } : {}) };
}

interface AccountToRead {
  readonly accountId: string;
  readonly accountName: string;
  readonly accountType: 'target' | 'staging';
  readonly roleArn: string | null;
  readonly externalId: string | null;
  readonly regions: readonly string[];
}

/** The target account and its staging accounts, each to be read in the target's (active) regions. */
export function accountsToRead(target: TargetAccountRecord, regions: readonly string[]): AccountToRead[] {
  const staging = (s: StagingAccountRecord): AccountToRead => ({ accountId: s.accountId, accountName: s.accountName, accountType: 'staging', roleArn: s.roleArn, externalId: s.externalId, regions });
  return [
    { accountId: target.accountId, accountName: target.name, accountType: 'target', roleArn: target.roleArn, externalId: target.externalId, regions },
    ...(target.stagingAccounts ?? []).map(staging),
  ];
}

/**
 * The inventory, for target accounts: an account-region inventoried within
 * 15 minutes is counted from it (0 DRS calls); otherwise DRS is read. Staging
 * accounts are not inventoried (they are not target accounts).
 */
export interface CapacityInventory {
  readonly markers: ReadonlyMap<string, InventorySyncMarker>;
  readonly listAccountRegion: (accountId: string, region: string) => Promise<SourceServerInventoryRecord[]>;
}

async function countFromInventory(inventory: CapacityInventory | undefined, target: AccountRegion, now: Date): Promise<RegionCounts | undefined> {
  const marker = inventory?.markers.get(inventoryKey(target.accountId, target.region));
  if (!inventory || !marker) return undefined;
  const age = now.getTime() - Date.parse(marker.lastUpdated);
  if (!(age >= 0 && age < INVENTORY_FRESH_MS)) return undefined;
  const records = marker.serverCount === 0 ? [] : await inventory.listAccountRegion(target.accountId, target.region);
  return { region: target.region, totalServers: records.length, replicatingServers: records.filter(recordReplicates).length, servedBy: 'inventory' };
}

export interface AccountReading {
  readonly capacity: AccountCapacity;
  readonly jobs: JobCounts[];
}

/** Reads one account in its regions; an account that cannot be read is answered inaccessible with the error, not thrown. */
export async function readAccount(clients: Pick<AwsClientFactory, 'drs'>, account: AccountToRead, now: Date, inventory?: CapacityInventory): Promise<AccountReading> {
  const at = (region: string): AccountRegion => ({ accountId: account.accountId, region, roleArn: account.roleArn, externalId: account.externalId });
  const count = async (region: string): Promise<RegionCounts> =>
    (account.accountType === 'target' ? await countFromInventory(inventory, at(region), now) : undefined) ?? readServerCounts(clients, at(region));
  try {
    const regions = await Promise.all(account.regions.map((region) => count(region).catch((error: Error) => ({ region, error }))));
    const ok = regions.filter((r): r is RegionCounts => !('error' in r));
    const failed = regions.filter((r): r is { region: string; error: Error } => 'error' in r);
    if (ok.length === 0 && failed.length > 0) throw failed[0]!.error;
    const jobs = account.accountType === 'target' ? await Promise.all(ok.map((r) => readJobCounts(clients, at(r.region), now))) : [];
    const busiest = Math.max(0, ...ok.map((r) => r.replicatingServers));
    const warnings = failed.map((f) => `${f.region}: ${f.error.message}`);
    if (busiest >= DRS_LIMITS.WARNING_REPLICATING_THRESHOLD) warnings.push(`A region holds ${busiest} of ${DRS_LIMITS.MAX_REPLICATING_SERVERS} replicating servers: add a staging account before it is full.`);
    return {
      capacity: {
        accountId: account.accountId,
        accountName: account.accountName,
        accountType: account.accountType,
        replicatingServers: ok.reduce((n, r) => n + r.replicatingServers, 0),
        totalServers: ok.reduce((n, r) => n + r.totalServers, 0),
        maxReplicating: DRS_LIMITS.MAX_REPLICATING_SERVERS,
        percentUsed: round((busiest / DRS_LIMITS.MAX_REPLICATING_SERVERS) * 100),
        availableSlots: DRS_LIMITS.MAX_REPLICATING_SERVERS - busiest,
        status: capacityStatus(busiest),
        regionalBreakdown: ok.map(({ region, totalServers, replicatingServers }) => ({ region, totalServers, replicatingServers })),
        warnings,
        accessible: true,
      },
      jobs,
    };
  } catch (error) {
    return {
      capacity: {
        accountId: account.accountId,
        accountName: account.accountName,
        accountType: account.accountType,
        replicatingServers: 0,
        totalServers: 0,
        maxReplicating: DRS_LIMITS.MAX_REPLICATING_SERVERS,
        percentUsed: 0,
        availableSlots: DRS_LIMITS.MAX_REPLICATING_SERVERS,
        status: 'OK',
        regionalBreakdown: [],
        warnings: [],
        accessible: false,
        error: (error as Error).message,
      },
      jobs: [],
    };
  }
}

const round = (n: number) => Math.round(n * 10) / 10;

/** The original platform's CombinedCapacityData from account readings. */
export function combine(readings: readonly AccountReading[], now: Date): CombinedCapacity {
  const accounts = readings.map((r) => r.capacity);
  const jobs = readings.flatMap((r) => r.jobs);
  const totalReplicating = accounts.reduce((n, a) => n + a.replicatingServers, 0);
  const maxReplicating = accounts.length * DRS_LIMITS.MAX_REPLICATING_SERVERS;
  const percentUsed = maxReplicating === 0 ? 0 : round((totalReplicating / maxReplicating) * 100);
  const worst = accounts.reduce<AccountCapacity['status']>((w, a) => (rank(a.status) > rank(w) ? a.status : w), 'OK');
  const targetServers = accounts.filter((a) => a.accountType === 'target').reduce((n, a) => n + a.totalServers, 0);
  const busiestJobs = Math.max(0, ...jobs.map((j) => j.activeJobs));
  const busiestServersInJobs = Math.max(0, ...jobs.map((j) => j.serversInActiveJobs));
  const largest = jobs.flatMap((j) => (j.largestJob ? [j.largestJob] : [])).sort((a, b) => b.servers - a.servers)[0];
  const warnings = accounts.flatMap((a) => [...a.warnings.map((w) => `${a.accountId}: ${w}`), ...(a.accessible ? [] : [`${a.accountId}: not readable: ${a.error ?? 'unknown error'}`])]);
  if (busiestJobs >= DRS_LIMITS.MAX_CONCURRENT_JOBS) warnings.push(`An account-region runs ${busiestJobs} DRS jobs, the most DRS allows at once: new recoveries there wait.`);
  if (busiestServersInJobs >= DRS_LIMITS.MAX_SERVERS_IN_ALL_JOBS * 0.9) warnings.push(`An account-region has ${busiestServersInJobs} servers in active jobs, near the limit of ${DRS_LIMITS.MAX_SERVERS_IN_ALL_JOBS}.`);
  const recoveryPercent = round((targetServers / DRS_LIMITS.MAX_SOURCE_SERVERS) * 100);
  return {
    combined: {
      totalReplicating,
      maxReplicating,
      percentUsed,
      status: worst,
      message: worst === 'OK' ? `${totalReplicating} replicating servers over ${accounts.length} account(s); every region has room.` : `At least one account-region is at ${worst}: see accounts[].warnings.`,
      availableSlots: maxReplicating - totalReplicating,
    },
    accounts,
    recoveryCapacity: {
      currentServers: targetServers,
      maxRecoveryInstances: DRS_LIMITS.MAX_SOURCE_SERVERS,
      percentUsed: recoveryPercent,
      availableSlots: DRS_LIMITS.MAX_SOURCE_SERVERS - targetServers,
      status: recoveryPercent >= 90 ? 'CRITICAL' : recoveryPercent >= 75 ? 'WARNING' : 'OK',
    },
    concurrentJobs: { current: busiestJobs, max: DRS_LIMITS.MAX_CONCURRENT_JOBS, available: DRS_LIMITS.MAX_CONCURRENT_JOBS - busiestJobs },
    serversInJobs: { current: busiestServersInJobs, max: DRS_LIMITS.MAX_SERVERS_IN_ALL_JOBS, available: DRS_LIMITS.MAX_SERVERS_IN_ALL_JOBS - busiestServersInJobs },
    maxServersPerJob: {
      current: largest?.servers ?? 0,
      max: DRS_LIMITS.MAX_SERVERS_PER_JOB,
      available: DRS_LIMITS.MAX_SERVERS_PER_JOB - (largest?.servers ?? 0),
      ...(largest ? { jobId: largest.jobId } : {}),
      status: 'OK',
      message: largest ? `The largest active job has ${largest.servers} of ${DRS_LIMITS.MAX_SERVERS_PER_JOB} servers.` : 'No active job.',
    },
    warnings,
    timestamp: now.toISOString(),
  };
}

const rank = (s: AccountCapacity['status']) => ['OK', 'INFO', 'WARNING', 'CRITICAL', 'HYPER-CRITICAL'].indexOf(s);
