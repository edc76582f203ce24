import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Flashbar, { type FlashbarProps } from '@cloudscape-design/components/flashbar';
import Header from '@cloudscape-design/components/header';
import Pagination from '@cloudscape-design/components/pagination';
import PropertyFilter, { type PropertyFilterProps } from '@cloudscape-design/components/property-filter';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import { useMemo, useState } from 'react';
import { useLocation, useSearchParams } from 'react-router-dom';
import type { RecoveryInstance, RecoveryInstanceFacets, TargetAccount, TerminationResult } from '../api/types';
import { useApp } from '../app-context';
import { ErrorAlert } from '../components/ErrorAlert';
import { InstanceState } from '../components/InstanceState';
import { TerminateModal } from '../components/TerminateModal';
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

/** Flash messages for a termination result: one per terminated and per failed account/region. */
export function terminationFlashes(result: TerminationResult): FlashbarProps.MessageDefinition[] {
  return [
    ...result.terminated.map((g, i) => ({
      id: `terminated-${i}`,
      type: 'success' as const,
      header: `Terminated ${g.recoveryInstanceIds.length} instance${g.recoveryInstanceIds.length === 1 ? '' : 's'} in ${g.accountId} / ${g.region}`,
      content: `${g.recoveryInstanceIds.join(', ')}${g.jobId ? ` (DRS job ${g.jobId})` : ''}`,
    })),
    ...result.failed.map((g, i) => ({
      id: `failed-${i}`,
      type: 'error' as const,
      header: `Could not terminate ${g.recoveryInstanceIds.length} instance${g.recoveryInstanceIds.length === 1 ? '' : 's'} in ${g.accountId} / ${g.region}`,
      content: `${g.errorName}: ${g.message} They stay in the cache; Terminate again to retry them.`,
    })),
  ];
}

