/**
 * Reads and writes apart, asserted from the synthesized template: the read
 * function's role holds only read actions, every route is reached by the
 * function of its kind, and the write function reaches no read route.
 * test/machines/least-privilege.test.ts checks each function's grants against
 * the calls its routes make; this file checks the kind of every grant.
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockSdkClient } from '../../support/api/sdk-mock';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { defaultApiDeps } from '../../../api/deps';
import { EnvNames } from '../../../lib/config';
import { API_HANDLER_EXPORTS, type ApiFunctionKind } from '../../../api/framework/api-functions';
import type { Route } from '../../../api/framework/route';
import { routes } from '../../../api/routes';
import { grantTable } from '../../../infra/constructs/grants';
import { READ_ONLY_ACTION_PATTERNS, READ_ONLY_SESSION_POLICY } from '../../../lib/aws/session-policy';
import { buildTestApp } from '../../support/synth';

type Resource = { Type: string; Properties?: Record<string, any>; Metadata?: Record<string, any> };
type CfnTemplate = { Resources: Record<string, Resource> };

/**
 * What the read function may hold: read verbs on tables and services, AssumeRole
 * (its sessions carry READ_ONLY_SESSION_POLICY), key use for reading the
 * encrypted tables, and the X-Ray telemetry the runtime sends for tracing.
 */
const READ_ONLY_ACTIONS: readonly RegExp[] = [
  /^dynamodb:(GetItem|BatchGetItem|Query|Scan)$/,
  /^(drs|ec2):(Describe|List|Get)[A-Za-z]+$/,
  /^sts:AssumeRole$/,
  /^kms:(Decrypt|DescribeKey)$/,
  /^xray:(PutTraceSegments|PutTelemetryRecords)$/,
];
const BASIC_EXECUTION = 'service-role/AWSLambdaBasicExecutionRole';

/** The logical id of each API function, by the export it runs. */
function apiFunctions(template: CfnTemplate): Record<ApiFunctionKind, string> {
  const byExport = (name: string) =>
    Object.entries(template.Resources).find(([, r]) => r.Type === 'AWS::Lambda::Function' && r.Metadata?.['DrsOrchestrator:Handler']?.export === name)?.[0];
  const read = byExport(API_HANDLER_EXPORTS.read);
  const write = byExport(API_HANDLER_EXPORTS.write);
  if (!read || !write) throw new Error('the API stack defines no read or no write function');
  return { read, write };
}

/** Every action the function's role is allowed, and its managed policies. */
function permissionsOf(template: CfnTemplate, functionId: string): { actions: string[]; managed: string[] } {
  const roleId = template.Resources[functionId]!.Properties!.Role['Fn::GetAtt'][0] as string;
  const actions: string[] = [];
  for (const r of Object.values(template.Resources)) {
    if (r.Type !== 'AWS::IAM::Policy' || !(r.Properties!.Roles as Array<{ Ref?: string }>).some((role) => role.Ref === roleId)) continue;
    for (const statement of r.Properties!.PolicyDocument.Statement) {
      expect(statement.Effect).toBe('Allow');
      expect(statement.NotAction).toBeUndefined();
      actions.push(...[statement.Action].flat());
    }
  }
  const managed = (template.Resources[roleId]!.Properties!.ManagedPolicyArns ?? []).map((arn: unknown) => JSON.stringify(arn));
  return { actions: [...new Set(actions)].sort(), managed };
}

/** The read function's grants that are not reads: empty when it is read-only. */
function nonReadGrants(template: CfnTemplate): string[] {
  const { actions, managed } = permissionsOf(template, apiFunctions(template).read);
  return [...actions.filter((a) => !READ_ONLY_ACTIONS.some((allowed) => allowed.test(a))), ...managed.filter((m) => !m.includes(BASIC_EXECUTION))];
}

