import { TerminateRecoveryInstancesCommand } from '@aws-sdk/client-drs';
import type { RecoveryInstanceRecord } from '../../contracts/records/recovery-instance';
import { callAws } from '../aws/classify-error';
import type { AwsClientFactory } from '../aws/clients';
import { chunk } from '../dynamodb';
import { NotFoundError } from '../errors';
import { logger } from '../observability';

/** TerminateRecoveryInstances takes at most 200 ids (RecoveryInstancesForTerminationRequest). */
export const TERMINATE_BATCH_LIMIT = 200;

export interface TerminateDependencies {
  readonly cache: {
    listByExecution(executionId: string): Promise<RecoveryInstanceRecord[]>;
    getManyByRecoveryInstance(recoveryInstanceIds: readonly string[]): Promise<RecoveryInstanceRecord[]>;
    deleteMany(sourceServerIds: readonly string[]): Promise<number>;
  };
  readonly accounts: { get(accountId: string): Promise<{ roleArn?: string | null; externalId?: string | null } | undefined> };
  readonly clients: AwsClientFactory;
}

export interface TerminationGroupResult {
  readonly accountId: string;
  readonly region: string;
  readonly recoveryInstanceIds: string[];
  readonly jobId?: string;
  readonly errorName?: string;
  readonly message?: string;
}

/** What one termination did: one entry per TerminateRecoveryInstances call (an account, a region, at most 200 ids). */
export interface TerminationOutcome {
  /** Recovery instances found in the cache, and so sent to DRS. */
  readonly requested: number;
  readonly terminated: TerminationGroupResult[];
  readonly failed: TerminationGroupResult[];
}

export interface TerminationResult extends TerminationOutcome {
  readonly executionId: string;
}

export interface SelectedTerminationResult extends TerminationOutcome {
  /** Asked-for ids the cache does not hold: not sent to DRS, since only the cache says which account and region they are in. */
  readonly notFound: string[];
}

/**
 * Terminates cached recovery instances: one TerminateRecoveryInstances call
 * per account, region and 200 instances. A failing call is reported and the
 * others go on; cache records go only for calls DRS accepted.
 */
async function terminateRecords(records: readonly RecoveryInstanceRecord[], deps: TerminateDependencies): Promise<TerminationOutcome> {
  const groups = new Map<string, RecoveryInstanceRecord[]>();
  for (const record of records) {
    const key = `${record.accountId}|${record.region}`;
    groups.set(key, [...(groups.get(key) ?? []), record]);
  }

  const outcomes = await Promise.all(
    [...groups.values()].flatMap((group) =>
      chunk(group, TERMINATE_BATCH_LIMIT).map(async (batch): Promise<{ ok: boolean; result: TerminationGroupResult }> => {
        const { accountId, region } = batch[0];
        const recoveryInstanceIds = batch.map((r) => r.recoveryInstanceId);
        try {
          const account = await deps.accounts.get(accountId);
          if (!account) throw new NotFoundError(`Account ${accountId} is no longer a registered target account`);
          const drs = deps.clients.drs({ accountId, region, roleArn: account.roleArn ?? null, externalId: account.externalId ?? null });
          const out = await callAws(`DRS TerminateRecoveryInstances in ${accountId}/${region}`, () =>
            drs.send(new TerminateRecoveryInstancesCommand({ recoveryInstanceIDs: recoveryInstanceIds })),
          );
          try {
            await deps.cache.deleteMany(batch.map((r) => r.sourceServerId));
          } catch (error) {
            // DRS accepted the termination: report it as done. The stale records go at the next sync.
            logger.warn('Recovery instances terminated, but their cache records could not be removed', { accountId, region, error: error as Error });
          }
          return { ok: true, result: { accountId, region, recoveryInstanceIds, ...(out.job?.jobID ? { jobId: out.job.jobID } : {}) } };
        } catch (error) {
          const e = error as Error;
          logger.warn('Terminating recovery instances failed for one account-region', { accountId, region, errorName: e.name, message: e.message });
          return { ok: false, result: { accountId, region, recoveryInstanceIds, errorName: e.name, message: e.message } };
        }
      }),
    ),
  );
  return {
    requested: records.length,
    terminated: outcomes.filter((o) => o.ok).map((o) => o.result),
    failed: outcomes.filter((o) => !o.ok).map((o) => o.result),
  };
}

/**
 * Terminates every recovery instance an execution launched, found through the
 * cache's execution index (no DescribeRecoveryInstances). The explicit
 * "whole execution" action.
 */
export async function terminateExecutionInstances(executionId: string, deps: TerminateDependencies): Promise<TerminationResult> {
  const records = await deps.cache.listByExecution(executionId);
  return { executionId, ...(await terminateRecords(records, deps)) };
}

/**
 * Terminates exactly these recovery instances, and nothing else. Each id's
 * account and region come from the cache (index byRecoveryInstance); an id
 * the cache does not hold is reported, not guessed at.
 */
export async function terminateSelectedInstances(recoveryInstanceIds: readonly string[], deps: TerminateDependencies): Promise<SelectedTerminationResult> {
  const wanted = [...new Set(recoveryInstanceIds)];
  const records = await deps.cache.getManyByRecoveryInstance(wanted);
  // Only records of the ids asked for: a record can never widen the selection.
  const asked = new Set(wanted);
  const found = records.filter((r) => asked.has(r.recoveryInstanceId));
  const foundIds = new Set(found.map((r) => r.recoveryInstanceId));
  return { ...(await terminateRecords(found, deps)), notFound: wanted.filter((id) => !foundIds.has(id)) };
}
