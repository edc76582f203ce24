/**
 * What every local listener checks before it answers, so that a web page the
 * developer happens to open cannot drive the local platform. One rule for all
 * of them (decision 19):
 *
 * - The Host header names this machine: 127.0.0.1, localhost, [::1], the
 *   bound host as written (a wildcard bind such as 0.0.0.0 included), or a
 *   name the caller added (`extraHosts`), with the bound port. A
 *   DNS-rebinding page reaches the port under its own host name and is
 *   refused. The API server alone waives the port (`anyPort`), because a dev
 *   server that proxies to it keeps its own Host (Vite sends `localhost:5173`).
 * - The AWS-shaped listeners (simulated estate, dynalite, Step Functions API,
 *   through `guardListener`) also refuse browser requests from any other
 *   origin: a foreign `Origin`, or `Sec-Fetch-Site` other than
 *   same-origin/none, is refused, preflights included, and no
 *   `Access-Control-Allow-*` header is ever sent. The API server answers
 *   origins by its own CORS rule instead (local/http/cors.ts), as the
 *   deployed stage does.
 *
 * SDK clients and the AWS CLI send no Origin and the Host of their endpoint,
 * so they pass unchanged.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** `::1` → `[::1]`: the form a host takes in a Host header or a URL. */
const hostForm = (host: string) => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host).toLowerCase();

/** Which Host headers a listener accepts. */
export interface HostRule {
  /** The address the listener was bound to. */
  readonly boundHost: string;
  /** The port it listens on; a Host without a port means 80. */
  readonly port: number;
  /**
   * Accept the allowed names on any port. Only the API server sets it: Vite's
   * dev-server proxy forwards the console's calls with its own Host
   * (`localhost:5173`). The names are still checked, so rebinding is refused.
   * @default false
   */
  readonly anyPort?: boolean;
  /** Host names accepted besides the loopback ones and the bound host (e.g. a LAN name for a wildcard bind). @default none */
  readonly extraHosts?: readonly string[];
}

/** The host names (without port) a rule accepts. */
export function allowedHostNames(rule: Pick<HostRule, 'boundHost' | 'extraHosts'>): Set<string> {
  return new Set([...LOOPBACK_NAMES, rule.boundHost, ...(rule.extraHosts ?? [])].map(hostForm));
}

// A name or a bracketed IPv6 address, then an optional port; nothing else (no path, userinfo or spaces).
const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[^:[\]/@?#\s]+)(?::(\d{1,5}))?$/i;

/** Whether a Host header (or an Origin's host) names this listener under `rule`. */
export function isAllowedHost(host: string | undefined, rule: HostRule): boolean {
  const match = HOST_HEADER.exec(host ?? '');
  if (!match) return false;
  const [, name, port] = match;
  if (!allowedHostNames(rule).has(name!.toLowerCase())) return false;
  return rule.anyPort === true || Number(port ?? 80) === rule.port;
}

export type GuardVerdict = { ok: true } | { ok: false; status: number; message: string };

/** Decides whether a request may reach the AWS-shaped listener bound to `boundHost:port` (Host and origin). */
export function checkRequest(headers: IncomingMessage['headers'], boundHost: string, port: number): GuardVerdict {
  const rule: HostRule = { boundHost, port };
  if (!isAllowedHost(headers.host, rule)) {
    const allowed = [...allowedHostNames(rule)].map((name) => `${name}:${port}`);
    return { ok: false, status: 403, message: `Host ${JSON.stringify(headers.host ?? '')} is not this listener (allowed: ${allowed.join(', ')})` };
  }
  const origin = headers.origin;
  if (origin !== undefined && !(origin !== 'null' && isAllowedHost(originHost(origin), rule))) {
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
    return url.protocol === 'http:' ? url.host : '';
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
