import {
  pickSchemaFields,
  RECOVERY_INSTANCE_PAGE_DEFAULT,
  recoveryInstanceFacetsQuerySchema,
  recoveryInstanceFacetsSchema,
  recoveryInstanceListQuerySchema,
  recoveryInstanceListSchema,
  recoveryInstanceSchema,
  RECOVERY_INSTANCE_SORT_FIELDS,
  type RecoveryInstance,
  type RecoveryInstanceSortField,
  type RecoveryInstanceFacets,
  type RecoveryInstanceFacetsQuery,
  type RecoveryInstanceList,
  type RecoveryInstanceListQuery,
} from '../../contracts/api/recovery-instances';
import {
  recoveryInstanceSyncRunSchema,
  recoveryInstanceSyncStartSchema,
  recoveryInstanceSyncStatusQuerySchema,
  recoveryInstanceSyncStatusSchema,
  SYNC_STATUS_DEFAULT_RUNS,
  type RecoveryInstanceSyncRun,
  type RecoveryInstanceSyncStart,
  type RecoveryInstanceSyncStatus,
  type RecoveryInstanceSyncStatusQuery,
} from '../../contracts/api/sync';
import type { RecoveryInstanceRecord } from '../../contracts/records/recovery-instance';
import type { SyncRunRecord } from '../../contracts/records/sync-run';
import { InputValidationError } from '../../lib/errors';
import type { RecoveryInstanceFacetFields } from '../../lib/repositories/recovery-instances';
import { logger } from '../../lib/observability';
import { recoveryInstanceSyncStatus } from '../../lib/recovery-instances/sync-control';
import { schemaErrors } from '../../lib/validation';
import type { ApiDeps } from '../deps';
import { defineRoute, type Route } from '../framework/route';

const TAG = 'Recovery instances';

/**
 * What a nextToken carries: the Scan's LastEvaluatedKey, base64url JSON. It is
 * checked before it reaches DynamoDB, so a forged or stale token is a 400, not
 * a ValidationException.
 */
const scanKeySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['sourceServerId'],
  properties: { sourceServerId: { type: 'string', minLength: 1, maxLength: 128 } },
} as const;

/**
 * What a sorted listing's nextToken carries: where the next page starts in the
 * sorted matches, and the order it was given for, so a token is never applied
 * to another order.
 */
const sortedTokenSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['offset', 'sortBy', 'sortOrder'],
  properties: {
    offset: { type: 'integer', minimum: 1 },
    sortBy: { type: 'string', enum: RECOVERY_INSTANCE_SORT_FIELDS },
    sortOrder: { type: 'string', enum: ['asc', 'desc'] },
  },
} as const;
type SortedToken = { offset: number; sortBy: RecoveryInstanceSortField; sortOrder: 'asc' | 'desc' };

const encodeToken = (key: Record<string, unknown>) => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

const invalidToken = () =>
  new InputValidationError('nextToken is not one this listing gave; start again without it', [
    { path: '/queryStringParameters/nextToken', message: 'is not a token of list_recovery_instances' },
  ]);

function decodeToken(token: string, schema: object): Record<string, unknown> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalidToken();
  }
  if (schemaErrors(schema, key).length > 0) throw invalidToken();
  return key as Record<string, unknown>;
}

function matches(query: RecoveryInstanceListQuery): (record: RecoveryInstanceRecord) => boolean {
  const state = query.state?.toLowerCase();
  return (r) =>
    (query.accountId === undefined || r.accountId === query.accountId) &&
    (query.region === undefined || r.region === query.region) &&
    (state === undefined || r.ec2InstanceState?.toLowerCase() === state);
}

const present = (record: RecoveryInstanceRecord) => pickSchemaFields<RecoveryInstance>(recoveryInstanceSchema, record);

const byPlace = (a: RecoveryInstanceRecord, b: RecoveryInstanceRecord) =>
  a.accountId.localeCompare(b.accountId) || a.region.localeCompare(b.region) || a.sourceServerId.localeCompare(b.sourceServerId);

/** The value a record sorts by; the fallbacks are what the console shows in the column. */
const SORT_VALUE: Record<RecoveryInstanceSortField, (r: RecoveryInstanceRecord) => string | null | undefined> = {
  ec2InstanceId: (r) => r.ec2InstanceId ?? r.recoveryInstanceId,
  recoveryInstanceId: (r) => r.recoveryInstanceId,
  sourceServerName: (r) => r.sourceServerName ?? r.sourceServerId,
  ec2InstanceState: (r) => r.ec2InstanceState?.toLowerCase(),
  accountId: (r) => r.accountId,
  region: (r) => r.region,
  instanceType: (r) => r.instanceType,
  // ISO-8601 UTC times order as strings.
  launchTime: (r) => r.launchTime,
  sourceExecutionId: (r) => r.sourceExecutionId,
  sourcePlanName: (r) => r.sourcePlanName,
  lastSyncTime: (r) => r.lastSyncTime,
};

