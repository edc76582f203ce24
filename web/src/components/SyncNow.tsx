import Alert from '@cloudscape-design/components/alert';
import Button from '@cloudscape-design/components/button';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SyncRun, SyncStart, SyncStatus } from '../api/types';
import { useApp } from '../app-context';
import { formatDateTime, formatDuration } from '../lib/format';
import { useRefetchInterval } from '../lib/hooks';
import { statusLabel } from '../lib/status';
import { followSyncRun } from '../lib/sync';
import { ErrorAlert } from './ErrorAlert';

export type SyncProgress =
  | { phase: 'idle' }
  | { phase: 'starting' }
  | { phase: 'running'; arn: string; run?: SyncRun; startedAt: string }
  | { phase: 'done'; arn: string; run?: SyncRun; skipped: boolean }
  | { phase: 'failed'; error: unknown };

/** Following a started sync: every second at first, then up to every 10 s; each answer counts as quiet, so the backoff only grows. */
const FOLLOW_POLL = { initialDelayMs: 1000, maxDelayMs: 10_000, factor: 1.5 };
const neverChanged = () => false;

/**
 * "Sync now": POSTs the sync (a mutation), then follows its status with
 * backoff (a polled query) until the started run completes, then calls
 * `onDone` (e.g. to refresh instances).
 */
export function useSyncNow(onDone?: () => void): { progress: SyncProgress; start: () => void; dismiss: () => void } {
  const { client } = useApp();
  const [progress, setProgress] = useState<SyncProgress>({ phase: 'idle' });
  const [started, setStarted] = useState<SyncStart | undefined>(undefined);
  const polls = useRef(0);
  const onDoneRef = useRef(onDone);
  onDoneRef.current = onDone;
  const following = progress.phase === 'running' && started !== undefined;
  const refetchInterval = useRefetchInterval<SyncStatus>(FOLLOW_POLL, neverChanged);
  const status = useQuery<SyncStatus, Error, SyncStatus, readonly unknown[]>({
    queryKey: ['sync-now', started?.executionArn],
    queryFn: ({ signal }) => client.syncStatus(10, signal),
    enabled: following,
    refetchInterval,
    // Each answer is a step of the follow: never one from the cache.
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });

  useEffect(() => {
    if (!following || !status.data || !started) return;
    const outcome = followSyncRun(status.data, { arn: started.executionArn, polls: polls.current });
    polls.current += 1;
    if (outcome.kind === 'done') {
      setProgress({ phase: 'done', arn: started.executionArn, run: outcome.run, skipped: outcome.skipped });
      onDoneRef.current?.();
    } else {
      setProgress({ phase: 'running', arn: outcome.following, run: outcome.run, startedAt: started.startDate });
    }
    // One step per answer (dataUpdatedAt), not per render.
  }, [status.dataUpdatedAt]);
  useEffect(() => {
    if (following && status.error) setProgress({ phase: 'failed', error: status.error });
  }, [status.errorUpdatedAt]);

  const mutation = useMutation({
    mutationFn: () => client.startSync(),
    onMutate: () => setProgress({ phase: 'starting' }),
    onSuccess: (answer) => {
      polls.current = 0;
      setStarted(answer);
      setProgress({ phase: 'running', arn: answer.executionArn, startedAt: answer.startDate });
    },
    onError: (error) => setProgress({ phase: 'failed', error }),
  });
  const mutate = mutation.mutate;
  const start = useCallback(() => mutate(), [mutate]);
  const dismiss = useCallback(() => {
    setStarted(undefined);
    setProgress({ phase: 'idle' });
  }, []);
  return { progress, start, dismiss };
}

export function SyncNowButton({ progress, start }: { progress: SyncProgress; start: () => void }) {
  const { permission } = useApp();
  const may = permission('syncNow');
  const busy = progress.phase === 'starting' || progress.phase === 'running';
  return (
    <Button onClick={start} loading={busy} loadingText="Sync running" iconName="refresh" disabled={!may.allowed} disabledReason={may.reason}>
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
        ? `${statusLabel('run', run.status).label}: ${run.instancesProcessed ?? 0} instances processed in ${run.regionsScanned ?? 0} regions, ${formatDuration(run.durationMs)}.${run.errors?.length ? ` ${run.errors.length} error(s): see Sync status.` : ''}`
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
