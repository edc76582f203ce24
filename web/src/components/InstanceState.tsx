import StatusIndicator, { type StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';
import { statusLabel } from '../lib/status';
import { Status } from './Status';

/** The indicator type of an EC2 instance state (lib/status.ts). */
export function instanceStateType(state: string | null | undefined): StatusIndicatorProps.Type {
  return statusLabel('instance', state).type;
}

/** An EC2 instance state in words ("Shutting down"), with its indicator. */
export function InstanceState({ state }: { state: string | null | undefined }) {
  return <Status kind="instance" value={state} />;
}

/**
 * A run or check status as the API spells it (SUCCEEDED, OK, …), with the
 * indicator lib/status.ts gives it: RUNNING in progress, PARTIAL a warning.
 * The pages that show it are to move to <Status>, which says it in words.
 */
export function RunStatus({ status }: { status: string | null | undefined }) {
  const kind = status === 'OK' || status === 'SKIPPED' ? 'check' : 'run';
  const { type } = statusLabel(kind, status);
  return <StatusIndicator type={type}>{status ?? 'unknown'}</StatusIndicator>;
}
