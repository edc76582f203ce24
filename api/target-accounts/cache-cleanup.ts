import type { RecoveryInstanceRepository } from '../../lib/repositories/recovery-instances';
import { logger } from '../../lib/observability';

/**
 * Removes the recovery-instance cache records of regions an account no longer
 * has registered (all of them when the account is removed), so that pages and
 * facets stop showing instances the orchestrator no longer manages. The cache
 * is rebuilt by the sync, so removing first is safe even if the registration
 * change then fails. Returns how many records were deleted.
 */
export async function purgeCachedInstances(
  cache: RecoveryInstanceRepository,
  accountId: string,
  regions: readonly string[],
): Promise<number> {
  let deleted = 0;
  for (const region of regions) {
    const records = await cache.listByAccountRegion(accountId, region);
    if (records.length === 0) continue;
    await cache.deleteMany(records.map((r) => r.sourceServerId));
    deleted += records.length;
  }
  if (deleted > 0) logger.info('Cached recovery instances removed', { accountId, regions, deleted });
  return deleted;
}
