import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ProtectionGroupRecord } from '../../contracts/records/protection-group';
import type { RecoveryInstanceRecord } from '../../contracts/records/recovery-instance';
import type { RecoveryPlanRecord } from '../../contracts/records/recovery-plan';
import { NotFoundError } from '../errors';
import { logger, metrics } from '../observability';

export interface ExistingInstancesDependencies {
  readonly plans: { get(planId: string): Promise<RecoveryPlanRecord | undefined> };
  readonly groups: { getMany(groupIds: readonly string[]): Promise<{ groups: ProtectionGroupRecord[] }> };
  readonly cache: { getMany(sourceServerIds: readonly string[]): Promise<{ records: RecoveryInstanceRecord[]; reads: number }> };
}

export interface ExistingInstances {
  readonly planId: string;
  readonly planName: string;
  readonly serverCount: number;
  readonly existingInstances: Omit<RecoveryInstanceRecord, 'accountRegion'>[];
  readonly hasExistingInstances: boolean;
  /** The oldest sync time among the instances returned: how stale the answer may be. Null when none. */
  readonly lastSyncTime: string | null;
  /** Servers with no cached instance: either none exists, or the cache has not seen it yet. */
  readonly cacheMisses: number;
  /** True when the cache could not be read; the list is then empty and says nothing about DRS. */
  readonly cacheUnavailable: boolean;
}

/**
 * The recovery instances that already exist for a plan's servers, read from
 * the cache only: no DRS or EC2 call, one BatchGetItem per 100 servers.
 */
export async function checkExistingRecoveryInstances(planId: string, deps: ExistingInstancesDependencies): Promise<ExistingInstances> {
  const plan = await deps.plans.get(planId);
  if (!plan) throw new NotFoundError(`Recovery plan ${planId} does not exist`);
  const groupIds = plan.waves.flatMap((wave) => wave.protectionGroupIds);
  const { groups } = groupIds.length > 0 ? await deps.groups.getMany(groupIds) : { groups: [] };
  // BatchGetItem answers in no particular order: follow the plan's wave and group order.
  const groupsById = new Map(groups.map((group) => [group.groupId, group]));
  const serverIds = [...new Set(groupIds.flatMap((groupId) => groupsById.get(groupId)?.sourceServerIds ?? []))];

  let records: RecoveryInstanceRecord[] = [];
  let cacheUnavailable = false;
  if (serverIds.length > 0) {
    try {
      records = (await deps.cache.getMany(serverIds)).records;
    } catch (error) {
      cacheUnavailable = true;
      logger.error('Recovery-instance cache could not be read; answering with no instances', { error: error as Error, planId });
    }
  }
  const cacheMisses = cacheUnavailable ? 0 : serverIds.length - records.length;
  if (cacheMisses > 0) metrics.addMetric('RecoveryInstanceCacheMisses', MetricUnit.Count, cacheMisses);

  const order = new Map(serverIds.map((id, index) => [id, index]));
  const existingInstances = records
    .sort((a, b) => (order.get(a.sourceServerId) ?? 0) - (order.get(b.sourceServerId) ?? 0))
    .map(({ accountRegion: _accountRegion, ...instance }) => instance);
  const syncTimes = existingInstances.map((i) => i.lastSyncTime).sort();
  return {
    planId: plan.planId,
    planName: plan.name,
    serverCount: serverIds.length,
    existingInstances,
    hasExistingInstances: existingInstances.length > 0,
    lastSyncTime: syncTimes[0] ?? null,
    cacheMisses,
    cacheUnavailable,
  };
}
