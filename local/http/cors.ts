import type { ServerResponse } from 'node:http';

/** What the deployed stage's CORS preflight (CDK defaultCorsPreflightOptions) allows. */
export const CORS_ALLOW_HEADERS = 'Authorization,Content-Type';
export const CORS_ALLOW_METHODS = 'OPTIONS,GET,PUT,POST,DELETE,PATCH,HEAD';

/**
 * The CORS rule of the deployed stage, in one place for the local server: the
 * one allowed origin (the console's), never an echo of whatever Origin the
 * request names. Unset means the console is served from the API's own origin
 * and no CORS header is sent at all.
 */
export function corsHeaders(allowOrigin: string | undefined): Record<string, string> {
  return allowOrigin ? { 'Access-Control-Allow-Origin': allowOrigin, Vary: 'Origin' } : {};
}

/** The preflight answer API Gateway's mock OPTIONS integration gives: 204 and the allowed origin, methods and headers. */
export function writePreflight(response: ServerResponse, allowOrigin: string | undefined): void {
  const headers = allowOrigin
    ? { ...corsHeaders(allowOrigin), 'Access-Control-Allow-Headers': CORS_ALLOW_HEADERS, 'Access-Control-Allow-Methods': CORS_ALLOW_METHODS }
    : {};
  response.writeHead(204, headers).end();
}
