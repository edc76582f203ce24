/**
 * DRS TagResource, UntagResource and ListTagsForResource (restJson1, the ARN in
 * the path). The ARN must name a source server, recovery instance or job the
 * caller's account holds in the region it calls; DRS keeps at most 50 tags per
 * resource and refuses keys that start with `aws:`, which AWS reserves.
 */
import type { ListTagsForResourceResponse } from '@aws-sdk/client-drs';
import type { RequestContext } from '../service';
import { notFound, validationError } from './errors';

export const MAX_TAGS_PER_RESOURCE = 50;

const ARN = /^arn:aws[a-z-]*:drs:([a-z0-9-]+):(\d{12}):(source-server|recovery-instance|job)\/(.+)$/;

/** The live tag map of the resource an ARN names, or ResourceNotFoundException. */
function taggedResource(ctx: RequestContext, resourceArn: string): Record<string, string> {
  const match = ARN.exec(resourceArn);
  const missing = () => notFound('DRS_RESOURCE', resourceArn, `Resource ${resourceArn} not found`);
  if (!match) throw missing();
  const [, region, accountId, kind, id] = match;
  // A caller sees only its own account's resources in the region it calls.
  if (region !== ctx.region || accountId !== ctx.accountId) throw missing();
  const state = ctx.estate.region(ctx.accountId, ctx.region);
  const resource = kind === 'source-server' ? state.sourceServers.get(id!) : kind === 'recovery-instance' ? state.recoveryInstances.get(id!) : state.jobs.get(id!);
  if (!resource) throw missing();
  return resource.tags;
}

function checkKeys(keys: string[], field: string): void {
  const reserved = keys.find((key) => key.toLowerCase().startsWith('aws:'));
  if (reserved !== undefined) throw validationError(`Tag keys starting with "aws:" are reserved: ${reserved}`, field);
}

export function tagResource(ctx: RequestContext, raw: Record<string, unknown>): Record<string, never> {
  const { resourceArn, tags } = raw as { resourceArn: string; tags: Record<string, string> };
  const current = taggedResource(ctx, resourceArn);
  checkKeys(Object.keys(tags), 'tags');
  const merged = { ...current, ...tags };
  if (Object.keys(merged).length > MAX_TAGS_PER_RESOURCE) {
    throw validationError(`A resource can have at most ${MAX_TAGS_PER_RESOURCE} tags`, 'tags');
  }
  Object.assign(current, tags);
  return {};
}

export function untagResource(ctx: RequestContext, raw: Record<string, unknown>): Record<string, never> {
  const { resourceArn, tagKeys } = raw as { resourceArn: string; tagKeys: string[] };
  const current = taggedResource(ctx, resourceArn);
  checkKeys(tagKeys, 'tagKeys');
  for (const key of tagKeys) delete current[key];
  return {};
}

export function listTagsForResource(ctx: RequestContext, raw: Record<string, unknown>): ListTagsForResourceResponse {
  return { tags: { ...taggedResource(ctx, (raw as { resourceArn: string }).resourceArn) } };
}
