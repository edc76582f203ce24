import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isAllowedHost } from '../listener-guard';
import { serveStatic } from './static-files';

export interface StaticServer {
  /** `http://{host}:{port}`, the console's origin. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves the built console alone, on an origin of its own, as CloudFront
 * serves it apart from the API in AWS, so that the console calls the API
 * cross-origin (test/e2e/cross-origin.e2e.test.ts).
 */
export async function startStaticServer(options: { dir: string; host?: string; port?: number; allowedHosts?: readonly string[] }): Promise<StaticServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((request, response) => {
    const { port } = server.address() as AddressInfo;
    if (!isAllowedHost(request.headers.host, { boundHost: host, port, extraHosts: options.allowedHosts })) {
      response.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Host not allowed');
      return;
    }
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    serveStatic(options.dir, request, response, pathname).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500).end();
      else response.destroy(error as Error);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
