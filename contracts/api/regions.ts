import type { FromSchema } from 'json-schema-to-ts';
import { accountIdSchema, isoDateTimeSchema, regionSchema } from '../common';

/**
 * The estate's regions as the region status table knows them (what the last
 * scans found). These reads never ask DRS: a scan of 28 regions per request
 * is what the active-region filter exists to avoid.
 */

const lastErrorSchema = {
  type: ['object', 'null'],
  additionalProperties: false,
  required: ['errorName', 'message', 'at'],
  properties: { errorName: { type: 'string' }, message: { type: 'string' }, at: isoDateTimeSchema },
  description: 'The last scan failure, null after a successful scan or before any.',
} as const;

/** active: DRS holds source servers there; inactive: scanned, none (or DRS not initialized); unknown: never scanned. */
export const regionActivitySchema = { type: 'string', enum: ['active', 'inactive', 'unknown'] } as const;

export const drsRegionStatusSchema = {
  title: 'DrsRegionStatus',
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'accountName', 'region', 'registered', 'status', 'serverCount', 'initialized', 'lastChecked', 'lastError'],
  properties: {
    accountId: accountIdSchema,
    accountName: { type: 'string' },
    region: regionSchema,
    registered: { type: 'boolean', description: 'The account is registered in this region (the syncs scan only registered regions).' },
    status: regionActivitySchema,
    serverCount: { type: ['integer', 'null'], minimum: 0, description: 'Source servers at the last scan; null before any.' },
    initialized: { type: ['boolean', 'null'], description: 'DRS was initialized at the last scan; null before any.' },
    lastChecked: { ...isoDateTimeSchema, type: ['string', 'null'] },
    lastError: lastErrorSchema,
  },
} as const;
export type DrsRegionStatus = FromSchema<typeof drsRegionStatusSchema>;

export const drsRegionsQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    accountId: accountIdSchema,
    status: regionActivitySchema,
    registered: { type: 'string', enum: ['true', 'false'], description: 'Only registered (true) or unregistered (false) regions.' },
  },
} as const;
export type DrsRegionsQuery = FromSchema<typeof drsRegionsQuerySchema>;

export const drsRegionListSchema = {
  title: 'DrsRegionList',
  type: 'object',
  additionalProperties: false,
  required: ['regions', 'summary'],
  properties: {
    regions: { type: 'array', items: drsRegionStatusSchema, description: 'Every DRS region × registered account, account then region order.' },
    summary: {
      type: 'object',
      additionalProperties: false,
      required: ['accounts', 'regions', 'active', 'inactive', 'unknown', 'serverCount'],
      properties: {
        accounts: { type: 'integer', minimum: 0 },
        regions: { type: 'integer', minimum: 0, description: 'Rows listed.' },
        active: { type: 'integer', minimum: 0 },
        inactive: { type: 'integer', minimum: 0 },
        unknown: { type: 'integer', minimum: 0 },
        serverCount: { type: 'integer', minimum: 0 },
      },
    },
  },
} as const;
export type DrsRegionList = FromSchema<typeof drsRegionListSchema>;

export const drsServiceQuerySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['region'],
  properties: { region: regionSchema, accountId: { ...accountIdSchema, description: 'The target account; the hub account when absent.' } },
} as const;
export type DrsServiceQuery = FromSchema<typeof drsServiceQuerySchema>;

export const drsServiceStatusSchema = {
  title: 'DrsServiceStatus',
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'region', 'initialized', 'status', 'serverCount', 'lastChecked', 'lastError'],
  properties: {
    accountId: accountIdSchema,
    region: regionSchema,
    initialized: { type: ['boolean', 'null'], description: 'Null when the region was never scanned.' },
    status: { type: 'string', enum: ['INITIALIZED', 'NOT_INITIALIZED', 'UNKNOWN'] },
    serverCount: { type: ['integer', 'null'], minimum: 0 },
    lastChecked: { ...isoDateTimeSchema, type: ['string', 'null'] },
    lastError: lastErrorSchema,
  },
} as const;
export type DrsServiceStatus = FromSchema<typeof drsServiceStatusSchema>;

export const drsAccountSchema = {
  title: 'DrsAccount',
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'accountName', 'isCurrentAccount', 'regions', 'activeRegions', 'initializedRegions', 'serverCount', 'lastChecked'],
  properties: {
    accountId: accountIdSchema,
    accountName: { type: 'string' },
    isCurrentAccount: { type: 'boolean', description: 'The hub account the orchestrator runs in.' },
    regions: { type: 'array', items: regionSchema, description: 'The regions the account is registered in.' },
    activeRegions: { type: 'array', items: regionSchema, description: 'Regions with source servers at the last scan.' },
    initializedRegions: { type: 'array', items: regionSchema, description: 'Regions where DRS was initialized at the last scan.' },
    serverCount: { type: 'integer', minimum: 0 },
    lastChecked: { ...isoDateTimeSchema, type: ['string', 'null'], description: 'The oldest scan among its registered regions; null if one was never scanned.' },
  },
} as const;

export const drsAccountListSchema = {
  title: 'DrsAccountList',
  type: 'object',
  additionalProperties: false,
  required: ['accounts'],
  properties: { accounts: { type: 'array', items: drsAccountSchema } },
} as const;
export type DrsAccountList = FromSchema<typeof drsAccountListSchema>;
