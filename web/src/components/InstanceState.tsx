import type { StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';
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
