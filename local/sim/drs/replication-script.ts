/**
 * Scripted replication changes, shared by the /_sim/replication control
 * endpoint and the `replicationEvents` scenario option:
 *   { sourceServerID | hostname, action, afterSeconds?, error?, rawError? }
 * `action` is one of REPLICATION_ACTIONS; it takes effect `afterSeconds`
 * (default 0) of virtual time from now and replaces whatever the server's
 * timeline held from then on. `error` (a DataReplicationErrorString) and
 * `rawError` only apply to `stall`.
 */
import type { DataReplicationErrorString } from '@aws-sdk/client-drs';
import type { Estate } from '../state/estate';
import type { SourceServerRecord } from '../state/records';
import { applyReplicationAction, DEFAULT_STALL_ERROR, REPLICATION_ACTIONS, type ReplicationAction, segmentAt } from './replication';

export class ReplicationScriptError extends Error {
  override readonly name = 'ReplicationScriptError';
  constructor(message: string, readonly status: 400 | 404 = 400) {
    super(message);
  }
}

/** The model's DataReplicationErrorString enum. */
const REPLICATION_ERRORS: readonly DataReplicationErrorString[] = [
  'AGENT_NOT_SEEN',
  'SNAPSHOTS_FAILURE',
  'NOT_CONVERGING',
  'UNSTABLE_NETWORK',
  'FAILED_TO_CREATE_SECURITY_GROUP',
  'FAILED_TO_LAUNCH_REPLICATION_SERVER',
  'FAILED_TO_BOOT_REPLICATION_SERVER',
  'FAILED_TO_AUTHENTICATE_WITH_SERVICE',
  'FAILED_TO_DOWNLOAD_REPLICATION_SOFTWARE',
  'FAILED_TO_CREATE_STAGING_DISKS',
  'FAILED_TO_ATTACH_STAGING_DISKS',
  'FAILED_TO_PAIR_REPLICATION_SERVER_WITH_AGENT',
  'FAILED_TO_CONNECT_AGENT_TO_REPLICATION_SERVER',
  'FAILED_TO_START_DATA_TRANSFER',
];

/** A week: scripting further ahead than snapshots are kept is almost certainly a unit mistake. */
const MAX_AFTER_SECONDS = 7 * 86_400;

export interface ReplicationEvent {
  sourceServerID?: string;
  hostname?: string;
  action: ReplicationAction;
  afterSeconds: number;
  error?: DataReplicationErrorString;
  rawError?: string;
}

export function parseReplicationEvent(value: unknown, where = 'event'): ReplicationEvent {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ReplicationScriptError(`${where} must be an object`);
  const v = value as Record<string, unknown>;
  const known = ['sourceServerID', 'hostname', 'action', 'afterSeconds', 'error', 'rawError'];
  for (const key of Object.keys(v)) if (!known.includes(key)) throw new ReplicationScriptError(`${where} has no field ${key}`);
  if ((v.sourceServerID === undefined) === (v.hostname === undefined)) throw new ReplicationScriptError(`${where} needs exactly one of sourceServerID and hostname`);
  if (v.sourceServerID !== undefined && typeof v.sourceServerID !== 'string') throw new ReplicationScriptError(`${where}.sourceServerID must be a string`);
  if (v.hostname !== undefined && typeof v.hostname !== 'string') throw new ReplicationScriptError(`${where}.hostname must be a string`);
  if (!REPLICATION_ACTIONS.includes(v.action as ReplicationAction)) throw new ReplicationScriptError(`${where}.action must be one of ${REPLICATION_ACTIONS.join(', ')}`);
  const after = v.afterSeconds ?? 0;
  if (typeof after !== 'number' || !Number.isInteger(after) || after < 0 || after > MAX_AFTER_SECONDS) {
    throw new ReplicationScriptError(`${where}.afterSeconds must be an integer from 0 to ${MAX_AFTER_SECONDS}`);
  }
  if (v.error !== undefined && !REPLICATION_ERRORS.includes(v.error as DataReplicationErrorString)) throw new ReplicationScriptError(`${where}.error must be one of ${REPLICATION_ERRORS.join(', ')}`);
  if (v.rawError !== undefined && (typeof v.rawError !== 'string' || v.rawError.length > 1000)) throw new ReplicationScriptError(`${where}.rawError must be a string of at most 1000 characters`);
  if ((v.error !== undefined || v.rawError !== undefined) && v.action !== 'stall') throw new ReplicationScriptError(`${where}.error and rawError only apply to action stall`);
  return {
    ...(v.sourceServerID !== undefined ? { sourceServerID: v.sourceServerID as string } : {}),
    ...(v.hostname !== undefined ? { hostname: v.hostname as string } : {}),
    action: v.action as ReplicationAction,
    afterSeconds: after,
    ...(v.error !== undefined ? { error: v.error as DataReplicationErrorString } : {}),
    ...(v.rawError !== undefined ? { rawError: v.rawError as string } : {}),
  };
}

function findServer(estate: Estate, event: ReplicationEvent): SourceServerRecord {
  const matches: SourceServerRecord[] = [];
  for (const region of estate.allRegions()) {
    for (const s of region.sourceServers.values()) {
      if (event.sourceServerID !== undefined ? s.sourceServerId === event.sourceServerID : s.hostname === event.hostname) matches.push(s);
    }
  }
  const name = event.sourceServerID ?? `hostname ${event.hostname}`;
  if (matches.length === 0) throw new ReplicationScriptError(`no source server ${name}`, 404);
  if (matches.length > 1) throw new ReplicationScriptError(`${name} matches ${matches.length} source servers; use sourceServerID`);
  return matches[0]!;
}

export interface ScriptedReplication {
  sourceServerID: string;
  hostname: string;
  action: ReplicationAction;
  at: string;
  /** The server's state now and the scripted timeline from now on. */
  stateNow: string;
  upcoming: Array<{ state: string; from: string }>;
}

export function scriptReplication(estate: Estate, event: ReplicationEvent, now: number): ScriptedReplication {
  const server = findServer(estate, event);
  const at = now + event.afterSeconds * 1000;
  const error = event.action === 'stall' ? { error: event.error ?? DEFAULT_STALL_ERROR.error, rawError: event.rawError ?? DEFAULT_STALL_ERROR.rawError } : undefined;
  applyReplicationAction(server.replication, event.action, at, { totalBytes: server.disks.reduce((n, d) => n + d.bytes, 0), ...(error ? { error } : {}) });
  return {
    sourceServerID: server.sourceServerId,
    hostname: server.hostname,
    action: event.action,
    at: new Date(at).toISOString(),
    stateNow: segmentAt(server.replication, now).state,
    upcoming: server.replication.segments.filter((s) => s.at > now).map((s) => ({ state: s.state, from: new Date(s.at).toISOString() })),
  };
}
