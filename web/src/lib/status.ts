import type { StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';

/**
 * Status values in words, with the StatusIndicator type the AWS console uses
 * for them: work under way is in-progress (not success), a half success is a
 * warning, a stop is stopped. One map per kind of status, because the same
 * word means different things: an EC2 instance "running" is healthy, a sync
 * run RUNNING is work in progress.
 */
export interface StatusLabel {
  readonly label: string;
  readonly type: StatusIndicatorProps.Type;
}

const STATUS = {
  /** A sync run, a Step Functions execution. */
  run: {
    RUNNING: { label: 'Running', type: 'in-progress' },
    SUCCEEDED: { label: 'Succeeded', type: 'success' },
    PARTIAL: { label: 'Partially succeeded', type: 'warning' },
    FAILED: { label: 'Failed', type: 'error' },
    TIMED_OUT: { label: 'Timed out', type: 'error' },
    ABORTED: { label: 'Aborted', type: 'stopped' },
    PENDING_REDRIVE: { label: 'Pending redrive', type: 'pending' },
  },
  /** A validation check of a target account. */
  check: {
    OK: { label: 'Passed', type: 'success' },
    FAILED: { label: 'Failed', type: 'error' },
    SKIPPED: { label: 'Skipped', type: 'stopped' },
  },
  /** An EC2 instance state (EC2 answers lower case). */
  instance: {
    pending: { label: 'Pending', type: 'pending' },
    running: { label: 'Running', type: 'success' },
    stopping: { label: 'Stopping', type: 'in-progress' },
    stopped: { label: 'Stopped', type: 'stopped' },
    'shutting-down': { label: 'Shutting down', type: 'in-progress' },
    terminated: { label: 'Terminated', type: 'stopped' },
  },
} as const satisfies Record<string, Record<string, StatusLabel>>;

export type StatusKind = keyof typeof STATUS;

/** An unknown value still reads as words: `LAUNCH_FAILED` → "Launch failed". */
export function wordsOf(value: string): string {
  const words = value.replace(/[_-]+/g, ' ').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function statusLabel(kind: StatusKind, value: string | null | undefined): StatusLabel {
  if (!value) return { label: 'Unknown', type: 'info' };
  const table: Record<string, StatusLabel> = STATUS[kind];
  return table[kind === 'instance' ? value.toLowerCase() : value.toUpperCase()] ?? { label: wordsOf(value), type: 'info' };
}
