/**
 * "The old way": how the previous platform answered "which recovery instances
 * already exist for this plan?" on every page load, by asking DRS and EC2
 * directly. It is the baseline of the check-existing benchmark, implemented
 * with the real SDK clients through the project's client factory so that it
 * pays the same AssumeRole, signing and HTTP costs the platform would.
 *
 * Per page load:
 * 1. the plan and its protection groups from DynamoDB (the new way reads
 *    them too), and every registered target account (a Scan);
 * 2. a fresh client factory, so each account's role is assumed again: the
 *    old platform held no credentials between page loads;
 * 3. in every account × region: DescribeRecoveryInstances, every page;
 * 4. for each recovery instance of the plan's servers: DescribeSourceServers
 *    for that one server (the old platform's per-instance lookup);
 * 5. DescribeInstances for the EC2 details of those instances, by id;
 * 6. a Scan of the execution history table, to say which execution launched
 *    each instance.
 *
 * Where the old platform's exact shape is not known the baseline is given
 * the benefit of the doubt, so the ratios against it are conservative:
 * account-regions are asked in parallel, step 4 keeps `concurrency` calls in
 * flight per account-region (boto3's default connection pool holds 10), only
 * the plan's instances get step 4, and step 5 batches ids.
 */
import { DescribeRecoveryInstancesCommand, DescribeSourceServersCommand, type RecoveryInstance, type SourceServer } from '@aws-sdk/client-drs';
import { DescribeInstancesCommand, type Instance } from '@aws-sdk/client-ec2';
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TargetAccountRecord } from '../contracts/records/target-account';
import { AwsClientFactory, type AccountRegion } from '../lib/aws/clients';
import { chunk } from '../lib/dynamodb';
import { ProtectionGroupRepository, RecoveryPlanRepository } from '../lib/repositories/recovery-plans';

/** What the old way knew about one existing recovery instance. */
export interface OldWayInstance {
  readonly sourceServerId: string;
  readonly recoveryInstanceId: string;
  readonly ec2InstanceId: string | null;
  readonly ec2InstanceState: string | null;
  readonly sourceServerName: string | null;
  readonly privateIp: string | null;
  readonly instanceType: string | null;
  readonly accountId: string;
  readonly region: string;
  readonly sourceExecutionId: string | null;
}

export interface OldWayResult {
  readonly planId: string;
  readonly serverCount: number;
  readonly existingInstances: OldWayInstance[];
  /** Account-regions whose calls failed; the old page showed what it could. */
  readonly failedTargets: Array<{ accountId: string; region: string; error: string }>;
}

export interface OldWayDependencies {
  readonly documents: DynamoDBDocumentClient;
  readonly tables: { readonly recoveryPlans: string; readonly protectionGroups: string; readonly targetAccounts: string; readonly executionHistory: string };
  /** DescribeSourceServers calls in flight per account-region. @default 10 */
  readonly concurrency?: number;
}

/** DescribeInstances by InstanceIds, this many per call. */
const EC2_IDS_PER_CALL = 200;

