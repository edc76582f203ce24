import type { FromSchema } from 'json-schema-to-ts';

/**
 * The body of every error answer. `errors` lists schema errors for a 400;
 * `requestId` lets an operator find the logs of a 5xx.
 */
export const errorResponseSchema = {
  title: 'ErrorResponse',
  type: 'object',
  additionalProperties: false,
  required: ['message'],
  properties: {
    message: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path', 'message'],
        properties: {
          path: { type: 'string', description: 'JSON Pointer into the request: /body/…, /pathParameters/…, /queryStringParameters/….' },
          message: { type: 'string' },
        },
      },
    },
    requestId: { type: 'string' },
  },
} as const;

export type ErrorResponse = FromSchema<typeof errorResponseSchema>;
