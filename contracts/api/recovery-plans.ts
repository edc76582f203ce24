import type { FromSchema } from 'json-schema-to-ts';
import { recoveryPlanRecordSchema } from '../records/recovery-plan';

/** `{id}` in `/recovery-plans/{id}/...`: the plan id. */
export const recoveryPlanPathSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: { id: recoveryPlanRecordSchema.properties.planId },
} as const;
export type RecoveryPlanPath = FromSchema<typeof recoveryPlanPathSchema>;

const serverCountSchema = {
  type: 'integer',
  minimum: 0,
  description: 'Distinct source servers in the protection groups; a group that no longer exists counts none.',
} as const;

const waveRecordSchema = recoveryPlanRecordSchema.properties.waves.items;

/**
 * A recovery plan as the list shows it: the record, with the server count of
 * each wave and of the plan, and every protection group id in wave order.
 */
export const recoveryPlanSummarySchema = {
  title: 'RecoveryPlanSummary',
  type: 'object',
  additionalProperties: false,
  required: [...recoveryPlanRecordSchema.required, 'protectionGroupIds', 'serverCount'],
  properties: {
    ...recoveryPlanRecordSchema.properties,
    waves: {
      ...recoveryPlanRecordSchema.properties.waves,
      items: {
        ...waveRecordSchema,
        required: [...waveRecordSchema.required, 'serverCount'],
        properties: { ...waveRecordSchema.properties, serverCount: serverCountSchema },
      },
    },
    protectionGroupIds: { ...waveRecordSchema.properties.protectionGroupIds, description: 'Every group of every wave, in wave order, once each.' },
    serverCount: serverCountSchema,
  },
} as const;
export type RecoveryPlanSummary = FromSchema<typeof recoveryPlanSummarySchema>;

export const recoveryPlanListSchema = {
  title: 'RecoveryPlanList',
  type: 'object',
  additionalProperties: false,
  required: ['items'],
  properties: { items: { type: 'array', items: recoveryPlanSummarySchema, description: 'Ordered by name, then planId.' } },
} as const;
export type RecoveryPlanList = FromSchema<typeof recoveryPlanListSchema>;
