import StatusIndicator, { type StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';

const STATE_TYPE: Record<string, StatusIndicatorProps.Type> = {
  running: 'success',
  pending: 'pending',
  stopping: 'in-progress',
  stopped: 'stopped',
  'shutting-down': 'in-progress',
  terminated: 'error',
};

export function instanceStateType(state: string | null | undefined): StatusIndicatorProps.Type {
  return (state && STATE_TYPE[state.toLowerCase()]) || 'info';
}

export function InstanceState({ state }: { state: string | null | undefined }) {
  return <StatusIndicator type={instanceStateType(state)}>{state ?? 'unknown'}</StatusIndicator>;
}

export function RunStatus({ status }: { status: string | null | undefined }) {
  const type: StatusIndicatorProps.Type =
    status === 'SUCCEEDED' || status === 'OK' ? 'success' : status === 'RUNNING' ? 'in-progress' : status === 'PARTIAL' ? 'warning' : status === 'FAILED' ? 'error' : status === 'SKIPPED' ? 'stopped' : 'info';
  return <StatusIndicator type={type}>{status ?? 'unknown'}</StatusIndicator>;
}
