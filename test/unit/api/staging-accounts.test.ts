import '../../support/api/env';
import { mockSdkClient } from '../../support/api/sdk-mock';
import { DescribeSourceServersCommand, DrsClient, ListStagingAccountsCommand } from '@aws-sdk/client-drs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { createApiHandler } from '../../../api/handler';
import type { ApiDeps } from '../../../api/deps';
import { startDynamo, type TestDynamo } from '../../support/api/dynamo';
import { createBody, FIXED_NOW, lambdaContext, testDeps } from '../../support/api/fixtures';

const sts = mockSdkClient(STSClient);
const drs = mockSdkClient(DrsClient);
const credentials = { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date(Date.now() + 3_600_000) };
const sdkError = (name: string, status: number) => Object.assign(new Error(`${name} (test)`), { name, $metadata: { httpStatusCode: status } });

const TARGET = '222222222222';
const STAGING = '444444444444';
const stagingBody = (accountId = STAGING) => ({
  stagingAccount: { accountId, accountName: `Staging ${accountId}`, roleArn: `arn:aws:iam::${accountId}:role/DrsOrchestratorTargetRole`, externalId: `staging-external-id-${accountId}` },
});
const server = (state: string, status = 'NOT_EXTENDED') => ({ dataReplicationInfo: { dataReplicationState: state }, stagingArea: { status } });

let dynamo: TestDynamo;
let deps: ApiDeps;
let call: (operation: string, params?: Record<string, unknown>) => Promise<{ statusCode: number; body: any }>;

beforeAll(async () => {
  dynamo = await startDynamo();
});
beforeEach(async () => {
  sts.reset();
  drs.reset();
  sts.on(AssumeRoleCommand).resolves({ Credentials: credentials });
  deps = await testDeps(dynamo);
  const handler = createApiHandler(deps);
  call = async (operation, params = {}) => (await handler({ operation, ...params }, lambdaContext())) as { statusCode: number; body: any };
  await call('create_target_account', { body: createBody(TARGET) });
});
afterEach(() => deps.awsClients.destroy());
afterAll(async () => {
  sts.restore();
  drs.restore();
  await dynamo.close();
});

describe('staging accounts of a target account', () => {
  it('adds and removes staging accounts, answering the list in the original shape with the ExternalId masked', async () => {
    const added = await call('add_staging_account', { id: TARGET, body: { targetAccountId: TARGET, ...stagingBody() } });
    expect(added).toEqual({
      statusCode: 200,
      body: {
        success: true,
        message: `Added staging account Staging ${STAGING}`,
        stagingAccounts: [
          { accountId: STAGING, accountName: `Staging ${STAGING}`, roleArn: `arn:aws:iam::${STAGING}:role/DrsOrchestratorTargetRole`, externalIdMasked: '****4444', addedAt: FIXED_NOW.toISOString(), addedBy: expect.any(String) },
        ],
      },
    });
    expect(JSON.stringify(added.body)).not.toContain('staging-external-id');
    expect((await deps.targetAccounts.get(TARGET))?.stagingAccounts?.[0]?.externalId).toBe(`staging-external-id-${STAGING}`);
    await call('add_staging_account', { id: TARGET, body: stagingBody('555555555555') });

    const removed = await call('remove_staging_account', { id: TARGET, stagingId: STAGING });
    expect(removed.statusCode).toBe(200);
    expect(removed.body.stagingAccounts.map((s: { accountId: string }) => s.accountId)).toEqual(['555555555555']);
    expect(await call('remove_staging_account', { id: TARGET, stagingId: STAGING })).toMatchObject({ statusCode: 404 });
  });

  it('keeps the staging accounts when the target account is updated', async () => {
    await call('add_staging_account', { id: TARGET, body: stagingBody() });
    await call('update_target_account', { id: TARGET, body: { name: 'Renamed', roleArn: `arn:aws:iam::${TARGET}:role/DrsOrchestratorTarget`, regions: ['us-east-1'] } });
    expect((await deps.targetAccounts.get(TARGET))?.stagingAccounts?.map((s) => s.accountId)).toEqual([STAGING]);
  });

  it('refuses a duplicate (409), the target itself, a mismatched targetAccountId and a malformed body (400), an unknown target (404)', async () => {
    await call('add_staging_account', { id: TARGET, body: stagingBody() });
    expect(await call('add_staging_account', { id: TARGET, body: stagingBody() })).toMatchObject({ statusCode: 409 });
    expect(await call('add_staging_account', { id: TARGET, body: stagingBody(TARGET) })).toMatchObject({ statusCode: 400 });
    expect(await call('add_staging_account', { id: TARGET, body: { targetAccountId: '999999999999', ...stagingBody('555555555555') } })).toMatchObject({ statusCode: 400 });
    expect(await call('add_staging_account', { id: TARGET, body: { stagingAccount: { accountId: 'x' } } })).toMatchObject({ statusCode: 400 });
    expect(await call('add_staging_account', { id: '999999999999', body: stagingBody() })).toMatchObject({ statusCode: 404 });
  });
});

