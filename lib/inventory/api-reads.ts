/**
 * The API's inventory-first reads (GET /drs/source-server-inventory,
 * /drs/source-servers, /drs/replication): which account-regions a request
 * covers (registered ones, through the active-region filter), served from the
 * inventory where fresh and from DRS where stale (InventoryReader).
 */
import type { SourceServerInventoryRecord } from '../../contracts/records/source-server-inventory';
import { InputValidationError } from '../errors';
import { ActiveRegionFilter } from '../regions/active-region-filter';
import type { RegionStatusRepository } from '../repositories/region-status';
import type { InventoryFilter, SourceServerInventoryRepository } from '../repositories/source-server-inventory';
import type { TargetAccountRepository } from '../repositories/target-accounts';
import type { AwsClientFactory } from '../aws/clients';
import { displayState, recoveryPointAgeSeconds, replicationHealth } from './health';
import { InventoryReader, type AccountRegionScope, type ScopeAnswer } from './reader';

export interface InventoryReadDependencies {
  readonly inventory: Pick<SourceServerInventoryRepository, 'listMarkers' | 'listAccountRegion' | 'page'>;
  readonly targetAccounts: Pick<TargetAccountRepository, 'list' | 'get'>;
  readonly regionStatus: Pick<RegionStatusRepository, 'listAll'>;
  readonly awsClients: Pick<AwsClientFactory, 'drs' | 'verifyAccess'>;
  readonly now: () => Date;
}

export const INVENTORY_PAGE_DEFAULT = 100;

/** The registered account-regions a request covers, kept by the active-region filter (quiet regions hold no servers). */
export async function scopesFor(deps: InventoryReadDependencies, operation: string, filter: { accountId?: string; region?: string }): Promise<AccountRegionScope[]> {
  const accounts = (await deps.targetAccounts.list())
    .filter((a) => !filter.accountId || a.accountId === filter.accountId)
    .map((a) => ({ accountId: a.accountId, regions: a.regions.filter((r) => !filter.region || r === filter.region) }))
    .filter((a) => a.regions.length > 0);
  const plan = await new ActiveRegionFilter({ statuses: deps.regionStatus, now: deps.now }).plan(operation, accounts);
  return plan.targets.map(({ accountId, region }) => ({ accountId, region }));
}

const readerOf = (deps: InventoryReadDependencies) =>
  new InventoryReader({ inventory: deps.inventory, accounts: deps.targetAccounts, clients: deps.awsClients, now: deps.now });

export function sourceOf(answers: readonly ScopeAnswer[]): 'inventory' | 'drs' | 'mixed' {
  const drs = answers.filter((a) => a.servedBy === 'drs').length;
  return drs === 0 ? 'inventory' : drs === answers.length ? 'drs' : 'mixed';
}

export function oldestUpdate(answers: readonly ScopeAnswer[]): string | null {
  const times = answers.map((a) => a.lastUpdated);
  if (times.length === 0 || times.some((t) => t === null)) return null;
  return (times as string[]).sort()[0]!;
}

export function staleRegions(answers: readonly ScopeAnswer[]) {
  return answers
    .filter((a) => a.servedBy === 'drs' || a.error)
    .map((a) => ({ accountId: a.scope.accountId, region: a.scope.region, lastUpdated: a.lastUpdated, servedBy: a.servedBy, error: a.error ? `${a.error.name}: ${a.error.message}` : null }));
}

export function parseTag(tag: string | undefined): InventoryFilter['tag'] {
  if (tag === undefined) return undefined;
  const at = tag.indexOf('=');
  return at < 0 ? { key: tag } : { key: tag.slice(0, at), value: tag.slice(at + 1) };
}

export function matches(record: SourceServerInventoryRecord, filter: InventoryFilter): boolean {
  if (filter.accountId && record.accountId !== filter.accountId) return false;
  if (filter.region && record.region !== filter.region) return false;
  if (filter.replicationState && record.replicationState !== filter.replicationState) return false;
  if (filter.tag) {
    const value = record.tags[filter.tag.key];
    if (value === undefined || (filter.tag.value !== undefined && value !== filter.tag.value)) return false;
  }
  return true;
}

