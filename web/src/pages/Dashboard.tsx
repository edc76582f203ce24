import Box from '@cloudscape-design/components/box';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Header from '@cloudscape-design/components/header';
import Link from '@cloudscape-design/components/link';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { useApp } from '../app-context';
import { ErrorAlert } from '../components/ErrorAlert';
import { RunStatus } from '../components/InstanceState';
import { formatAge, formatDuration, formatFreshness, freshnessLevel } from '../lib/format';
import { useNow, useResource } from '../lib/hooks';
import { planHref } from '../lib/links';
import { checkExistingKey, prefetch } from '../lib/prefetch';

function InternalLink({ to, children, onFollow }: { to: string; children: ReactNode; onFollow?: () => void }) {
  const navigate = useNavigate();
  return (
    <Link
      href={to}
      onFollow={(event) => {
        event.preventDefault();
        onFollow?.();
        navigate(to);
      }}
    >
      {children}
    </Link>
  );
}

function Figure({ label, value, to }: { label: string; value: ReactNode; to: string }) {
  return (
    <div>
      <Box variant="awsui-key-label">{label}</Box>
      <Box variant="awsui-value-large">{value}</Box>
      <InternalLink to={to}>View {label.toLowerCase()}</InternalLink>
    </div>
  );
}

export function DashboardPage() {
  const { client } = useApp();
  const now = useNow();
  const status = useResource((signal) => client.syncStatus(1, signal), [], { poll: { initialDelayMs: 10_000, maxDelayMs: 120_000 } });
  const plans = useResource((signal) => client.listRecoveryPlans(signal), []);
  const accounts = useResource((signal) => client.listTargetAccounts(signal), []);
  // The facets count the whole cache server-side (one projected Scan), so the figure is exact however large the cache.
  const instances = useResource((signal) => client.getRecoveryInstanceFacets(signal), [], { poll: { initialDelayMs: 30_000, maxDelayMs: 300_000 } });
  const last = status.data?.lastCompletedRun;
  const syncedAt = last?.endedAt ?? last?.startedAt;
  const level = freshnessLevel(syncedAt, now);
  const firstError = status.error ?? plans.error ?? accounts.error ?? instances.error;

  return (
    <ContentLayout header={<Header variant="h1" description="The orchestrator at a glance.">Dashboard</Header>}>
      <SpaceBetween size="l">
        <ErrorAlert error={firstError} onRetry={() => { status.reload(); plans.reload(); accounts.reload(); instances.reload(); }} />
        <Container header={<Header variant="h2">Recovery instance cache</Header>}>
          <ColumnLayout columns={3} variant="text-grid">
            <div>
              <Box variant="awsui-key-label">Freshness</Box>
              <div>
                {status.data ? (
                  <StatusIndicator type={level === 'fresh' ? 'success' : level === 'unknown' ? 'info' : 'warning'}>{formatFreshness(syncedAt, now)}</StatusIndicator>
                ) : (
                  'Loading…'
                )}
              </div>
            </div>
            <div>
              <Box variant="awsui-key-label">Last sync</Box>
              <div>
                {status.data?.running ? <RunStatus status="RUNNING" /> : last ? <><RunStatus status={last.status} /> {formatAge(syncedAt, now)}, {formatDuration(last.durationMs)}, {last.instancesProcessed ?? 0} instances</> : status.data ? 'No sync has run yet' : 'Loading…'}
              </div>
              <InternalLink to="/sync-status">View sync status</InternalLink>
            </div>
            <div>
              <Box variant="awsui-key-label">Errors in the last sync</Box>
              <div>{last ? (last.errors?.length ?? 0) : '-'}</div>
            </div>
          </ColumnLayout>
        </Container>
        <Container header={<Header variant="h2">Estate</Header>}>
          <ColumnLayout columns={3} variant="text-grid">
            <Figure label="Recovery plans" value={plans.data ? plans.data.items.length : '…'} to="/recovery-plans" />
            <Figure label="Recovery instances" value={instances.data ? instances.data.total.toLocaleString('en-US') : '…'} to="/recovery-instances" />
            <Figure label="Target accounts" value={accounts.data ? accounts.data.items.length : '…'} to="/settings/target-accounts" />
          </ColumnLayout>
        </Container>
        {plans.data && plans.data.items.length > 0 && (
          <Container header={<Header variant="h2" description="Each opens the plan with its existing recovery instances.">Recovery plans</Header>}>
            <ColumnLayout columns={3} variant="text-grid">
              {plans.data.items.map((p) => (
                <div key={p.planId}>
                  <InternalLink to={planHref(p.planId)} onFollow={() => prefetch(checkExistingKey(p.planId), () => client.checkExistingInstances(p.planId))}>
                    {p.name}
                  </InternalLink>
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
