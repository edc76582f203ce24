import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Header from '@cloudscape-design/components/header';
import SegmentedControl from '@cloudscape-design/components/segmented-control';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator, { type StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';
import { useState } from 'react';
import type { DrsRegionStatus } from '../api/types';
import { useApp } from '../app-context';
import { DataTable } from '../components/DataTable';
import { DateTime } from '../components/DateTime';
import { ErrorAlert } from '../components/ErrorAlert';
import { timeValue } from '../lib/format';
import { useApiQuery } from '../lib/hooks';
import { queries } from '../lib/queries';

const ACTIVITY: Record<DrsRegionStatus['status'], { type: StatusIndicatorProps.Type; label: string }> = {
  active: { type: 'success', label: 'Active' },
  inactive: { type: 'stopped', label: 'Inactive' },
  unknown: { type: 'pending', label: 'Not scanned yet' },
};

/** Active, inactive (no servers, or DRS not initialized) or never scanned; a failed last scan says so. */
export function RegionActivity({ row }: { row: DrsRegionStatus }) {
  if (row.lastError) return <StatusIndicator type="error">Last scan failed</StatusIndicator>;
  const { type, label } = ACTIVITY[row.status];
  return <StatusIndicator type={type}>{row.status === 'inactive' && row.initialized === false ? 'DRS not initialized' : label}</StatusIndicator>;
}

type Scope = 'registered' | 'all';

/**
 * Every DRS region of every registered account, from the region status table
 * (what the last scans found): where the syncs find servers, where they skip,
 * and where a scan failed. The data never costs a DRS call.
 */
export function RegionsPage() {
  const { client } = useApp();
  const regions = useApiQuery(queries.drsRegions(client), { poll: { initialDelayMs: 30_000, maxDelayMs: 120_000 } });
  const [scope, setScope] = useState<Scope>('registered');
  const rows = regions.data?.regions.filter((r) => scope === 'all' || r.registered);
  const summary = regions.data?.summary;
  return (
    <ContentLayout
      header={
        <Header variant="h1" description="Where DRS is active in each target account and region. Syncs scan active, unknown and failed regions, and recheck quiet ones every 6 hours.">
          Regions
        </Header>
      }
    >
      <SpaceBetween size="l">
        <ErrorAlert error={regions.error} onRetry={() => void regions.refetch()} retriesItself />
        <Container header={<Header variant="h2">Summary</Header>}>
          <ColumnLayout columns={4} variant="text-grid">
            <Box>
              <Box variant="awsui-key-label">Active regions</Box>
              <Box variant="awsui-value-large">{summary?.active ?? '-'}</Box>
            </Box>
            <Box>
              <Box variant="awsui-key-label">Inactive regions</Box>
              <Box variant="awsui-value-large">{summary?.inactive ?? '-'}</Box>
            </Box>
            <Box>
              <Box variant="awsui-key-label">Not scanned yet</Box>
              <Box variant="awsui-value-large">{summary?.unknown ?? '-'}</Box>
            </Box>
            <Box>
              <Box variant="awsui-key-label">Source servers</Box>
              <Box variant="awsui-value-large">{summary?.serverCount ?? '-'}</Box>
            </Box>
          </ColumnLayout>
        </Container>
        <DataTable<DrsRegionStatus & { key: string }>
          id="drs-regions"
          title="Account regions"
          noun={{ one: 'region', many: 'account regions' }}
          items={rows?.map((r) => ({ ...r, key: `${r.accountId}/${r.region}` }))}
          loading={regions.isLoading}
          error={regions.error}
          trackBy="key"
          defaultSort={{ column: 'serverCount', descending: true }}
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <SegmentedControl
                label="Regions shown"
                selectedId={scope}
                onChange={({ detail }) => setScope(detail.selectedId as Scope)}
                options={[
                  { id: 'registered', text: 'Registered regions' },
                  { id: 'all', text: 'All DRS regions' },
                ]}
              />
              <Button iconName="refresh" ariaLabel="Refresh regions" onClick={() => void regions.refetch()} />
            </SpaceBetween>
          }
          empty="No target account is registered."
          columns={[
            { id: 'accountId', header: 'Account', cell: (r) => `${r.accountName} (${r.accountId})`, sortValue: (r) => r.accountId, isRowHeader: true },
            { id: 'region', header: 'Region', cell: (r) => r.region, sortValue: (r) => r.region },
            { id: 'status', header: 'Status', cell: (r) => <RegionActivity row={r} />, sortValue: (r) => (r.lastError ? 'failed' : r.status) },
            { id: 'serverCount', header: 'Source servers', cell: (r) => r.serverCount ?? '-', sortValue: (r) => r.serverCount ?? -1 },
            { id: 'lastChecked', header: 'Last checked', cell: (r) => (r.lastChecked ? <DateTime iso={r.lastChecked} /> : 'Never'), sortValue: (r) => timeValue(r.lastChecked ?? undefined), filterText: (r) => r.lastChecked ?? 'Never' },
            { id: 'lastError', header: 'Last error', cell: (r) => (r.lastError ? `${r.lastError.errorName}: ${r.lastError.message}` : '-'), filterText: (r) => r.lastError?.errorName ?? '' },
            { id: 'registered', header: 'Registered', cell: (r) => (r.registered ? 'Yes' : 'No'), sortValue: (r) => (r.registered ? 1 : 0), visible: false },
          ]}
        />
      </SpaceBetween>
    </ContentLayout>
  );
}
