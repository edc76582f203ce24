/**
 * The scenario registry. A scenario is a pure function of (name, seed,
 * options, virtual now): the same inputs give the same estate, ids included.
 *
 * Options every scenario accepts (job behaviour from the moment of loading):
 *   launchFailureRate     0..1  probability that a server's launch fails
 *   stuckJobRate          0..1  probability that a launch job never completes
 *   failLaunchHostnames   string[]  hostnames whose launches always fail
 *   stuckLaunchHostnames  string[]  hostnames whose launch jobs always get stuck
 *   replicationEvents     Array<{ sourceServerID | hostname, action, afterSeconds?, error?, rawError? }>
 *                         replication changes scripted from the moment of loading (drs/replication-script.ts)
 *   sourceServerQuota     integer   source servers an account may hold per region (default 4000);
 *                         CreateExtendedSourceServer answers ServiceQuotaExceededException past it
 * The scale scenario also takes recoveryInstances, accounts and regions; the
 * regions scenario takes serversPerRegion and stagingServersPerRegion.
 */
import { parseReplicationEvent, type ReplicationEvent, ReplicationScriptError, scriptReplication } from '../drs/replication-script';
import { DEFAULT_BEHAVIOUR, DEFAULT_SOURCE_SERVER_QUOTA, type Estate, type EstateBehaviour } from '../state/estate';
import type { ScenarioDescription } from '../types';
import { ScenarioBuilder } from './builder';
import { SCALE_REGIONS } from './catalog';
import { buildDemo, HUB_ACCOUNT } from './demo';
import { buildRegions } from './regions';
import { buildScale } from './scale';

export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
}

export const SCENARIO_NAMES = ['demo', 'scale', 'regions', 'empty'] as const;

const BEHAVIOUR_KEYS = ['launchFailureRate', 'stuckJobRate', 'failLaunchHostnames', 'stuckLaunchHostnames', 'replicationEvents', 'sourceServerQuota'];
const SCALE_KEYS = ['recoveryInstances', 'accounts', 'regions'];
const REGIONS_KEYS = ['serversPerRegion', 'stagingServersPerRegion'];

function rate(options: Record<string, unknown>, key: string): number {
  const value = options[key] ?? 0;
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new ScenarioError(`option ${key} must be a number from 0 to 1`);
  return value;
}

function hostnames(options: Record<string, unknown>, key: string): string[] {
  const value = options[key] ?? [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new ScenarioError(`option ${key} must be an array of hostnames`);
  return value as string[];
}

function integer(options: Record<string, unknown>, key: string, fallback: number, min: number, max: number): number {
  const value = options[key] ?? fallback;
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) throw new ScenarioError(`option ${key} must be an integer from ${min} to ${max}`);
  return value as number;
}

function parseReplicationEvents(options: Record<string, unknown>): ReplicationEvent[] {
  const value = options.replicationEvents ?? [];
  if (!Array.isArray(value)) throw new ScenarioError('option replicationEvents must be an array');
  try {
    return value.map((event, i) => parseReplicationEvent(event, `replicationEvents[${i}]`));
  } catch (error) {
    if (error instanceof ReplicationScriptError) throw new ScenarioError(`option ${error.message}`);
    throw error;
  }
}

function parseBehaviour(options: Record<string, unknown>): EstateBehaviour {
  return {
    ...DEFAULT_BEHAVIOUR,
    launchFailureRate: rate(options, 'launchFailureRate'),
    stuckJobRate: rate(options, 'stuckJobRate'),
    failLaunchHostnames: hostnames(options, 'failLaunchHostnames'),
    stuckLaunchHostnames: hostnames(options, 'stuckLaunchHostnames'),
  };
}

export function buildScenario(
  name: string,
  seed: number,
  options: Record<string, unknown>,
  now: number,
): { estate: Estate; description: ScenarioDescription } {
  if (!Number.isSafeInteger(seed)) throw new ScenarioError(`seed must be an integer, got ${seed}`);
  const allowed = name === 'scale' ? [...BEHAVIOUR_KEYS, ...SCALE_KEYS] : name === 'regions' ? [...BEHAVIOUR_KEYS, ...REGIONS_KEYS] : BEHAVIOUR_KEYS;
  for (const key of Object.keys(options)) if (!allowed.includes(key)) throw new ScenarioError(`scenario ${name} has no option ${key}`);
  const behaviour = parseBehaviour(options);
  const replicationEvents = parseReplicationEvents(options);
  let builder: ScenarioBuilder;
  switch (name) {
    case 'demo':
      builder = buildDemo(seed, now);
      break;
    case 'scale':
      builder = buildScale(seed, now, {
        recoveryInstances: integer(options, 'recoveryInstances', 1000, 1, 20000),
        accounts: integer(options, 'accounts', 2, 1, 8),
        regions: integer(options, 'regions', 3, 1, SCALE_REGIONS.length),
      });
      break;
    case 'regions':
      builder = buildRegions(seed, now, { serversPerRegion: integer(options, 'serversPerRegion', 20, 1, 2000), stagingServersPerRegion: integer(options, 'stagingServersPerRegion', 0, 0, 300) });
      break;
    case 'empty':
      builder = new ScenarioBuilder('empty', seed, now, HUB_ACCOUNT);
      builder.addAccount(HUB_ACCOUNT, ['us-east-1']);
      builder.addAccount('222222222222', ['us-east-1', 'us-west-2']);
      builder.addAccount('333333333333', ['us-east-1', 'eu-west-1']);
      break;
    default:
      throw new ScenarioError(`unknown scenario ${JSON.stringify(name)}; known: ${SCENARIO_NAMES.join(', ')}`);
  }
  // Applied in time order, so a later event builds on an earlier one (stall, then recover).
  const ordered = replicationEvents.map((event, i) => ({ event, i })).sort((a, b) => a.event.afterSeconds - b.event.afterSeconds || a.i - b.i);
  for (const { event, i } of ordered) {
    try {
      scriptReplication(builder.estate, event, now);
    } catch (error) {
      if (error instanceof ReplicationScriptError) throw new ScenarioError(`option replicationEvents[${i}]: ${error.message}`);
      throw error;
    }
  }
  builder.estate.sourceServerQuota = integer(options, 'sourceServerQuota', DEFAULT_SOURCE_SERVER_QUOTA, 1, 100_000);
  return builder.build(behaviour);
}
