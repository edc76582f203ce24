import '../../support/api/env';
import { mockSdkClient } from '../../support/api/sdk-mock';
import { DescribeSourceServersCommand, DrsClient } from '@aws-sdk/client-drs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { createApiHandler } from '../../../api/handler';
import type { ApiDeps } from '../../../api/deps';
import { startDynamo, type TestDynamo } from '../../support/api/dynamo';
import { createBody, FIXED_NOW, HUB_ACCOUNT, lambdaContext, testDeps } from '../../support/api/fixtures';

const sts = mockSdkClient(STSClient);
const drs = mockSdkClient(DrsClient);

const credentials = { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date(Date.now() + 3_600_000) };
const accessDenied = (message: string) => Object.assign(new Error(message), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });

let dynamo: TestDynamo;
let deps: ApiDeps;
let validate: (id: string) => Promise<{ statusCode: number; body: any }>;

beforeAll(async () => {
  dynamo = await startDynamo();
});
beforeEach(async () => {
  sts.reset();
  drs.reset();
  deps = await testDeps(dynamo);
  const handler = createApiHandler(deps);
  await handler({ operation: 'create_target_account', body: createBody('222222222222') }, lambdaContext());
  await handler({ operation: 'create_target_account', body: createBody(HUB_ACCOUNT, { roleArn: null, externalId: null, regions: ['us-east-1'] }) }, lambdaContext());
  validate = async (id) => (await handler({ operation: 'validate_target_account', id }, lambdaContext())) as { statusCode: number; body: any };
});
afterEach(() => deps.awsClients.destroy());
afterAll(async () => {
  sts.restore();
  drs.restore();
  await dynamo.close();
});

describe('validate_target_account', () => {
  it('assumes the role with the ExternalId, reads DRS once per region and records OK', async () => {
    sts.on(AssumeRoleCommand).resolves({ Credentials: credentials });
    drs.on(DescribeSourceServersCommand).resolves({ items: [] });

    const result = await validate('222222222222');

    expect(result.statusCode).toBe(200);
    expect(result.body).toEqual({
      accountId: '222222222222',
      status: 'OK',
      checkedAt: FIXED_NOW.toISOString(),
      assumeRole: { status: 'OK', message: expect.stringContaining('DrsOrchestratorTarget') },
      regions: [
        { region: 'us-east-1', status: 'OK', message: expect.any(String) },
        { region: 'us-west-2', status: 'OK', message: expect.any(String) },
      ],
    });
    expect(sts.commandCalls(AssumeRoleCommand)[0]!.args[0].input).toMatchObject({
      RoleArn: 'arn:aws:iam::222222222222:role/DrsOrchestratorTarget',
      ExternalId: 'ext-0123456789-abcd',
    });
    expect(drs.commandCalls(DescribeSourceServersCommand).map((c) => c.args[0].input)).toEqual([{ maxResults: 1 }, { maxResults: 1 }]);
    expect((await deps.targetAccounts.get('222222222222'))?.lastValidation).toEqual({
      status: 'OK',
      checkedAt: FIXED_NOW.toISOString(),
      message: expect.stringContaining('2 region(s)'),
    });
  });

  it('answers 200 FAILED with a remedy when AssumeRole is denied, and skips the regions', async () => {
    sts.on(AssumeRoleCommand).rejects(accessDenied('User is not authorized to perform: sts:AssumeRole'));

    const result = await validate('222222222222');

    expect(result.statusCode).toBe(200);
    expect(result.body.status).toBe('FAILED');
    expect(result.body.assumeRole).toEqual({ status: 'FAILED', message: expect.stringMatching(/AccessDenied.*Remedy: .*sts:ExternalId/) });
    expect(result.body.regions.map((r: { status: string }) => r.status)).toEqual(['SKIPPED', 'SKIPPED']);
    expect(drs.commandCalls(DescribeSourceServersCommand)).toHaveLength(0);
    const stored = await deps.targetAccounts.get('222222222222');
    expect(stored?.lastValidation).toMatchObject({ status: 'FAILED', message: expect.stringContaining('AssumeRole') });
    expect(JSON.stringify(result.body)).not.toContain('ext-0123456789-abcd');
  });

  it('isolates a failing region from a passing one', async () => {
    sts.on(AssumeRoleCommand).resolves({ Credentials: credentials });
    drs.on(DescribeSourceServersCommand).callsFake(async (_input, getClient) => {
      const region = await getClient().config.region();
      if (region === 'us-west-2') throw accessDenied('not authorized to perform drs:DescribeSourceServers');
      return { items: [] };
    });

    const result = await validate('222222222222');

    expect(result.statusCode).toBe(200);
    expect(result.body.status).toBe('FAILED');
    expect(result.body.regions).toEqual([
      { region: 'us-east-1', status: 'OK', message: expect.any(String) },
      { region: 'us-west-2', status: 'FAILED', message: expect.stringMatching(/Remedy: grant the role the DRS read actions/) },
    ]);
  });

  it('tells the operator to initialize DRS in a region where it is not', async () => {
    sts.on(AssumeRoleCommand).resolves({ Credentials: credentials });
    drs.on(DescribeSourceServersCommand).rejects(
      Object.assign(new Error('Account not initialized'), { name: 'UninitializedAccountException', $metadata: { httpStatusCode: 400 } }),
    );
    const result = await validate('222222222222');
    expect(result.body.regions[0].message).toMatch(/initialize Elastic Disaster Recovery in us-east-1/);
  });

  it('skips AssumeRole for the hub account and uses its own role', async () => {
    drs.on(DescribeSourceServersCommand).resolves({ items: [] });
    const result = await validate(HUB_ACCOUNT);
    expect(result.body).toMatchObject({ status: 'OK', assumeRole: { status: 'SKIPPED' }, regions: [{ region: 'us-east-1', status: 'OK' }] });
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
  });
});
