import {
  inventorySyncRunSchema,
  inventorySyncStartSchema,
  inventorySyncStatusSchema,
  type InventorySyncRun,
  type InventorySyncStart,
  type InventorySyncStatus,
} from '../../contracts/api/inventory';
import { pickSchemaFields } from '../../contracts/api/recovery-instances';
import { logger } from '../../lib/observability';
import { defineRoute, type Route } from '../framework/route';

const TAG = 'Source-server inventory';
const STATUS_RUNS = 10;

/** The inventory sync: starting a run, and how the runs went. */
export const inventoryRoutes: Route[] = [
  defineRoute<{ response: InventorySyncStart }>({
    operationId: 'start_inventory_sync',
    method: 'POST',
    path: '/drs/inventory/sync',
    tag: TAG,
    summary: 'Refresh the source-server inventory now',
    description: 'Starts the inventory-sync state machine (it also runs every 15 minutes) and answers at once. A run that finds another one running skips itself.',
    access: 'Operator',
    effect: 'write',
    response: { status: 202, description: 'The inventory-sync execution was started.', schema: inventorySyncStartSchema },
    errors: [400, 502, 503],
    handle: async ({ principal, requestId }, { startInventorySync }) => {
      const started = await startInventorySync(`api:${principal.kind}:${principal.username}`);
      logger.info('Inventory sync started', { executionArn: started.executionArn, by: principal.username, requestId });
      return started;
    },
  }),

  defineRoute<{ response: InventorySyncStatus }>({
    operationId: 'get_inventory_sync_status',
    method: 'GET',
    path: '/drs/inventory/sync/status',
    tag: TAG,
    summary: 'How the inventory sync has been doing',
    description: 'The last runs (servers found, regions scanned and skipped, DRS calls, per account-region errors and warnings), from the run records only.',
    access: 'ReadOnly',
    effect: 'read',
    response: { status: 200, description: 'The last runs, newest first.', schema: inventorySyncStatusSchema },
    handle: async (_request, { syncRuns }) => {
      const runs = await syncRuns.latest('inventory-sync', STATUS_RUNS);
      const present = (run: (typeof runs)[number]) => pickSchemaFields<InventorySyncRun>(inventorySyncRunSchema, run);
      const completed = runs.find((r) => r.status !== 'RUNNING');
      return { running: runs[0]?.status === 'RUNNING', lastCompletedRun: completed ? present(completed) : null, recentRuns: runs.map(present) };
    },
  }),
];