/** A record as the API shows it: without its partition key, with its health. */
export function presentServer(record: SourceServerInventoryRecord, now: Date) {
  const { accountRegion: _key, ...rest } = record;
  return { ...rest, health: replicationHealth(record), displayState: displayState(record.replicationState), recoveryPointAgeSeconds: recoveryPointAgeSeconds(record.lastSnapshotTime, now) };
}

const byPlace = (a: SourceServerInventoryRecord, b: SourceServerInventoryRecord) => a.accountRegion.localeCompare(b.accountRegion) || a.sourceServerId.localeCompare(b.sourceServerId);

/**
 * Every record of the covered account-regions, as served: the inventory's for
 * the fresh ones, DRS's for the stale ones. One Query per fresh account-region.
 */
export async function recordsFor(deps: InventoryReadDependencies, operation: string, filter: InventoryFilter): Promise<{ records: SourceServerInventoryRecord[]; answers: ScopeAnswer[] }> {
  const scopes = await scopesFor(deps, operation, filter);
  const answers = await readerOf(deps).resolve(scopes, { withRecords: true, operation });
  const records = answers.flatMap((a) => a.records ?? []).filter((r) => matches(r, filter)).sort(byPlace);
  return { records, answers };
}

type PageToken = { k: Record<string, unknown> } | { o: number };

const encode = (token: PageToken) => Buffer.from(JSON.stringify(token), 'utf8').toString('base64url');
function decode(token: string | undefined): PageToken | undefined {
  if (token === undefined) return undefined;
  const invalid = () => new InputValidationError('nextToken is not one this listing gave; start again without it', [{ path: '/queryStringParameters/nextToken', message: 'is not a token of list_source_server_inventory' }]);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const v = value as Record<string, unknown> | null;
  if (v && typeof v === 'object' && Object.keys(v).length === 1) {
    if (Number.isInteger(v.o) && (v.o as number) > 0) return { o: v.o as number };
    const k = v.k as Record<string, unknown> | undefined;
    if (k && typeof k === 'object' && typeof k.accountRegion === 'string' && typeof k.sourceServerId === 'string' && Object.keys(k).length === 2) return { k };
  }
  throw invalid();
}

/**
 * One page of the inventory listing. When every covered account-region is
 * fresh, DynamoDB pages it (a Query when account and region are given, else a
 * Scan), 0 DRS calls. When one is stale, the listing is assembled from the
 * inventory and DRS and paged by offset.
 */
export async function listInventory(
  deps: InventoryReadDependencies,
  query: { accountId?: string; region?: string; replicationState?: string; tag?: string; limit?: string; nextToken?: string },
) {
  const limit = query.limit === undefined ? INVENTORY_PAGE_DEFAULT : Number(query.limit);
  const token = decode(query.nextToken);
  const filter: InventoryFilter = { accountId: query.accountId, region: query.region, replicationState: query.replicationState, tag: parseTag(query.tag) };
  const scopes = await scopesFor(deps, 'list_source_server_inventory', filter);
  const answers = await readerOf(deps).resolve(scopes, { withRecords: false, operation: 'list_source_server_inventory' });
  const now = deps.now();
  const meta = { source: sourceOf(answers), lastUpdated: oldestUpdate(answers), staleRegions: staleRegions(answers) };
  const allFresh = answers.every((a) => a.servedBy === 'inventory' && !a.error);
  if (allFresh && !(token && 'o' in token)) {
    if (scopes.length === 0) return { servers: [], count: 0, nextToken: null, ...meta };
    const page = await deps.inventory.page(filter, limit, token && 'k' in token ? token.k : undefined);
    const servers = page.records.map((r) => presentServer(r, now));
    return { servers, count: servers.length, nextToken: page.lastKey ? encode({ k: page.lastKey }) : null, ...meta };
  }
  // Some account-region was stale: the records come from both places, paged in memory.
  const fresh = answers.filter((a) => a.servedBy === 'inventory' && !a.records);
  const freshRecords = (await Promise.all(fresh.map((a) => deps.inventory.listAccountRegion(a.scope.accountId, a.scope.region)))).flat();
  const records = [...freshRecords, ...answers.flatMap((a) => a.records ?? [])].filter((r) => matches(r, filter)).sort(byPlace);
  const offset = token && 'o' in token ? token.o : 0;
  const servers = records.slice(offset, offset + limit).map((r) => presentServer(r, now));
  return { servers, count: servers.length, nextToken: offset + limit < records.length ? encode({ o: offset + limit }) : null, ...meta };
}
