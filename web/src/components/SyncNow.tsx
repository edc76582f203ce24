import Alert from '@cloudscape-design/components/alert';
import Button from '@cloudscape-design/components/button';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SyncRun } from '../api/types';
import { useApp } from '../app-context';
import { startPoller, type Poller } from '../lib/poller';
import { formatDateTime, formatDuration } from '../lib/format';
import { followSyncRun } from '../lib/sync';
import { ErrorAlert } from './ErrorAlert';

export type SyncProgress =
  | { phase: 'idle' }
  | { phase: 'starting' }
  | { phase: 'running'; arn: string; run?: SyncRun; startedAt: string }
  | { phase: 'done'; arn: string; run?: SyncRun; skipped: boolean }
  | { phase: 'failed'; error: unknown };

/**
 * "Sync now": POSTs the sync, then polls its status with backoff until the
 * started run completes, then calls `onDone` (e.g. to refresh instances).
 */
export function useSyncNow(onDone?: () => void): { progress: SyncProgress; start: () => void; dismiss: () => void } {
  const { client } = useApp();
  const [progress, setProgress] = useState<SyncProgress>({ phase: 'idle' });
  const pollerRef = useRef<Poller | undefined>(undefined);
  const onDoneRef = useRef(onDone);
  onDoneRef.current = onDone;

  useEffect(() => () => pollerRef.current?.stop(), []);

  const start = useCallback(() => {
    pollerRef.current?.stop();
    setProgress({ phase: 'starting' });
    client.startSync().then(
      (started) => {
        setProgress({ phase: 'running', arn: started.executionArn, startedAt: started.startDate });
        let polls = 0;
        pollerRef.current = startPoller(
          async (signal) => {
            const status = await client.syncStatus(10, signal);
            const outcome = followSyncRun(status, { arn: started.executionArn, polls });
            polls += 1;
            if (outcome.kind === 'done') {
              setProgress({ phase: 'done', arn: started.executionArn, run: outcome.run, skipped: outcome.skipped });
              onDoneRef.current?.();
              return 'stop';
            }
            setProgress({ phase: 'running', arn: outcome.following, run: outcome.run, startedAt: started.startDate });
          },
          { initialDelayMs: 1000, maxDelayMs: 10_000, factor: 1.5, onError: (error) => setProgress({ phase: 'failed', error }) },
        );
      },
      (error: unknown) => setProgress({ phase: 'failed', error }),
    );
  }, [client]);

  const dismiss = useCallback(() => {
    pollerRef.current?.stop();
    setProgress({ phase: 'idle' });
  }, []);
  return { progress, start, dismiss };
}

export function SyncNowButton({ progress, start }: { progress: SyncProgress; start: () => void }) {
  const { can } = useApp();
  if (!can('syncNow')) return null;
  const busy = progress.phase === 'starting' || progress.phase === 'running';
  return (
    <Button onClick={start} loading={busy} loadingText="Sync running" iconName="refresh">
      Sync now
    </Button>
  );
}

/** Shows the progress of the sync "Sync now" started. */
export function SyncProgressAlert({ progress, dismiss }: { progress: SyncProgress; dismiss: () => void }) {
  switch (progress.phase) {
    case 'idle':
      return null;
    case 'starting':
      return (
        <Alert type="info" header="Starting a sync">
          <StatusIndicator type="loading">Starting the recovery instance sync…</StatusIndicator>
        </Alert>
      );
    case 'running':
      return (
        <Alert type="info" header="Sync running">
          <StatusIndicator type="in-progress">
            Recovery instance sync running since {formatDateTime(progress.run?.startedAt ?? progress.startedAt)}; this page refreshes when it completes.
          </StatusIndicator>
        </Alert>
      );
    case 'done': {
      const run = progress.run;
      const summary = run
        ? `${run.status}: ${run.instancesProcessed ?? 0} instances processed in ${run.regionsScanned ?? 0} regions, ${formatDuration(run.durationMs)}.${run.errors?.length ? ` ${run.errors.length} error(s): see Sync status.` : ''}`
        : 'Finished.';
      return (
        <Alert type={run?.status === 'SUCCEEDED' ? 'success' : run?.status === 'FAILED' ? 'error' : 'warning'} header="Sync completed" dismissible onDismiss={dismiss}>
          {progress.skipped ? 'Another sync was already running, so this one skipped itself. ' : ''}
          {summary}
        </Alert>
      );
    }
    case 'failed':
      return <ErrorAlert error={progress.error} action="syncNow" onDismiss={dismiss} />;
  }
}
