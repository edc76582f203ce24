import type { FromSchema } from 'json-schema-to-ts';
import { executionArnSchema, isoDateTimeSchema } from '../common';
import { syncRunRecordSchema } from '../records/sync-run';
import { omitProperties } from './recovery-instances';

/** The answer of `sync_recovery_instances`: the execution it started. */
export const recoveryInstanceSyncStartSchema = {
  title: 'RecoveryInstanceSyncStart',
  type: 'object',
  additionalProperties: false,
  required: ['executionArn', 'startDate'],
  properties: {
    executionArn: { ...executionArnSchema, description: 'The recovery-instance-sync execution; a run that finds another one running skips itself.' },
    startDate: isoDateTimeSchema,
  },
} as const;
export type RecoveryInstanceSyncStart = FromSchema<typeof recoveryInstanceSyncStartSchema>;

const syncRunBody = omitProperties(syncRunRecordSchema, ['syncName', 'runId']);

/** One run of the sync: its record without the table keys. */
export const recoveryInstanceSyncRunSchema = { ...syncRunBody, title: 'RecoveryInstanceSyncRun' } as const;
export type RecoveryInstanceSyncRun = FromSchema<typeof recoveryInstanceSyncRunSchema>;

/** The most runs `get_recovery_instance_sync_status` lists. */
export const SYNC_STATUS_MAX_RUNS = 50;
export const SYNC_STATUS_DEFAULT_RUNS = 10;

export const recoveryInstanceSyncStatusQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: {
      type: 'string',
      pattern: '^([1-9]|[1-4][0-9]|50)$',
      description: `How many recent runs to list, 1 to ${SYNC_STATUS_MAX_RUNS} (default ${SYNC_STATUS_DEFAULT_RUNS}); a string, as in a query string.`,
    },
  },
} as const;
export type RecoveryInstanceSyncStatusQuery = FromSchema<typeof recoveryInstanceSyncStatusQuerySchema>;

const nullableRun = { ...syncRunBody, type: ['object', 'null'] } as const;

/** The answer of `get_recovery_instance_sync_status`, read from the run records only. */
export const recoveryInstanceSyncStatusSchema = {
  title: 'RecoveryInstanceSyncStatus',
  type: 'object',
  additionalProperties: false,
  required: ['lastRun', 'lastCompletedRun', 'running', 'recentRuns'],
  properties: {
    lastRun: { ...nullableRun, description: 'The newest run, running or finished; null before the first.' },
    lastCompletedRun: { ...nullableRun, description: 'The newest finished run among recentRuns, or null.' },
    running: { type: 'boolean', description: 'True when the newest run is still running.' },
    recentRuns: { type: 'array', items: recoveryInstanceSyncRunSchema, description: 'Newest first.' },
  },
} as const;
export type RecoveryInstanceSyncStatus = FromSchema<typeof recoveryInstanceSyncStatusSchema>;
