import Alert from '@cloudscape-design/components/alert';
import Button from '@cloudscape-design/components/button';
import { useApp } from '../app-context';
import type { Action } from '../lib/roles';

/** An error in words, with its remedy; never a stack trace. */
export function ErrorAlert({ error, action, onRetry, onDismiss }: { error: unknown; action?: Action | string; onRetry?: () => void; onDismiss?: () => void }) {
  const { remedy, signOut } = useApp();
  if (!error) return null;
  const { kind, title, message } = remedy(error, action);
  const button =
    kind === 'session' ? (
      <Button onClick={signOut}>Sign in again</Button>
    ) : onRetry && kind !== 'forbidden' && kind !== 'request' ? (
      <Button onClick={onRetry}>Retry</Button>
    ) : undefined;
  return (
    <Alert type={kind === 'forbidden' || kind === 'throttled' || kind === 'conflict' ? 'warning' : 'error'} header={title} action={button} dismissible={!!onDismiss} onDismiss={onDismiss}>
      {message}
    </Alert>
  );
}
