import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { AuthorizerClaims } from '../../api/auth/principal';
import type { TokenVerifier } from '../../api/auth/local-tokens';
import { PUBLIC } from '../../api/auth/roles';
import type { Route } from '../../api/framework/route';
import { Router } from '../../api/framework/router';
import { generateOpenApi } from '../../api/openapi/generate';
import { routes as defaultRoutes } from '../../api/routes';
import { API_STAGE, localLambdaContext, toProxyEvent } from './proxy-event';
import { serveStatic } from './static-files';

/** The API Lambda handler, or anything that answers proxy events the same way. */
export type ProxyHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<unknown>;

export interface ApiServerOptions {
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** 0 picks a free port. @default 3000 */
  readonly port?: number;
  /** Usually `handler` from api/handler.ts, or `createApiHandler(deps)`. */
  readonly handler: ProxyHandler;
  /** Plays the API Gateway Cognito authorizer: turns bearer tokens into claims. */
  readonly auth: TokenVerifier;
  /** The built web console, served at `/` with a fallback to index.html. */
  readonly staticDir?: string;
  /** Must be the table the handler serves; used to fill `resource` and `pathParameters`. @default the API's route table */
  readonly routes?: readonly Route[];
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

/**
 * The local stand-in for API Gateway: serves `/api/*` by turning each HTTP
 * request into the REST proxy event API Gateway would send, with the Cognito
 * authorizer's claims, and invoking the same Lambda handler that runs in AWS.
 */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const host = options.host ?? '127.0.0.1';
  const router = new Router(options.routes ?? defaultRoutes);
  const maxBodyBytes = options.maxBodyBytes ?? 6 * 1024 * 1024;
  let openApi: string | undefined;

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      // Only reached when writing the answer itself failed; the handler's errors are answered in handle().
      if (!response.headersSent) sendJson(response, 500, { message: 'Internal server error' });
      else response.destroy(error as Error);
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const isApi = url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`);
    if (!isApi) {
      if (options.staticDir) return serveStatic(options.staticDir, request, response, url.pathname);
      return void response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
    }
    setCors(request, response);
    if (request.method === 'OPTIONS') return void response.writeHead(204).end();
    const path = url.pathname.slice(API_PREFIX.length) || '/';
    if (path === '/openapi.json' && request.method === 'GET') {
      openApi ??= JSON.stringify(generateOpenApi(router.routes));
      return sendJson(response, 200, openApi);
    }

    let body: string | null;
    try {
      body = await readBody(request, maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return sendJson(response, 413, { message: `Request body exceeds ${maxBodyBytes} bytes` });
      throw error;
    }

    const matched = matchRoute(router, request.method ?? 'GET', path);
    let claims: AuthorizerClaims | null = null;
    if (matched && matched.route.access !== PUBLIC) {
      // As API Gateway's Cognito authorizer does: a protected route never reaches the function without valid claims.
      claims = await claimsOf(request, options.auth);
      if (!claims) return sendJson(response, 401, { message: 'Unauthorized' });
    }

    const requestId = randomUUID();
    const event = toProxyEvent({ request, path, query: url.searchParams, body, matched, claims, requestId });
    let result: APIGatewayProxyResult;
    try {
      result = (await options.handler(event, localLambdaContext(requestId))) as APIGatewayProxyResult;
    } catch {
      // API Gateway answers 502 when the integration throws; the handler has logged the details.
      return sendJson(response, 502, { message: 'Internal server error', requestId });
    }
    writeProxyResult(response, result, requestId);
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

function matchRoute(router: Router, method: string, path: string) {
  try {
    const match = router.match(method, path);
    return match.kind === 'matched' ? match : undefined;
  } catch {
    // A path the router cannot decode; the handler answers it with a 400.
    return undefined;
  }
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

/** Local development only: any origin may call, e.g. the Vite dev server on another port. */
function setCors(request: IncomingMessage, response: ServerResponse): void {
  response.setHeader('Access-Control-Allow-Origin', request.headers.origin ?? '*');
  response.setHeader('Vary', 'Origin');
  response.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
  response.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
  response.setHeader('Access-Control-Max-Age', '600');
}

function sendJson(response: ServerResponse, statusCode: number, body: unknown): void {
  response.writeHead(statusCode, { 'Content-Type': 'application/json' }).end(typeof body === 'string' ? body : JSON.stringify(body));
}

function writeProxyResult(response: ServerResponse, result: APIGatewayProxyResult, requestId: string): void {
  if (typeof result?.statusCode !== 'number') {
    sendJson(response, 502, { message: 'Malformed Lambda proxy response', requestId });
    return;
  }
  response.setHeader('x-amzn-RequestId', requestId);
  for (const [name, value] of Object.entries(result.headers ?? {})) response.setHeader(name, String(value));
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) response.setHeader(name, values.map(String));
  const body = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body;
  response.writeHead(result.statusCode).end(body);
}