/** Orders records by one field, missing values last in either order, ties by place so pages never overlap. */
export function sortRecords(records: readonly RecoveryInstanceRecord[], sortBy: RecoveryInstanceSortField, sortOrder: 'asc' | 'desc'): RecoveryInstanceRecord[] {
  const value = SORT_VALUE[sortBy];
  const direction = sortOrder === 'desc' ? -1 : 1;
  return records
    .map((record) => ({ record, key: value(record) ?? null }))
    .sort((a, b) => {
      if (a.key === null || b.key === null) return a.key === b.key ? byPlace(a.record, b.record) : a.key === null ? 1 : -1;
      return direction * (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) || byPlace(a.record, b.record);
    })
    .map(({ record }) => record);
}

/**
 * The cache, filtered. An execution or an account-region is read through its
 * index and answered whole; anything else is a Scan, one page per call. A
 * sorted listing reads every match (the cache holds one record per source
 * server, so thousands, not millions), sorts, and pages by position.
 */
async function listRecoveryInstances(query: RecoveryInstanceListQuery, { recoveryInstances }: ApiDeps): Promise<RecoveryInstanceList> {
  const keep = matches(query);
  const sortOrder = query.sortOrder ?? 'asc';
  if (query.sortOrder !== undefined && query.sortBy === undefined) {
    throw new InputValidationError('sortOrder needs sortBy', [{ path: '/queryStringParameters/sortOrder', message: 'is only meaningful with sortBy' }]);
  }
  const indexed =
    query.executionId !== undefined
      ? () => recoveryInstances.listByExecution(query.executionId!)
      : query.accountId !== undefined && query.region !== undefined
        ? () => recoveryInstances.listByAccountRegion(query.accountId!, query.region!)
        : undefined;
  if (indexed) {
    if (query.nextToken !== undefined) throw invalidToken(); // an indexed listing never gives one
    const records = (await indexed()).filter(keep);
    return { items: (query.sortBy ? sortRecords(records, query.sortBy, sortOrder) : records.sort(byPlace)).map(present), nextToken: null };
  }
  const limit = query.limit === undefined ? RECOVERY_INSTANCE_PAGE_DEFAULT : Number(query.limit);
  if (query.sortBy !== undefined) {
    const from = query.nextToken === undefined ? undefined : (decodeToken(query.nextToken, sortedTokenSchema) as SortedToken);
    if (from && (from.sortBy !== query.sortBy || from.sortOrder !== sortOrder)) throw invalidToken();
    const offset = from?.offset ?? 0;
    const sorted = sortRecords((await recoveryInstances.scanAll()).filter(keep), query.sortBy, sortOrder);
    const next = offset + limit < sorted.length ? encodeToken({ offset: offset + limit, sortBy: query.sortBy, sortOrder } satisfies SortedToken) : null;
    return { items: sorted.slice(offset, offset + limit).map(present), nextToken: next };
  }
  const startKey = query.nextToken === undefined ? undefined : decodeToken(query.nextToken, scanKeySchema);
  const { records, lastKey } = await recoveryInstances.scanPage(limit, startKey);
  return { items: records.filter(keep).map(present), nextToken: lastKey ? encodeToken(lastKey) : null };
}

type ExecutionFacet = RecoveryInstanceFacets['executions'][number];

const launchedAt = (time: string | null) => (time === null ? Number.NEGATIVE_INFINITY : Date.parse(time));

/**
 * Counts the values of each filter over the whole cache. An execution takes
 * the first plan name and drill flag its instances record, and is ordered by
 * its latest launch, newest first; states are counted in lower case, as the
 * state filter matches them.
 */
export function facetsOf(records: readonly RecoveryInstanceFacetFields[]): RecoveryInstanceFacets {
  const executions = new Map<string, ExecutionFacet>();
  const accounts = new Map<string, number>();
  const regions = new Map<string, number>();
  const states = new Map<string, number>();
  const add = (counts: Map<string, number>, value: string) => counts.set(value, (counts.get(value) ?? 0) + 1);
  for (const r of records) {
    add(accounts, r.accountId);
    add(regions, r.region);
    const state = r.ec2InstanceState?.toLowerCase();
    if (state) add(states, state);
    if (!r.sourceExecutionId) continue;
    const execution = executions.get(r.sourceExecutionId) ?? { sourceExecutionId: r.sourceExecutionId, sourcePlanName: null, isDrill: null, count: 0, lastLaunchTime: null };
    execution.count++;
    execution.sourcePlanName ??= r.sourcePlanName;
    execution.isDrill ??= r.isDrill;
    if (r.launchTime !== null && launchedAt(r.launchTime) > launchedAt(execution.lastLaunchTime)) execution.lastLaunchTime = r.launchTime;
    executions.set(r.sourceExecutionId, execution);
  }
  const sorted = (counts: Map<string, number>) => [...counts].sort(([a], [b]) => a.localeCompare(b));
  return {
    total: records.length,
    executions: [...executions.values()].sort(
      (a, b) => launchedAt(b.lastLaunchTime) - launchedAt(a.lastLaunchTime) || a.sourceExecutionId.localeCompare(b.sourceExecutionId),
    ),
    accounts: sorted(accounts).map(([accountId, count]) => ({ accountId, count })),
    regions: sorted(regions).map(([region, count]) => ({ region, count })),
    states: sorted(states).map(([state, count]) => ({ state, count })),
  };
}

