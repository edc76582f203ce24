import { DRS_COMMERCIAL_REGIONS } from '../../../lib/regions/drs-regions';
import '../../support/api/env';
import { mockSdkClient } from '../../support/api/sdk-mock';
import { ScanCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createApiHandler } from '../../../api/handler';
import type { ApiDeps } from '../../../api/deps';
import { maskExternalId } from '../../../api/target-accounts/present';
import type { TargetAccountRecord } from '../../../contracts/records/target-account';
import { targetAccountRecordSchema } from '../../../contracts/records/target-account';
import { ConflictError, NotFoundError } from '../../../lib/errors';
import { TargetAccountRepository } from '../../../lib/repositories/target-accounts';
import { schemaErrors } from '../../../lib/validation';
import { startDynamo, type TestDynamo } from '../../support/api/dynamo';
import { claimsFor, createBody, FIXED_NOW, HUB_ACCOUNT, lambdaContext, proxyEvent, recoveryInstanceRecord, testDeps } from '../../support/api/fixtures';
import { MAX_LISTED_ERRORS } from '../../../lib/validation';

let dynamo: TestDynamo;
let deps: ApiDeps;
let call: (operation: string, params?: Record<string, unknown>) => Promise<{ statusCode: number; body: any }>;

beforeAll(async () => {
  dynamo = await startDynamo();
});
beforeEach(async () => {
  deps = await testDeps(dynamo); // a fresh table per test
  const handler = createApiHandler(deps);
  call = async (operation, params = {}) => (await handler({ operation, ...params }, lambdaContext())) as { statusCode: number; body: any };
});
afterEach(() => deps.awsClients.destroy());
afterAll(async () => dynamo.close());

const record = (accountId: string, overrides: Partial<TargetAccountRecord> = {}): TargetAccountRecord => ({
  accountId,
  name: `Account ${accountId}`,
  roleArn: `arn:aws:iam::${accountId}:role/R`,
  externalId: null,
  regions: ['us-east-1'],
  createdAt: '2030-01-01T00:00:00.000Z',
  updatedAt: '2030-01-01T00:00:00.000Z',
  lastValidation: null,
  ...overrides,
});

