import '../../support/api/env';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { PUBLIC, ROLES, type Role } from '../../../api/auth/roles';
import type { ApiDeps } from '../../../api/deps';
import { createApiHandler } from '../../../api/handler';
import { routes } from '../../../api/routes';
import { startDynamo, type TestDynamo } from '../../support/api/dynamo';
import { claimsFor, createBody, FIXED_NOW, HUB_ACCOUNT, lambdaContext, proxyEvent, testDeps } from '../../support/api/fixtures';

let dynamo: TestDynamo;
let deps: ApiDeps;
let get: (path: string, role: Role | null, username?: string) => Promise<{ statusCode: number; body: any }>;

beforeAll(async () => {
  dynamo = await startDynamo();
});
beforeEach(async () => {
  deps = await testDeps(dynamo);
  const handler = createApiHandler(deps);
  get = async (path, role, username) => {
    const result = (await handler(proxyEvent({ method: 'GET', path, claims: claimsFor(role, username) }), lambdaContext())) as APIGatewayProxyResult;
    return { statusCode: result.statusCode, body: JSON.parse(result.body) };
  };
});
afterEach(() => deps.awsClients.destroy());
afterAll(() => dynamo.close());

describe('GET /user/profile', () => {
  it('names the caller and the most powerful role among its groups', async () => {
    const handler = createApiHandler(deps);
    const claims = { ...claimsFor(null, 'alice'), 'cognito:groups': 'ReadOnly,RecoveryManager' };
    const result = (await handler(proxyEvent({ method: 'GET', path: '/user/profile', claims }), lambdaContext())) as APIGatewayProxyResult;
    expect(JSON.parse(result.body)).toEqual({ username: 'alice', kind: 'user', role: 'RecoveryManager' });
  });

  it('is 403 for a caller in no role group, so a console cannot mistake it for a reader', async () => {
    expect(await get('/user/profile', null)).toMatchObject({ statusCode: 403 });
  });
});

describe('GET /user/roles', () => {
  it('lists the role and the roles it includes, most powerful first', async () => {
    expect((await get('/user/roles', 'PlanManager')).body).toEqual({ role: 'PlanManager', roles: ['PlanManager', 'Operator', 'ReadOnly'], allRoles: [...ROLES] });
    expect((await get('/user/roles', 'ReadOnly')).body.roles).toEqual(['ReadOnly']);
  });
});

describe('GET /user/permissions', () => {
  it('lists every operation of the route table with its access, allowed by role', async () => {
    const { statusCode, body } = await get('/user/permissions', 'Operator');
    expect(statusCode).toBe(200);
    expect(body.role).toBe('Operator');
    expect(body.operations.map((o: any) => o.operationId).sort()).toEqual(routes.map((r) => r.operationId).sort());
    const byId = Object.fromEntries(body.operations.map((o: any) => [o.operationId, o]));
    expect(byId.sync_recovery_instances).toEqual({ operationId: 'sync_recovery_instances', method: 'POST', path: '/drs/recovery-instance-sync', access: 'Operator', allowed: true });
    expect(byId.terminate_selected_recovery_instances).toMatchObject({ access: 'RecoveryManager', allowed: false });
    expect(byId.create_target_account).toMatchObject({ access: 'Admin', allowed: false });
    expect(byId.health).toMatchObject({ access: PUBLIC, allowed: true });
  });

  it('agrees with what the API enforces for every role: allowed exactly when the call is not refused with 403', async () => {
    const handler = createApiHandler(deps);
    for (const role of ROLES) {
      const { body } = await get('/user/permissions', role);
      for (const operation of body.operations.filter((o: any) => o.access !== PUBLIC && o.method === 'GET')) {
        const path = operation.path.replace(/\{\w+\}/g, '999999999999');
        const result = (await handler(proxyEvent({ method: 'GET', path, claims: claimsFor(role) }), lambdaContext())) as APIGatewayProxyResult;
        expect([operation.operationId, role, result.statusCode === 403]).toEqual([operation.operationId, role, !operation.allowed]);
      }
    }
  });
});

describe('GET /accounts/current', () => {
  afterEach(() => {
    delete process.env.AWS_ENDPOINT_URL_SFN;
  });

  it('names the hub account, its registered name, the region and the Step Functions endpoint in use', async () => {
    const at = FIXED_NOW.toISOString();
    await deps.targetAccounts.create({ ...(createBody(HUB_ACCOUNT, { roleArn: null, externalId: null, name: 'Hub' }) as any), createdAt: at, updatedAt: at, lastValidation: null });
    process.env.AWS_ENDPOINT_URL_SFN = 'http://127.0.0.1:18083';

    expect(await get('/accounts/current', 'ReadOnly')).toEqual({
      statusCode: 200,
      body: { accountId: HUB_ACCOUNT, accountName: 'Hub', isCurrentAccount: true, region: process.env.AWS_REGION, stepFunctionsEndpoint: 'http://127.0.0.1:18083' },
    });
  });

  it('answers null for what is not configured: no hub, no name, the public Step Functions endpoint', async () => {
    const handler = createApiHandler({ ...deps, hubAccountId: undefined });
    const result = (await handler(proxyEvent({ method: 'GET', path: '/accounts/current', claims: claimsFor('ReadOnly') }), lambdaContext())) as APIGatewayProxyResult;
    expect(JSON.parse(result.body)).toMatchObject({ accountId: null, accountName: null, stepFunctionsEndpoint: null });
  });
});
