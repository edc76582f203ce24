import type { Instance } from '@aws-sdk/client-ec2';
import type { RecoveryInstanceRecord } from '../../../contracts/records/recovery-instance';
import type { RecoveryJobRecord } from '../../../contracts/records/recovery-job';
import type { SyncTargetResult } from '../../../contracts/records/sync-run';
import type { AccountRegion, AwsClientFactory } from '../../../lib/aws/clients';
import { NotFoundError } from '../../../lib/errors';
import { logger } from '../../../lib/observability';
import { ApiCallCounter } from './api-call-counter';
import { describeSourceServers, listRecoveryInstances } from './drs-reads';
import { describeInstances } from './ec2-reads';
import { hasIds, toRecoveryInstanceRecord } from './map-record';

/** How a task reaches an account: its role, when it is not the account we run in. */
export interface AccountAccess {
  readonly accountId: string;
  readonly roleArn?: string | null;
  readonly externalId?: string | null;
}

export interface AccountDirectory {
  get(accountId: string): Promise<AccountAccess | undefined>;
}

export interface RecoveryInstanceStore {
  putMany(records: readonly RecoveryInstanceRecord[]): Promise<number>;
  deleteMany(sourceServerIds: readonly string[]): Promise<number>;
  listByAccountRegion(accountId: string, region: string): Promise<RecoveryInstanceRecord[]>;
  getMany(sourceServerIds: readonly string[]): Promise<{ records: RecoveryInstanceRecord[]; reads: number }>;
}

/** The orchestrator's job table: which execution started a DRS job. */
export interface RecoveryJobLookup {
  getMany(jobIds: readonly string[]): Promise<{ jobs: Map<string, RecoveryJobRecord>; reads: number }>;
}

export interface SyncDependencies {
  readonly accounts: AccountDirectory;
  readonly store: RecoveryInstanceStore;
  readonly jobs: RecoveryJobLookup;
  readonly clients: AwsClientFactory;
  readonly now: () => Date;
}

export interface SyncScope {
  readonly accountId: string;
  readonly region: string;
  /** Only these source servers; all of the account-region when absent. */
  readonly sourceServerIds?: readonly string[];
  readonly sourceExecutionId?: string;
  readonly sourcePlanName?: string;
}

async function resolveTarget(deps: SyncDependencies, accountId: string, region: string): Promise<AccountRegion> {
  const account = await deps.accounts.get(accountId);
  if (!account) throw new NotFoundError(`Account ${accountId} is not a registered target account`);
  return { accountId, region, roleArn: account.roleArn ?? null, externalId: account.externalId ?? null };
}

/** The DRS client of a registered account-region (its role assumed), for reads beside the sync's own. */
export async function drsClientFor(deps: Pick<SyncDependencies, 'accounts' | 'clients'>, accountId: string, region: string) {
  return deps.clients.drs(await resolveTarget(deps as SyncDependencies, accountId, region));
}

/**
 * Refreshes the cache for one account-region, or for some of its source
 * servers: DRS recovery instances (paginated), their source servers and EC2
 * instances in batches, then records written in batches and records whose
 * recovery instance is gone removed. DRS or AssumeRole failures throw a named
 * error (the caller decides about retry); an EC2 failure only costs the EC2
 * details, and the result says PARTIAL.
 */
export async function syncServers(scope: SyncScope, deps: SyncDependencies): Promise<SyncTargetResult> {
  const started = deps.now().getTime();
  const counter = new ApiCallCounter();
  const warnings: string[] = [];
  const target = await resolveTarget(deps, scope.accountId, scope.region);
  // An account we cannot enter fails here, as AccessDeniedError, before any DRS call.
  await deps.clients.verifyAccess(target);
  const drs = deps.clients.drs(target);

  const recoveryInstances = (await listRecoveryInstances(drs, counter, scope.sourceServerIds)).filter(hasIds);
  const sourceServers = await describeSourceServers(drs, counter, recoveryInstances.map((ri) => ri.sourceServerID));

  const ec2Ids = recoveryInstances.map((ri) => ri.ec2InstanceID).filter((id): id is string => !!id);
  let ec2Instances = new Map<string, Instance>();
  let status: SyncTargetResult['status'] = 'SUCCEEDED';
  if (ec2Ids.length > 0) {
    try {
      ec2Instances = await describeInstances(deps.clients.ec2(target), counter, ec2Ids);
    } catch (error) {
      status = 'PARTIAL';
      warnings.push(`EC2 details unavailable, records written without them: ${(error as Error).message}`);
    }
  }

  const previous = scope.sourceServerIds
    ? (await deps.store.getMany(scope.sourceServerIds)).records
    : await deps.store.listByAccountRegion(scope.accountId, scope.region);
  const previousByServer = new Map(previous.map((r) => [r.sourceServerId, r]));

  const jobIds = new Set(recoveryInstances.map((ri) => ri.jobID).filter((id): id is string => !!id));
  const { jobs } = await deps.jobs.getMany([...jobIds]);
  const context = {
    accountId: scope.accountId,
    region: scope.region,
    syncTime: deps.now().toISOString(),
    sourceExecutionId: scope.sourceExecutionId,
    sourcePlanName: scope.sourcePlanName,
    jobs,
  };
  const records = recoveryInstances.map((ri) =>
    toRecoveryInstanceRecord(ri, sourceServers.get(ri.sourceServerID), ri.ec2InstanceID ? ec2Instances.get(ri.ec2InstanceID) : undefined, context, previousByServer.get(ri.sourceServerID)),
  );
  await deps.store.putMany(records);

  const current = new Set(records.map((r) => r.sourceServerId));
  const stale = previous.filter((r) => !current.has(r.sourceServerId) && r.accountId === scope.accountId && r.region === scope.region).map((r) => r.sourceServerId);
  if (stale.length > 0) await deps.store.deleteMany(stale);

  logger.info('Synced recovery instances', {
    accountId: scope.accountId,
    region: scope.region,
    instancesProcessed: records.length,
    recordsRemoved: stale.length,
    apiCalls: counter.toJSON(),
    durationMs: deps.now().getTime() - started,
    status,
  });
  return {
    accountId: scope.accountId,
    region: scope.region,
    status,
    instancesProcessed: records.length,
    recordsRemoved: stale.length,
    apiCalls: counter.toJSON(),
    warnings,
  };
}
