import { errorResponseSchema } from '../../contracts/api/errors';
import { PUBLIC } from '../auth/roles';
import type { Route } from '../framework/route';
import { routes as defaultRoutes } from '../routes';
import { SchemaRegistry, type SchemaObject } from './schema';

/** The version of the API contract; bump it when an operation changes incompatibly. */
export const API_VERSION = '0.1.0';

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'The body, path or query failed validation, or the body is not JSON. `errors` lists each problem.',
  401: 'No token, or an invalid one.',
  403: 'The caller\'s role is below the operation\'s least role.',
  404: 'No such record.',
  409: 'The record already exists, or was changed by a concurrent request.',
  500: 'Unexpected error. The body carries the request id to find the logs.',
  502: 'AWS denied or rejected a call the orchestrator made (for example AccessDenied on a target account role).',
  503: 'AWS throttled the orchestrator or was unavailable; retry after Retry-After seconds.',
};

const DESCRIPTION = `HTTP API of the DRS orchestrator.

Every operation is also available to IAM principals by invoking the API Lambda function of its kind (\`x-effect\`: the read or
the write function) directly with
\`{ "operation": "<operationId>", ...pathAndQueryParameters, "body": { ... } }\`, answered as \`{ "statusCode", "body" }\`,
and to EventBridge schedules as \`{ "detail-type": "Scheduled Event", "detail": { "operation": "<operationId>", ... } }\`.
Direct and scheduled invocations act as the Admin-equivalent "system" principal unless the request names a
\`principal: { username, role }\`. See docs/api.md.

Roles, most powerful first: Admin, RecoveryManager, PlanManager, Operator, ReadOnly. Each operation states its least role
in \`x-least-role\`, and whether it only reads or also writes in \`x-effect\` (\`read\` or \`write\`).`;

/** The OpenAPI 3.0 document of `routes`, deterministic so the committed copy can be compared byte for byte. */
export function generateOpenApi(routes: readonly Route[] = defaultRoutes): Record<string, unknown> {
  const registry = new SchemaRegistry();
  const errorRef = registry.ref(errorResponseSchema);
  const paths: Record<string, Record<string, unknown>> = {};

  for (const route of routes) {
    const operation: Record<string, unknown> = {
      operationId: route.operationId,
      summary: route.summary,
      description: [route.description, route.access === PUBLIC ? 'No authentication.' : `Least role: ${route.access}.`]
        .filter(Boolean)
        .join('\n\n'),
      tags: [route.tag],
      'x-least-role': route.access,
      'x-effect': route.effect,
      ...(route.access === PUBLIC ? { security: [] } : {}),
    };
    const parameters = [...parametersOf(route.pathSchema, 'path', registry), ...parametersOf(route.querySchema, 'query', registry)];
    if (parameters.length > 0) operation.parameters = parameters;
    if (route.bodySchema) {
      operation.requestBody = { required: true, content: { 'application/json': { schema: registry.ref(route.bodySchema) } } };
    }
    operation.responses = responsesOf(route, registry, errorRef);
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation;
  }

  return {
    openapi: '3.0.3',
    info: { title: 'DRS Orchestrator API', version: API_VERSION, description: DESCRIPTION, license: { name: 'Apache-2.0' } },
    servers: [
      {
        url: '{baseUrl}',
        description: 'The API Gateway stage URL in AWS, or http://127.0.0.1:3000/api locally.',
        variables: { baseUrl: { default: 'http://127.0.0.1:3000/api' } },
      },
    ],
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
    security: [{ bearerAuth: [] }],
    paths: sortKeys(paths),
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'In AWS: a Cognito user pool ID token, checked by the API Gateway Cognito authorizer; the role is the most powerful of the user\'s Cognito groups. Locally: a token printed by the local platform at start.',
        },
      },
      schemas: sortKeys(registry.components),
    },
  };
}

function parametersOf(schema: object | undefined, where: 'path' | 'query', registry: SchemaRegistry): SchemaObject[] {
  if (!schema) return [];
  const { properties = {}, required = [] } = schema as { properties?: Record<string, object>; required?: readonly string[] };
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.includes(name),
    schema: registry.ref(property),
  }));
}

function responsesOf(route: Route, registry: SchemaRegistry, errorRef: SchemaObject): Record<string, unknown> {
  const { status, description, schema } = route.response;
  const responses: Record<string, unknown> = {
    [status]: schema ? { description, content: { 'application/json': { schema: registry.ref(schema) } } } : { description },
  };
  const errors = new Set<number>(route.errors ?? []);
  if (route.pathSchema || route.querySchema || route.bodySchema) errors.add(400);
  if (route.access !== PUBLIC) [401, 403].forEach((s) => errors.add(s));
  if (route.pathSchema) errors.add(404);
  errors.add(500);
  for (const code of [...errors].sort((a, b) => a - b)) {
    responses[code] = { description: ERROR_DESCRIPTIONS[code] ?? 'Error.', content: { 'application/json': { schema: errorRef } } };
  }
  return responses;
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
