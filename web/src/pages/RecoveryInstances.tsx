import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Flashbar, { type FlashbarProps } from '@cloudscape-design/components/flashbar';
import Header from '@cloudscape-design/components/header';
import Pagination from '@cloudscape-design/components/pagination';
import PropertyFilter, { type PropertyFilterProps } from '@cloudscape-design/components/property-filter';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { useMemo, useState } from 'react';
import { useLocation, useSearchParams } from 'react-router-dom';
import type { RecoveryInstance, RecoveryInstanceFacets, RecoveryInstanceSortField, TargetAccount } from '../api/types';
import { useApp } from '../app-context';
import { ActivityLog, failedActivity, terminationActivity, useActivityLog, type ActivityEntry } from '../components/ActivityLog';
import { loadPreferences, TablePreferences, type DataColumn } from '../components/DataTable';
import { DateTime } from '../components/DateTime';
import { ErrorAlert } from '../components/ErrorAlert';
import { InstanceState } from '../components/InstanceState';
import { TerminateModal, type TerminationTarget } from '../components/TerminateModal';
import { formatDateTime, formatFreshness } from '../lib/format';
import { useNow, useResource } from '../lib/hooks';

/** The filters of list_recovery_instances, in the order the filter offers them; also the page's URL query. */
export const FILTER_KEYS = ['accountId', 'region', 'state', 'executionId'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
/** One value per filter: the API filters by equality. Keys are kept in the order of the tokens. */
export type Filters = Partial<Record<FilterKey, string>>;

const PROPERTY_LABEL: Record<FilterKey, string> = { accountId: 'Account', region: 'Region', state: 'State', executionId: 'Execution' };
const isFilterKey = (key: string | undefined): key is FilterKey => (FILTER_KEYS as readonly string[]).includes(key ?? '');

/**
 * The API's filters from the property filter's tokens. A property given twice
 * keeps its last token: a new Account token replaces the Account before it.
 * Only `=` tokens of the four properties count (the filter offers no others).
 */
export function filtersOf(tokens: readonly PropertyFilterProps.Token[]): Filters {
  const filters: Filters = {};
  for (const token of tokens) {
    const value = typeof token.value === 'string' ? token.value.trim() : '';
    if (!isFilterKey(token.propertyKey) || token.operator !== '=' || !value) continue;
    delete filters[token.propertyKey]; // the later token moves to its place in the order
    filters[token.propertyKey] = value;
  }
  return filters;
}

/** The property filter's query for these filters: one `=` token each, joined by "and". */
export function queryOf(filters: Filters): PropertyFilterProps.Query {
  return {
    operation: 'and',
    tokens: Object.entries(filters).map(([propertyKey, value]) => ({ propertyKey, operator: '=', value })),
  };
}

/** The filters a URL query names (`?executionId=…&state=running`); other parameters are ignored, a repeated one keeps its last value. */
export function filtersFromSearch(search: URLSearchParams): Filters {
  const filters: Filters = {};
  for (const [key, value] of search) {
    if (!isFilterKey(key) || !value.trim()) continue;
    delete filters[key];
    filters[key] = value.trim();
  }
  return filters;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** How an execution reads in the filter: its plan and how many cached instances it launched. */
function executionLabel(execution: RecoveryInstanceFacets['executions'][number]): string {
  return `${execution.sourcePlanName ?? 'Unknown plan'} · ${plural(execution.count, 'instance')}`;
}

/** The values the filter suggests: every value in the whole cache, from the facets route, with counts. */
export function filteringOptions(facets: RecoveryInstanceFacets | undefined, accounts: readonly TargetAccount[] = []): PropertyFilterProps.FilteringOption[] {
  if (!facets) return [];
  const names = new Map(accounts.map((a) => [a.accountId, a.name]));
  return [
    ...facets.accounts.map((a) => {
      const name = names.get(a.accountId);
      return { propertyKey: 'accountId', value: a.accountId, tags: [...(name ? [name] : []), plural(a.count, 'instance')], filteringTags: name ? [name] : [] };
    }),
    ...facets.regions.map((r) => ({ propertyKey: 'region', value: r.region, tags: [plural(r.count, 'instance')] })),
    ...facets.states.map((st) => ({ propertyKey: 'state', value: st.state, tags: [plural(st.count, 'instance')] })),
    ...facets.executions.map((e) => ({
      propertyKey: 'executionId',
      value: e.sourceExecutionId,
      label: executionLabel(e),
      tags: [e.sourceExecutionId, ...(e.isDrill === null ? [] : [e.isDrill ? 'Drill' : 'Recovery']), ...(e.lastLaunchTime ? [`Launched ${formatDateTime(e.lastLaunchTime)}`] : [])],
      filteringTags: [e.sourceExecutionId, e.sourcePlanName ?? ''].filter(Boolean),
    })),
  ];
}

function filteringProperties(facets: RecoveryInstanceFacets | undefined): PropertyFilterProps.FilteringProperty[] {
  const executions = new Map((facets?.executions ?? []).map((e) => [e.sourceExecutionId, e]));
  // An execution token shows its plan next to the id; an id the cache does not know shows as typed.
  const formatExecution = (value: unknown) => {
    const execution = executions.get(String(value));
    return execution?.sourcePlanName ? `${execution.sourcePlanName} (${execution.sourceExecutionId})` : String(value ?? '');
  };
  return FILTER_KEYS.map((key) => ({
    key,
    propertyLabel: PROPERTY_LABEL[key],
    groupValuesLabel: `${PROPERTY_LABEL[key]} values`,
    operators: key === 'executionId' ? [{ operator: '=' as const, format: formatExecution }] : ['=' as const],
  }));
}

const FILTER_I18N: PropertyFilterProps.I18nStrings = {
  filteringAriaLabel: 'Filter recovery instances',
  filteringPlaceholder: 'Filter by account, region, state or execution',
  dismissAriaLabel: 'Dismiss',
  clearAriaLabel: 'Clear',
  groupValuesText: 'Values',
  groupPropertiesText: 'Properties',
  operatorsText: 'Operators',
  operationAndText: 'and',
  operationOrText: 'or',
  operatorEqualsText: 'Equals',
  operatorDoesNotEqualText: 'Does not equal',
  operatorContainsText: 'Contains',
  operatorDoesNotContainText: 'Does not contain',
  operatorLessText: 'Less than',
  operatorLessOrEqualText: 'Less than or equal',
  operatorGreaterText: 'Greater than',
  operatorGreaterOrEqualText: 'Greater than or equal',
  operatorStartsWithText: 'Starts with',
  operatorDoesNotStartWithText: 'Does not start with',
  editTokenHeader: 'Edit filter',
  propertyText: 'Property',
  operatorText: 'Operator',
  valueText: 'Value',
  cancelActionText: 'Cancel',
  applyActionText: 'Apply',
  allPropertiesLabel: 'All properties',
  tokenLimitShowMore: 'Show more',
  tokenLimitShowFewer: 'Show fewer',
  clearFiltersText: 'Clear filters',
  tokenOperatorAriaLabel: 'Boolean operator',
  removeTokenButtonAriaLabel: (token) => `Remove filter ${token.propertyLabel} ${token.operator} ${token.value}`,
  enteredTextLabel: (text) => `Use: "${text}"`,
  tokenEditorTokenActionsAriaLabel: (token) => `Filter actions for ${token.propertyLabel} ${token.operator} ${token.value}`,
  tokenEditorTokenRemoveAriaLabel: (token) => `Remove filter ${token.propertyLabel} ${token.operator} ${token.value}`,
  tokenEditorTokenRemoveLabel: 'Remove filter',
  tokenEditorTokenRemoveFromGroupLabel: 'Remove filter from group',
  tokenEditorAddNewTokenLabel: 'Add new filter',
  tokenEditorAddTokenActionsAriaLabel: 'Add filter actions',
  tokenEditorAddExistingTokenAriaLabel: (token) => `Add filter ${token.propertyLabel} ${token.operator} ${token.value} to group`,
  tokenEditorAddExistingTokenLabel: (token) => `Add filter ${token.propertyLabel} ${token.operator} ${token.value} to group`,
};

/** Where a navigation the page makes itself is marked, so that it does not read its own URL update back. */
interface FilterNavigationState {
  readonly fromFilter?: true;
}

/** The flash for a termination: one line, pointing at the activity log that keeps the details. */
export function terminationFlash(entry: ActivityEntry): FlashbarProps.MessageDefinition {
  return {
    id: entry.id,
    type: entry.outcome === 'succeeded' ? 'success' : entry.outcome === 'partial' ? 'warning' : 'error',
    header: entry.summary,
    content: 'Each account and region\'s outcome and DRS job are in Activity, below the table.',
  };
}

const TABLE_ID = 'recovery-instances';

/** The API field each sortable column orders the whole listing by. */
const SORT_FIELD: Readonly<Record<string, RecoveryInstanceSortField>> = {
  instance: 'ec2InstanceId',
  recovery: 'recoveryInstanceId',
  server: 'sourceServerName',
  state: 'ec2InstanceState',
  account: 'accountId',
  region: 'region',
  type: 'instanceType',
  launch: 'launchTime',
  execution: 'sourceExecutionId',
  plan: 'sourcePlanName',
  synced: 'lastSyncTime',
};

/** The table's columns; `now` keeps "synced 2 min ago" true. */
function instanceColumns(now: number): DataColumn<RecoveryInstance>[] {
  return [
    { id: 'instance', header: 'Instance ID', cell: (i) => i.ec2InstanceId ?? i.recoveryInstanceId, isRowHeader: true },
    { id: 'recovery', header: 'Recovery instance ID', cell: (i) => i.recoveryInstanceId },
    { id: 'server', header: 'Source server', cell: (i) => i.sourceServerName ?? i.sourceServerId },
    { id: 'state', header: 'State', cell: (i) => <InstanceState state={i.ec2InstanceState} /> },
    { id: 'account', header: 'Account', cell: (i) => i.accountId },
    { id: 'region', header: 'Region', cell: (i) => i.region },
    { id: 'privateIp', header: 'Private IP', cell: (i) => i.privateIp ?? '-' },
    { id: 'type', header: 'Type', cell: (i) => i.instanceType ?? '-' },
    { id: 'launch', header: 'Launch time', cell: (i) => <DateTime iso={i.launchTime} /> },
    { id: 'execution', header: 'Source execution', cell: (i) => i.sourceExecutionId ?? '-' },
    { id: 'plan', header: 'Plan', cell: (i) => i.sourcePlanName ?? '-' },
    { id: 'synced', header: 'Synced', cell: (i) => <span title={formatDateTime(i.lastSyncTime)}>{formatFreshness(i.lastSyncTime, now)}</span> },
  ];
}

export function RecoveryInstancesPage() {
  const { client, config, permission, remedy, session } = useApp();
  const activity = useActivityLog(session.username);
  const now = useNow();
  // The filters live in the URL (`?executionId=…&state=running`), so a filtered view can be shared and survives a
  // reload. They are also kept in state: the router applies URL changes in a transition, and the table should follow
  // the filter at once. A navigation the page did not make itself (a link, the side navigation) resets them.
  const location = useLocation();
  const [searchParams, setSearchParams] = useSearchParams();
  const [filters, setFilters] = useState<Filters>(() => filtersFromSearch(searchParams));
  const [urlSearch, setUrlSearch] = useState(location.search);
  const [tokens, setTokens] = useState<(string | null)[]>([null]);
  const [pageIndex, setPageIndex] = useState(0);
  const [selected, setSelected] = useState<RecoveryInstance[]>([]);
  const [flashes, setFlashes] = useState<FlashbarProps.MessageDefinition[]>([]);
  const [confirm, setConfirm] = useState<TerminationTarget | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const columns = instanceColumns(now);
  const [preferences, setPreferences] = useState(() => loadPreferences(TABLE_ID, columns as readonly DataColumn<unknown>[], 100));
  const [sorting, setSorting] = useState<{ column: string; descending: boolean } | undefined>(undefined);

  const applyFilters = (next: Filters) => {
    setFilters(next);
    setTokens([null]);
    setPageIndex(0);
    setSelected([]);
  };
  if (location.search !== urlSearch) {
    setUrlSearch(location.search);
    if (!(location.state as FilterNavigationState | null)?.fromFilter) applyFilters(filtersFromSearch(searchParams));
  }
  const changeFilters = (next: Filters) => {
    applyFilters(next);
    setSearchParams(next, { replace: true, state: { fromFilter: true } satisfies FilterNavigationState });
  };

  const accounts = useResource((signal) => client.listTargetAccounts(signal), []);
  // Every value of each filter in the whole cache. One Scan of the cache: loaded with the page, on Refresh and after a
  // termination, not on every poll.
  const facets = useResource((signal) => client.getRecoveryInstanceFacets(signal), []);
  const token = tokens[pageIndex] ?? null;
  const page = useResource(
    async (signal) => {
      const order = sorting ? { sortBy: SORT_FIELD[sorting.column], sortOrder: sorting.descending ? 'desc' : 'asc' } : {};
      const answer = await client.listRecoveryInstances({ ...filters, ...order, limit: preferences.pageSize, nextToken: token }, signal);
      setTokens((previous) => {
        const next = previous.slice(0, pageIndex + 1);
        if (answer.nextToken) next.push(answer.nextToken);
        return next;
      });
      return answer;
    },
    [filters, sorting, pageIndex, token, preferences.pageSize],
    { poll: { initialDelayMs: 30_000, maxDelayMs: 300_000 } },
  );

  const query = useMemo(() => queryOf(filters), [filters]);
  const properties = useMemo(() => filteringProperties(facets.data), [facets.data]);
  const options = useMemo(() => filteringOptions(facets.data, accounts.data?.items), [facets.data, accounts.data]);
  const refresh = () => {
    page.reload();
    facets.reload();
  };

  const items = page.data?.items ?? [];
  // The API sorts the whole filtered listing, so every page follows the one before it.
  const shown = items;
  const mayTerminate = permission('terminateInstances');
  const mayTerminateExecution = permission('terminateExecution');
  const terminateReason = !mayTerminate.allowed ? mayTerminate.reason : selected.length === 0 ? 'Select the instances to terminate.' : undefined;
  const terminateExecutionReason = !mayTerminateExecution.allowed
    ? mayTerminateExecution.reason
    : !filters.executionId
      ? 'Filter by one execution to terminate all of its instances.'
      : undefined;

  const [terminateError, setTerminateError] = useState<unknown>(undefined);
  const openTerminateExecution = async (executionId: string) => {
    setTerminateError(undefined);
    try {
      // What the API terminates: every cached instance of the execution, shown in full before it goes.
      const all = await client.listRecoveryInstances({ executionId });
      setConfirm({ kind: 'execution', executionId, instances: all.items });
    } catch (error) {
      setTerminateError(error);
    }
  };
  const terminate = async () => {
    if (!confirm) return;
    setSubmitting(true);
    const action = confirm.kind === 'execution' ? 'terminateExecution' : 'terminateInstances';
    const executionId = confirm.kind === 'execution' ? confirm.executionId : undefined;
    let entry: ActivityEntry;
    try {
      const result =
        confirm.kind === 'execution'
          ? await client.terminateExecutionInstances(confirm.executionId)
          : await client.terminateSelectedInstances(confirm.instances.map((i) => i.recoveryInstanceId));
      entry = terminationActivity(action, result, new Date());
    } catch (error) {
      entry = failedActivity(action, confirm.instances.length, remedy(error, action), new Date(), executionId);
    }
    activity.record(entry);
    const flash = terminationFlash(entry);
    setFlashes([{ ...flash, dismissible: true, onDismiss: () => setFlashes((all) => all.filter((x) => x.id !== flash.id)) }]);
    setSubmitting(false);
    setConfirm(null);
    setSelected([]);
    refresh();
  };

  const oldestSync = items.reduce<string | null>((oldest, i) => (!oldest || i.lastSyncTime < oldest ? i.lastSyncTime : oldest), null);

  return (
    <ContentLayout header={<Header variant="h1" description="Every recovery instance in the cache, across target accounts and regions.">Recovery instances</Header>}>
      <SpaceBetween size="l">
        <Flashbar items={flashes} />
        <ErrorAlert error={page.error} onRetry={page.reload} retriesItself />
        <ErrorAlert error={terminateError} action="terminateInstances" onDismiss={() => setTerminateError(undefined)} />
        <Table<RecoveryInstance>
          header={
            <Header
              counter={page.data ? `(${items.length}${page.data.nextToken ? '+' : ''})` : undefined}
              description={items.length ? `Page cache ${formatFreshness(oldestSync, now)}` : undefined}
              actions={
                <SpaceBetween direction="horizontal" size="xs">
                  <Button iconName="refresh" ariaLabel="Refresh recovery instances" onClick={refresh} />
                  <Button onClick={() => void openTerminateExecution(filters.executionId!)} disabled={!!terminateExecutionReason} disabledReason={terminateExecutionReason}>
                    Terminate execution
                  </Button>
                  <Button onClick={() => setConfirm({ kind: 'selected', instances: selected })} disabled={!!terminateReason} disabledReason={terminateReason}>
                    Terminate
                  </Button>
                </SpaceBetween>
              }
            >
              Instances
            </Header>
          }
          filter={
            <PropertyFilter
              query={query}
              onChange={({ detail }) => changeFilters(filtersOf(detail.tokens))}
              filteringProperties={properties}
              filteringOptions={options}
              disableFreeTextFiltering
              readOnlyOperations
              i18nStrings={FILTER_I18N}
              filteringConstraintText="One value per property: a second Account, Region, State or Execution filter replaces the first."
              filteringStatusType={facets.error && !facets.data ? 'error' : facets.loading && !facets.data ? 'loading' : undefined}
              filteringLoadingText="Loading the values in the cache"
              filteringErrorText="Could not load the values in the cache; you can still type a value."
              filteringRecoveryText="Retry"
              onLoadItems={({ detail }) => {
                if (detail.samePage && facets.error) facets.reload();
              }}
              countText={page.data ? `${items.length} ${items.length === 1 ? 'match' : 'matches'}${page.data.nextToken ? ' on this page' : ''}` : undefined}
              loading={page.loading}
            />
          }
          pagination={
            <Pagination
              currentPageIndex={pageIndex + 1}
              pagesCount={Math.max(1, tokens.length)}
              openEnd={!!page.data?.nextToken}
              onChange={({ detail }) => {
                setPageIndex(detail.currentPageIndex - 1);
                setSelected([]);
              }}
              ariaLabels={{ nextPageLabel: 'Next page', previousPageLabel: 'Previous page', pageLabel: (n) => `Page ${n}` }}
            />
          }
          items={shown}
          loading={page.loading && !page.data}
          loadingText="Loading recovery instances"
          trackBy="recoveryInstanceId"
          selectionType="multi"
          selectedItems={selected}
          onSelectionChange={({ detail }) => setSelected(detail.selectedItems)}
          ariaLabels={{
            selectionGroupLabel: 'Instance selection',
            allItemsSelectionLabel: () => 'Select all instances on this page',
            itemSelectionLabel: (_, i) => `Select ${i.ec2InstanceId ?? i.recoveryInstanceId}`,
          }}
          columnDefinitions={columns.map((column) => ({
            id: column.id,
            header: column.header,
            cell: column.cell,
            isRowHeader: column.isRowHeader,
            sortingField: SORT_FIELD[column.id] ? column.id : undefined,
          }))}
          columnDisplay={preferences.contentDisplay}
          wrapLines={preferences.wrapLines}
          resizableColumns
          sortingColumn={sorting ? { sortingField: sorting.column } : undefined}
          sortingDescending={sorting?.descending}
          onSortingChange={({ detail }) => {
            setSorting(detail.sortingColumn.sortingField ? { column: detail.sortingColumn.sortingField, descending: detail.isDescending ?? false } : undefined);
            // A new order starts again at its first page.
            setTokens([null]);
            setPageIndex(0);
          }}
          preferences={
            <TablePreferences
              tableId={TABLE_ID}
              noun="recovery instances"
              columns={columns}
              preferences={preferences}
              onChange={(next) => {
                // Another page size is another paging of the API: start again from its first page.
                if (next.pageSize !== preferences.pageSize) applyFilters(filters);
                setPreferences(next);
              }}
            />
          }
          empty={
            page.error && !page.data ? (
              <Box textAlign="center" color="inherit">
                <StatusIndicator type="error">The recovery instances could not be loaded.</StatusIndicator>
              </Box>
            ) : (
              <Box textAlign="center" color="inherit">
                {page.data?.nextToken ? 'No matches on this page; more pages follow.' : 'No recovery instances match.'}
              </Box>
            )
          }
        />
        {confirm && <TerminateModal target={confirm} submitting={submitting} onConfirm={() => void terminate()} onCancel={() => setConfirm(null)} />}
        <ActivityLog entries={activity.entries} linkJobs={config.mode === 'cognito'} onClear={activity.clear} />
      </SpaceBetween>
    </ContentLayout>
  );
}
