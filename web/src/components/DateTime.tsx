import { formatDateTime } from '../lib/format';

/** A time with its zone (formatDateTime); the exact instant, in UTC, on hover and for assistive technology. */
export function DateTime({ iso }: { iso: string | null | undefined }) {
  if (!iso || Number.isNaN(Date.parse(iso))) return <>{formatDateTime(iso)}</>;
  return (
    <time dateTime={iso} title={new Date(iso).toISOString()}>
      {formatDateTime(iso)}
    </time>
  );
}
