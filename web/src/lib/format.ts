import { serverNow } from './server-clock';

/** "just now", "synced 2 min ago"-style relative times (against the server's clock), and durations. */
export function formatAge(iso: string | null | undefined, now: number = serverNow()): string {
  if (!iso) return 'never';
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return 'unknown';
  const seconds = Math.round((now - then) / 1000);
  if (seconds < 0) return seconds > -60 ? 'just now' : 'in the future (clock skew?)';
  if (seconds < 10) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min ago`;
  const days = Math.floor(hours / 24);
  return `${days} day${days === 1 ? '' : 's'} ago`;
}

/** "synced 2 min ago", or "never synced". */
export function formatFreshness(lastSyncTime: string | null | undefined, now: number = serverNow()): string {
  return lastSyncTime ? `synced ${formatAge(lastSyncTime, now)}` : 'never synced';
}

/** How stale cached data is: fresh under 15 min, stale under 1 h, else old. */
export function freshnessLevel(lastSyncTime: string | null | undefined, now: number = serverNow()): 'fresh' | 'stale' | 'old' | 'unknown' {
  if (!lastSyncTime) return 'unknown';
  const age = now - Date.parse(lastSyncTime);
  if (Number.isNaN(age)) return 'unknown';
  if (age < 15 * 60_000) return 'fresh';
  if (age < 60 * 60_000) return 'stale';
  return 'old';
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms == null) return '-';
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds % 60)} s`;
}

let dateTimeFormat: Intl.DateTimeFormat | undefined;

/**
 * A date and time in the browser's locale and time zone, with the zone named
 * ("Jan 2, 2026, 3:04:05 PM UTC"), as the AWS console shows times: an
 * operator comparing with a log or a colleague must know which clock it is.
 * One formatter for all calls (a table formats hundreds).
 */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '-';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  dateTimeFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'long' });
  return dateTimeFormat.format(date);
}

/** For sorting by a time given as ISO text; a missing or unreadable time sorts first. */
export function timeValue(iso: string | null | undefined): number {
  const value = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(value) ? -Infinity : value;
}

/** `arn:aws:states:us-east-1:111111111111:execution:Machine:name` → `us-east-1`. */
export function regionOfArn(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts.length > 4 && parts[3] ? parts[3] : undefined;
}

export function stepFunctionsConsoleUrl(executionArn: string): string | undefined {
  const region = regionOfArn(executionArn);
  if (!region) return undefined;
  return `https://${region}.console.aws.amazon.com/states/home?region=${region}#/v2/executions/details/${executionArn}`;
}
