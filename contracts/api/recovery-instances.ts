import type { FromSchema } from 'json-schema-to-ts';
import { accountIdSchema, isoDateTimeSchema, recoveryInstanceIdSchema, regionSchema } from '../common';
import { recoveryPlanRecordSchema } from '../records/recovery-plan';
import { recoveryInstanceRecordSchema } from '../records/recovery-instance';

/**
 * Removes properties from an object schema, keeping the literal types so that
 * FromSchema derives the narrower type. Answers are built from the record
 * schemas this way, so a field added to a record reaches the API contract
 * without being written twice.
 */
export function omitProperties<
  S extends { readonly properties: Readonly<Record<string, unknown>>; readonly required: readonly string[] },
  K extends keyof S['properties'] & string,
>(schema: S, keys: readonly K[]): Omit<S, 'properties' | 'required' | 'title'> & { properties: Omit<S['properties'], K>; required: Exclude<S['required'][number], K>[] } {
  const { title: _title, properties, required, ...rest } = schema as S & { title?: string };
  const drop = new Set<string>(keys);
  return {
    ...rest,
    properties: Object.fromEntries(Object.entries(properties).filter(([name]) => !drop.has(name))) as Omit<S['properties'], K>,
    required: required.filter((name): name is Exclude<S['required'][number], K> => !drop.has(name)),
  } as Omit<S, 'properties' | 'required' | 'title'> & { properties: Omit<S['properties'], K>; required: Exclude<S['required'][number], K>[] };
}

/**
 * Copies the fields an object schema lists. Answers are presented this way, so
 * an attribute a stored record gains later (say, a TTL) never fails the
 * answer's schema check nor leaks.
 */
export function pickSchemaFields<T>(schema: { readonly properties: object }, record: object): T {
  const source = record as Record<string, unknown>;
  return Object.fromEntries(Object.keys(schema.properties).filter((k) => source[k] !== undefined).map((k) => [k, source[k]])) as T;
}

/**
 * A cached recovery instance as the API shows it: the record without
 * `accountRegion`, the index key that only the sync uses.
 */
export const recoveryInstanceSchema = {
  ...omitProperties(recoveryInstanceRecordSchema, ['accountRegion']),
  title: 'RecoveryInstance',
} as const;
export type RecoveryInstance = FromSchema<typeof recoveryInstanceSchema>;

/**
 * The answer of `check_existing_recovery_instances`: the recovery instances
 * that already exist for a plan's servers, read from the cache only.
 */
export const existingRecoveryInstancesSchema = {
  title: 'ExistingRecoveryInstances',
  type: 'object',
  additionalProperties: false,
  required: ['planId', 'planName', 'serverCount', 'existingInstances', 'hasExistingInstances', 'lastSyncTime', 'cacheMisses', 'cacheUnavailable'],
  properties: {
    planId: recoveryPlanRecordSchema.properties.planId,
    planName: recoveryPlanRecordSchema.properties.name,
    serverCount: { type: 'integer', minimum: 0, description: 'Distinct source servers in the plan\'s protection groups.' },
    existingInstances: { type: 'array', items: recoveryInstanceSchema, description: 'In the order of the plan\'s waves and groups.' },
    hasExistingInstances: { type: 'boolean' },
    lastSyncTime: { ...isoDateTimeSchema, type: ['string', 'null'], description: 'The oldest sync time among the instances returned: how stale the answer may be. Null when none.' },
    cacheMisses: { type: 'integer', minimum: 0, description: 'Servers with no cached instance: none exists, or the cache has not seen it yet. 0 when the cache is unavailable.' },
    cacheUnavailable: {
      type: 'boolean',
      description: 'True when the cache could not be read. The list is then empty and says nothing about DRS: ask again, or run a sync.',
    },
  },
} as const;
export type ExistingRecoveryInstances = FromSchema<typeof existingRecoveryInstancesSchema>;

/** The most a page of the unfiltered listing holds. */
export const RECOVERY_INSTANCE_PAGE_MAX = 1000;
/** A page's size when the caller gives no limit. */
export const RECOVERY_INSTANCE_PAGE_DEFAULT = 100;

/**
 * Filters of `list_recovery_instances`. Values are strings, as in a query
 * string, in the direct form too (`"limit": "50"`).
 */
