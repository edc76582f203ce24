/**
 * DRS staging accounts and extended source servers.
 *
 * A staging account is an account of the estate whose source servers
 * replicate there, and which trusts a target account to extend them (DRS
 * "trusted accounts", set up in the staging account). From the target
 * account, ListExtensibleSourceServers lists the staging account's servers
 * in the same region that it has not extended yet and that are not
 * extensions themselves; CreateExtendedSourceServer makes the extended
 * server, a source server of the target account that mirrors its staging
 * server (same replication, disks and identity; stagingArea EXTENDED and the
 * staging server's ARN); ListStagingAccounts lists the staging accounts the
 * caller already has extended servers from, as its documentation says.
 * DeleteSourceServer removes a disconnected server; the extensions of a
 * deleted staging server turn EXTENSION_ERROR.
 */
import type {
  CreateExtendedSourceServerResponse,
  ListExtensibleSourceServersResponse,
  ListStagingAccountsResponse,
  StagingSourceServer,
} from '@aws-sdk/client-drs';
import { SimError } from '../errors';
import { paginate } from '../pagination';
import type { RequestContext } from '../service';
import type { Estate } from '../state/estate';
import type { SourceServerRecord } from '../state/records';
import { conflict, invalidToken, notFound, quotaExceeded, validationError } from './errors';
import { renderSourceServer } from './render';
import { segmentAt } from './replication';

/** ListStagingAccounts pages hold at most 50 accounts (the model's maxResults range). */
const STAGING_ACCOUNTS_PAGE = 50;
/** ListExtensibleSourceServers pages hold at most 300 servers (MaxResultsReplicatingSourceServers). */
const EXTENSIBLE_PAGE = 300;

/**
 * The message DRS gives when the staging server's volumes use the account's
 * default EBS key (aws/ebs), which cannot be shared with another account.
 * AWS's exact wording was not found in its documentation; the orchestrator
 * recognises the condition by the key's name, not by this sentence.
 */
export const DEFAULT_EBS_KEY_MESSAGE =
  'Cannot extend source server: its staging volumes are encrypted with the default EBS encryption key (alias/aws/ebs), which cannot be shared across accounts. Use a customer managed KMS key shared with the target account.';

const SERVER_ARN = /^arn:aws[a-z-]*:drs:([a-z0-9-]+):(\d{12}):source-server\/(s-[0-9a-zA-Z]{17})$/;

function accessDenied(message: string): SimError {
  return new SimError('AccessDeniedException', 403, message, { fields: { code: 'ACCESS_DENIED' } });
}

/** The servers of `accountId` in `region` that are extensions of `stagingArn`. */
function extensionsOf(estate: Estate, accountId: string, region: string, stagingArn: string): SourceServerRecord[] {
  return [...estate.region(accountId, region).sourceServers.values()].filter((s) => s.staging.stagingSourceServerArn === stagingArn);
}

function checkStagingAccount(ctx: RequestContext, stagingAccountId: string): void {
  if (stagingAccountId === ctx.accountId) throw validationError('The staging account must be another account than the caller', 'stagingAccountID');
  if (!ctx.estate.trustsForExtension(stagingAccountId, ctx.accountId)) {
    throw accessDenied(`Account ${stagingAccountId} does not trust account ${ctx.accountId} to extend its source servers`);
  }
}

export function listStagingAccounts(ctx: RequestContext, raw: Record<string, unknown>): ListStagingAccountsResponse {
  const input = raw as { maxResults?: number; nextToken?: string };
  const ids = new Set<string>();
  for (const s of ctx.estate.region(ctx.accountId, ctx.region).sourceServers.values()) {
    if (s.staging.status !== 'NOT_EXTENDED') ids.add(s.staging.accountId);
  }
  const accounts = [...ids].sort().map((accountID) => ({ accountID }));
  const { page, nextToken } = paginate(accounts, input.maxResults ?? STAGING_ACCOUNTS_PAGE, input.nextToken, invalidToken);
  return { accounts: page, ...(nextToken ? { nextToken } : {}) };
}

/** A staging account's servers the caller may extend: not extended into the caller yet, and not extensions themselves. */
export function extensibleServers(estate: Estate, targetAccountId: string, stagingAccountId: string, region: string): SourceServerRecord[] {
  if (!estate.region(stagingAccountId, region).drsInitialized) return [];
  const extended = new Set(
    [...estate.region(targetAccountId, region).sourceServers.values()].flatMap((s) => (s.staging.stagingSourceServerArn ? [s.staging.stagingSourceServerArn] : [])),
  );
  return [...estate.region(stagingAccountId, region).sourceServers.values()].filter((s) => s.staging.status === 'NOT_EXTENDED' && !extended.has(s.arn));
}

