import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { AuthorizerClaims } from '../../api/auth/principal';
import type { TokenVerifier } from '../../api/auth/local-tokens';
import type { Route } from '../../api/framework/route';
import { generateOpenApi } from '../../api/openapi/generate';
import { routes as defaultRoutes } from '../../api/routes';
import { isAllowedHost } from '../listener-guard';
import { corsHeaders, writePreflight } from './cors';
import { PUBLIC } from '../../api/auth/roles';
import { gatewayTargetOf, ownResourceRouter, type ApiFunctionKind } from '../../api/framework/api-functions';
import { API_STAGE, localLambdaContext, toProxyEvent } from './proxy-event';
import { serveStatic } from './static-files';

/** An API Lambda handler, or anything that answers proxy events the same way. */
export type ProxyHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<unknown>;

/** The API's two functions (reads and writes apart), each reached as in the deployed stage. */
export type ApiFunctionHandlers = Readonly<Record<ApiFunctionKind, ProxyHandler>>;

export interface ApiServerOptions {
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** 0 picks a free port. @default 3000 */
  readonly port?: number;
  /**
   * The read and write functions (`readHandler` and `writeHandler` of
   * api/handler.ts, or the local platform's invocations of them), each
   * receiving exactly the requests API Gateway sends it; or one handler that
   * answers every route (`createApiHandler(deps)`, for tests of routes).
   */
  readonly handler: ProxyHandler | ApiFunctionHandlers;
  /** Plays the API Gateway Cognito authorizer: turns bearer tokens into claims. */
  readonly auth: TokenVerifier;
  /** The built web console, served at `/` with a fallback to index.html. */
  readonly staticDir?: string;
  /** The table the handler serves, for the OpenAPI document at `/api/openapi.json`. @default the API's route table */
  readonly routes?: readonly Route[];
  /**
   * The console's origin when it is served from another origin, as the
   * deployed stage allows exactly one (the CloudFront console). Preflights and
   * the gateway's own errors carry it; the handler must add it to its own
   * answers (API_CORS_ALLOW_ORIGIN), as in AWS. @default none: same-origin console, no CORS headers
   */
  readonly corsAllowOrigin?: string;
  /** Host names accepted besides loopback ones and the bound host (see local/listener-guard.ts). @default none */
  readonly allowedHosts?: readonly string[];
  /** Larger bodies are refused with 413, as Lambda refuses payloads over 6 MB. @default 6 MB */
  readonly maxBodyBytes?: number;
}

export interface ApiServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const API_PREFIX = `/${API_STAGE}`;

class BodyTooLargeError extends Error {}

/** API Gateway's answers of its own (gateway responses), with their default bodies. */
const GATEWAY = {
  missingAuthenticationToken: [403, { message: 'Missing Authentication Token' }],
  unauthorized: [401, { message: 'Unauthorized' }],
} as const;

