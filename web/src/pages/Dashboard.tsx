import Box from '@cloudscape-design/components/box';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import type { ReactNode } from 'react';
import { useApp } from '../app-context';
import { QueryErrorAlert } from '../components/ErrorAlert';
import { InternalLink } from '../components/InternalLink';
import { PageHeader } from '../components/PageHeader';
import { Status } from '../components/Status';
import { formatAge, formatDuration, formatFreshness, freshnessLevel } from '../lib/format';
import { useApiQuery, useNow } from '../lib/hooks';
import { planHref } from '../lib/links';
import { queries } from '../lib/queries';

/** A figure not known: still loading, or its call failed (the page's alert says why; never a made-up zero or "none"). */
function Unknown({ failed }: { failed: boolean }) {
  return failed ? <StatusIndicator type="error">Unavailable</StatusIndicator> : <StatusIndicator type="loading">Loading</StatusIndicator>;
}

function Figure({ label, value, failed, to, linkText }: { label: string; value: ReactNode | undefined; failed: boolean; to: string; linkText?: string }) {
  return (
    <div>
      <Box variant="awsui-key-label">{label}</Box>
      <Box variant="awsui-value-large">{value ?? <Unknown failed={failed} />}</Box>
      <InternalLink to={to}>{linkText ?? `View ${label.toLowerCase()}`}</InternalLink>
    </div>
  );
}

export function DashboardPage() {
  const { client } = useApp();
  const now = useNow();
  const status = useApiQuery(queries.syncStatus(client, 1), { poll: { initialDelayMs: 10_000, maxDelayMs: 120_000 } });
  const plans = useApiQuery(queries.recoveryPlans(client));
  const accounts = useApiQuery(queries.targetAccounts(client));
  // The facets count the whole cache server-side (one projected Scan), so the figure is exact however large the cache.
  const instances = useApiQuery(queries.recoveryInstanceFacets(client), { poll: { initialDelayMs: 30_000, maxDelayMs: 300_000 } });
  // From the inventory (no DRS call while it is fresh): how many servers could be recovered now, and how many could not.
  const replication = useApiQuery(queries.drsReplication(client), { poll: { initialDelayMs: 60_000, maxDelayMs: 300_000 } });
  const health = replication.data?.summary;
  const last = status.data?.lastCompletedRun;
  const syncedAt = last?.endedAt ?? last?.startedAt;
  const level = freshnessLevel(syncedAt, now);
  const statusFailed = !status.data && !!status.error;

  return (
    <ContentLayout header={<PageHeader description="The orchestrator at a glance." />}>
      <SpaceBetween size="l">
        <QueryErrorAlert queries={[status, plans, accounts, instances, replication]} />
        <Container header={<Header variant="h2">Recovery instance cache</Header>}>
          <ColumnLayout columns={3} variant="text-grid">
            <div>
              <Box variant="awsui-key-label">Freshness</Box>
              <div>{status.data ? <StatusIndicator type={level === 'fresh' ? 'success' : level === 'unknown' ? 'info' : 'warning'}>{formatFreshness(syncedAt, now)}</StatusIndicator> : <Unknown failed={statusFailed} />}</div>
            </div>
            <div>
              <Box variant="awsui-key-label">Last sync</Box>
              <div>
                {!status.data ? (
                  <Unknown failed={statusFailed} />
                ) : status.data.running ? (
                  <Status kind="run" value="RUNNING" />
                ) : last ? (
                  <>
                    <Status kind="run" value={last.status} /> {formatAge(syncedAt, now)}, {formatDuration(last.durationMs)}, {last.instancesProcessed ?? 0} instances
                  </>
                ) : (
                  'No sync has run yet'
                )}
              </div>
              <InternalLink to="/sync-status">View sync status</InternalLink>
            </div>
            <div>
              <Box variant="awsui-key-label">Errors in the last sync</Box>
              <div>{last ? (last.errors?.length ?? 0) : status.data ? '-' : <Unknown failed={statusFailed} />}</div>
            </div>
          </ColumnLayout>
        </Container>
        <Container header={<Header variant="h2" description="Ready: replicating continuously with at most 5 minutes of lag. Stalled: replication stuck or the agent disconnected.">Replication health</Header>}>
          <ColumnLayout columns={3} variant="text-grid">
            <Figure label="Ready to recover now" value={health && <StatusIndicator type="success">{health.readyToRecover} of {health.total}</StatusIndicator>} failed={!!replication.error} to="/estate/inventory" linkText="View inventory" />
            <Figure label="Lagging" value={health && <StatusIndicator type={health.lagging > 0 ? 'warning' : 'success'}>{health.lagging}</StatusIndicator>} failed={!!replication.error} to="/estate/inventory" linkText="View inventory" />
            <Figure label="Stalled" value={health && <StatusIndicator type={health.stalled > 0 ? 'error' : 'success'}>{health.stalled}</StatusIndicator>} failed={!!replication.error} to="/estate/inventory" linkText="View inventory" />
          </ColumnLayout>
        </Container>
        <Container header={<Header variant="h2">Estate</Header>}>
          <ColumnLayout columns={3} variant="text-grid">
            <Figure label="Recovery plans" value={plans.data?.items.length} failed={!!plans.error} to="/recovery-plans" />
            <Figure label="Recovery instances" value={instances.data?.total.toLocaleString('en-US')} failed={!!instances.error} to="/recovery-instances" />
            <Figure label="Target accounts" value={accounts.data?.items.length} failed={!!accounts.error} to="/settings/target-accounts" />
          </ColumnLayout>
        </Container>
        {plans.data && plans.data.items.length > 0 && (
          <Container header={<Header variant="h2" description="Each opens the plan with its existing recovery instances.">Recovery plans</Header>}>
            <ColumnLayout columns={3} variant="text-grid">
              {plans.data.items.map((p) => (
                <div key={p.planId}>
                  <InternalLink to={planHref(p.planId)}>{p.name}</InternalLink>
                  <Box variant="small">{`${p.serverCount} server${p.serverCount === 1 ? '' : 's'}`}</Box>
                </div>
              ))}
            </ColumnLayout>
          </Container>
        )}
      </SpaceBetween>
    </ContentLayout>
  );
}
