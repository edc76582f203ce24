/**
 * What every local listener (simulated estate, dynalite, Step Functions API)
 * checks before it answers, so that a web page the developer happens to open
 * cannot drive the local platform:
 *
 * - The Host header names the listener itself (127.0.0.1, localhost, [::1] or
 *   the bound host, with the bound port). A DNS-rebinding page reaches the
 *   port under its own host name and is refused.
 * - A request from a browser comes from the listener's own origin: a foreign
 *   `Origin`, or `Sec-Fetch-Site` other than same-origin/none, is refused,
 *   preflights included, and no `Access-Control-Allow-*` header is ever sent.
 *
 * SDK clients and the AWS CLI send no Origin and the Host of their endpoint,
 * so they pass unchanged.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** `::1` → `[::1]`: the form a host takes in a Host header or a URL. */
const hostForm = (host: string) => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host).toLowerCase();

/** The host[:port] values a request to this listener may carry. */
export function allowedHosts(boundHost: string, port: number): Set<string> {
  // A wildcard bind (0.0.0.0) stays allowed as written: local clients given that endpoint send it as their Host.
  const names = new Set([...LOOPBACK_NAMES, hostForm(boundHost)]);
  const hosts = new Set<string>();
  for (const name of names) {
    hosts.add(`${name}:${port}`);
    if (port === 80) hosts.add(name);
  }
  return hosts;
}

export type GuardVerdict = { ok: true } | { ok: false; status: number; message: string };

/** Decides whether a request may reach the listener bound to `boundHost:port`. */
export function checkRequest(headers: IncomingMessage['headers'], boundHost: string, port: number): GuardVerdict {
  const hosts = allowedHosts(boundHost, port);
  const host = (headers.host ?? '').toLowerCase();
  if (!hosts.has(host)) {
    return { ok: false, status: 403, message: `Host ${JSON.stringify(headers.host ?? '')} is not this listener (allowed: ${[...hosts].join(', ')})` };
  }
  const origin = headers.origin;
  if (origin !== undefined && !(origin !== 'null' && hosts.has(originHost(origin)))) {
    return { ok: false, status: 403, message: `cross-origin requests are refused (Origin ${origin})` };
  }
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return { ok: false, status: 403, message: `cross-site requests are refused (Sec-Fetch-Site ${String(site)})` };
  }
  return { ok: true };
}

function originHost(origin: string): string {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' ? url.host.toLowerCase() : '';
  } catch {
    return '';
  }
}

function refuse(res: ServerResponse, status: number, message: string): void {
  const body = JSON.stringify({ message });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * Puts the guard in front of every `request` listener `server` has (works for
 * servers built by third-party code such as dynalite). Call it before or after
 * `listen`: the bound address is read per request.
 */
export function guardListener(server: Server, boundHost: string): Server {
  const listeners = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const { port } = server.address() as AddressInfo;
    const verdict = checkRequest(req.headers, boundHost, port);
    if (!verdict.ok) {
      req.resume();
      refuse(res, verdict.status, verdict.message);
      return;
    }
    // Same-origin needs no CORS; without Origin, dynalite adds no `Access-Control-Allow-Origin: *`.
    delete req.headers.origin;
    for (const listener of listeners) listener.call(server, req, res);
  });
  return server;
}
