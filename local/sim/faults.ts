/**
 * Fault injection. Rules are checked in order before an operation runs; each
 * matching rule that is not spent fires with its probability (drawn from a
 * PRNG seeded by the scenario seed, so a run is reproducible). Latency rules
 * add up; the first firing error rule decides the response.
 */
import { loadModel } from './models';
import { Prng } from './prng';
import type { FaultRule, ServiceName } from './types';

const SERVICES = ['drs', 'ec2', 'ssm', 'sts'] as const;
const FAULTS = ['throttle', 'server-error', 'access-denied', 'latency'];
const KEYS = new Set(['service', 'operation', 'accountId', 'region', 'fault', 'probability', 'count', 'latencyMs', 'retryAfterSeconds']);

export class FaultRuleError extends Error {
  override readonly name = 'FaultRuleError';
}

/** Checks untrusted input (the control endpoint's body) and returns clean rules. */
export function validateFaultRules(input: unknown): FaultRule[] {
  if (!Array.isArray(input)) throw new FaultRuleError('rules must be an array of fault rules');
  return input.map((raw, i): FaultRule => {
    const at = `rules[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new FaultRuleError(`${at} must be an object`);
    const rule = raw as Record<string, unknown>;
    for (const key of Object.keys(rule)) if (!KEYS.has(key)) throw new FaultRuleError(`${at}.${key} is not a fault rule field`);
    if (!FAULTS.includes(rule.fault as string)) throw new FaultRuleError(`${at}.fault must be one of ${FAULTS.join(', ')}`);
    if (rule.service !== undefined && !(SERVICES as readonly string[]).includes(rule.service as string)) throw new FaultRuleError(`${at}.service must be one of ${SERVICES.join(', ')}`);
    for (const key of ['operation', 'region'] as const) {
      if (rule[key] !== undefined && (typeof rule[key] !== 'string' || rule[key] === '')) throw new FaultRuleError(`${at}.${key} must be a non-empty string`);
    }
    if (typeof rule.operation === 'string') checkOperation(at, rule.service as ServiceName | undefined, rule.operation);
    if (rule.accountId !== undefined && !/^\d{12}$/.test(String(rule.accountId))) throw new FaultRuleError(`${at}.accountId must be a 12-digit account id`);
    if (rule.probability !== undefined && !(typeof rule.probability === 'number' && rule.probability >= 0 && rule.probability <= 1)) {
      throw new FaultRuleError(`${at}.probability must be a number from 0 to 1`);
    }
    if (rule.count !== undefined && !(Number.isInteger(rule.count) && (rule.count as number) > 0)) throw new FaultRuleError(`${at}.count must be a positive integer`);
    if (rule.latencyMs !== undefined && !(Number.isInteger(rule.latencyMs) && (rule.latencyMs as number) >= 0)) {
      throw new FaultRuleError(`${at}.latencyMs must be a non-negative integer`);
    }
    if (rule.fault === 'latency' && rule.latencyMs === undefined) throw new FaultRuleError(`${at}.latencyMs is required for a latency fault`);
    if (rule.retryAfterSeconds !== undefined && !(Number.isInteger(rule.retryAfterSeconds) && (rule.retryAfterSeconds as number) >= 0)) {
      throw new FaultRuleError(`${at}.retryAfterSeconds must be a non-negative integer`);
    }
    return { ...(rule as unknown as FaultRule) };
  });
}

/**
 * A rule must name an operation the service's model has: a misspelt one
 * ("DescribeJob") would match no call and silently inject nothing.
 */
function checkOperation(at: string, service: ServiceName | undefined, operation: string): void {
  const services = service ? [service] : SERVICES;
  if (services.some((name) => operation in loadModel(name).operations)) return;
  throw new FaultRuleError(
    service
      ? `${at}.operation ${operation} is not an operation of ${service}'s model`
      : `${at}.operation ${operation} is not an operation of any simulated service (${SERVICES.join(', ')})`,
  );
}

export interface FaultDecision {
  latencyMs: number;
  error?: { fault: 'throttle' | 'server-error' | 'access-denied'; retryAfterSeconds: number };
}

export class FaultEngine {
  private rules: Array<FaultRule & { remaining: number }> = [];
  private rng: Prng;

  constructor(private seed: number) {
    this.rng = Prng.stream(seed, 'faults');
  }

  /** Replaces the rules and restarts the PRNG, so the same rules give the same decisions. */
  set(rules: FaultRule[], seed = this.seed): void {
    this.seed = seed;
    this.rng = Prng.stream(seed, 'faults');
    this.rules = rules.map((r) => ({ ...r, remaining: r.count ?? Infinity }));
  }

  list(): FaultRule[] {
    return this.rules.map(({ remaining, ...rule }) => ({ ...rule, ...(rule.count !== undefined ? { count: remaining } : {}) }));
  }

  decide(service: ServiceName, operation: string, accountId: string, region: string): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0 };
    for (const rule of this.rules) {
      if (rule.remaining <= 0) continue;
      if (rule.service !== undefined && rule.service !== service) continue;
      if (rule.operation !== undefined && rule.operation !== operation) continue;
      if (rule.accountId !== undefined && rule.accountId !== accountId) continue;
      if (rule.region !== undefined && rule.region !== region) continue;
      if (!this.rng.chance(rule.probability ?? 1)) continue;
      rule.remaining--;
      if (rule.fault === 'latency') {
        decision.latencyMs += rule.latencyMs ?? 0;
        continue;
      }
      decision.error = { fault: rule.fault, retryAfterSeconds: rule.retryAfterSeconds ?? 1 };
      break;
    }
    return decision;
  }
}