describe('discover_staging_accounts', () => {
  it('asks ListStagingAccounts in the account’s regions and marks which are configured', async () => {
    await call('update_target_account', { id: TARGET, body: { name: 'T', roleArn: `arn:aws:iam::${TARGET}:role/DrsOrchestratorTarget`, regions: ['us-east-1', 'us-west-2'] } });
    await call('add_staging_account', { id: TARGET, body: stagingBody() });
    drs.on(ListStagingAccountsCommand).callsFake(async (_input, getClient) => {
      const region = await getClient().config.region();
      if (region === 'us-west-2') throw sdkError('ThrottlingException', 429);
      return { accounts: [{ accountID: STAGING }, { accountID: '555555555555' }] };
    });
    const found = await call('discover_staging_accounts', { id: TARGET });
    expect(found.statusCode).toBe(200);
    expect(found.body.stagingAccounts).toEqual([
      { accountId: STAGING, discoveredFrom: ['us-east-1'], configured: true },
      { accountId: '555555555555', discoveredFrom: ['us-east-1'], configured: false },
    ]);
    expect(found.body.regionsScanned).toEqual(['us-east-1', 'us-west-2']);
    expect(found.body.errors).toEqual([{ region: 'us-west-2', message: expect.stringContaining('ThrottlingException') }]);
  });
});

describe('validate_staging_account', () => {
  const body = { accountId: STAGING, roleArn: `arn:aws:iam::${STAGING}:role/DrsOrchestratorTargetRole`, externalId: 'staging-external-id', region: 'us-east-1' };

  it('counts the servers and the replicating ones (extended, stopped and disconnected ones do not replicate)', async () => {
    drs.on(DescribeSourceServersCommand).resolves({ items: [server('CONTINUOUS'), server('STALLED'), server('STOPPED'), server('DISCONNECTED'), server('CONTINUOUS', 'EXTENDED')] });
    const result = await call('validate_staging_account', { body });
    expect(result).toEqual({
      statusCode: 200,
      body: { valid: true, roleAccessible: true, drsInitialized: true, currentServers: 5, replicatingServers: 2, totalAfter: 2, details: { initializedRegions: ['us-east-1'] } },
    });
    expect(sts.commandCalls(AssumeRoleCommand)[0]!.args[0].input).toMatchObject({ RoleArn: body.roleArn, ExternalId: body.externalId });
  });

  it('answers valid false with the role error when AssumeRole is denied', async () => {
    sts.on(AssumeRoleCommand).rejects(sdkError('AccessDenied', 403));
    const result = await call('validate_staging_account', { body: { ...body, accountId: '555555555555', roleArn: 'arn:aws:iam::555555555555:role/R' } });
    expect(result.statusCode).toBe(200);
    expect(result.body).toMatchObject({ valid: false, roleAccessible: false, drsInitialized: false, details: { roleErrorCode: 'AccessDenied' } });
    expect(drs.calls()).toHaveLength(0);
  });

  it('answers valid false with a remedy when DRS is not initialized in the region', async () => {
    drs.on(DescribeSourceServersCommand).rejects(sdkError('UninitializedAccountException', 400));
    const result = await call('validate_staging_account', { body });
    expect(result.body).toMatchObject({ valid: false, roleAccessible: true, drsInitialized: false, details: { uninitializedRegions: ['us-east-1'] } });
    expect(result.body.error).toMatch(/Remedy: initialize/);
  });
});