async function scanAll<T>(documents: DynamoDBDocumentClient, table: string): Promise<T[]> {
  const items: T[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(new ScanCommand({ TableName: table, ExclusiveStartKey }));
    items.push(...((page.Items ?? []) as T[]));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** Runs `work` over `items` with at most `limit` in flight, keeping the order of results. */
async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** An execution history item as the old platform kept it: which servers an execution launched. */
export interface ExecutionHistoryItem {
  readonly executionId: string;
  readonly planId: string;
  readonly status: string;
  readonly startTime: string;
  readonly sourceServerIds: string[];
}

export async function checkExistingTheOldWay(planId: string, deps: OldWayDependencies): Promise<OldWayResult> {
  const concurrency = deps.concurrency ?? 10;
  const plans = new RecoveryPlanRepository(deps.tables.recoveryPlans, deps.documents);
  const groups = new ProtectionGroupRepository(deps.tables.protectionGroups, deps.documents);

  const plan = await plans.get(planId);
  if (!plan) throw new Error(`Recovery plan ${planId} does not exist`);
  const groupIds = plan.waves.flatMap((w) => w.protectionGroupIds);
  const planServers = new Set((groupIds.length > 0 ? (await groups.getMany(groupIds)).groups : []).flatMap((g) => g.sourceServerIds));
  const accounts = await scanAll<TargetAccountRecord>(deps.documents, deps.tables.targetAccounts);

  // A new factory per page load: every account's role is assumed again.
  const clients = new AwsClientFactory();
  const failedTargets: OldWayResult['failedTargets'] = [];
  try {
    const perTarget = await Promise.all(
      accounts.flatMap((account) =>
        account.regions.map(async (region): Promise<OldWayInstance[]> => {
          const target: AccountRegion = { accountId: account.accountId, region, roleArn: account.roleArn, externalId: account.externalId };
          try {
            const drs = clients.drs(target);
            const recoveryInstances: RecoveryInstance[] = [];
            let nextToken: string | undefined;
            do {
              const page = await drs.send(new DescribeRecoveryInstancesCommand({ nextToken }));
              recoveryInstances.push(...(page.items ?? []));
              nextToken = page.nextToken || undefined;
            } while (nextToken);
            const ours = recoveryInstances.filter((ri) => ri.sourceServerID && ri.recoveryInstanceID && planServers.has(ri.sourceServerID));
            if (ours.length === 0) return [];

            const servers = await mapLimited(ours, concurrency, async (ri): Promise<SourceServer | undefined> => {
              const out = await drs.send(new DescribeSourceServersCommand({ filters: { sourceServerIDs: [ri.sourceServerID!] } }));
              return out.items?.[0];
            });

            const ec2Ids = ours.map((ri) => ri.ec2InstanceID).filter((id): id is string => !!id);
            const ec2Instances = new Map<string, Instance>();
            const ec2 = clients.ec2(target);
            for (const ids of chunk(ec2Ids, EC2_IDS_PER_CALL)) {
              const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: ids }));
              for (const reservation of out.Reservations ?? []) for (const i of reservation.Instances ?? []) if (i.InstanceId) ec2Instances.set(i.InstanceId, i);
            }

            return ours.map((ri, index) => {
              const instance = ri.ec2InstanceID ? ec2Instances.get(ri.ec2InstanceID) : undefined;
              const server = servers[index];
              return {
                sourceServerId: ri.sourceServerID!,
                recoveryInstanceId: ri.recoveryInstanceID!,
                ec2InstanceId: ri.ec2InstanceID ?? null,
                ec2InstanceState: (instance?.State?.Name ?? ri.ec2InstanceState ?? null)?.toLowerCase() ?? null,
                sourceServerName: server?.sourceProperties?.identificationHints?.hostname ?? null,
                privateIp: instance?.PrivateIpAddress ?? null,
                instanceType: instance?.InstanceType ?? null,
                accountId: account.accountId,
                region,
                sourceExecutionId: null,
              };
            });
          } catch (error) {
            failedTargets.push({ accountId: account.accountId, region, error: `${(error as Error).name}: ${(error as Error).message}` });
            return [];
          }
        }),
      ),
    );

    const history = await scanAll<ExecutionHistoryItem>(deps.documents, deps.tables.executionHistory);
    const executionByServer = new Map<string, string>();
    for (const execution of [...history].sort((a, b) => a.startTime.localeCompare(b.startTime))) {
      for (const id of execution.sourceServerIds) executionByServer.set(id, execution.executionId);
    }
    const existingInstances = perTarget.flat().map((i) => ({ ...i, sourceExecutionId: executionByServer.get(i.sourceServerId) ?? null }));
    return { planId, serverCount: planServers.size, existingInstances, failedTargets };
  } finally {
    clients.destroy();
  }
}
