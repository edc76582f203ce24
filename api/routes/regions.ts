import {
  drsAccountListSchema,
  drsRegionListSchema,
  drsRegionsQuerySchema,
  drsServiceQuerySchema,
  drsServiceStatusSchema,
  type DrsAccountList,
  type DrsRegionList,
  type DrsRegionStatus,
  type DrsRegionsQuery,
  type DrsServiceQuery,
  type DrsServiceStatus,
} from '../../contracts/api/regions';
import type { RegionStatusRecord } from '../../contracts/records/region-status';
import { NotFoundError } from '../../lib/errors';
import { drsRegions } from '../../lib/regions/drs-regions';
import { defineRoute, type Route } from '../framework/route';

const TAG = 'DRS regions';
const key = (accountId: string, region: string) => `${accountId}#${region}`;

const activity = (status: RegionStatusRecord | undefined): DrsRegionStatus['status'] =>
  !status ? 'unknown' : status.initialized && status.serverCount > 0 ? 'active' : 'inactive';

/**
 * Every DRS region × registered account with what its status record says,
 * plus the registered regions outside the DRS list (kept from before the
 * list was enforced), so nothing registered is hidden.
 */
export function regionRows(
  accounts: ReadonlyArray<{ accountId: string; name: string; regions: readonly string[] }>,
  statuses: readonly RegionStatusRecord[],
): DrsRegionStatus[] {
  const byKey = new Map(statuses.map((s) => [key(s.accountId, s.region), s]));
  return [...accounts]
    .sort((a, b) => a.accountId.localeCompare(b.accountId))
    .flatMap((account) => {
      const regions = [...drsRegions(), ...account.regions.filter((r) => !drsRegions().includes(r))];
      return regions.map((region) => {
        const status = byKey.get(key(account.accountId, region));
        return {
          accountId: account.accountId,
          accountName: account.name,
          region,
          registered: account.regions.includes(region),
          status: activity(status),
          serverCount: status?.serverCount ?? null,
          initialized: status?.initialized ?? null,
          lastChecked: status?.lastChecked ?? null,
          lastError: status?.lastError ?? null,
        };
      });
    });
}

export const regionRoutes: Route[] = [
  defineRoute<{ query: DrsRegionsQuery; response: DrsRegionList }>({
    operationId: 'list_drs_regions',
    method: 'GET',
    path: '/drs/regions',
    tag: TAG,
    summary: 'Every DRS region of every registered account: active or not, server count, last check, last error',
    description:
      'Reads the target accounts and the region status table (what the last inventory or sync scans found), never DRS. A region never ' +
      'scanned is "unknown"; "inactive" means scanned and found without source servers, or with DRS not initialized.',
    access: 'ReadOnly',
    effect: 'read',
    querySchema: drsRegionsQuerySchema,
    response: { status: 200, description: 'The regions and a summary.', schema: drsRegionListSchema },
    handle: async ({ query }, { targetAccounts, regionStatus }) => {
      const [accounts, statuses] = await Promise.all([targetAccounts.list(), regionStatus.listAll()]);
      const rows = regionRows(
        accounts.filter((a) => !query.accountId || a.accountId === query.accountId),
        statuses,
      ).filter((r) => (!query.status || r.status === query.status) && (!query.registered || String(r.registered) === query.registered));
      return {
        regions: rows,
        summary: {
          accounts: new Set(rows.map((r) => r.accountId)).size,
          regions: rows.length,
          active: rows.filter((r) => r.status === 'active').length,
          inactive: rows.filter((r) => r.status === 'inactive').length,
          unknown: rows.filter((r) => r.status === 'unknown').length,
          serverCount: rows.reduce((n, r) => n + (r.serverCount ?? 0), 0),
        },
      };
    },
  }),

  defineRoute<{ query: DrsServiceQuery; response: DrsServiceStatus }>({
    operationId: 'get_drs_service',
    method: 'GET',
    path: '/drs/service',
    tag: TAG,
    summary: 'Whether DRS is initialized in one account and region',
    description:
      'The original platform\'s service status read (query region, optional accountId, the hub account by default), answered from the ' +
      'region status table rather than a DRS call: UNKNOWN until a scan has covered the region.',
    access: 'ReadOnly',
    effect: 'read',
    querySchema: drsServiceQuerySchema,
    response: { status: 200, description: 'The service status.', schema: drsServiceStatusSchema },
    errors: [404],
    handle: async ({ query }, { regionStatus, hubAccountId }) => {
      const accountId = query.accountId ?? hubAccountId;
      if (!accountId) throw new NotFoundError('No accountId given and the hub account is unknown');
      const status = (await regionStatus.listAll()).find((s) => s.accountId === accountId && s.region === query.region);
      return {
        accountId,
        region: query.region,
        initialized: status?.initialized ?? null,
        status: !status ? 'UNKNOWN' : status.initialized ? 'INITIALIZED' : 'NOT_INITIALIZED',
        serverCount: status?.serverCount ?? null,
        lastChecked: status?.lastChecked ?? null,
        lastError: status?.lastError ?? null,
      };
    },
  }),

  defineRoute<{ response: DrsAccountList }>({
    operationId: 'list_drs_accounts',
    method: 'GET',
    path: '/drs/accounts',
    tag: TAG,
    summary: 'The registered accounts with where DRS is initialized and active in each',
    description: 'The original platform\'s account list (`{ accounts: [...] }`), with each account\'s DRS state from the region status table; no DRS call.',
    access: 'ReadOnly',
    effect: 'read',
    response: { status: 200, description: 'The accounts.', schema: drsAccountListSchema },
    handle: async (_request, { targetAccounts, regionStatus, hubAccountId }) => {
      const [accounts, statuses] = await Promise.all([targetAccounts.list(), regionStatus.listAll()]);
      const byKey = new Map(statuses.map((s) => [key(s.accountId, s.region), s]));
      return {
        accounts: [...accounts]
          .sort((a, b) => a.accountId.localeCompare(b.accountId))
          .map((account) => {
            const known = account.regions.map((r) => byKey.get(key(account.accountId, r)));
            const seen = known.filter((s): s is RegionStatusRecord => !!s);
            return {
              accountId: account.accountId,
              accountName: account.name,
              isCurrentAccount: account.accountId === hubAccountId,
              regions: [...account.regions],
              activeRegions: seen.filter((s) => activity(s) === 'active').map((s) => s.region),
              initializedRegions: seen.filter((s) => s.initialized).map((s) => s.region),
              serverCount: seen.reduce((n, s) => n + s.serverCount, 0),
              lastChecked: seen.length === known.length && seen.length > 0 ? seen.map((s) => s.lastChecked).sort()[0]! : null,
            };
          }),
      };
    },
  }),
];