/** The fields `list_recovery_instances` can order the whole listing by. */
export const RECOVERY_INSTANCE_SORT_FIELDS = [
  'ec2InstanceId',
  'recoveryInstanceId',
  'sourceServerName',
  'ec2InstanceState',
  'accountId',
  'region',
  'instanceType',
  'launchTime',
  'sourceExecutionId',
  'sourcePlanName',
  'lastSyncTime',
] as const;
export type RecoveryInstanceSortField = (typeof RECOVERY_INSTANCE_SORT_FIELDS)[number];

export const recoveryInstanceListQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    accountId: accountIdSchema,
    region: regionSchema,
    state: {
      type: 'string',
      pattern: '^[A-Za-z_-]{1,32}$',
      description: 'ec2InstanceState, case-insensitively: running matches running and RUNNING.',
    },
    executionId: { type: 'string', minLength: 1, maxLength: 128, description: 'The orchestrator execution that launched the instances.' },
    limit: {
      type: 'string',
      pattern: '^([1-9][0-9]{0,2}|1000)$',
      description: `Records examined per page of the unsorted listing, or items per page of a sorted one, 1 to ${RECOVERY_INSTANCE_PAGE_MAX} (default ${RECOVERY_INSTANCE_PAGE_DEFAULT}). Ignored with executionId, or with accountId and region, which answer every match at once.`,
    },
    nextToken: { type: 'string', minLength: 1, maxLength: 4096, pattern: '^[A-Za-z0-9_-]+$', description: 'The nextToken of the previous page, as given.' },
    sortBy: {
      type: 'string',
      enum: RECOVERY_INSTANCE_SORT_FIELDS,
      description:
        'Orders the whole filtered listing, not a page: every match is read, sorted, then paged (limit is then items per page). ec2InstanceId falls back to recoveryInstanceId, sourceServerName to sourceServerId; missing values sort last. Ties are ordered by account, region and source server.',
    },
    sortOrder: { type: 'string', enum: ['asc', 'desc'], description: 'With sortBy; default asc.' },
  },
} as const;
export type RecoveryInstanceListQuery = FromSchema<typeof recoveryInstanceListQuerySchema>;

export const recoveryInstanceListSchema = {
  title: 'RecoveryInstanceList',
  type: 'object',
  additionalProperties: false,
  required: ['items', 'nextToken'],
  properties: {
    items: { type: 'array', items: recoveryInstanceSchema },
    nextToken: {
      type: ['string', 'null'],
      description: 'Pass it back for the next page; null on the last page. A page can hold fewer than limit items (even none) and still have a next one, because filters apply after the page is read.',
    },
  },
} as const;
export type RecoveryInstanceList = FromSchema<typeof recoveryInstanceListSchema>;

/** `get_recovery_instance_facets` takes no parameters: an unknown one is a 400, not silently ignored. */
export const recoveryInstanceFacetsQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {},
} as const;
export type RecoveryInstanceFacetsQuery = FromSchema<typeof recoveryInstanceFacetsQuerySchema>;

const facetCountSchema = { type: 'integer', minimum: 1, description: 'Cached recovery instances with this value.' } as const;

/**
 * The answer of `get_recovery_instance_facets`: every value the filters of
 * `list_recovery_instances` can take in the whole cache, with counts. What a
 * console offers in its filter, without paging through the listing.
 */
export const recoveryInstanceFacetsSchema = {
  title: 'RecoveryInstanceFacets',
  type: 'object',
  additionalProperties: false,
  required: ['total', 'executions', 'accounts', 'regions', 'states'],
  properties: {
    total: { type: 'integer', minimum: 0, description: 'Records in the cache.' },
    executions: {
      type: 'array',
      description:
        'The executions that launched cached instances (executionId of list_recovery_instances), the most recent launch first. ' +
        'Instances with no sourceExecutionId are counted in total only.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['sourceExecutionId', 'sourcePlanName', 'isDrill', 'count', 'lastLaunchTime'],
        properties: {
          sourceExecutionId: { type: 'string', minLength: 1, description: 'The orchestrator execution id.' },
          sourcePlanName: { ...recoveryInstanceRecordSchema.properties.sourcePlanName, description: 'The plan it ran, as the instances record it; null when none does.' },
          isDrill: { ...recoveryInstanceRecordSchema.properties.isDrill, description: 'Whether DRS launched them as a drill; null when no instance records it.' },
          count: facetCountSchema,
          lastLaunchTime: {
            ...recoveryInstanceRecordSchema.properties.launchTime,
            description: 'The latest launchTime among its instances; null when none is known.',
          },
        },
      },
    },
    accounts: {
      type: 'array',
      description: 'By account id.',
      items: { type: 'object', additionalProperties: false, required: ['accountId', 'count'], properties: { accountId: accountIdSchema, count: facetCountSchema } },
    },
    regions: {
      type: 'array',
      description: 'By region code.',
      items: { type: 'object', additionalProperties: false, required: ['region', 'count'], properties: { region: regionSchema, count: facetCountSchema } },
    },
    states: {
      type: 'array',
      description: 'ec2InstanceState in lower case (the state filter ignores case), by name. Instances with no known state are counted in total only.',
      items: { type: 'object', additionalProperties: false, required: ['state', 'count'], properties: { state: { type: 'string', minLength: 1 }, count: facetCountSchema } },
    },
  },
} as const;
export type RecoveryInstanceFacets = FromSchema<typeof recoveryInstanceFacetsSchema>;

