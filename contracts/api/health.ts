import type { FromSchema } from 'json-schema-to-ts';

export const healthResponseSchema = {
  title: 'HealthResponse',
  type: 'object',
  additionalProperties: false,
  required: ['status'],
  properties: { status: { type: 'string', enum: ['ok'] } },
} as const;

export type HealthResponse = FromSchema<typeof healthResponseSchema>;
