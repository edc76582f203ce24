import { MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  syncWaveServersInputSchema,
  syncWaveServersOutputSchema,
  type SyncWaveServersInput,
  type SyncWaveServersOutput,
} from '../../contracts/tasks/recovery-instance-sync';
import { logger, metrics } from '../../lib/observability';
import { taskHandler } from '../../lib/task-handler';
import { syncDependencies } from './lib/dependencies';
import { syncServers, type SyncDependencies } from './lib/sync-servers';

/**
 * Caches the recovery instances a wave just launched, tagged with the
 * execution that launched them. It never fails its caller: a recovery that
 * launched its servers must not fail because the cache could not be updated,
 * so failures come back as status FAILED and the next scheduled sync mends it.
 */
export async function run(input: SyncWaveServersInput, deps: SyncDependencies): Promise<SyncWaveServersOutput> {
  try {
    const result = await syncServers(
      {
        accountId: input.accountId,
        region: input.region,
        sourceServerIds: input.sourceServerIds,
        sourceExecutionId: input.executionId,
        sourcePlanName: input.planName,
      },
      deps,
    );
    return {
      status: result.status,
      instancesSynced: result.instancesProcessed,
      serversWithoutInstance: input.sourceServerIds.length - result.instancesProcessed,
      warnings: result.warnings,
    };
  } catch (error) {
    const e = error as Error;
    logger.error('Wave sync failed; the scheduled sync will catch up', { error: e, executionId: input.executionId });
    metrics.addMetric('WaveSyncFailure', MetricUnit.Count, 1);
    return { status: 'FAILED', instancesSynced: 0, serversWithoutInstance: 0, warnings: [], errorName: e.name, errorMessage: e.message };
  }
}

export const handler = taskHandler<SyncWaveServersInput, SyncWaveServersOutput>({
  name: 'SyncWaveServers',
  inputSchema: syncWaveServersInputSchema,
  outputSchema: syncWaveServersOutputSchema,
  run: (input) => run(input, syncDependencies()),
});
