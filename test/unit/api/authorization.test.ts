import '../../support/api/env';
import { mockSdkClient } from '../../support/api/sdk-mock';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { PUBLIC, ROLES, hasRole, type Access } from '../../../api/auth/roles';
import type { ApiDeps } from '../../../api/deps';
import { createApiHandler } from '../../../api/handler';
import { routes } from '../../../api/routes';
import { startDynamo, type TestDynamo } from '../../support/api/dynamo';
import { claimsFor, lambdaContext, proxyEvent } from '../../support/api/fixtures';

/** The least role of each operation, as the issue states it. A change here is a security decision. */
const EXPECTED_ACCESS: Record<string, Access> = {
  health: PUBLIC,
  list_target_accounts: 'ReadOnly',
  get_target_account: 'ReadOnly',
  create_target_account: 'Admin',
  update_target_account: 'Admin',
  delete_target_account: 'Admin',
  validate_target_account: 'Operator', // issue 7: a read-only check of the account's role
  list_recovery_plans: 'ReadOnly',
  check_existing_recovery_instances: 'ReadOnly',
  check_existing_recovery_instances_post: 'ReadOnly',
  list_recovery_instances: 'ReadOnly',
  get_recovery_instance_facets: 'ReadOnly',
  get_recovery_instance_sync_status: 'ReadOnly',
  sync_recovery_instances: 'Operator',
  terminate_recovery_instances: 'RecoveryManager',
  terminate_selected_recovery_instances: 'RecoveryManager',
  get_user_profile: 'ReadOnly',
  get_user_roles: 'ReadOnly',
  get_user_permissions: 'ReadOnly',
  get_current_account: 'ReadOnly',
  list_drs_regions: 'ReadOnly',
  get_drs_service: 'ReadOnly',
  list_drs_accounts: 'ReadOnly',
  get_tag_sync_settings: 'ReadOnly',
  update_tag_sync_settings: 'Admin', // tag sync writes to customers' DRS resources: turning it on is an administrator's call
  start_tag_sync: 'Operator',
  get_tag_sync_status: 'ReadOnly',
  add_staging_account: 'Admin', // changes which accounts the staging-account sync extends servers from
  remove_staging_account: 'Admin',
  discover_staging_accounts: 'ReadOnly',
  validate_staging_account: 'Operator', // assumes a role in another account, like validate_target_account
  start_inventory_sync: 'Operator',
  get_inventory_sync_status: 'ReadOnly',
  sync_staging_accounts: 'Operator', // like the other on-demand syncs
  get_staging_account_sync_status: 'ReadOnly',
  list_source_server_inventory: 'ReadOnly',
  get_drs_source_servers: 'ReadOnly',
  get_drs_replication: 'ReadOnly',
  get_target_account_capacity: 'ReadOnly',
  get_all_accounts_capacity: 'ReadOnly',
  get_drs_quotas: 'ReadOnly',
};

it('lists every operation of the route table', () => {
  expect(Object.keys(EXPECTED_ACCESS).sort()).toEqual(routes.map((r) => r.operationId).sort());
});

const sfn = mockSdkClient(SFNClient);
let dynamo: TestDynamo;
let deps: ApiDeps;
let handler: ReturnType<typeof createApiHandler>;

beforeAll(async () => {
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:aws:states:us-east-1:111111111111:execution:recovery-instance-sync:x', startDate: new Date() });
  dynamo = await startDynamo();
  const { testDeps } = await import('../../support/api/fixtures');
  deps = await testDeps(dynamo);
  handler = createApiHandler(deps);
});
afterAll(async () => {
  sfn.restore();
  deps.awsClients.destroy();
  await dynamo.close();
});

it.each(Object.entries(EXPECTED_ACCESS))('%s declares least role %s', (operationId, access) => {
  expect(routes.find((r) => r.operationId === operationId)?.access).toBe(access);
});

/** Every route in the table, every role: below the least role is 403, at or above it never 401/403. */
const cases = routes
  .filter((route) => route.access !== PUBLIC)
  .flatMap((route) => [...ROLES, null].map((role) => [route.operationId, role ?? 'no role', route, role] as const));

it.each(cases)('%s as %s', async (_operationId, _roleName, route, role) => {
  // Concrete path with a well-formed id, so the only reason to refuse is the role.
  const path = route.path.replace(/\{\w+\}/g, '999999999999');
  const result = (await handler(proxyEvent({ method: route.method, path, body: {}, claims: claimsFor(role) }), lambdaContext())) as APIGatewayProxyResult;
  if (hasRole(role, route.access as Exclude<Access, typeof PUBLIC>)) expect([401, 403]).not.toContain(result.statusCode);
  else expect(result.statusCode).toBe(403);
});

it.each(routes.filter((r) => r.access !== PUBLIC).map((r) => [r.operationId, r] as const))('%s without claims is 401', async (_id, route) => {
  const path = route.path.replace(/\{\w+\}/g, '999999999999');
  const result = (await handler(proxyEvent({ method: route.method, path, claims: null }), lambdaContext())) as APIGatewayProxyResult;
  expect(result.statusCode).toBe(401);
});
