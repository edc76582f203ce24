import {
  addStagingAccountRequestSchema,
  stagingAccountDiscoverySchema,
  stagingAccountOperationResponseSchema,
  stagingAccountPathSchema,
  stagingAccountSyncRunSchema,
  stagingAccountSyncStartSchema,
  stagingAccountSyncStatusSchema,
  stagingAccountValidationSchema,
  validateStagingAccountRequestSchema,
  type AddStagingAccountRequest,
  type StagingAccountDiscovery,
  type StagingAccountOperationResponse,
  type StagingAccountPath,
  type StagingAccountSyncRun,
  type StagingAccountSyncStart,
  type StagingAccountSyncStatus,
  type StagingAccountValidation,
  type ValidateStagingAccountRequest,
} from '../../contracts/api/staging-accounts';
import { targetAccountPathSchema, type TargetAccountPath } from '../../contracts/api/target-accounts';
import { MAX_STAGING_ACCOUNTS, type StagingAccountRecord } from '../../contracts/records/target-account';
import { ConflictError, InputValidationError, NotFoundError } from '../../lib/errors';
import { pickSchemaFields } from '../../contracts/api/recovery-instances';
import { logger } from '../../lib/observability';
import { ActiveRegionFilter } from '../../lib/regions/active-region-filter';
import { defineRoute, type Route } from '../framework/route';
import { discoverStagingAccounts } from '../staging-accounts/discover';
import { presentStagingAccount } from '../staging-accounts/present';
import { validateStagingAccount } from '../staging-accounts/validate';

const TAG = 'Staging accounts';

const answer = (message: string, list: readonly StagingAccountRecord[]): StagingAccountOperationResponse => ({
  success: true,
  message,
  stagingAccounts: list.map(presentStagingAccount),
});

/**
 * Staging accounts of a target account (original platform routes and shapes):
 * accounts whose servers replicate there and which the target account extends
 * them from. The list lives in the target account record.
 */
