import { healthResponseSchema, type HealthResponse } from '../../contracts/api/health';
import { PUBLIC } from '../auth/roles';
import { defineRoute, type Route } from '../framework/route';

/** Liveness for load balancers and the local platform. It reads nothing, so it stays up when a table is missing. */
export const healthRoutes: readonly Route[] = [
  defineRoute<{ response: HealthResponse }>({
    operationId: 'health',
    method: 'GET',
    path: '/health',
    tag: 'Health',
    summary: 'Report that the API is up',
    access: PUBLIC,
    effect: 'read',
    response: { status: 200, description: 'The API is up.', schema: healthResponseSchema },
    handle: async () => ({ status: 'ok' }),
  }),
];