export function listExtensibleSourceServers(ctx: RequestContext, raw: Record<string, unknown>): ListExtensibleSourceServersResponse {
  const input = raw as { stagingAccountID: string; maxResults?: number; nextToken?: string };
  checkStagingAccount(ctx, input.stagingAccountID);
  const items: StagingSourceServer[] = extensibleServers(ctx.estate, ctx.accountId, input.stagingAccountID, ctx.region).map((s) => ({
    hostname: s.hostname,
    arn: s.arn,
    tags: { ...s.tags },
  }));
  const { page, nextToken } = paginate(items, input.maxResults ?? EXTENSIBLE_PAGE, input.nextToken, invalidToken);
  return { items: page, ...(nextToken ? { nextToken } : {}) };
}

/**
 * The extended server: a new source server of the target account that shares
 * its staging server's replication timeline (so state and lag move together)
 * and identity, with the caller's tags.
 */
export function extendSourceServer(estate: Estate, targetAccountId: string, staging: SourceServerRecord, tags: Record<string, string>, now: number): SourceServerRecord {
  const sourceServerId = estate.ids.sourceServer();
  const record: SourceServerRecord = {
    ...staging,
    sourceServerId,
    arn: `arn:aws:drs:${staging.region}:${targetAccountId}:source-server/${sourceServerId}`,
    accountId: targetAccountId,
    tags: { ...tags },
    addedAt: now,
    staging: { accountId: staging.accountId, status: 'EXTENDED', stagingSourceServerArn: staging.arn },
    recoveryInstanceId: undefined,
    lastLaunch: undefined,
  };
  delete record.recoveryInstanceId;
  delete record.lastLaunch;
  estate.region(targetAccountId, staging.region).sourceServers.set(sourceServerId, record);
  return record;
}

export function createExtendedSourceServer(ctx: RequestContext, raw: Record<string, unknown>): CreateExtendedSourceServerResponse {
  const input = raw as { sourceServerArn: string; tags?: Record<string, string> };
  const match = SERVER_ARN.exec(input.sourceServerArn);
  if (!match) throw validationError(`Invalid source server ARN ${input.sourceServerArn}`, 'sourceServerArn');
  const [, region, stagingAccountId, id] = match as unknown as [string, string, string, string];
  if (region !== ctx.region) throw validationError(`The staging source server must be in ${ctx.region}, the region called`, 'sourceServerArn');
  checkStagingAccount(ctx, stagingAccountId);
  const staging = ctx.estate.region(stagingAccountId, region).sourceServers.get(id);
  if (!staging) throw notFound('SOURCE_SERVER', input.sourceServerArn, `Source server ${input.sourceServerArn} not found`);
  if (staging.staging.status !== 'NOT_EXTENDED') throw validationError(`Source server ${id} is itself an extended source server and cannot be extended`, 'sourceServerArn');
  if (extensionsOf(ctx.estate, ctx.accountId, region, staging.arn).length > 0) {
    throw validationError(`Source server ${id} is already extended into account ${ctx.accountId}`, 'sourceServerArn');
  }
  if (staging.ebsEncryption === 'DEFAULT') throw validationError(DEFAULT_EBS_KEY_MESSAGE, 'sourceServerArn');
  const held = ctx.estate.region(ctx.accountId, region).sourceServers.size;
  if (held >= ctx.estate.sourceServerQuota) {
    throw quotaExceeded('L-SOURCE-SERVERS', `Account ${ctx.accountId} already has ${held} source servers in ${region}, the most allowed (${ctx.estate.sourceServerQuota})`);
  }
  const record = extendSourceServer(ctx.estate, ctx.accountId, staging, input.tags ?? {}, ctx.now);
  return { sourceServer: renderSourceServer(record, ctx.now) };
}

export function deleteSourceServer(ctx: RequestContext, raw: Record<string, unknown>): Record<string, never> {
  const { sourceServerID } = raw as { sourceServerID: string };
  const state = ctx.estate.region(ctx.accountId, ctx.region);
  const server = state.sourceServers.get(sourceServerID);
  if (!server) throw notFound('SOURCE_SERVER', sourceServerID, `Source server ${sourceServerID} not found`);
  if (segmentAt(server.replication, ctx.now).state !== 'DISCONNECTED') {
    throw conflict('SOURCE_SERVER', sourceServerID, `Source server ${sourceServerID} must be disconnected before it is deleted`);
  }
  if (state.recoveryInstanceOf(sourceServerID)) {
    throw conflict('SOURCE_SERVER', sourceServerID, `Source server ${sourceServerID} has a recovery instance; terminate it first`);
  }
  state.sourceServers.delete(sourceServerID);
  // Extensions of a deleted staging server lose their source of truth.
  for (const account of ctx.estate.accounts.keys()) {
    for (const extension of extensionsOf(ctx.estate, account, ctx.region, server.arn)) {
      extension.staging = { ...extension.staging, status: 'EXTENSION_ERROR', errorMessage: `Staging source server ${server.arn} no longer exists` };
    }
  }
  return {};
}
