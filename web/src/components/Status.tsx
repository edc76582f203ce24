import StatusIndicator from '@cloudscape-design/components/status-indicator';
import { statusLabel, type StatusKind } from '../lib/status';

/** A status in words with its indicator (see lib/status.ts). */
export function Status({ kind, value }: { kind: StatusKind; value: string | null | undefined }) {
  const { label, type } = statusLabel(kind, value);
  return <StatusIndicator type={type}>{label}</StatusIndicator>;
}