export function RecoveryInstancesPage() {
  const { client, can, remedy } = useApp();
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
  const [confirm, setConfirm] = useState<{ executionId: string; instances: RecoveryInstance[]; unselected: number } | null>(null);
  const [submitting, setSubmitting] = useState(false);

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
      const answer = await client.listRecoveryInstances({ ...filters, limit: 100, nextToken: token }, signal);
      setTokens((previous) => {
        const next = previous.slice(0, pageIndex + 1);
        if (answer.nextToken) next.push(answer.nextToken);
        return next;
      });
      return answer;
    },
    [filters, pageIndex, token],
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
  const selectedExecutions = useMemo(() => [...new Set(selected.map((i) => i.sourceExecutionId))], [selected]);
  const terminable = selected.length > 0 && selectedExecutions.length === 1 && !!selectedExecutions[0];
  const terminateReason =
    selected.length === 0 ? 'Select instances of one execution.' : selectedExecutions.length > 1 ? 'Select instances of only one execution: the API terminates per execution.' : !selectedExecutions[0] ? 'These instances were not launched by an orchestrator execution.' : undefined;

  const [terminateError, setTerminateError] = useState<unknown>(undefined);
  const openTerminate = async () => {
    const executionId = selectedExecutions[0];
    if (!executionId) return;
    setTerminateError(undefined);
    try {
      // What the API will terminate: every cached instance of the execution.
      const all = await client.listRecoveryInstances({ executionId });
      const chosen = new Set(selected.map((i) => i.recoveryInstanceId));
      setConfirm({ executionId, instances: all.items, unselected: all.items.filter((i) => !chosen.has(i.recoveryInstanceId)).length });
    } catch (error) {
      setTerminateError(error);
    }
  };
  const terminate = async () => {
    if (!confirm) return;
    setSubmitting(true);
    try {
      const result = await client.terminateExecutionInstances(confirm.executionId);
      setFlashes(terminationFlashes(result).map((f) => ({ ...f, dismissible: true, onDismiss: () => setFlashes((all) => all.filter((x) => x.id !== f.id)) })));
    } catch (error) {
      const { title, message } = remedy(error, 'terminateInstances');
      setFlashes([{ id: 'terminate-error', type: 'error', header: title, content: message, dismissible: true, onDismiss: () => setFlashes([]) }]);
    } finally {
      setSubmitting(false);
      setConfirm(null);
      setSelected([]);
      refresh();
    }
  };

  const oldestSync = items.reduce<string | null>((oldest, i) => (!oldest || i.lastSyncTime < oldest ? i.lastSyncTime : oldest), null);

  return (
    <ContentLayout header={<Header variant="h1" description="Every recovery instance in the cache, across target accounts and regions.">Recovery instances</Header>}>
      <SpaceBetween size="l">
        <Flashbar items={flashes} />
        <ErrorAlert error={page.error} onRetry={page.reload} />
        <ErrorAlert error={terminateError} action="terminateInstances" onDismiss={() => setTerminateError(undefined)} />
        <Table<RecoveryInstance>
          header={
            <Header
              counter={page.data ? `(${items.length}${page.data.nextToken ? '+' : ''})` : undefined}
              description={items.length ? `Page cache ${formatFreshness(oldestSync, now)}` : undefined}
              actions={
                <SpaceBetween direction="horizontal" size="xs">
                  <Button iconName="refresh" ariaLabel="Refresh recovery instances" onClick={refresh} />
                  {can('terminateInstances') && (
                    <Button onClick={() => void openTerminate()} disabled={!terminable} disabledReason={terminateReason}>
                      Terminate
                    </Button>
                  )}
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
          items={items}
          loading={page.loading && !page.data}
          loadingText="Loading recovery instances"
          trackBy="recoveryInstanceId"
          selectionType={can('terminateInstances') ? 'multi' : undefined}
          selectedItems={selected}
          onSelectionChange={({ detail }) => setSelected(detail.selectedItems)}
          ariaLabels={{
            selectionGroupLabel: 'Instance selection',
            allItemsSelectionLabel: () => 'Select all instances on this page',
            itemSelectionLabel: (_, i) => `Select ${i.ec2InstanceId ?? i.recoveryInstanceId}`,
          }}
          columnDefinitions={[
            { id: 'instance', header: 'Instance ID', cell: (i) => i.ec2InstanceId ?? i.recoveryInstanceId, isRowHeader: true },
            { id: 'recovery', header: 'Recovery instance ID', cell: (i) => i.recoveryInstanceId },
            { id: 'server', header: 'Source server', cell: (i) => i.sourceServerName ?? i.sourceServerId },
            { id: 'state', header: 'State', cell: (i) => <InstanceState state={i.ec2InstanceState} /> },
            { id: 'account', header: 'Account', cell: (i) => i.accountId },
            { id: 'region', header: 'Region', cell: (i) => i.region },
            { id: 'privateIp', header: 'Private IP', cell: (i) => i.privateIp ?? '-' },
            { id: 'type', header: 'Type', cell: (i) => i.instanceType ?? '-' },
            { id: 'launch', header: 'Launch time', cell: (i) => formatDateTime(i.launchTime) },
            { id: 'execution', header: 'Source execution', cell: (i) => i.sourceExecutionId ?? '-' },
            { id: 'plan', header: 'Plan', cell: (i) => i.sourcePlanName ?? '-' },
            { id: 'synced', header: 'Synced', cell: (i) => formatFreshness(i.lastSyncTime, now) },
          ]}
          empty={
            <Box textAlign="center" color="inherit">
              {page.data?.nextToken ? 'No matches on this page; more pages follow.' : 'No recovery instances match.'}
            </Box>
          }
        />
        {confirm && (
          <TerminateModal
            visible
            executionId={confirm.executionId}
            instances={confirm.instances}
            unselectedCount={confirm.unselected}
            submitting={submitting}
            onConfirm={() => void terminate()}
            onCancel={() => setConfirm(null)}
          />
        )}
      </SpaceBetween>
    </ContentLayout>
  );
}