/** `{id}` in `/executions/{id}/...`: the orchestrator execution id, as the sync tasks record it in sourceExecutionId. */
export const executionPathSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 128, description: 'Orchestrator execution id.' } },
} as const;
export type ExecutionPath = FromSchema<typeof executionPathSchema>;

const terminationGroupProperties = {
  accountId: accountIdSchema,
  region: regionSchema,
  recoveryInstanceIds: { type: 'array', items: recoveryInstanceIdSchema, minItems: 1, maxItems: 200 },
} as const;

/** Each TerminateRecoveryInstances call's outcome, shared by both termination answers. */
const terminationOutcomeProperties = {
  terminated: {
    type: 'array',
    description: 'Calls DRS accepted; their cache records were removed.',
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['accountId', 'region', 'recoveryInstanceIds'],
      properties: { ...terminationGroupProperties, jobId: { type: 'string', description: 'The DRS TERMINATE job.' } },
    },
  },
  failed: {
    type: 'array',
    description: 'Calls that failed; their instances stay in the cache, so calling again retries only these.',
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['accountId', 'region', 'recoveryInstanceIds', 'errorName', 'message'],
      properties: { ...terminationGroupProperties, errorName: { type: 'string' }, message: { type: 'string' } },
    },
  },
} as const;

/**
 * The answer of `terminate_recovery_instances` (a whole execution): one entry
 * per TerminateRecoveryInstances call (an account, a region, at most 200 ids).
 */
export const recoveryInstanceTerminationSchema = {
  title: 'RecoveryInstanceTermination',
  type: 'object',
  additionalProperties: false,
  required: ['executionId', 'requested', 'terminated', 'failed'],
  properties: {
    executionId: executionPathSchema.properties.id,
    requested: { type: 'integer', minimum: 0, description: 'Recovery instances of the execution found in the cache.' },
    ...terminationOutcomeProperties,
  },
} as const;
export type RecoveryInstanceTermination = FromSchema<typeof recoveryInstanceTerminationSchema>;

/** The most recovery instances one `terminate_selected_recovery_instances` call takes: a page of the listing at most. */
export const TERMINATE_SELECTED_MAX = RECOVERY_INSTANCE_PAGE_MAX;

/** The body of `terminate_selected_recovery_instances`: exactly the recovery instances to terminate. */
export const selectedTerminationRequestSchema = {
  title: 'SelectedTerminationRequest',
  type: 'object',
  additionalProperties: false,
  required: ['recoveryInstanceIds'],
  properties: {
    recoveryInstanceIds: {
      type: 'array',
      items: recoveryInstanceIdSchema,
      minItems: 1,
      maxItems: TERMINATE_SELECTED_MAX,
      uniqueItems: true,
      description: `The recovery instances to terminate, and only these (1 to ${TERMINATE_SELECTED_MAX}, no repeats). Their accounts and regions come from the cache.`,
    },
  },
} as const;
export type SelectedTerminationRequest = FromSchema<typeof selectedTerminationRequestSchema>;

/** The answer of `terminate_selected_recovery_instances`. */
export const selectedTerminationSchema = {
  title: 'SelectedRecoveryInstanceTermination',
  type: 'object',
  additionalProperties: false,
  required: ['requested', 'terminated', 'failed', 'notFound'],
  properties: {
    requested: { type: 'integer', minimum: 0, description: 'Asked-for recovery instances found in the cache, and so sent to DRS.' },
    ...terminationOutcomeProperties,
    notFound: {
      type: 'array',
      items: recoveryInstanceIdSchema,
      description:
        'Asked-for ids the cache does not hold (already terminated, or not synced yet): nothing was sent for them, since the cache is what says their account and region.',
    },
  },
} as const;
export type SelectedRecoveryInstanceTermination = FromSchema<typeof selectedTerminationSchema>;
