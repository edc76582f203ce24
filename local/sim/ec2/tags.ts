/**
 * EC2 DescribeTags and CreateTags over the estate's instances (the only EC2
 * resources it models). Filters follow EC2: key, value, resource-id,
 * resource-type and tag:<key>, values OR-ed with wildcards, filters AND-ed;
 * MaxResults is 5–1000. CreateTags refuses `aws:` keys and more than 50 tags.
 */
import type { DescribeTagsResult, TagDescription } from '@aws-sdk/client-ec2';
import { SimError } from '../errors';
import { paginate } from '../pagination';
import type { RequestContext } from '../service';
import type { Ec2Filter } from './filters';
import { isVisible } from './instances';

export const MAX_TAGS_PER_RESOURCE = 50;

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

type Field = (tag: TagDescription) => string | undefined;
const FIELDS: Record<string, Field> = {
  key: (t) => t.Key,
  value: (t) => t.Value,
  'resource-id': (t) => t.ResourceId,
  'resource-type': (t) => t.ResourceType,
};

function compileTagFilters(filters: readonly Ec2Filter[]): (tag: TagDescription, resourceTags: Record<string, string>) => boolean {
  const predicates = filters.map((filter) => {
    const name = filter.Name ?? '';
    const patterns = (filter.Values ?? []).map(globToRegExp);
    const test = (value: string | undefined) => value !== undefined && patterns.some((p) => p.test(value));
    if (name.startsWith('tag:')) {
      const key = name.slice(4);
      // tag:<key> selects resources carrying that tag; every tag of such a resource is listed.
      return (_tag: TagDescription, resourceTags: Record<string, string>) => test(resourceTags[key]);
    }
    const field = FIELDS[name];
    if (!field) throw new SimError('InvalidParameterValue', 400, `The filter '${name}' is invalid`);
    return (tag: TagDescription) => test(field(tag));
  });
  return (tag, resourceTags) => predicates.every((p) => p(tag, resourceTags));
}

export function describeTags(ctx: RequestContext, raw: Record<string, unknown>): DescribeTagsResult {
  const input = raw as { Filters?: Ec2Filter[]; MaxResults?: number; NextToken?: string; DryRun?: boolean };
  if (input.DryRun) throw new SimError('DryRunOperation', 412, 'Request would have succeeded, but DryRun flag is set.');
  if (input.MaxResults !== undefined && (input.MaxResults < 5 || input.MaxResults > 1000)) {
    throw new SimError('InvalidParameterValue', 400, `Value ( ${input.MaxResults} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.`);
  }
  const matches = compileTagFilters(input.Filters ?? []);
  const region = ctx.estate.region(ctx.accountId, ctx.region);
  const tags: TagDescription[] = [];
  for (const instance of region.instances.values()) {
    if (!isVisible(instance, ctx.now)) continue;
    for (const [Key, Value] of Object.entries(instance.tags)) {
      const tag: TagDescription = { Key, Value, ResourceId: instance.instanceId, ResourceType: 'instance' };
      if (matches(tag, instance.tags)) tags.push(tag);
    }
  }
  const { page, nextToken } = paginate(tags, input.MaxResults ?? Number.MAX_SAFE_INTEGER, input.NextToken, () =>
    new SimError('InvalidParameterValue', 400, `Invalid value '${input.NextToken}' for nextToken`),
  );
  return { Tags: page, ...(nextToken ? { NextToken: nextToken } : {}) };
}

export function createTags(ctx: RequestContext, raw: Record<string, unknown>): Record<string, never> {
  const input = raw as { Resources: string[]; Tags: Array<{ Key?: string; Value?: string }>; DryRun?: boolean };
  if (input.DryRun) throw new SimError('DryRunOperation', 412, 'Request would have succeeded, but DryRun flag is set.');
  if (input.Resources.length === 0) throw new SimError('MissingParameter', 400, 'The request must contain the parameter resourceIdSet');
  if (input.Resources.length > 1000) throw new SimError('InvalidParameterValue', 400, 'Up to 1000 resource IDs may be tagged in one request');
  const region = ctx.estate.region(ctx.accountId, ctx.region);
  for (const id of input.Resources) {
    if (!/^i-[0-9a-f]{8}([0-9a-f]{9})?$/.test(id)) throw new SimError('InvalidID', 400, `The ID '${id}' is not valid`);
    const instance = region.instances.get(id);
    if (!instance || !isVisible(instance, ctx.now)) throw new SimError('InvalidInstanceID.NotFound', 400, `The instance ID '${id}' does not exist`);
  }
  for (const tag of input.Tags) {
    const key = tag.Key ?? '';
    if (key === '' || key.length > 127) throw new SimError('InvalidParameterValue', 400, `Tag key must be 1 to 127 characters: '${key}'`);
    if (key.toLowerCase().startsWith('aws:')) throw new SimError('InvalidParameterValue', 400, "Tag keys starting with 'aws:' are reserved for internal use");
    if ((tag.Value ?? '').length > 256) throw new SimError('InvalidParameterValue', 400, `Tag value for '${key}' exceeds 256 characters`);
  }
  const additions = Object.fromEntries(input.Tags.map((t) => [t.Key!, t.Value ?? '']));
  for (const id of input.Resources) {
    const tags = region.instances.get(id)!.tags;
    if (Object.keys({ ...tags, ...additions }).length > MAX_TAGS_PER_RESOURCE) {
      throw new SimError('TagLimitExceeded', 400, `The maximum number of tags (${MAX_TAGS_PER_RESOURCE}) for resource ${id} has been exceeded`);
    }
  }
  for (const id of input.Resources) Object.assign(region.instances.get(id)!.tags, additions);
  return {};
}