/**
 * The local stand-in for API Gateway, shaped like the deployed stage
 * (infra/stacks/api-stack.ts, both from api/framework/api-functions.ts): the
 * routes with a resource of their own (`/api/health`, GET, no token; the POSTs
 * that only read) and `/api/{proxy+}` (GET to the read function, other methods
 * to the write function, Cognito authorizer), a CORS preflight on every path,
 * and gateway errors that carry the same CORS headers as in AWS. Each request
 * becomes the REST proxy event API Gateway sends, and the function API Gateway
 * would invoke answers it, so each function sees exactly its deployed traffic. `/api/openapi.json` is a local
 * addition; the deployed document is docs/api/openapi.json.
 */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const host = options.host ?? '127.0.0.1';
  const routes = options.routes ?? defaultRoutes;
  const cors = corsHeaders(options.corsAllowOrigin);
  const ownResources = ownResourceRouter(routes);
  const handlers: ApiFunctionHandlers = typeof options.handler === 'function' ? { read: options.handler, write: options.handler } : options.handler;
  const maxBodyBytes = options.maxBodyBytes ?? 6 * 1024 * 1024;
  let openApi: string | undefined;

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      // Only reached when writing the answer itself failed; the handler's errors are answered in handle().
      if (!response.headersSent) sendJson(response, 500, { message: 'Internal server error' }, cors);
      else response.destroy(error as Error);
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // Any port: Vite's dev-server proxy keeps its own Host (localhost:5173).
    const { port } = server.address() as AddressInfo;
    if (!isAllowedHost(request.headers.host, { boundHost: host, port, anyPort: true, extraHosts: options.allowedHosts })) {
      return void response.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Host not allowed');
    }
    const url = new URL(request.url ?? '/', 'http://localhost');
    const isApi = url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`);
    if (!isApi) {
      if (options.staticDir) return serveStatic(options.staticDir, request, response, url.pathname);
      return void response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
    }
    // The stage answers OPTIONS on every resource from a mock integration, before any authorizer.
    if (request.method === 'OPTIONS') return writePreflight(response, options.corsAllowOrigin);
    const method = (request.method ?? 'GET').toUpperCase();
    const path = url.pathname.slice(API_PREFIX.length) || '/';
    if (path === '/openapi.json' && method === 'GET') {
      openApi ??= JSON.stringify(generateOpenApi(routes));
      return sendJson(response, 200, openApi, cors);
    }
    const target = gatewayTargetOf(ownResources, method, path);
    // No method there: the stage root has none, nor has any resource a method the route table never uses.
    if (!target) return gateway(response, GATEWAY.missingAuthenticationToken);

    let body: string | null;
    try {
      body = await readBody(request, maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return sendJson(response, 413, { message: `Request body exceeds ${maxBodyBytes} bytes` }, cors);
      throw error;
    }

    let claims: AuthorizerClaims | null = null;
    if (target.route?.access !== PUBLIC) {
      // The Cognito authorizer guards the whole proxy resource, so an unknown path without a token is a 401 too.
      claims = await claimsOf(request, options.auth);
      if (!claims) return gateway(response, GATEWAY.unauthorized);
    }

    const requestId = randomUUID();
    const event = toProxyEvent({ request, path, query: url.searchParams, body, resource: target.resource, pathParameters: target.pathParameters, claims, requestId });
    let result: APIGatewayProxyResult;
    try {
      result = (await handlers[target.function](event, localLambdaContext(requestId))) as APIGatewayProxyResult;
    } catch {
      // API Gateway answers 502 when the integration throws; the handler has logged the details.
      return sendJson(response, 502, { message: 'Internal server error', requestId }, cors);
    }
    // The function's own answer passes through untouched: its CORS headers are the handler's to set, as in AWS.
    writeProxyResult(response, result, requestId, cors);
  }

  function gateway(response: ServerResponse, [status, body]: readonly [number, object]): void {
    sendJson(response, status, body, cors);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3000, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function claimsOf(request: IncomingMessage, auth: TokenVerifier): Promise<AuthorizerClaims | null> {
  const header = request.headers.authorization;
  const token = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  return token ? auth.verify(token) : null;
}

function readBody(request: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners('data');
        request.resume();
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(size === 0 ? null : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, statusCode: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(statusCode, { 'Content-Type': 'application/json', ...headers }).end(typeof body === 'string' ? body : JSON.stringify(body));
}

function writeProxyResult(response: ServerResponse, result: APIGatewayProxyResult, requestId: string, cors: Record<string, string>): void {
  if (typeof result?.statusCode !== 'number') {
    sendJson(response, 502, { message: 'Malformed Lambda proxy response', requestId }, cors);
    return;
  }
  response.setHeader('x-amzn-RequestId', requestId);
  for (const [name, value] of Object.entries(result.headers ?? {})) response.setHeader(name, String(value));
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) response.setHeader(name, values.map(String));
  const body = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body;
  response.writeHead(result.statusCode).end(body);
}
