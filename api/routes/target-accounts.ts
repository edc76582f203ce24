import {
  createTargetAccountRequestSchema,
  targetAccountListSchema,
  targetAccountPathSchema,
  targetAccountSchema,
  targetAccountValidationSchema,
  updateTargetAccountRequestSchema,
  type CreateTargetAccountRequest,
  type TargetAccount,
  type TargetAccountList,
  type TargetAccountPath,
  type TargetAccountValidation,
  type UpdateTargetAccountRequest,
} from '../../contracts/api/target-accounts';
import { logger } from '../../lib/observability';
import { defineRoute, type Route } from '../framework/route';
import { checkAccess, summarize } from '../target-accounts/check-access';
import { purgeCachedInstances } from '../target-accounts/cache-cleanup';
import { assertConsistentAccess } from '../target-accounts/consistency';
import { HubAccountRemovalError } from '../target-accounts/hub';
import { presentTargetAccount } from '../target-accounts/present';

const TAG = 'Target accounts';

/** The AWS accounts the orchestrator recovers into, and the role it assumes in each. */
export const targetAccountRoutes: readonly Route[] = [
  defineRoute<{ response: TargetAccountList }>({
    operationId: 'list_target_accounts',
    method: 'GET',
    path: '/accounts/targets',
    tag: TAG,
    summary: 'List target accounts',
    access: 'ReadOnly',
    effect: 'read',
    response: { status: 200, description: 'Every target account, ordered by account id.', schema: targetAccountListSchema },
    handle: async (_request, { targetAccounts }) => ({ items: (await targetAccounts.list()).map(presentTargetAccount) }),
  }),

  defineRoute<{ path: TargetAccountPath; response: TargetAccount }>({
    operationId: 'get_target_account',
    method: 'GET',
    path: '/accounts/targets/{id}',
    tag: TAG,
    summary: 'Get a target account',
    access: 'ReadOnly',
    effect: 'read',
    pathSchema: targetAccountPathSchema,
    response: { status: 200, description: 'The target account.', schema: targetAccountSchema },
    handle: async ({ pathParams }, { targetAccounts }) => presentTargetAccount(await targetAccounts.require(pathParams.id)),
  }),

  defineRoute<{ body: CreateTargetAccountRequest; response: TargetAccount }>({
    operationId: 'create_target_account',
    method: 'POST',
    path: '/accounts/targets',
    tag: TAG,
    summary: 'Register a target account',
    description:
      'roleArn and externalId are null only for the hub account; every other account needs a role and an ExternalId of at least 16 characters. Run validate_target_account next to check access.',
    access: 'Admin',
    effect: 'write',
    bodySchema: createTargetAccountRequestSchema,
    response: { status: 201, description: 'The account was registered.', schema: targetAccountSchema },
    errors: [409],
    handle: async ({ body, principal }, { targetAccounts, hubAccountId, now }) => {
      const settings = { accountId: body.accountId, roleArn: body.roleArn, externalId: body.externalId ?? null };
      assertConsistentAccess(settings, hubAccountId);
      const at = now().toISOString();
      const record = { ...settings, name: body.name, regions: body.regions, createdAt: at, updatedAt: at, lastValidation: null };
      await targetAccounts.create(record);
      logger.info('Target account created', { accountId: record.accountId, by: principal.username });
      return presentTargetAccount(record);
    },
  }),

  defineRoute<{ path: TargetAccountPath; body: UpdateTargetAccountRequest; response: TargetAccount }>({
    operationId: 'update_target_account',
    method: 'PUT',
    path: '/accounts/targets/{id}',
    tag: TAG,
    summary: 'Replace the settings of a target account',
    description:
      'Replaces name, roleArn, regions and, when present, externalId (omit it to keep the stored one; null clears it, which only the hub account may do). A change to roleArn, externalId or regions clears lastValidation; the cached recovery instances of regions no longer listed are removed.',
    access: 'Admin',
    effect: 'write',
    pathSchema: targetAccountPathSchema,
    bodySchema: updateTargetAccountRequestSchema,
    response: { status: 200, description: 'The updated account.', schema: targetAccountSchema },
    errors: [409],
    handle: async ({ pathParams, body, principal }, { targetAccounts, recoveryInstances, hubAccountId, now }) => {
      const current = await targetAccounts.require(pathParams.id);
      // Omitted keeps the stored ExternalId, unless the role goes away with it.
      const externalId = body.externalId !== undefined ? body.externalId : body.roleArn === null ? null : current.externalId;
      const settings = { accountId: current.accountId, roleArn: body.roleArn, externalId };
      assertConsistentAccess(settings, hubAccountId);
      const accessChanged =
        settings.roleArn !== current.roleArn ||
        settings.externalId !== current.externalId ||
        JSON.stringify(body.regions) !== JSON.stringify(current.regions);
      const record = {
        ...current,
        ...settings,
        name: body.name,
        regions: body.regions,
        updatedAt: now().toISOString(),
        lastValidation: accessChanged ? null : current.lastValidation,
      };
      const removedRegions = current.regions.filter((region) => !body.regions.includes(region));
      await purgeCachedInstances(recoveryInstances, current.accountId, removedRegions);
      await targetAccounts.replace(record, current.updatedAt);
      logger.info('Target account updated', { accountId: record.accountId, accessChanged, by: principal.username });
      return presentTargetAccount(record);
    },
  }),

  defineRoute<{ path: TargetAccountPath }>({
    operationId: 'delete_target_account',
    method: 'DELETE',
    path: '/accounts/targets/{id}',
    tag: TAG,
    summary: 'Remove a target account',
    description:
      'The registration and the cached recovery instances of the account are removed; nothing in the account itself changes. The hub account cannot be removed (409).',
    access: 'Admin',
    effect: 'write',
    pathSchema: targetAccountPathSchema,
    response: { status: 204, description: 'The account was removed.' },
    errors: [409],
    handle: async ({ pathParams, principal }, { targetAccounts, recoveryInstances, hubAccountId }) => {
      if (pathParams.id === hubAccountId) throw new HubAccountRemovalError(pathParams.id);
      const current = await targetAccounts.require(pathParams.id);
      await purgeCachedInstances(recoveryInstances, current.accountId, current.regions);
      await targetAccounts.delete(pathParams.id);
      logger.info('Target account deleted', { accountId: pathParams.id, by: principal.username });
      return undefined;
    },
  }),

  defineRoute<{ path: TargetAccountPath; response: TargetAccountValidation }>({
    operationId: 'validate_target_account',
    method: 'POST',
    path: '/accounts/targets/{id}/validate',
    tag: TAG,
    summary: 'Check that the orchestrator can work in a target account',
    description:
      'A read-only check of the account: assumes the role with its ExternalId, then calls DRS DescribeSourceServers (maxResults 1) in each region, and stores the outcome as lastValidation. A failed check is answered 200 with status FAILED and a remedy per check.',
    access: 'Operator',
    effect: 'write',
    pathSchema: targetAccountPathSchema,
    response: { status: 200, description: 'The outcome of every check, passed or failed.', schema: targetAccountValidationSchema },
    handle: async ({ pathParams }, { targetAccounts, awsClients, now }) => {
      const account = await targetAccounts.require(pathParams.id);
      const result = await checkAccess(account, awsClients, now());
      await targetAccounts.recordValidation(account.accountId, { status: result.status, checkedAt: result.checkedAt, message: summarize(result) });
      logger.info('Target account validated', { accountId: account.accountId, status: result.status });
      return result;
    },
  }),
];
