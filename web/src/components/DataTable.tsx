import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import CollectionPreferences, { type CollectionPreferencesProps } from '@cloudscape-design/components/collection-preferences';
import Header, { type HeaderProps } from '@cloudscape-design/components/header';
import Pagination from '@cloudscape-design/components/pagination';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table, { type TableProps } from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';
import { useCollection } from '@cloudscape-design/collection-hooks';
import { useRef, useState, type ReactNode } from 'react';

/**
 * A table as the AWS console builds them, once for every page: sortable
 * columns, a free-text filter over the whole list, pagination, collection
 * preferences (page size, visible columns, wrap lines) kept per table in the
 * browser, a counter, and states that never pass a failure off as an empty
 * list: when the list could not be loaded the table says so.
 *
 * The list given is the whole data set: filtering, sorting and pages apply to
 * all of it. A page whose API paginates filters on the server and gives the
 * table the matching items.
 */
export interface DataColumn<T> {
  readonly id: string;
  readonly header: string;
  readonly cell: (item: T) => ReactNode;
  /** The value the column sorts by; without it the column does not sort. */
  readonly sortValue?: (item: T) => string | number | null | undefined;
  /** The text the free-text filter matches; by default the sort value. */
  readonly filterText?: (item: T) => string | null | undefined;
  readonly isRowHeader?: boolean;
  /** Shown unless the user hides it; `false` starts hidden. @default true */
  readonly visible?: boolean;
  /** Cannot be hidden. */
  readonly alwaysVisible?: boolean;
}

export interface Noun {
  readonly one: string;
  readonly many: string;
}

export interface DataTableProps<T> {
  /** Names the stored preferences. */
  readonly id: string;
  readonly title: ReactNode;
  /** The table's accessible name; by default the title. */
  readonly ariaLabel?: string;
  readonly noun: Noun;
  /** Undefined until the first answer. */
  readonly items: readonly T[] | undefined;
  readonly loading: boolean;
  /** The last load failed: with no items, the table says the list could not be loaded. */
  readonly error?: unknown;
  readonly columns: readonly DataColumn<T>[];
  readonly trackBy: keyof T & string;
  readonly defaultSort?: { readonly column: string; readonly descending?: boolean };
  readonly description?: ReactNode;
  readonly actions?: ReactNode;
  readonly headerVariant?: HeaderProps['variant'];
  readonly variant?: TableProps['variant'];
  readonly selection?: { readonly selected: T | undefined; readonly onChange: (item: T | undefined) => void; readonly label: (item: T) => string };
  /** What to say when the list is empty (loaded, no failure, no filter). */
  readonly empty?: ReactNode;
  readonly defaultPageSize?: number;
}

export const PAGE_SIZES = [10, 20, 50, 100];

export interface Preferences {
  pageSize: number;
  wrapLines: boolean;
  contentDisplay: readonly CollectionPreferencesProps.ContentDisplayItem[];
}

const storageKey = (id: string) => `drs-orch.table.${id}`;

/** The stored preferences, with columns added since they were stored shown where they belong and columns removed dropped. */
export function loadPreferences(id: string, columns: readonly DataColumn<unknown>[], defaultPageSize: number): Preferences {
  const defaults: Preferences = { pageSize: defaultPageSize, wrapLines: false, contentDisplay: columns.map((c) => ({ id: c.id, visible: c.visible ?? true })) };
  try {
    const stored = JSON.parse(localStorage.getItem(storageKey(id)) ?? 'null') as Partial<Preferences> | null;
    if (!stored) return defaults;
    const known = new Set(columns.map((c) => c.id));
    const kept = (stored.contentDisplay ?? []).filter((item) => known.has(item.id));
    const missing = defaults.contentDisplay.filter((item) => !kept.some((k) => k.id === item.id));
    return {
      pageSize: PAGE_SIZES.includes(stored.pageSize ?? 0) ? stored.pageSize! : defaults.pageSize,
      wrapLines: stored.wrapLines ?? defaults.wrapLines,
      contentDisplay: [...kept, ...missing],
    };
  } catch {
    return defaults; // unreadable or no storage: the defaults
  }
}

export function savePreferences(id: string, preferences: Preferences): void {
  try {
    localStorage.setItem(storageKey(id), JSON.stringify(preferences));
  } catch {
    // No storage (private mode, quota): the preferences last for this page only.
  }
}

export function compareValues(a: string | number | null | undefined, b: string | number | null | undefined): number {
  if (a == null || a === '') return b == null || b === '' ? 0 : -1;
  if (b == null || b === '') return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: 'base' });
}

