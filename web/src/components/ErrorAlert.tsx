import Alert from '@cloudscape-design/components/alert';
import Button from '@cloudscape-design/components/button';
import { useApp } from '../app-context';
import type { Action } from '../lib/roles';

/** An error in words, with its remedy; never a stack trace. */
export function ErrorAlert({ error, action, onRetry, onDismiss, retriesItself = false }: { error: unknown; action?: Action | string; onRetry?: () => void; onDismiss?: () => void; retriesItself?: boolean }) {
  const { remedy, signOut } = useApp();
  if (!error) return null;
  const { kind, title, message } = remedy(error, action);
  const button =
    kind === 'session' ? (
      <Button onClick={signOut}>Sign in again</Button>
    ) : onRetry && kind !== 'forbidden' && kind !== 'request' ? (
      <Button onClick={onRetry}>Retry</Button>
    ) : undefined;
  const recovers = retriesItself && kind !== 'session' && kind !== 'forbidden' && kind !== 'request';
  return (
    <Alert type={kind === 'forbidden' || kind === 'throttled' || kind === 'conflict' ? 'warning' : 'error'} header={title} action={button} dismissible={!!onDismiss} onDismiss={onDismiss}>
      {message}
      {recovers ? ' This page tries again by itself.' : ''}
    </Alert>
  );
}

/**
 * One alert for a page's failed reads, however many failed (they mostly fail
 * for one reason: the API is down, the session ended): the first failure in
 * words, and Retry asks again for every failed read. The reads keep retrying
 * on their own (hooks.ts), and the alert goes when they answer.
 */
export function QueryErrorAlert({ queries }: { queries: readonly { readonly error: unknown; readonly refetch: () => unknown }[] }) {
  const failed = queries.filter((query) => query.error);
  if (failed.length === 0) return null;
  return <ErrorAlert error={failed[0]!.error} retriesItself onRetry={() => failed.forEach((query) => void query.refetch())} />;
}
