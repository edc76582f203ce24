/**
 * DRS capacity of target accounts and their staging accounts, and the DRS
 * quotas, in the original platform's shapes (CombinedCapacityData,
 * DRSQuotaStatus). DRS limits: 300 replicating servers per account and
 * region, 20 concurrent jobs and 500 servers in active jobs per account and
 * region, 100 servers per job, 4000 source servers.
 */
import type { FromSchema } from 'json-schema-to-ts';
import { accountIdSchema, isoDateTimeSchema, regionSchema } from '../common';

const count = { type: 'integer', minimum: 0 } as const;
const percent = { type: 'number', minimum: 0 } as const;
export const CAPACITY_STATUSES = ['OK', 'INFO', 'WARNING', 'CRITICAL', 'HYPER-CRITICAL'] as const;

const slotsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['current', 'max', 'available'],
  properties: { current: count, max: count, available: { type: 'integer' } },
} as const;

export const accountCapacitySchema = {
  title: 'AccountCapacity',
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'accountName', 'accountType', 'replicatingServers', 'totalServers', 'maxReplicating', 'percentUsed', 'availableSlots', 'status', 'regionalBreakdown', 'warnings', 'accessible'],
  properties: {
    accountId: accountIdSchema,
    accountName: { type: 'string' },
    accountType: { type: 'string', enum: ['target', 'staging'] },
    replicatingServers: { ...count, description: 'Replicating servers in the account, all regions.' },
    totalServers: count,
    maxReplicating: { ...count, description: 'The DRS limit, 300, which applies per region.' },
    percentUsed: { ...percent, description: 'Of the 300, in the account’s busiest region.' },
    availableSlots: { type: 'integer', description: 'Left in the busiest region.' },
    status: { type: 'string', enum: CAPACITY_STATUSES },
    regionalBreakdown: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['region', 'totalServers', 'replicatingServers'],
        properties: { region: regionSchema, totalServers: count, replicatingServers: count },
      },
    },
    warnings: { type: 'array', items: { type: 'string' } },
    accessible: { type: 'boolean' },
    error: { type: 'string' },
  },
} as const;
export type AccountCapacity = FromSchema<typeof accountCapacitySchema>;

export const combinedCapacitySchema = {
  title: 'CombinedCapacityData',
  type: 'object',
  additionalProperties: false,
  required: ['combined', 'accounts', 'recoveryCapacity', 'concurrentJobs', 'serversInJobs', 'maxServersPerJob', 'warnings', 'timestamp'],
  properties: {
    combined: {
      type: 'object',
      additionalProperties: false,
      required: ['totalReplicating', 'maxReplicating', 'percentUsed', 'status', 'message', 'availableSlots'],
      properties: {
        totalReplicating: count,
        maxReplicating: { ...count, description: '300 per account (target and staging).' },
        percentUsed: percent,
        status: { type: 'string', enum: CAPACITY_STATUSES },
        message: { type: 'string' },
        availableSlots: { type: 'integer' },
      },
    },
    accounts: { type: 'array', items: accountCapacitySchema },
    recoveryCapacity: {
      type: 'object',
      additionalProperties: false,
      required: ['currentServers', 'maxRecoveryInstances', 'percentUsed', 'availableSlots', 'status'],
      properties: { currentServers: count, maxRecoveryInstances: count, percentUsed: percent, availableSlots: { type: 'integer' }, status: { type: 'string', enum: ['OK', 'WARNING', 'CRITICAL'] } },
    },
    concurrentJobs: { ...slotsSchema, description: 'Active DRS jobs in the busiest target account-region, against 20.' },
    serversInJobs: { ...slotsSchema, description: 'Servers in active jobs in the busiest target account-region, against 500.' },
    maxServersPerJob: {
      type: 'object',
      additionalProperties: false,
      required: ['current', 'max', 'available', 'status', 'message'],
      properties: { current: count, max: count, available: { type: 'integer' }, jobId: { type: 'string' }, status: { type: 'string' }, message: { type: 'string' } },
    },
    warnings: { type: 'array', items: { type: 'string' } },
    timestamp: isoDateTimeSchema,
  },
} as const;
export type CombinedCapacity = FromSchema<typeof combinedCapacitySchema>;

export const drsQuotasQuerySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'region'],
  properties: { accountId: accountIdSchema, region: regionSchema },
} as const;
export type DrsQuotasQuery = FromSchema<typeof drsQuotasQuerySchema>;

export const drsQuotaStatusSchema = {
  title: 'DRSQuotaStatus',
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'region', 'limits', 'capacity', 'concurrentJobs', 'serversInJobs'],
  properties: {
    accountId: accountIdSchema,
    accountName: { type: 'string' },
    region: regionSchema,
    limits: {
      type: 'object',
      additionalProperties: false,
      required: ['MAX_SERVERS_PER_JOB', 'MAX_CONCURRENT_JOBS', 'MAX_SERVERS_IN_ALL_JOBS', 'MAX_REPLICATING_SERVERS', 'MAX_SOURCE_SERVERS', 'WARNING_REPLICATING_THRESHOLD', 'CRITICAL_REPLICATING_THRESHOLD'],
      properties: {
        MAX_SERVERS_PER_JOB: count,
        MAX_CONCURRENT_JOBS: count,
        MAX_SERVERS_IN_ALL_JOBS: count,
        MAX_REPLICATING_SERVERS: count,
        MAX_SOURCE_SERVERS: count,
        WARNING_REPLICATING_THRESHOLD: count,
        CRITICAL_REPLICATING_THRESHOLD: count,
      },
    },
    capacity: {
      type: 'object',
      additionalProperties: false,
      required: ['totalSourceServers', 'replicatingServers', 'maxReplicatingServers', 'maxSourceServers', 'availableReplicatingSlots', 'status', 'message'],
      properties: {
        totalSourceServers: count,
        replicatingServers: count,
        maxReplicatingServers: count,
        maxSourceServers: count,
        availableReplicatingSlots: { type: 'integer' },
        status: { type: 'string', enum: ['OK', 'INFO', 'WARNING', 'CRITICAL', 'UNKNOWN'] },
        message: { type: 'string' },
        error: { type: 'string' },
      },
    },
    concurrentJobs: {
      type: 'object',
      additionalProperties: false,
      required: ['current', 'max', 'available'],
      properties: { current: { type: ['integer', 'null'] }, max: count, available: { type: ['integer', 'null'] } },
    },
    serversInJobs: { type: 'object', additionalProperties: false, required: ['current', 'max'], properties: { current: { type: ['integer', 'null'] }, max: count } },
  },
} as const;
export type DrsQuotaStatus = FromSchema<typeof drsQuotaStatusSchema>;