export function DataTable<T>(props: DataTableProps<T>) {
  const { columns, noun } = props;
  const defaultPageSize = props.defaultPageSize ?? 20;
  const [preferences, setPreferences] = useState(() => loadPreferences(props.id, columns as readonly DataColumn<unknown>[], defaultPageSize));
  const sortColumn = columns.find((c) => c.id === props.defaultSort?.column && c.sortValue);
  // The table finds the active sort by its comparator's identity: one comparator per column for the table's life, reading the latest columns.
  const latestColumns = useRef(columns);
  latestColumns.current = columns;
  const comparators = useRef(new Map<string, (a: T, b: T) => number>());
  const comparatorOf = (id: string) => {
    let comparator = comparators.current.get(id);
    if (!comparator) {
      comparator = (a: T, b: T) => {
        const value = latestColumns.current.find((c) => c.id === id)?.sortValue;
        return value ? compareValues(value(a), value(b)) : 0;
      };
      comparators.current.set(id, comparator);
    }
    return comparator;
  };
  const definitions: TableProps.ColumnDefinition<T>[] = columns.map((column) => ({
    id: column.id,
    header: column.header,
    cell: column.cell,
    isRowHeader: column.isRowHeader,
    sortingComparator: column.sortValue ? comparatorOf(column.id) : undefined,
  }));
  const filterTexts = columns.map((column) => column.filterText ?? column.sortValue).filter((f): f is (item: T) => string | number | null | undefined => !!f);
  const failed = props.error !== undefined && props.error !== null;
  const all = props.items ?? [];
  const { items, actions, filteredItemsCount, collectionProps, filterProps, paginationProps } = useCollection(all as T[], {
    filtering: {
      filteringFunction: (item, text) => {
        const wanted = text.trim().toLowerCase();
        return !wanted || filterTexts.some((value) => String(value(item) ?? '').toLowerCase().includes(wanted));
      },
      empty: failed ? (
        <Box textAlign="center" color="inherit">
          <StatusIndicator type="error">{`The ${noun.many} could not be loaded.`}</StatusIndicator>
        </Box>
      ) : (
        (props.empty ?? (
          <Box textAlign="center" color="inherit">
            <b>{`No ${noun.many}`}</b>
          </Box>
        ))
      ),
      noMatch: (
        <Box textAlign="center" color="inherit">
          <SpaceBetweenText>{`No ${noun.many} match the filter.`}</SpaceBetweenText>
          <Button onClick={() => actions.setFiltering('')}>Clear filter</Button>
        </Box>
      ),
    },
    sorting: sortColumn ? { defaultState: { sortingColumn: definitions.find((d) => d.id === sortColumn.id)!, isDescending: props.defaultSort?.descending } } : {},
    pagination: { pageSize: preferences.pageSize },
  });
  const loaded = props.items !== undefined;
  const filtered = filterProps.filteringText.trim() !== '';
  const counter = loaded ? (filtered ? `(${filteredItemsCount ?? 0}/${all.length})` : `(${all.length})`) : undefined;
  const selection = props.selection;

  return (
    <Table<T>
      {...collectionProps}
      variant={props.variant}
      header={
        <Header variant={props.headerVariant} counter={counter} description={props.description} actions={props.actions}>
          {props.title}
        </Header>
      }
      items={items}
      loading={props.loading && !loaded}
      loadingText={`Loading ${noun.many}`}
      trackBy={props.trackBy}
      columnDefinitions={definitions}
      columnDisplay={preferences.contentDisplay}
      wrapLines={preferences.wrapLines}
      resizableColumns
      ariaLabels={{
        tableLabel: props.ariaLabel ?? (typeof props.title === 'string' ? props.title : noun.many),
        selectionGroupLabel: `${noun.one} selection`,
        itemSelectionLabel: selection ? (_, item) => selection.label(item) : undefined,
        allItemsSelectionLabel: () => `Select all ${noun.many}`,
      }}
      {...(selection
        ? {
            selectionType: 'single' as const,
            selectedItems: selection.selected ? [selection.selected] : [],
            onSelectionChange: ({ detail }: { detail: TableProps.SelectionChangeDetail<T> }) => selection.onChange(detail.selectedItems[0]),
          }
        : {})}
      filter={
        <TextFilter
          {...filterProps}
          filteringPlaceholder={`Find ${noun.many}`}
          filteringAriaLabel={`Filter ${noun.many}`}
          filteringClearAriaLabel="Clear filter"
          countText={filtered ? `${filteredItemsCount ?? 0} ${filteredItemsCount === 1 ? 'match' : 'matches'}` : undefined}
          disabled={!loaded || all.length === 0}
        />
      }
      pagination={
        <Pagination
          {...paginationProps}
          ariaLabels={{ nextPageLabel: `Next page of ${noun.many}`, previousPageLabel: `Previous page of ${noun.many}`, pageLabel: (page) => `Page ${page} of ${noun.many}` }}
        />
      }
      preferences={
        <TablePreferences
          tableId={props.id}
          noun={noun.many}
          columns={columns}
          preferences={preferences}
          onChange={setPreferences}
        />
      }
    />
  );
}

export interface TablePreferencesProps {
  /** Where the choice is kept (localStorage), per table. */
  readonly tableId: string;
  /** What the rows are, in the plural: "recovery instances". */
  readonly noun: string;
  readonly columns: readonly { readonly id: string; readonly header: string; readonly alwaysVisible?: boolean; readonly isRowHeader?: boolean }[];
  readonly preferences: Preferences;
  /** Called with the confirmed choice, after it is saved. */
  readonly onChange: (next: Preferences) => void;
}

/** The collection preferences every table offers: page size, wrap lines, visible columns; saved per table. */
export function TablePreferences({ tableId, noun, columns, preferences, onChange }: TablePreferencesProps) {
  return (
    <CollectionPreferences
      title="Preferences"
      confirmLabel="Confirm"
      cancelLabel="Cancel"
      preferences={preferences}
      onConfirm={({ detail }) => {
        const next: Preferences = {
          pageSize: detail.pageSize ?? preferences.pageSize,
          wrapLines: detail.wrapLines ?? preferences.wrapLines,
          contentDisplay: detail.contentDisplay ?? preferences.contentDisplay,
        };
        savePreferences(tableId, next);
        onChange(next);
      }}
      pageSizePreference={{ title: 'Page size', options: PAGE_SIZES.map((size) => ({ value: size, label: `${size} ${noun}` })) }}
      wrapLinesPreference={{ label: 'Wrap lines', description: 'Show whole cell contents on several lines.' }}
      contentDisplayPreference={{ title: 'Column preferences', options: columns.map((c) => ({ id: c.id, label: c.header, alwaysVisible: c.alwaysVisible ?? c.isRowHeader })) }}
    />
  );
}

function SpaceBetweenText({ children }: { children: ReactNode }) {
  return <Box padding={{ bottom: 's' }}>{children}</Box>;
}