export const stagingAccountRoutes: readonly Route[] = [
  defineRoute<{ path: TargetAccountPath; body: AddStagingAccountRequest; response: StagingAccountOperationResponse }>({
    operationId: 'add_staging_account',
    method: 'POST',
    path: '/accounts/targets/{id}/staging-accounts',
    tag: TAG,
    summary: 'Add a staging account to a target account',
    description:
      'Stores the staging account (its role and ExternalId are what capacity reads assume; extending happens from the target account). Run validate_staging_account first. The staging-account sync then extends its servers into the target account.',
    access: 'Admin',
    effect: 'write',
    pathSchema: targetAccountPathSchema,
    bodySchema: addStagingAccountRequestSchema,
    response: { status: 200, description: 'The staging account was added; the whole list as stored.', schema: stagingAccountOperationResponseSchema },
    errors: [409],
    handle: async ({ pathParams, body, principal }, { targetAccounts, now }) => {
      if (body.targetAccountId !== undefined && body.targetAccountId !== pathParams.id) {
        throw new InputValidationError(`targetAccountId ${body.targetAccountId} does not match the path account ${pathParams.id}`);
      }
      const { stagingAccount } = body;
      if (stagingAccount.accountId === pathParams.id) throw new InputValidationError('A target account cannot be its own staging account');
      const current = await targetAccounts.require(pathParams.id);
      const list = current.stagingAccounts ?? [];
      if (list.some((s) => s.accountId === stagingAccount.accountId)) {
        throw new ConflictError(`Staging account ${stagingAccount.accountId} already exists for target account ${pathParams.id}`);
      }
      if (list.length >= MAX_STAGING_ACCOUNTS) throw new ConflictError(`Target account ${pathParams.id} already has ${MAX_STAGING_ACCOUNTS} staging accounts, the most allowed`);
      const at = now().toISOString();
      const next = [...list, { ...stagingAccount, addedAt: at, addedBy: principal.username.slice(0, 256) }];
      await targetAccounts.setStagingAccounts(pathParams.id, next, current.updatedAt, at);
      logger.info('Staging account added', { targetAccountId: pathParams.id, stagingAccountId: stagingAccount.accountId, by: principal.username });
      return answer(`Added staging account ${stagingAccount.accountName}`, next);
    },
  }),

  defineRoute<{ path: StagingAccountPath; response: StagingAccountOperationResponse }>({
    operationId: 'remove_staging_account',
    method: 'DELETE',
    path: '/accounts/targets/{id}/staging-accounts/{stagingId}',
    tag: TAG,
    summary: 'Remove a staging account from a target account',
    description: 'Only the registration goes: servers already extended stay extended in DRS. Answers the remaining list (200, as the original platform does).',
    access: 'Admin',
    effect: 'write',
    pathSchema: stagingAccountPathSchema,
    response: { status: 200, description: 'The staging account was removed; the remaining list.', schema: stagingAccountOperationResponseSchema },
    errors: [409],
    handle: async ({ pathParams, principal }, { targetAccounts, now }) => {
      const current = await targetAccounts.require(pathParams.id);
      const list = current.stagingAccounts ?? [];
      const removed = list.find((s) => s.accountId === pathParams.stagingId);
      if (!removed) throw new NotFoundError(`Staging account ${pathParams.stagingId} is not configured for target account ${pathParams.id}`);
      const next = list.filter((s) => s !== removed);
      await targetAccounts.setStagingAccounts(pathParams.id, next, current.updatedAt, now().toISOString());
      logger.info('Staging account removed', { targetAccountId: pathParams.id, stagingAccountId: pathParams.stagingId, by: principal.username });
      return answer(`Removed staging account ${removed.accountName}`, next);
    },
  }),

  defineRoute<{ path: TargetAccountPath; response: StagingAccountDiscovery }>({
    operationId: 'discover_staging_accounts',
    method: 'GET',
    path: '/accounts/targets/{id}/staging-accounts/discover',
    tag: TAG,
    summary: 'Staging accounts DRS knows for a target account',
    description:
      'DRS ListStagingAccounts in the account’s active regions: the staging accounts it already has extended servers from, each marked configured or not. Read-only; a region that fails is listed in errors.',
    access: 'ReadOnly',
    effect: 'read',
    pathSchema: targetAccountPathSchema,
    response: { status: 200, description: 'What DRS answered, per staging account.', schema: stagingAccountDiscoverySchema },
    handle: async ({ pathParams }, { targetAccounts, awsClients, regionStatus, now }) => {
      const account = await targetAccounts.require(pathParams.id);
      return discoverStagingAccounts(account, { awsClients, activeRegions: new ActiveRegionFilter({ statuses: regionStatus, now }) });
    },
  }),

  defineRoute<{ path: TargetAccountPath; response: StagingAccountSyncStart }>({
    operationId: 'sync_staging_accounts',
    method: 'POST',
    path: '/accounts/targets/{id}/staging-accounts/sync',
    tag: TAG,
    summary: 'Run the staging-account sync for a target account now',
    description:
      'Starts the staging-account-sync state machine for this account and answers at once. It extends the extensible servers of the account’s staging accounts in its active regions; refusals (quota, default EBS key) become findings in the run record. A run that finds the account locked by another skips it.',
    access: 'Operator',
    effect: 'write',
    pathSchema: targetAccountPathSchema,
    response: { status: 202, description: 'The staging-account-sync execution was started.', schema: stagingAccountSyncStartSchema },
    errors: [502, 503],
    handle: async ({ pathParams, principal, requestId }, { targetAccounts, startStagingAccountSync }) => {
      await targetAccounts.require(pathParams.id);
      const started = await startStagingAccountSync(pathParams.id, `api:${principal.kind}:${principal.username}`);
      logger.info('Staging-account sync started', { targetAccountId: pathParams.id, executionArn: started.executionArn, by: principal.username, requestId });
      return started;
    },
  }),

  defineRoute<{ response: StagingAccountSyncStatus }>({
    operationId: 'get_staging_account_sync_status',
    method: 'GET',
    path: '/staging-accounts/sync/status',
    tag: TAG,
    summary: 'How the staging-account sync has been doing',
    description: 'The last 10 runs (all target accounts), newest first: counts (extensible, extended, notExtended, accountsSynced, accountsSkipped), per account-region results, errors and the findings with their remedies (quota reached, default EBS key, untrusted staging account). From the run records only: no DRS call.',
    access: 'ReadOnly',
    effect: 'read',
    response: { status: 200, description: 'The recent runs.', schema: stagingAccountSyncStatusSchema },
    handle: async (_request, { syncRuns }) => {
      const runs = await syncRuns.latest('staging-account-sync', 10);
      return { running: runs[0]?.status === 'RUNNING', recentRuns: runs.map((run) => pickSchemaFields<StagingAccountSyncRun>(stagingAccountSyncRunSchema, run)) };
    },
  }),

  defineRoute<{ body: ValidateStagingAccountRequest; response: StagingAccountValidation }>({
    operationId: 'validate_staging_account',
    method: 'POST',
    path: '/staging-accounts/validate',
    tag: TAG,
    summary: 'Check a staging account before adding it',
    description:
      'Assumes the staging role with its ExternalId and counts the account’s source servers in the region (total and replicating, against the 300 limit). A failed check is answered 200 with valid false and the error.',
    access: 'Operator',
    effect: 'read',
    bodySchema: validateStagingAccountRequestSchema,
    response: { status: 200, description: 'The outcome of the checks.', schema: stagingAccountValidationSchema },
    handle: async ({ body }, { awsClients, targetAccounts }) => validateStagingAccount(body, { awsClients, targetAccounts }),
  }),
];
