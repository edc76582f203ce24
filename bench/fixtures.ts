/**
 * What the benchmarks need in the platform's tables beyond `seedScenario()`:
 * a 100-server plan cut from the scale scenario, and the old platform's
 * execution history table for the baseline to scan.
 */
import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { chunk } from '../lib/dynamodb';
import { ProtectionGroupRepository, RecoveryPlanRepository } from '../lib/repositories/recovery-plans';
import type { LocalPlatform } from '../local/platform';
import type { ExecutionHistoryItem } from './old-way';

/** Not a table of this app: the old platform's, created in dynalite for the baseline only. */
export const EXECUTION_HISTORY_TABLE = 'bench-old-platform-execution-history';

export interface BenchPlan {
  readonly planId: string;
  readonly name: string;
  readonly serverCount: number;
  /** The account-regions its servers are in. */
  readonly accountRegions: string[];
}

function serversOfPlan(platform: LocalPlatform, planId: string): Array<{ accountId: string; region: string; sourceServerId: string }> {
  const plan = platform.scenario.recoveryPlans.find((p) => p.id === planId);
  if (!plan) throw new Error(`the scenario has no plan ${planId}`);
  const groupIds = new Set(plan.waves.flatMap((w) => w.protectionGroupIds));
  const ids = new Set(platform.scenario.protectionGroups.filter((g) => groupIds.has(g.id)).flatMap((g) => g.sourceServerIds));
  return platform.scenario.sourceServerIds.filter((s) => ids.has(s.sourceServerId));
}

const accountRegionsOf = (servers: ReadonlyArray<{ accountId: string; region: string }>) => [...new Set(servers.map((s) => `${s.accountId}/${s.region}`))].sort();

/** The scale scenario's own plan ("Scale plan": every server, three waves), as `seedScenario()` stored it. */
export function scalePlan(platform: LocalPlatform): BenchPlan {
  const plan = platform.scenario.recoveryPlans[0];
  if (!plan) throw new Error('the scenario has no recovery plan');
  const servers = serversOfPlan(platform, plan.id);
  return { planId: plan.id, name: plan.name, serverCount: servers.length, accountRegions: accountRegionsOf(servers) };
}

/**
 * A plan of `size` servers of the scale plan, taken from its first
 * account-region (a protection group lives in one account and region): one
 * protection group, one wave.
 */
export async function seedSubsetPlan(platform: LocalPlatform, documents: DynamoDBDocumentClient, size: number): Promise<BenchPlan> {
  const all = scalePlan(platform);
  const servers = serversOfPlan(platform, all.planId);
  const first = servers[0];
  if (!first) throw new Error('the scale plan has no servers');
  const picked = servers.filter((s) => s.accountId === first.accountId && s.region === first.region).slice(0, size);
  if (picked.length < size) throw new Error(`the first account-region has only ${picked.length} servers; raise recoveryInstances or lower accounts × regions`);
  const at = platform.clock.date().toISOString();
  const groupId = `bench-pg-${size}`;
  const planId = `bench-plan-${size}`;
  const name = `Bench plan (${size} servers)`;
  await new ProtectionGroupRepository(platform.tables.ProtectionGroups, documents).put({
    groupId,
    name: `Bench group (${size} servers)`,
    accountId: first.accountId,
    region: first.region,
    sourceServerIds: picked.map((s) => s.sourceServerId),
    createdAt: at,
    updatedAt: at,
  });
  await new RecoveryPlanRepository(platform.tables.RecoveryPlans, documents).put({ planId, name, waves: [{ name: 'All servers', protectionGroupIds: [groupId] }], createdAt: at, updatedAt: at });
  return { planId, name, serverCount: picked.length, accountRegions: accountRegionsOf(picked) };
}

/** Creates the old platform's execution history table and fills it with the scenario's executions. */
export async function seedExecutionHistory(platform: LocalPlatform, client: DynamoDBClient, documents: DynamoDBDocumentClient): Promise<number> {
  await client.send(
    new CreateTableCommand({
      TableName: EXECUTION_HISTORY_TABLE,
      AttributeDefinitions: [{ AttributeName: 'executionId', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'executionId', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  const at = platform.clock.date().toISOString();
  const items: ExecutionHistoryItem[] = platform.scenario.executions.map((e) => ({
    executionId: e.executionId,
    planId: e.planId,
    status: 'COMPLETED',
    startTime: at,
    sourceServerIds: e.sourceServerIds,
  }));
  for (const batch of chunk(items, 25)) {
    await documents.send(new BatchWriteCommand({ RequestItems: { [EXECUTION_HISTORY_TABLE]: batch.map((Item) => ({ PutRequest: { Item } })) } }));
  }
  return items.length;
}
