import type { IncomingMessage } from 'node:http';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const WILDCARD_ADDRESSES = ['0.0.0.0', '::', '[::]'];

/**
 * Whether the request's Host names this machine. A page on any web site can
 * make a browser send requests to 127.0.0.1, and with DNS rebinding it can
 * even read the answers under its own name: refusing every Host that is not
 * a loopback name (or the address the server was bound to, or one the user
 * allowed) closes that door. The port is not checked, so a dev server that
 * proxies with its own Host (Vite keeps `localhost:5173`) still works.
 * A server bound to every interface (0.0.0.0) was opened on purpose and
 * checks nothing.
 */
export function isAllowedHost(request: IncomingMessage, boundHost: string, extraHosts: readonly string[] = []): boolean {
  if (WILDCARD_ADDRESSES.includes(boundHost)) return true;
  const header = request.headers.host;
  if (!header) return false;
  let hostname: string;
  try {
    hostname = new URL(`http://${header}`).hostname.toLowerCase();
  } catch {
    return false;
  }
  const bound = boundHost.includes(':') && !boundHost.startsWith('[') ? `[${boundHost}]` : boundHost;
  return [...LOOPBACK_NAMES, bound, ...extraHosts].map((h) => h.toLowerCase()).includes(hostname);
}