/** The API Gateway methods: resource path, HTTP method, and the function it invokes. */
function gatewayMethods(template: CfnTemplate): Array<{ path: string; method: string; functionId: string | undefined }> {
  const pathOf = (ref: any): string => {
    if (ref?.['Fn::GetAtt']?.[1] === 'RootResourceId') return '';
    const resource = template.Resources[ref.Ref]!;
    return `${pathOf(resource.Properties!.ParentId)}/${resource.Properties!.PathPart}`;
  };
  return Object.values(template.Resources)
    .filter((r) => r.Type === 'AWS::ApiGateway::Method' && r.Properties!.HttpMethod !== 'OPTIONS')
    .map((r) => ({
      path: pathOf(r.Properties!.ResourceId) || '/',
      method: r.Properties!.HttpMethod as string,
      functionId: /"Fn::GetAtt":\["(\w+)","Arn"\]/.exec(JSON.stringify(r.Properties!.Integration?.Uri))?.[1],
    }));
}

const samePath = (resourcePath: string, routePath: string) => {
  const a = resourcePath.split('/');
  const b = routePath.split('/');
  return a.length === b.length && a.every((s, i) => s === b[i] || (s.startsWith('{') && !s.endsWith('+}') && b[i]!.startsWith('{')));
};

/**
 * The function API Gateway invokes for a route: the resource and method pair
 * that matches it, else `/{proxy+}` with the route's method (API Gateway
 * resolves on the pair, not the resource alone; see the decision).
 */
function functionReaching(template: CfnTemplate, route: Route): ApiFunctionKind | undefined {
  const methods = gatewayMethods(template);
  const own = methods.find((m) => m.method === route.method && samePath(m.path, route.path));
  const target = own ?? methods.find((m) => m.method === route.method && m.path === '/{proxy+}');
  const fns = apiFunctions(template);
  return target?.functionId === fns.read ? 'read' : target?.functionId === fns.write ? 'write' : undefined;
}

const built = buildTestApp();
const template = Template.fromStack(built.api).toJSON() as CfnTemplate;

describe('the API read function', () => {
  it('holds only read actions', () => {
    expect(nonReadGrants(template)).toEqual([]);
    // And it can do what its routes need: the tables they read.
    expect(permissionsOf(template, apiFunctions(template).read).actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan']));
  });

  it('would fail this check with a write grant (the check can fail)', () => {
    const tampered = buildTestApp();
    grantTable(tampered.api.readHandler, tampered.data.targetAccounts, ['PutItem']);
    tampered.api.readHandler.addToRolePolicy(new iam.PolicyStatement({ actions: ['drs:TerminateRecoveryInstances'], resources: ['*'] }));
    expect(nonReadGrants(Template.fromStack(tampered.api).toJSON() as CfnTemplate)).toEqual(
      expect.arrayContaining(['dynamodb:PutItem', 'drs:TerminateRecoveryInstances', 'kms:Encrypt', 'kms:GenerateDataKey']),
    );
  });

  it('holds no write action of any kind the write function has', () => {
    const fns = apiFunctions(template);
    const writes = permissionsOf(template, fns.write).actions.filter((a) => !READ_ONLY_ACTIONS.some((allowed) => allowed.test(a)));
    expect(writes).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'drs:TerminateRecoveryInstances', 'states:StartExecution']));
    expect(permissionsOf(template, fns.read).actions.filter((a) => writes.includes(a))).toEqual([]);
  });

  it('carries a read-only session policy into target accounts, and the write function none', async () => {
    const policy = JSON.parse(READ_ONLY_SESSION_POLICY) as { Statement: Array<{ Effect: string; Action: string[]; Resource: string }> };
    expect(policy.Statement).toEqual([{ Effect: 'Allow', Action: [...READ_ONLY_ACTION_PATTERNS], Resource: '*' }]);
    for (const action of READ_ONLY_ACTION_PATTERNS) expect(action).toMatch(/^(drs|ec2):(Describe|List|Get)\*$/);
    expect(READ_ONLY_SESSION_POLICY.length).toBeLessThanOrEqual(2048);

    const sts = mockSdkClient(STSClient);
    try {
      sts.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date(Date.now() + 3_600_000) } });
      const target = { accountId: '222222222222', region: 'us-east-1', roleArn: 'arn:aws:iam::222222222222:role/DrsOrchestratorTargetRole', externalId: 'ext' };
      await defaultApiDeps('read').awsClients.verifyAccess(target);
      await defaultApiDeps('write').awsClients.verifyAccess(target);
      const [read, write] = sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input as { Policy?: string });
      expect(read).toMatchObject({ RoleSessionName: 'drs-orchestrator-api-read', Policy: READ_ONLY_SESSION_POLICY });
      expect(write).toMatchObject({ RoleSessionName: 'drs-orchestrator-api-write' });
      expect(write!.Policy).toBeUndefined();
    } finally {
      sts.restore();
    }
  });
});

