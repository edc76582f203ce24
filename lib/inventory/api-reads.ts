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
import { inventoryKey, type InventoryFilter, type SourceServerInventoryRepository } from '../repositories/source-server-inventory';
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

/**
 * The account-regions a request covers and where each is served from. The
 * registered account-regions (filtered by the request) and the freshness
 * markers are read together; when all are fresh that is all (no region status
 * read, no DRS call). Stale ones go through the active-region filter, so a
 * quiet region is not asked about; only what it keeps is read from DRS.
 */
export async function resolveCoverage(deps: InventoryReadDependencies, operation: string, filter: { accountId?: string; region?: string }, withRecords: boolean): Promise<ScopeAnswer[]> {
  const reader = readerOf(deps);
  const [accounts, markers] = await Promise.all([Promise.resolve().then(() => deps.targetAccounts.list()), reader.markers()]);
  const registered = accounts
    .filter((a) => !filter.accountId || a.accountId === filter.accountId)
    .flatMap((a) => a.regions.filter((r) => !filter.region || r === filter.region).map((region) => ({ accountId: a.accountId, region })));
  const isFresh = (s: AccountRegionScope) => reader.isFresh(markers.get(inventoryKey(s.accountId, s.region)));
  const stale = registered.filter((s) => !isFresh(s));
  let scopes: AccountRegionScope[] = registered.filter(isFresh);
  if (stale.length > 0) {
    const byAccount = new Map<string, string[]>();
    for (const s of stale) byAccount.set(s.accountId, [...(byAccount.get(s.accountId) ?? []), s.region]);
    const plan = await new ActiveRegionFilter({ statuses: deps.regionStatus, now: deps.now }).plan(operation, [...byAccount].map(([accountId, regions]) => ({ accountId, regions })));
    scopes = [...scopes, ...plan.targets.map(({ accountId, region }) => ({ accountId, region }))];
  }
  return reader.resolve(scopes, { withRecords, operation, markers });
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
  const answers = await resolveCoverage(deps, operation, filter, true);
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
 * One page of the inventory listing. One fresh account-region (accountId and
 * region given): a DynamoDB Query page of its partition, 0 DRS calls.
 * Otherwise the covered account-regions' partitions are read in parallel (a
 * fresh one from the inventory, a stale one from DRS), merged in a stable
 * order and paged by offset.
 */
export async function listInventory(
  deps: InventoryReadDependencies,
  query: { accountId?: string; region?: string; replicationState?: string; tag?: string; limit?: string; nextToken?: string },
) {
  const limit = query.limit === undefined ? INVENTORY_PAGE_DEFAULT : Number(query.limit);
  const token = decode(query.nextToken);
  const filter: InventoryFilter = { accountId: query.accountId, region: query.region, replicationState: query.replicationState, tag: parseTag(query.tag) };
  const keyed = !!(query.accountId && query.region);
  const answers = await resolveCoverage(deps, 'list_source_server_inventory', filter, !keyed);
  const now = deps.now();
  const meta = { source: sourceOf(answers), lastUpdated: oldestUpdate(answers), staleRegions: staleRegions(answers) };
  if (keyed && answers.length === 1 && answers[0]!.servedBy === 'inventory' && !answers[0]!.error && !(token && 'o' in token)) {
    const page = await deps.inventory.page(filter, limit, token && 'k' in token ? token.k : undefined);
    const servers = page.records.map((r) => presentServer(r, now));
    return { servers, count: servers.length, nextToken: page.lastKey ? encode({ k: page.lastKey }) : null, ...meta };
  }
  const withRecords = keyed ? await Promise.all(answers.map(async (a) => a.records ?? (await deps.inventory.listAccountRegion(a.scope.accountId, a.scope.region)))) : answers.map((a) => a.records ?? []);
  const records = withRecords.flat().filter((r) => matches(r, filter)).sort(byPlace);
  const offset = token && 'o' in token ? token.o : 0;
  const servers = records.slice(offset, offset + limit).map((r) => presentServer(r, now));
  return { servers, count: servers.length, nextToken: offset + limit < records.length ? encode({ o: offset + limit }) : null, ...meta };
}