const presentRun = (run: SyncRunRecord | null) => (run ? pickSchemaFields<RecoveryInstanceSyncRun>(recoveryInstanceSyncRunSchema, run) : null);

/** The recovery-instance cache, and the sync that keeps it fresh. */
export const recoveryInstanceRoutes: readonly Route[] = [
  defineRoute<{ query: RecoveryInstanceListQuery; response: RecoveryInstanceList }>({
    operationId: 'list_recovery_instances',
    method: 'GET',
    path: '/drs/recovery-instances',
    tag: TAG,
    summary: 'List cached recovery instances',
    description:
      'Reads the recovery-instance cache only, never DRS or EC2. With executionId (index bySourceExecution), or with accountId and region ' +
      '(index byAccountRegion), every match comes in one answer and nextToken is null. Otherwise the cache is scanned one page per call: ' +
      'follow nextToken until it is null. The other filters apply within the page, so a page can be short or empty while more follow.',
    access: 'ReadOnly',
    effect: 'read',
    querySchema: recoveryInstanceListQuerySchema,
    response: { status: 200, description: 'The matching cached recovery instances.', schema: recoveryInstanceListSchema },
    handle: ({ query }, deps) => listRecoveryInstances(query, deps),
  }),

  defineRoute<{ query: RecoveryInstanceFacetsQuery; response: RecoveryInstanceFacets }>({
    operationId: 'get_recovery_instance_facets',
    method: 'GET',
    path: '/drs/recovery-instances/facets',
    tag: TAG,
    summary: 'The values the recovery-instance filters can take, with counts',
    description:
      'Reads the recovery-instance cache only, never DRS or EC2: the whole cache, in as many Scan pages as it takes, projected to the ' +
      'filtered attributes. Answers each execution (with its plan name, drill flag, instance count and latest launch), account, region ' +
      'and state present, so a console can offer every value of a filter of list_recovery_instances without paging through the listing. ' +
      'Its cost grows with the cache; call it when a filter is opened or refreshed, not on every poll.',
    access: 'ReadOnly',
    effect: 'read',
    querySchema: recoveryInstanceFacetsQuerySchema,
    response: { status: 200, description: 'The facets of the whole cache.', schema: recoveryInstanceFacetsSchema },
    handle: async (_request, { recoveryInstances }) => facetsOf(await recoveryInstances.scanFacetFields()),
  }),

  defineRoute<{ response: RecoveryInstanceSyncStart }>({
    operationId: 'sync_recovery_instances',
    method: 'POST',
    path: '/drs/recovery-instance-sync',
    tag: TAG,
    summary: 'Refresh the recovery-instance cache now',
    description:
      'Starts the recovery-instance-sync state machine and answers at once. A run that finds another one running skips itself, so calling ' +
      'this while a sync runs is harmless. get_recovery_instance_sync_status follows the run. Also fit for an EventBridge schedule.',
    access: 'Operator',
    effect: 'write',
    response: { status: 202, description: 'The sync execution was started.', schema: recoveryInstanceSyncStartSchema },
    // 400: the caller's user name does not fit the machine input's `trigger` pattern.
    errors: [400, 502, 503],
    handle: async ({ principal, requestId }, { startRecoveryInstanceSync }) => {
      const started = await startRecoveryInstanceSync(`api:${principal.kind}:${principal.username}`);
      logger.info('Recovery-instance sync started', { executionArn: started.executionArn, by: principal.username, requestId });
      return started;
    },
  }),

  defineRoute<{ query: RecoveryInstanceSyncStatusQuery; response: RecoveryInstanceSyncStatus }>({
    operationId: 'get_recovery_instance_sync_status',
    method: 'GET',
    path: '/drs/recovery-instance-sync/status',
    tag: TAG,
    summary: 'How the recovery-instance sync has been doing',
    description: 'Read from the sync run records only (one DynamoDB Query), not from Step Functions.',
    access: 'ReadOnly',
    effect: 'read',
    querySchema: recoveryInstanceSyncStatusQuerySchema,
    response: { status: 200, description: 'The last runs, newest first.', schema: recoveryInstanceSyncStatusSchema },
    handle: async ({ query }, { syncRuns }) => {
      const status = await recoveryInstanceSyncStatus(syncRuns, query.limit === undefined ? SYNC_STATUS_DEFAULT_RUNS : Number(query.limit));
      return {
        lastRun: presentRun(status.lastRun),
        lastCompletedRun: presentRun(status.lastCompletedRun),
        running: status.running,
        recentRuns: status.recentRuns.map((run) => presentRun(run)!),
      };
    },
  }),
];
