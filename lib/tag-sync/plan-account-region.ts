/**
 * Reads one DRS account-region for tag sync: its source servers, and for
 * those whose origin is an EC2 instance, the instance's tags read where the
 * instance lives (sourceCloudProperties originAccountID/originRegion, which
 * may be another account or region than the DRS one). Origins in accounts the
 * orchestrator cannot reach (not registered) are skipped with a warning.
 * Returns the TagResource writes needed; it writes nothing itself, because
 * only the apply task's role may call drs:TagResource.
 */
import { paginateDescribeSourceServers, type SourceServer } from '@aws-sdk/client-drs';
import { paginateDescribeTags } from '@aws-sdk/client-ec2';
import type { AccountRegion, AwsClientFactory } from '../aws/clients';
import { chunk } from '../dynamodb';
import { NotFoundError } from '../errors';
import { ApiCallCounter } from '../../tasks/recovery-instance-sync/lib/api-call-counter';
import { readPages } from '../../tasks/recovery-instance-sync/lib/read-pages';
import type { AccountDirectory } from '../../tasks/recovery-instance-sync/lib/sync-servers';
import { planTags, selectTags, type TagSelection } from './tag-filter';

/** EC2 accepts up to 200 values in one filter. */
const FILTER_VALUE_LIMIT = 200;
/** DescribeTags page size (5–1000); DescribeSourceServers page size (up to 1000). */
const PAGE_SIZE = 1000;

export interface TagWrite {
  readonly sourceServerId: string;
  readonly resourceArn: string;
  readonly tags: Record<string, string>;
}

export interface TagSyncPlan {
  readonly accountId: string;
  readonly region: string;
  /** Every source server DRS holds in the account-region (for the region status). */
  readonly serversTotal: number;
  /** The EC2-origin servers whose instance tags could be read. */
  readonly serversChecked: number;
  readonly serversUnchanged: number;
  readonly writes: TagWrite[];
  readonly warnings: string[];
  readonly apiCalls: Record<string, number>;
}

export interface TagSyncReadDependencies {
  readonly accounts: AccountDirectory;
  readonly clients: Pick<AwsClientFactory, 'drs' | 'ec2' | 'verifyAccess'>;
}

interface Origin {
  readonly accountId: string;
  readonly region: string;
  readonly instanceId: string;
}

function originOf(server: SourceServer): Origin | undefined {
  const cloud = server.sourceCloudProperties;
  const instanceId = server.sourceProperties?.identificationHints?.awsInstanceID;
  if (!cloud?.originAccountID || !cloud.originRegion || !instanceId) return undefined;
  return { accountId: cloud.originAccountID, region: cloud.originRegion, instanceId };
}

async function targetOf(deps: TagSyncReadDependencies, accountId: string, region: string): Promise<AccountRegion | undefined> {
  const account = await deps.accounts.get(accountId);
  return account ? { accountId, region, roleArn: account.roleArn ?? null, externalId: account.externalId ?? null } : undefined;
}

export async function planAccountRegion(scope: { accountId: string; region: string }, selection: TagSelection, deps: TagSyncReadDependencies): Promise<TagSyncPlan> {
  const counter = new ApiCallCounter();
  const warnings: string[] = [];
  const target = await targetOf(deps, scope.accountId, scope.region);
  if (!target) throw new NotFoundError(`Account ${scope.accountId} is not a registered target account`);
  await deps.clients.verifyAccess(target);

  const servers: SourceServer[] = [];
  const pages = paginateDescribeSourceServers({ client: deps.clients.drs(target), pageSize: PAGE_SIZE }, {});
  await readPages('DRS DescribeSourceServers', counter, 'drs', pages, (page) => servers.push(...(page.items ?? [])));

  // Group EC2-origin servers by where their instance lives: one DescribeTags series per origin account-region.
  const byOrigin = new Map<string, Array<{ server: SourceServer; origin: Origin }>>();
  for (const server of servers) {
    const origin = originOf(server);
    if (!origin || !server.arn || !server.sourceServerID) continue;
    const key = `${origin.accountId}/${origin.region}`;
    byOrigin.set(key, [...(byOrigin.get(key) ?? []), { server, origin }]);
  }

  const writes: TagWrite[] = [];
  let serversChecked = 0;
  let serversUnchanged = 0;
  for (const group of byOrigin.values()) {
    const { accountId, region } = group[0]!.origin;
    const originTarget = accountId === scope.accountId && region === scope.region ? target : await targetOf(deps, accountId, region);
    if (!originTarget) {
      warnings.push(`${group.length} source server(s) replicate instances of account ${accountId}, which is not registered: their tags cannot be read`);
      continue;
    }
    const instanceTags = new Map<string, Record<string, string>>();
    const ec2 = deps.clients.ec2(originTarget);
    for (const batch of chunk([...new Set(group.map((g) => g.origin.instanceId))], FILTER_VALUE_LIMIT)) {
      const tagPages = paginateDescribeTags(
        { client: ec2, pageSize: PAGE_SIZE },
        { Filters: [{ Name: 'resource-type', Values: ['instance'] }, { Name: 'resource-id', Values: batch }] },
      );
      await readPages(`EC2 DescribeTags (${accountId}/${region})`, counter, 'ec2', tagPages, (page) => {
        for (const tag of page.Tags ?? []) {
          if (!tag.ResourceId || tag.Key === undefined) continue;
          const tags = instanceTags.get(tag.ResourceId) ?? {};
          tags[tag.Key] = tag.Value ?? '';
          instanceTags.set(tag.ResourceId, tags);
        }
      });
    }
    for (const { server, origin } of group) {
      serversChecked += 1;
      const plan = planTags(server.tags ?? {}, selectTags(instanceTags.get(origin.instanceId) ?? {}, selection));
      if (plan.kind === 'unchanged') serversUnchanged += 1;
      else if (plan.kind === 'over-limit') warnings.push(`${server.sourceServerID}: copying would give ${plan.wouldHave} tags, over the DRS limit of 50; not tagged`);
      else writes.push({ sourceServerId: server.sourceServerID!, resourceArn: server.arn!, tags: plan.tags });
    }
  }
  return { accountId: scope.accountId, region: scope.region, serversTotal: servers.length, serversChecked, serversUnchanged, writes, warnings, apiCalls: counter.toJSON() };
}