describe('API Gateway', () => {
  it('reaches every route through the function of its kind', () => {
    const reached = routes.map((route) => ({ operationId: route.operationId, effect: route.effect, function: functionReaching(template, route) }));
    expect(reached).toEqual(routes.map((route) => ({ operationId: route.operationId, effect: route.effect, function: route.effect })));
  });

  it('lets the write function reach no read route, and sends it nothing on GET', () => {
    const fns = apiFunctions(template);
    expect(routes.filter((r) => r.effect === 'read' && functionReaching(template, r) === 'write').map((r) => r.operationId)).toEqual([]);
    expect(gatewayMethods(template).filter((m) => m.functionId === fns.write && m.method === 'GET')).toEqual([]);
    expect(gatewayMethods(template).every((m) => m.functionId === fns.read || m.functionId === fns.write)).toBe(true);
  });
});

/**
 * The local platform runs every function in one process with their
 * environments merged, so a variable missing from one API function would only
 * show in AWS. Here: the deps each route reaches (recorded as its handler
 * destructures them), the variable each of those deps needs (what
 * defaultApiDeps demands when it is unset), and the function of the route's
 * kind must carry every one of them.
 */
describe("each API function's environment", () => {
  /**
   * A value whose every property leads nowhere and whose every call answers a
   * promise that never settles: a handler stops at its first await of a dep,
   * and nothing rejects (an unawaited rejection would fail the file).
   */
  const nowhere: any = new Proxy(() => undefined, {
    get: (_t, name) => (name === 'then' ? undefined : nowhere),
    apply: () => new Promise(() => undefined),
  });

  async function depsReachedBy(route: Route): Promise<string[]> {
    const reached = new Set<string>();
    const deps = new Proxy({}, { get: (_t, name) => (reached.add(String(name)), nowhere) });
    const request = { operationId: route.operationId, pathParams: {}, query: {}, body: {}, principal: { kind: 'system', username: 'env-check', role: 'Admin' }, requestId: 'r' };
    const handled = Promise.resolve()
      .then(() => route.handle(request as never, deps as never))
      .catch(() => undefined);
    await Promise.race([handled, new Promise((resolve) => setImmediate(resolve))]);
    return [...reached];
  }

  function variableOf(dep: string): string | undefined {
    const saved = { ...process.env };
    try {
      for (const name of Object.values(EnvNames)) delete process.env[name];
      const deps = defaultApiDeps('write') as unknown as Record<string, unknown>;
      const value = deps[dep];
      if (typeof value === 'function' && dep.startsWith('start')) (value as (by: string) => unknown)('env-check');
      return undefined;
    } catch (error) {
      return /Environment variable (\w+) is not set/.exec((error as Error).message)?.[1];
    } finally {
      process.env = saved;
    }
  }

  it('names every variable the deps of its routes need', async () => {
    const fns = apiFunctions(template);
    const missing: string[] = [];
    for (const route of routes) {
      const env = Object.keys(template.Resources[fns[route.effect]]!.Properties!.Environment.Variables);
      for (const dep of await depsReachedBy(route)) {
        const variable = variableOf(dep);
        if (variable && !env.includes(variable)) missing.push(`${route.operationId} (${route.effect}) needs ${variable} for ${dep}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('is checked for real: a route that reaches a dep records it, and an unset variable is named', async () => {
    const start = routes.find((r) => r.operationId === 'start_tag_sync')!;
    expect(await depsReachedBy(start)).toContain('startTagSync');
    expect(variableOf('startTagSync')).toBe(EnvNames.TagSyncStateMachineArn);
    expect(variableOf('regionStatus')).toBe(EnvNames.RegionStatusTable);
    expect(variableOf('now')).toBeUndefined();
  });
});