describe('target account routes', () => {
  it('creates, reads, lists, updates and deletes an account', async () => {
    const created = await call('create_target_account', { body: createBody('222222222222') });
    expect(created).toEqual({
      statusCode: 201,
      body: {
        accountId: '222222222222',
        name: 'Account 222222222222',
        roleArn: 'arn:aws:iam::222222222222:role/DrsOrchestratorTarget',
        externalIdMasked: '****abcd',
        regions: ['us-east-1', 'us-west-2'],
        createdAt: FIXED_NOW.toISOString(),
        updatedAt: FIXED_NOW.toISOString(),
        lastValidation: null,
      },
    });
    expect(await call('get_target_account', { id: '222222222222' })).toEqual({ statusCode: 200, body: created.body });

    await call('create_target_account', { body: createBody(HUB_ACCOUNT, { roleArn: null, externalId: null }) });
    const list = await call('list_target_accounts');
    expect(list.body.items.map((a: { accountId: string }) => a.accountId)).toEqual([HUB_ACCOUNT, '222222222222']);

    const updated = await call('update_target_account', {
      id: '222222222222',
      body: { name: 'Production', roleArn: 'arn:aws:iam::222222222222:role/DrsOrchestratorTarget', regions: ['eu-west-1'] },
    });
    expect(updated).toMatchObject({ statusCode: 200, body: { name: 'Production', regions: ['eu-west-1'], externalIdMasked: '****abcd' } });

    expect(await call('delete_target_account', { id: '222222222222' })).toEqual({ statusCode: 204, body: null });
    expect(await call('get_target_account', { id: '222222222222' })).toMatchObject({ statusCode: 404 });
  });

  it('stores the full ExternalId but never answers it', async () => {
    await call('create_target_account', { body: createBody('222222222222', { externalId: 'very-secret-external-id-9876' }) });
    expect((await deps.targetAccounts.get('222222222222'))?.externalId).toBe('very-secret-external-id-9876');
    for (const answer of [await call('get_target_account', { id: '222222222222' }), await call('list_target_accounts')]) {
      expect(JSON.stringify(answer.body)).not.toContain('very-secret-external-id');
      expect(JSON.stringify(answer.body)).toContain('****9876');
    }
  });

  it('answers 409 when the account exists and 404 when updating or deleting a missing one', async () => {
    await call('create_target_account', { body: createBody('222222222222') });
    expect(await call('create_target_account', { body: createBody('222222222222') })).toMatchObject({ statusCode: 409 });
    const body = { name: 'x', roleArn: 'arn:aws:iam::333333333333:role/R', regions: ['us-east-1'] };
    expect(await call('update_target_account', { id: '333333333333', body })).toMatchObject({ statusCode: 404 });
    expect(await call('delete_target_account', { id: '333333333333' })).toMatchObject({ statusCode: 404 });
    expect(await call('validate_target_account', { id: '333333333333' })).toMatchObject({ statusCode: 404 });
  });

  it.each([
    ['a role in another account', { roleArn: 'arn:aws:iam::999999999999:role/R' }, '/body/roleArn'],
    ['no role outside the hub account', { roleArn: null, externalId: null }, '/body/roleArn'],
    ['an ExternalId without a role', { accountId: HUB_ACCOUNT, roleArn: null, externalId: 'abcdef-0123456789' }, '/body/externalId'],
    ['a role without an ExternalId', { externalId: null }, '/body/externalId'],
    ['an ExternalId shorter than 16 characters', { externalId: 'abcdef-01234567' }, '/body/externalId'],
    ['duplicate regions', { regions: ['us-east-1', 'us-east-1'] }, '/body/regions'],
    ['no regions', { regions: [] }, '/body/regions'],
    ['a region DRS does not run in', { regions: ['us-east-1', 'xx-moon-1'] }, '/body/regions/1'],
    ['an unknown field', { owner: 'me' }, '/body/owner'],
  ])('refuses %s with 400', async (_case, overrides, path) => {
    const result = await call('create_target_account', { body: createBody('222222222222', overrides) });
    expect(result.statusCode).toBe(400);
    expect(result.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
  });

  it('registers every DRS region at once: the regions list is simply all of them', async () => {
    const result = await call('create_target_account', { body: createBody('222222222222', { regions: [...DRS_COMMERCIAL_REGIONS] }) });
    expect(result).toMatchObject({ statusCode: 201, body: { regions: [...DRS_COMMERCIAL_REGIONS] } });
  });

  it('keeps the ExternalId when PUT omits it, refuses null for a role, and clears lastValidation when access changes', async () => {
    await deps.targetAccounts.create(
      record('222222222222', {
        externalId: 'keep-me-please-1234',
        lastValidation: { status: 'OK', checkedAt: '2030-01-01T00:00:00.000Z', message: 'fine' },
      }),
    );
    const base = { roleArn: 'arn:aws:iam::222222222222:role/R', regions: ['us-east-1'] };

    const renamed = await call('update_target_account', { id: '222222222222', body: { ...base, name: 'Renamed' } });
    expect(renamed.body).toMatchObject({ externalIdMasked: '****1234', lastValidation: { status: 'OK' } });

    const cleared = await call('update_target_account', { id: '222222222222', body: { ...base, name: 'Renamed', externalId: null } });
    expect(cleared.statusCode).toBe(400);
    expect((await deps.targetAccounts.get('222222222222'))?.externalId).toBe('keep-me-please-1234');

    const replaced = await call('update_target_account', { id: '222222222222', body: { ...base, name: 'Renamed', externalId: 'a-new-external-id-5678' } });
    expect(replaced.body).toMatchObject({ externalIdMasked: '****5678', lastValidation: null });
  });

  it('refuses a role with the ExternalId left out', async () => {
    const { externalId: _left, ...body } = createBody('222222222222');
    const result = await call('create_target_account', { body });
    expect(result.statusCode).toBe(400);
    expect(result.body.errors).toEqual([expect.objectContaining({ path: '/body/externalId' })]);
  });

  it('accepts an ExternalId of exactly 16 characters', async () => {
    expect(await call('create_target_account', { body: createBody('222222222222', { externalId: 'abcdef-012345678' }) })).toMatchObject({ statusCode: 201 });
  });

  it('refuses an account without a role when the hub account is not configured (closed by default)', async () => {
    const handler = createApiHandler({ ...deps, hubAccountId: undefined });
    const result = (await handler({ operation: 'create_target_account', body: createBody(HUB_ACCOUNT, { roleArn: null, externalId: null }) }, lambdaContext())) as {
      statusCode: number;
      body: any;
    };
    expect(result.statusCode).toBe(400);
    expect(result.body.errors).toEqual([expect.objectContaining({ path: '/body/roleArn', message: expect.stringContaining('HUB_ACCOUNT_ID') })]);
    expect(await deps.targetAccounts.get(HUB_ACCOUNT)).toBeUndefined();
  });

  it('refuses to keep an ExternalId shorter than 16 characters stored before the rule', async () => {
    await deps.targetAccounts.create(record('222222222222', { externalId: 'short-legacy' }));
    const result = await call('update_target_account', { id: '222222222222', body: { name: 'x', roleArn: 'arn:aws:iam::222222222222:role/R', regions: ['us-east-1'] } });
    expect(result.statusCode).toBe(400);
    expect(result.body.errors).toEqual([expect.objectContaining({ path: '/body/externalId' })]);
  });

  it('refuses to remove the hub account with 409 and keeps it', async () => {
    await call('create_target_account', { body: createBody(HUB_ACCOUNT, { roleArn: null, externalId: null }) });
    const result = await call('delete_target_account', { id: HUB_ACCOUNT });
    expect(result).toEqual({ statusCode: 409, body: { message: expect.stringContaining('hub account') } });
    expect(await deps.targetAccounts.get(HUB_ACCOUNT)).toBeDefined();
  });

  it('removes the cached recovery instances of a removed account, and of regions an update drops', async () => {
    await call('create_target_account', { body: createBody('222222222222', { regions: ['us-east-1', 'us-west-2'] }) });
    await call('create_target_account', { body: createBody('333333333333', { regions: ['us-east-1', 'us-west-2'] }) });
    await deps.recoveryInstances.putMany([
      recoveryInstanceRecord(1, { accountId: '222222222222', region: 'us-east-1' }),
      recoveryInstanceRecord(2, { accountId: '222222222222', region: 'us-west-2' }),
      recoveryInstanceRecord(3, { accountId: '333333333333', region: 'us-east-1' }),
      recoveryInstanceRecord(4, { accountId: '333333333333', region: 'us-west-2' }),
      recoveryInstanceRecord(5, { accountId: HUB_ACCOUNT, region: 'us-west-2' }),
    ]);
    const cached = async () => (await deps.recoveryInstances.scanPage(100)).records.map((r) => `${r.accountId}/${r.region}`).sort();

    const updated = await call('update_target_account', { id: '222222222222', body: { name: 'x', roleArn: 'arn:aws:iam::222222222222:role/DrsOrchestratorTarget', regions: ['us-east-1'] } });
    expect(updated.statusCode).toBe(200);
    expect(await cached()).toEqual([`${HUB_ACCOUNT}/us-west-2`, '222222222222/us-east-1', '333333333333/us-east-1', '333333333333/us-west-2']);

    expect(await call('delete_target_account', { id: '333333333333' })).toMatchObject({ statusCode: 204 });
    expect(await cached()).toEqual([`${HUB_ACCOUNT}/us-west-2`, '222222222222/us-east-1']);
  });

  it('lets an Operator validate an account, but not a ReadOnly user', async () => {
    const handler = createApiHandler(deps);
    const validate = (role: 'Operator' | 'ReadOnly') =>
      handler(proxyEvent({ method: 'POST', path: '/accounts/targets/222222222222/validate', claims: claimsFor(role) }), lambdaContext());
    // The account does not exist: an Operator gets past authorization to the 404.
    expect(await validate('Operator')).toMatchObject({ statusCode: 404 });
    expect(await validate('ReadOnly')).toMatchObject({ statusCode: 403 });
  });

  it('caps the schema errors of a body with 200k unknown keys, and counts the rest', async () => {
    const handler = createApiHandler(deps);
    const body: Record<string, unknown> = createBody('222222222222');
    for (let i = 0; i < 200_000; i++) body[`k${i}`] = 1;
    const result = (await handler(proxyEvent({ method: 'POST', path: '/accounts/targets', body }), lambdaContext())) as { statusCode: number; body: string };
    expect(result.statusCode).toBe(400);
    expect(result.body.length).toBeLessThan(8 * 1024);
    const answer = JSON.parse(result.body) as { message: string; errors: unknown[] };
    expect(answer.errors).toHaveLength(MAX_LISTED_ERRORS);
    expect(answer.errors[0]).toEqual({ path: '/body/k0', message: 'must NOT have additional properties' });
    expect(answer.message).toContain(`and ${200_000 - MAX_LISTED_ERRORS} more errors not listed (200000 in all)`);
  });

  it('writes records that satisfy the record schema', async () => {
    await call('create_target_account', { body: createBody('222222222222') });
    expect(schemaErrors(targetAccountRecordSchema, await deps.targetAccounts.get('222222222222'))).toEqual([]);
  });

  it('enforces the least role on the API Gateway path too', async () => {
    const handler = createApiHandler(deps);
    const event = {
      httpMethod: 'POST',
      path: '/accounts/targets',
      resource: '/accounts/targets',
      body: JSON.stringify(createBody()),
      requestContext: { requestId: 'r', authorizer: { claims: claimsFor('RecoveryManager') } },
    };
    expect(await handler(event, lambdaContext())).toMatchObject({ statusCode: 403 });
  });
});

describe('TargetAccountRepository', () => {
  it('creates only once, and replaces only the version it read', async () => {
    const repo = deps.targetAccounts;
    await repo.create(record('222222222222'));
    await expect(repo.create(record('222222222222'))).rejects.toThrow(ConflictError);

    await repo.replace(record('222222222222', { name: 'v2', updatedAt: '2030-01-02T00:00:00.000Z' }), '2030-01-01T00:00:00.000Z');
    // A second writer that read the first version loses.
    await expect(repo.replace(record('222222222222', { name: 'stale' }), '2030-01-01T00:00:00.000Z')).rejects.toThrow(ConflictError);
    expect((await repo.require('222222222222')).name).toBe('v2');

    await expect(repo.replace(record('333333333333'), '2030-01-01T00:00:00.000Z')).rejects.toThrow(NotFoundError);
    await expect(repo.delete('333333333333')).rejects.toThrow(NotFoundError);
    await expect(repo.recordValidation('333333333333', { status: 'OK', checkedAt: FIXED_NOW.toISOString(), message: '' })).rejects.toThrow(
      NotFoundError,
    );
    await expect(repo.require('333333333333')).rejects.toThrow(NotFoundError);
  });

  it('follows every page of the Scan', async () => {
    const ddb = mockSdkClient(DynamoDBDocumentClient);
    try {
      ddb
        .on(ScanCommand)
        .resolvesOnce({ Items: [record('333333333333')], LastEvaluatedKey: { accountId: '333333333333' } })
        .resolvesOnce({ Items: [record('222222222222')] });
      const repo = new TargetAccountRepository('t', DynamoDBDocumentClient.from(dynamo.documentClient));
      expect((await repo.list()).map((r) => r.accountId)).toEqual(['222222222222', '333333333333']);
      expect(ddb.commandCalls(ScanCommand)[1]!.args[0].input.ExclusiveStartKey).toEqual({ accountId: '333333333333' });
    } finally {
      ddb.restore();
    }
  });
});

describe('maskExternalId', () => {
  it.each([
    [null, null],
    ['ab', '****'],
    ['abcdefghijk', '****'],
    ['abcdefghijkl', '****ijkl'],
  ])('masks %p as %p', (value, masked) => {
    expect(maskExternalId(value)).toBe(masked);
  });
});
