import type { FromSchema } from 'json-schema-to-ts';

/**
 * What StartExecution of recovery-instance-sync takes. The schedule, the API
 * and automation all start it; it needs nothing but may say who started it.
 */
export const recoveryInstanceSyncInputSchema = {
  title: 'RecoveryInstanceSyncInput',
  type: 'object',
  additionalProperties: false,
  properties: {
    trigger: {
      type: 'string',
      maxLength: 256,
      pattern: '^[\\w.:@+/=,-]+$',
      description: 'Who started the run: `schedule`, `api:<kind>:<username>`, or a name automation chooses.',
    },
  },
} as const;
export type RecoveryInstanceSyncInput = FromSchema<typeof recoveryInstanceSyncInputSchema>;
