/**
 * The simulated AWS estate: one local HTTP server that speaks DRS (restJson1),
 * EC2 (ec2 query), SSM (awsJson1_1) and STS (awsQuery) well enough for
 * unmodified AWS SDK v3 clients and the AWS CLI, over a stateful, seeded
 * estate that moves along a virtual clock. See docs/simulated-estate.md.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { guardListener } from '../listener-guard';
import { CallCounter } from './calls';
import { handleControlRequest } from './control';
import { scriptReplication } from './drs/replication-script';
import { drsService } from './drs/service';
import { ec2Service } from './ec2/service';
import { FaultEngine, validateFaultRules } from './faults';
import type { RawRequest, WireResponse } from './protocols/types';
import { buildScenario } from './scenarios';
import { handleAwsRequest } from './server';
import { ssmService } from './ssm/service';
import type { Estate } from './state/estate';
import { stsService } from './sts/service';
import type { FaultRule, ScenarioDescription, SimulatedEstate, SimulatedEstateOptions } from './types';

export type { CallCount, FaultRule, ScenarioAccount, ScenarioDescription, ScenarioJob, ServiceName, SimulatedEstate, SimulatedEstateOptions } from './types';

const MAX_VIOLATIONS = 1000;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, response: WireResponse): void {
  res.writeHead(response.status, { ...response.headers, 'content-length': Buffer.byteLength(response.body) });
  res.end(response.body);
}

export async function startSimulatedEstate(opts: SimulatedEstateOptions): Promise<SimulatedEstate> {
  const clock = opts.clock;
  const scenarioRequest = opts.scenario ?? { name: 'demo', seed: 1 };
  let { estate, description } = buildScenario(scenarioRequest.name, scenarioRequest.seed ?? 1, scenarioRequest.options ?? {}, clock.now());
  const calls = new CallCounter();
  const faults = new FaultEngine(description.seed);
  const violations: string[] = [];
  const services = { drs: drsService(), ec2: ec2Service(), ssm: ssmService(), sts: stsService() };

  const loadScenario = (name: string, seed = 1, options: Record<string, unknown> = {}): ScenarioDescription => {
    const built = buildScenario(name, seed, options, clock.now());
    // Sessions AssumeRole issued stay valid until they expire, as STS's would when resources change:
    // callers that cache them (the client factory) keep working across a reload of the same accounts.
    for (const session of estate.sessions()) if (built.estate.accounts.has(session.accountId)) built.estate.addPrincipal(session);
    estate = built.estate;
    description = built.description;
    // Fault decisions follow the new seed; the rules themselves stay until replaced.
    faults.set(faults.list(), seed);
    return description;
  };
  const setFaults = (rules: FaultRule[]) => faults.set(validateFaultRules(rules));
  const recordViolation = (message: string) => {
    if (violations.length < MAX_VIOLATIONS) violations.push(message);
  };

  const server = createServer((req, res) => {
    void (async () => {
      try {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const body = await readBody(req);
        if (url.pathname.startsWith('/_sim/')) {
          send(res, handleControlRequest({
            calls,
            faults: () => faults.list(),
            setFaults,
            scenario: () => description,
            loadScenario,
            violations: () => [...violations],
            scriptReplication: (event) => scriptReplication(estate, event, clock.now()),
          }, req.method ?? 'GET', url.pathname, body, req.headers['content-type']));
          return;
        }
        const request: RawRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body };
        send(res, await handleAwsRequest({
          services,
          clock,
          estate: (): Estate => estate,
          calls,
          faults,
          latency: opts.latency ?? 'default',
          conformance: opts.conformance ?? 'off',
          recordViolation,
          credentialClock: opts.credentialClock ?? Date.now,
        }, request));
      } catch (error) {
        send(res, { status: 500, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: `simulated estate: ${String(error)}` }) });
      }
    })();
  });
  // The SDK keeps connections alive; let them idle out quickly rather than hold close().
  server.keepAliveTimeout = 5000;
  guardListener(server, opts.host ?? '127.0.0.1');

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 4566, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host ?? '127.0.0.1';

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    get scenario() {
      return description;
    },
    loadScenario,
    setFaults,
    calls: () => calls.list(),
    resetCalls: () => calls.reset(),
    conformanceViolations: () => [...violations],
    issuedSecrets: () => estate.secrets(),
    assumedSessions: () => estate.sessions().map(({ arn, sessionPolicy }) => ({ arn, ...(sessionPolicy ? { sessionPolicy } : {}) })),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
