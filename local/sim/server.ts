/**
 * The AWS side of the HTTP server: authenticate from the SigV4 scope, count,
 * inject faults, add latency, advance virtual time, run the operation, check
 * conformance, and answer in the service's wire protocol.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { VirtualClock } from '../clock';
import { guessService, parseCredentialScope, sessionTokenOf } from './auth';
import type { CallCounter } from './calls';
import { checkError, checkInput, checkOutput } from './conformance';
import { commonError, SimError } from './errors';
import type { FaultEngine } from './faults';
import { defaultLatencyMs } from './latency';
import type { RawRequest, WireResponse } from './protocols/types';
import type { RequestContext, ServiceDefinition } from './service';
import type { Estate } from './state/estate';
import { sessionPolicyAllows } from './sts/session-policy';
import type { ServiceName } from './types';

export interface AwsHandlerDeps {
  services: Record<ServiceName, ServiceDefinition>;
  clock: VirtualClock;
  estate: () => Estate;
  calls: CallCounter;
  faults: FaultEngine;
  latency: 'default' | 'none';
  conformance: 'off' | 'enforce';
  recordViolation: (message: string) => void;
  credentialClock: () => number;
}

const DEFAULT_REGION = 'us-east-1';

function isServiceName(name: string): name is ServiceName {
  return name === 'drs' || name === 'ec2' || name === 'ssm' || name === 'sts';
}

export async function handleAwsRequest(deps: AwsHandlerDeps, request: RawRequest): Promise<WireResponse> {
  const requestId = randomUUID();
  const scope = parseCredentialScope(request.headers, request.query);
  const serviceName = scope?.service ?? guessService(request.headers, request.path, request.body);
  if (!isServiceName(serviceName)) {
    return { status: 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: `The simulated estate does not serve ${serviceName}` }) };
  }
  const service = deps.services[serviceName];
  const region = scope?.region ?? DEFAULT_REGION;
  let operation = '(unknown)';
  let accountId = 'unknown';
  try {
    const parsed = service.protocol.parse(request);
    operation = parsed.operation;
    const estate = deps.estate();
    const principal = scope ? estate.principal(scope.accessKeyId) : undefined;
    if (principal) accountId = principal.accountId;
    deps.calls.record(serviceName, operation, accountId, region);
    authenticate(service, scope !== undefined, principal, request.headers, request.query, deps.credentialClock());
    authorizeSession(service, principal!, operation);

    const fault = deps.faults.decide(serviceName, operation, accountId, region);
    const delay = fault.latencyMs + (deps.latency === 'default' ? defaultLatencyMs(serviceName, operation) : 0);
    if (delay > 0) await sleep(delay);
    if (fault.error) throw faultError(service, fault.error.fault, operation, fault.error.retryAfterSeconds, principal!.arn);

    const current = deps.estate();
    current.advance(deps.clock.now());
    const ctx: RequestContext = { estate: current, principal: principal!, accountId, region, now: deps.clock.now(), credentialNow: deps.credentialClock(), requestId };
    const handler = service.operations[operation];
    if (!handler) throw new SimError('NotImplemented', 501, `The simulated estate does not implement ${serviceName} ${operation} yet`);
    service.precondition?.(ctx);
    const problems = checkInput(serviceName, operation, parsed.input);
    if (problems.length > 0) {
      throw service.inputError?.(problems) ?? commonError(service.errors, 'validation', `Invalid request: ${problems.slice(0, 5).join('; ')}`);
    }

    const output = handler(ctx, parsed.input);
    if (deps.conformance === 'enforce') {
      const violations = checkOutput(serviceName, operation, output);
      if (violations.length > 0) {
        violations.forEach(deps.recordViolation);
        throw commonError(service.errors, 'server-error', `Simulated estate conformance violation in ${serviceName} ${operation}: ${violations.slice(0, 3).join('; ')}`);
      }
    }
    return service.protocol.serialize(operation, output, requestId);
  } catch (error) {
    if (operation === '(unknown)') deps.calls.record(serviceName, operation, accountId, region);
    const simError =
      error instanceof SimError
        ? error
        : commonError(service.errors, 'server-error', `Simulated estate failure in ${serviceName} ${operation}: ${error instanceof Error ? error.message : String(error)}`);
    if (deps.conformance === 'enforce') checkError(serviceName, simError).forEach(deps.recordViolation);
    return service.protocol.serializeError(simError, requestId);
  }
}

function authenticate(
  service: ServiceDefinition,
  signed: boolean,
  principal: ReturnType<Estate['principal']>,
  headers: IncomingHttpHeaders,
  query: URLSearchParams,
  now: number,
): void {
  if (!signed) throw commonError(service.errors, 'missing-auth', 'Missing Authentication Token');
  const invalid = () => commonError(service.errors, 'unknown-key', 'The security token included in the request is invalid.');
  if (!principal) throw invalid();
  if (principal.sessionToken !== undefined && sessionTokenOf(headers, query) !== principal.sessionToken) throw invalid();
  if (principal.expiresAt !== undefined && now >= principal.expiresAt) {
    throw commonError(service.errors, 'expired-token', 'The security token included in the request is expired');
  }
}

/**
 * A session created with a session policy may call only what the policy
 * allows. GetCallerIdentity needs no permission in AWS, so it is always allowed.
 */
function authorizeSession(service: ServiceDefinition, principal: NonNullable<ReturnType<Estate['principal']>>, operation: string): void {
  if (!principal.sessionPolicy || (service.name === 'sts' && operation === 'GetCallerIdentity')) return;
  const action = `${service.name}:${operation}`;
  if (!sessionPolicyAllows(principal.sessionPolicy, action)) {
    throw commonError(service.errors, 'access-denied', `User: ${principal.arn} is not authorized to perform: ${action} because no session policy allows the ${action} action`);
  }
}

function faultError(service: ServiceDefinition, fault: 'throttle' | 'server-error' | 'access-denied', operation: string, retryAfterSeconds: number, arn: string): SimError {
  switch (fault) {
    case 'throttle':
      return commonError(service.errors, 'throttle', 'Rate exceeded', { retryAfterSeconds });
    case 'server-error':
      return commonError(service.errors, 'server-error', 'An internal error occurred (injected fault)');
    case 'access-denied':
      return commonError(
        service.errors,
        'access-denied',
        `User: ${arn} is not authorized to perform: ${service.name}:${operation} (injected fault)`,
      );
  }
}
