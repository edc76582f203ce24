/**
 * Control endpoints under /_sim/ for tests, benchmarks and operators:
 *   GET    /_sim/health            200 { status: 'ok' }
 *   GET    /_sim/calls             { calls: CallCount[], total }
 *   DELETE /_sim/calls             resets the counters
 *   GET    /_sim/faults            { rules }
 *   PUT    /_sim/faults            body { rules: FaultRule[] }; 400 on bad input
 *   GET    /_sim/scenario          the loaded ScenarioDescription
 *   POST   /_sim/scenario          body { name, seed?, options? }; loads it
 *   GET    /_sim/conformance       { violations }
 *   POST   /_sim/replication       body { sourceServerID | hostname, action, afterSeconds?, error?, rawError? };
 *                                  scripts a server's replication (drs/replication-script.ts); 400 bad input, 404 unknown server
 *
 * Bodies must be `application/json` (415 otherwise): a web page can send a
 * text/plain POST cross-origin without a preflight, a JSON one it cannot.
 * Host and Origin are checked in front of this (local/listener-guard.ts).
 */
import type { CallCounter } from './calls';
import { parseReplicationEvent, type ReplicationEvent, ReplicationScriptError, type ScriptedReplication } from './drs/replication-script';
import { FaultRuleError, validateFaultRules } from './faults';
import type { WireResponse } from './protocols/types';
import { ScenarioError } from './scenarios';
import type { FaultRule, ScenarioDescription } from './types';

export interface ControlDeps {
  calls: CallCounter;
  faults: () => FaultRule[];
  setFaults: (rules: FaultRule[]) => void;
  scenario: () => ScenarioDescription;
  loadScenario: (name: string, seed?: number, options?: Record<string, unknown>) => ScenarioDescription;
  violations: () => string[];
  scriptReplication: (event: ReplicationEvent) => ScriptedReplication;
}

const json = (status: number, body: unknown): WireResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

class UnsupportedMediaTypeError extends Error {
  override readonly name = 'UnsupportedMediaTypeError';
}

function parseBody(body: string, contentType: string | undefined): Record<string, unknown> {
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw new UnsupportedMediaTypeError(`the body must be sent as application/json, not ${mediaType || 'without a content type'}`);
  }
  let parsed: unknown;
  try {
    parsed = body.trim() === '' ? {} : JSON.parse(body);
  } catch {
    throw new FaultRuleError('the body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new FaultRuleError('the body must be a JSON object');
  return parsed as Record<string, unknown>;
}

export function handleControlRequest(deps: ControlDeps, method: string, path: string, body: string, contentType: string | undefined): WireResponse {
  try {
    const route = `${method} ${path.replace(/\/+$/, '')}`;
    switch (route) {
      case 'GET /_sim/health':
        return json(200, { status: 'ok' });
      case 'GET /_sim/calls':
        return json(200, { calls: deps.calls.list(), total: deps.calls.total() });
      case 'DELETE /_sim/calls':
        deps.calls.reset();
        return json(200, { calls: [], total: 0 });
      case 'GET /_sim/faults':
        return json(200, { rules: deps.faults() });
      case 'PUT /_sim/faults': {
        const rules = validateFaultRules(parseBody(body, contentType).rules);
        deps.setFaults(rules);
        return json(200, { rules: deps.faults() });
      }
      case 'GET /_sim/scenario':
        return json(200, deps.scenario());
      case 'POST /_sim/scenario': {
        const { name, seed, options } = parseBody(body, contentType);
        if (typeof name !== 'string') return json(400, { message: 'name must be a string' });
        if (seed !== undefined && typeof seed !== 'number') return json(400, { message: 'seed must be a number' });
        if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
          return json(400, { message: 'options must be an object' });
        }
        return json(200, deps.loadScenario(name, seed, options as Record<string, unknown> | undefined));
      }
      case 'GET /_sim/conformance':
        return json(200, { violations: deps.violations() });
      case 'POST /_sim/replication':
        return json(200, deps.scriptReplication(parseReplicationEvent(parseBody(body, contentType), 'body')));
      default:
        return json(404, { message: `no control endpoint ${method} ${path}` });
    }
  } catch (error) {
    if (error instanceof UnsupportedMediaTypeError) return json(415, { message: error.message });
    if (error instanceof FaultRuleError || error instanceof ScenarioError) return json(400, { message: error.message });
    if (error instanceof ReplicationScriptError) return json(error.status, { message: error.message });
    throw error;
  }
}
