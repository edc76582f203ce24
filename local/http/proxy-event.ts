import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import type { AuthorizerClaims } from '../../api/auth/principal';
import { PROXY_RESOURCE } from '../../api/framework/api-functions';

/** The stage name the API Gateway deployment uses; locally the API is served under `/${API_STAGE}`. */
export const API_STAGE = 'api';

/**
 * The API's resources as infra/stacks/api-stack.ts deploys them, decided by
 * api/framework/api-functions.ts (gatewayTargetOf): a few routes with a
 * resource of their own (`/health`, the POSTs that only read) and one greedy
 * `/{proxy+}` for every other path. The event carries the resource that
 * matched, as API Gateway sends it.
 */
export { PROXY_RESOURCE };

export interface ProxyEventInput {
  readonly request: IncomingMessage;
  /** The path below the stage, e.g. `/accounts/targets/111122223333`, still percent-encoded as API Gateway passes it. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: string | null;
  /** The API Gateway resource the path falls under (see gatewayTargetOf). */
  readonly resource: string;
  /** The path parameters of a resource of its own (decoded); the proxy's `proxy` parameter is built here. */
  readonly pathParameters?: Readonly<Record<string, string>>;
  readonly claims?: AuthorizerClaims | null;
  readonly requestId?: string;
}

/**
 * Builds the REST (v1) proxy event API Gateway sends for this request: `path`
 * still percent-encoded, `resource` the deployed resource (`/{proxy+}` or a
 * route's own), and `pathParameters` decoded (`proxy`, the rest of the path,
 * for the proxy), as API Gateway decodes path parameters.
 */
export function toProxyEvent(input: ProxyEventInput): APIGatewayProxyEvent {
  const { request, path, query, body, resource, claims } = input;
  const own = input.pathParameters && Object.keys(input.pathParameters).length > 0 ? { ...input.pathParameters } : null;
  const requestId = input.requestId ?? randomUUID();
  const method = (request.method ?? 'GET').toUpperCase();
  const rawHeaders: [string, string][] = [];
  for (let i = 0; i < request.rawHeaders.length; i += 2) rawHeaders.push([request.rawHeaders[i]!, request.rawHeaders[i + 1]!]);
  const [headers, multiValueHeaders] = singleAndMultiValue(rawHeaders);
  const [queryStringParameters, multiValueQueryStringParameters] = singleAndMultiValue([...query]);
  const hasQuery = Object.keys(queryStringParameters).length > 0;
  const pathParameters = resource === PROXY_RESOURCE ? { proxy: decodePath(path.replace(/^\/+/, '')) } : own;
  const now = Date.now();
  return {
    resource,
    path,
    httpMethod: method,
    headers,
    multiValueHeaders,
    // API Gateway sends null, not {}, when there is nothing.
    queryStringParameters: hasQuery ? queryStringParameters : null,
    multiValueQueryStringParameters: hasQuery ? multiValueQueryStringParameters : null,
    pathParameters,
    stageVariables: null,
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: claims ? { claims } : null,
      domainName: request.headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      httpMethod: method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        user: null,
        userAgent: request.headers['user-agent'] ?? null,
        userArn: null,
      },
      path: `/${API_STAGE}${path}`,
      protocol: `HTTP/${request.httpVersion}`,
      requestId,
      requestTimeEpoch: now,
      resourceId: 'local',
      resourcePath: resource,
      stage: API_STAGE,
    },
  };
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    // Malformed percent-encoding: passed on as sent, and the handler's router answers it with a 400.
    return path;
  }
}

/**
 * API Gateway's two views of repeated names: the last value, and every value.
 * Built with Maps, because names come from the client and a name such as
 * `toString` or `__proto__` must not meet Object.prototype.
 */
function singleAndMultiValue(pairs: readonly [string, string][]): [Record<string, string>, Record<string, string[]>] {
  const multi = new Map<string, string[]>();
  for (const [name, value] of pairs) multi.set(name, [...(multi.get(name) ?? []), value]);
  return [
    Object.fromEntries([...multi].map(([name, values]) => [name, values[values.length - 1]!])),
    Object.fromEntries(multi),
  ];
}

/** The Lambda context of a local invocation: enough for Powertools, with the request id as awsRequestId. */
export function localLambdaContext(requestId: string, timeoutMs = 29_000): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'drs-orchestrator-api-local',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:drs-orchestrator-api-local',
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: '/aws/lambda/drs-orchestrator-api-local',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
