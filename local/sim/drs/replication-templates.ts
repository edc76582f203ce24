/**
 * DRS DescribeReplicationConfigurationTemplates. Initializing DRS in a region
 * creates its default replication configuration template (the settings new
 * source servers replicate with); the estate has exactly that one per
 * initialized account-region, derived from the account, region and network
 * (no stored state), with the documented defaults: the default PIT policy,
 * t3.small replication servers, GP3 staging disks, default EBS encryption,
 * private-IP data routing. Unknown ids in replicationConfigurationTemplateIDs
 * are left out of the answer (AWS documents no error for them).
 */
import type { DescribeReplicationConfigurationTemplatesResponse, ReplicationConfigurationTemplate } from '@aws-sdk/client-drs';
import { paginate } from '../pagination';
import { hashString, Prng } from '../prng';
import type { RequestContext } from '../service';
import { invalidToken, pageSize } from './errors';
import { DEFAULT_PIT_POLICY } from './recovery-snapshots';

const ALNUM = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The id of an account-region's default template: stable for the account and region. */
export function defaultTemplateId(accountId: string, region: string): string {
  return `rct-${new Prng(hashString(`${accountId}/${region}/replication-template`)).chars(ALNUM, 17)}`;
}

function defaultTemplate(ctx: RequestContext): ReplicationConfigurationTemplate {
  const id = defaultTemplateId(ctx.accountId, ctx.region);
  const network = ctx.estate.region(ctx.accountId, ctx.region).network;
  return {
    replicationConfigurationTemplateID: id,
    arn: `arn:aws:drs:${ctx.region}:${ctx.accountId}:replication-configuration-template/${id}`,
    stagingAreaSubnetId: network.subnets[0]?.subnetId,
    associateDefaultSecurityGroup: true,
    replicationServersSecurityGroupsIDs: [],
    replicationServerInstanceType: 't3.small',
    useDedicatedReplicationServer: false,
    defaultLargeStagingDiskType: 'GP3',
    ebsEncryption: 'DEFAULT',
    bandwidthThrottling: 0,
    dataPlaneRouting: 'PRIVATE_IP',
    createPublicIP: false,
    stagingAreaTags: {},
    tags: {},
    pitPolicy: DEFAULT_PIT_POLICY.map((r) => ({ ruleID: r.ruleID, units: r.units, interval: r.interval, retentionDuration: r.retentionDuration, enabled: true })),
    autoReplicateNewDisks: true,
  };
}

export function describeReplicationConfigurationTemplates(ctx: RequestContext, raw: Record<string, unknown>): DescribeReplicationConfigurationTemplatesResponse {
  const input = raw as { replicationConfigurationTemplateIDs?: string[]; maxResults?: number; nextToken?: string };
  const wanted = input.replicationConfigurationTemplateIDs?.length ? new Set(input.replicationConfigurationTemplateIDs) : undefined;
  const templates = [defaultTemplate(ctx)].filter((t) => !wanted || wanted.has(t.replicationConfigurationTemplateID!));
  const { page, nextToken } = paginate(templates, pageSize(input.maxResults), input.nextToken, invalidToken);
  return { items: page, ...(nextToken ? { nextToken } : {}) };
}
