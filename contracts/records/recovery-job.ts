import type { FromSchema } from 'json-schema-to-ts';
import { accountIdSchema, isoDateTimeSchema, regionSchema } from '../common';

/** DRS job ids: `drsjob-` and 17 hex digits. */
export const drsJobIdSchema = { type: 'string', pattern: '^drsjob-[0-9a-zA-Z]{17}$', description: 'DRS job id.' } as const;

/**
 * A DRS job the orchestrator started, written when it starts the job. Real DRS
 * keeps StartRecovery's `tags` on the job only (and the orchestrator passes
 * none), so this is how a recovery instance's `jobID` leads back to the
 * execution, wave and plan that launched it. A job without a record was not
 * started by the orchestrator.
 */
export const recoveryJobRecordSchema = {
  title: 'RecoveryJobRecord',
  type: 'object',
  additionalProperties: false,
  required: ['jobId', 'executionId', 'waveId', 'waveName', 'planId', 'planName', 'executionType', 'accountId', 'region', 'startedAt'],
  properties: {
    jobId: drsJobIdSchema,
    executionId: { type: 'string', minLength: 1, maxLength: 128, description: 'The orchestrator execution that started the job (the Step Functions execution name).' },
    waveId: { type: 'string', minLength: 1, maxLength: 128 },
    waveName: { type: 'string', minLength: 1, maxLength: 256 },
    planId: { type: 'string', minLength: 1, maxLength: 128 },
    planName: { type: 'string', minLength: 1, maxLength: 256 },
    executionType: { type: 'string', enum: ['DRILL', 'RECOVERY'] },
    accountId: accountIdSchema,
    region: regionSchema,
    startedAt: isoDateTimeSchema,
  },
} as const;

export type RecoveryJobRecord = FromSchema<typeof recoveryJobRecordSchema>;
