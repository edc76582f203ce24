import { paginateDescribeSourceServers, type DrsClient } from '@aws-sdk/client-drs';
import type { RegionStatusRecord } from '../../../contracts/records/region-status';
import { logger } from '../../../lib/observability';
import type { ApiCallCounter } from './api-call-counter';
import { readPages } from './read-pages';

/** DescribeSourceServers' largest page: a region of up to this many servers is counted in one call. */
const COUNT_PAGE_SIZE = 1000;

export interface RegionStatusWriter {
  put(record: RegionStatusRecord): Promise<void>;
}

/**
 * How many source servers DRS holds in the account-region. The sync itself
 * reads recovery instances, not source servers, so it learns the count with
 * an unfiltered DescribeSourceServers: one call per 1000 servers, made only
 * when the region status is being learned (fallback, unknown, failed or
 * rechecked regions), never for a region already known to be active.
 */
export async function countSourceServers(drs: DrsClient, counter: ApiCallCounter): Promise<number> {
  let count = 0;
  const pages = paginateDescribeSourceServers({ client: drs, pageSize: COUNT_PAGE_SIZE }, {});
  await readPages('DRS DescribeSourceServers (count)', counter, 'drs', pages, (page) => {
    count += page.items?.length ?? 0;
  });
  return count;
}

/** True when DRS says the service was never set up in the account-region. */
export function isUninitializedAccount(error: unknown): boolean {
  const named = (e: unknown) => (e as { name?: string } | undefined)?.name === 'UninitializedAccountException';
  return named(error) || named((error as { cause?: unknown } | undefined)?.cause);
}

/**
 * Writes what a scan found. Best effort: the sync's own work is done and a
 * region status table that cannot be written (the same fault that made the
 * filter fall back) must not fail it; the next run scans and tries again.
 */
export async function recordRegionStatus(writer: RegionStatusWriter, record: RegionStatusRecord): Promise<boolean> {
  try {
    await writer.put(record);
    return true;
  } catch (error) {
    logger.warn('Region status not recorded', { accountId: record.accountId, region: record.region, error: (error as Error).name, message: (error as Error).message });
    return false;
  }
}
