/**
 * Least privilege, checked against behaviour: every AWS call each function's
 * code makes while the workflows and routes run locally is compared with the
 * IAM actions that function's role is granted in the synthesized template.
 * No action may be missing, and none may be granted that the code never uses.
 * X-Ray and CloudWatch Logs (the runtime's own) and KMS (implied by the
 * tables' customer-managed key) are outside the comparison.
 */
import type { LocalPlatform } from '../../local/platform';
import { recordAwsCalls, grantedActions, type AwsCallRecorder } from '../support/aws-call-recorder';
import { runExecution, startTestPlatform } from '../support/platform';
import { loadTemplates } from '../support/synth';
import { platformTables } from '../support/tables';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { targetAccountActions } from '../../infra/target-account-permissions';
import { API_HANDLER_EXPORTS } from '../../api/framework/api-functions';
import { Router } from '../../api/framework/router';
import { routes } from '../../api/routes';
import { READ_ONLY_ACTION_PATTERNS } from '../../lib/aws/session-policy';

const OUTSIDE_COMPARISON = /^(xray|logs|kms):/;

let platform: LocalPlatform;
let recorder: AwsCallRecorder;

beforeAll(async () => {
  recorder = recordAwsCalls();
  platform = await startTestPlatform();
});

afterAll(async () => {
  recorder?.restore();
  // Every response the estate sent during the file was checked against the service models.
  expect(platform?.sim.conformanceViolations()).toEqual([]);
  await platform?.close();
});

const functionOf = (entry: string) => platform.local.assembly.functions.find((f) => f.handler?.entry === entry)!;

/** The operations the scenario called through the API, each answered below 500. */
const exercised = new Set<string>();
const router = new Router(routes);

async function api(method: string, path: string, body?: unknown) {
  const match = router.match(method, path.split('?')[0]!);
  const response = await fetch(`${platform.urls.api}${path}`, {
    method,
    headers: { Authorization: `Bearer ${platform.adminToken}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (match.kind === 'matched' && response.status < 500) exercised.add(match.route.operationId);
  return { status: response.status, body: (await response.json().catch(() => undefined)) as any };
}

describe('least privilege', () => {
  beforeAll(async () => {
    // Every path that reaches AWS: the sync, its failure path, a wave sync, and each API route.
    // Handlers share this process, and so their credential cache: the wave sync goes first so that it,
    // not the full sync, is the one that assumes the role of the account it recovers into.
    const launched = new Set(platform.scenario.executions.flatMap((e) => e.sourceServerIds));
    const server = platform.scenario.sourceServerIds.find((s) => launched.has(s.sourceServerId) && s.accountId !== platform.scenario.hubAccountId)!;
    const wave = functionOf('tasks/recovery-instance-sync/sync-wave-servers.ts');
    const waveResult = await platform.local.lambda.invoke(wave.functionName, { executionId: 'exec-1', accountId: server.accountId, region: server.region, sourceServerIds: [server.sourceServerId] });
    expect(waveResult).toMatchObject({ status: 'SUCCEEDED', instancesSynced: 1 });
    expect((await runExecution(platform, platform.recoveryInstanceSyncArn)).description.status).toBe('SUCCEEDED');
    // A stopped sync: the execution-ended rule's function records it and releases its lock.
    const stopped = platform.local.engine.startExecution({ stateMachineArn: platform.recoveryInstanceSyncArn, input: '{}' });
    while (!platform.local.engine.getExecutionHistory(stopped.executionArn).items.some((e) => e.type === 'TaskStateEntered' && JSON.stringify(e).includes('ListSyncTargets'))) {
      await new Promise((r) => setTimeout(r, 10));
    }
    platform.local.engine.stopExecution(stopped.executionArn, { error: 'Cancelled' });
    await platform.events.settled();
    expect(platform.events.deliveries.map((d) => d.status)).toEqual(['SUCCEEDED']);
    const target = platform.scenario.accounts.find((a) => a.accountId !== platform.scenario.hubAccountId)!;

    // Tag sync, enabled: reads settings, plans (DRS and EC2 reads, region status), writes tags, completes.
    expect((await api('PUT', '/config/tag-sync', { enabled: true, includePrefixes: [], excludePrefixes: [] })).status).toBe(200);
    expect((await api('GET', '/config/tag-sync')).body).toMatchObject({ enabled: true });
    const tagSync = platform.local.assembly.stateMachines.find((m) => m.name === 'tag-sync')!;
    const tagStarted = await api('POST', '/drs/tag-sync');
    expect(tagStarted.status).toBe(202);
    expect(await platform.local.engine.waitForExecution(tagStarted.body.executionArn)).toMatchObject({ status: 'SUCCEEDED', output: expect.stringContaining('"serversTagged"') });
    expect((await api('GET', '/drs/tag-sync')).body).toMatchObject({ running: false, recentRuns: [expect.objectContaining({ status: 'SUCCEEDED' })] });
    // A region the filter kept for any reason but "active": the plan records its status.
    const tagExecutionArn = `${tagSync.arn.replace(':stateMachine:', ':execution:')}:direct`;
    const planned = await platform.local.lambda.invoke(functionOf('tasks/tag-sync/plan-account-region-tags.ts').functionName, {
      executionArn: tagExecutionArn, accountId: target.accountId, region: target.regions[0], reason: 'unknown', selection: { includePrefixes: [], excludePrefixes: [] },
    });
    expect(planned).toMatchObject({ accountId: target.accountId, writes: [] });
    // CompleteTagSync replayed with the same input: idempotency answers from its record.
    const completeTags = functionOf('tasks/tag-sync/complete-tag-sync.ts');
    const tagReplay = { executionArn: tagExecutionArn, runId: '2000-01-01T00:00:00.000Z#direct', startedAt: '2000-01-01T00:00:00.000Z', results: [] };
    const firstTags = await platform.local.lambda.invoke(completeTags.functionName, tagReplay);
    expect(await platform.local.lambda.invoke(completeTags.functionName, tagReplay)).toEqual(firstTags);

    // Inventory sync, on demand: plans, inventories each account-region (servers, snapshots, region status), completes.
    // An account-region no longer registered still has inventory: the sync's first task removes it.
    const orphan = platformTables(platform);
    await orphan.documents.send(new PutCommand({ TableName: platform.tables.SourceServerInventory, Item: { accountRegion: '#SYNCED', sourceServerId: '999999999999#us-east-1', accountId: '999999999999', region: 'us-east-1', lastUpdated: '2000-01-01T00:00:00.000Z', lastUpdatedBy: 'inventory-sync', serverCount: 1 } }));
    await orphan.documents.send(new PutCommand({ TableName: platform.tables.SourceServerInventory, Item: { accountRegion: '999999999999#us-east-1', sourceServerId: 's-00000000000000999' } }));
    const inventoryStarted = await api('POST', '/drs/inventory/sync');
    expect(inventoryStarted.status).toBe(202);
    expect(await platform.local.engine.waitForExecution(inventoryStarted.body.executionArn)).toMatchObject({ status: 'SUCCEEDED', output: expect.stringContaining('"serversFound"') });
    expect((await api('GET', '/drs/inventory/sync/status')).body).toMatchObject({ running: false, recentRuns: [expect.objectContaining({ status: 'SUCCEEDED' })] });
    expect((await orphan.scan('SourceServerInventory')).filter((i) => String(i.sourceServerId).includes('999999999999') || String(i.accountRegion).startsWith('999999999999'))).toEqual([]);
    orphan.close();
    // Inventory-first reads (the read function): fresh, from the inventory (markers Query, page Scan, protection groups Scan).
    for (const path of ['/drs/source-server-inventory?limit=5', `/drs/source-server-inventory?accountId=${target.accountId}&region=${target.regions[0]}`, `/drs/source-servers?region=${target.regions[0]}&accountId=${target.accountId}`, '/drs/replication']) {
      expect((await api('GET', path)).status).toBe(200);
    }
    const inventoryMachine = platform.local.assembly.stateMachines.find((m) => m.name === 'inventory-sync')!;
    const completeInventory = functionOf('tasks/inventory-sync/complete-inventory-sync.ts');
    const inventoryReplay = {
      executionArn: `${inventoryMachine.arn.replace(':stateMachine:', ':execution:')}:direct`, runId: '2000-01-01T00:00:00.000Z#direct', startedAt: '2000-01-01T00:00:00.000Z',
      plan: { regionsFound: 0, regionsScanned: 0, regionsSkipped: 0, callsSavedPercent: 0, fallback: false }, results: [],
    };
    const firstInventory = await platform.local.lambda.invoke(completeInventory.functionName, inventoryReplay);
    expect(await platform.local.lambda.invoke(completeInventory.functionName, inventoryReplay)).toEqual(firstInventory);

    expect((await api('GET', '/accounts/targets')).status).toBe(200);
    expect((await api('GET', `/accounts/targets/${target.accountId}`)).status).toBe(200);
    expect((await api('POST', `/accounts/targets/${target.accountId}/validate`)).status).toBe(200);
    const created = await api('POST', '/accounts/targets', { accountId: '444444444444', name: 'Spare', roleArn: 'arn:aws:iam::444444444444:role/DrsOrchestratorTargetRole', externalId: 'spare-external-id', regions: ['us-east-1'] });
    expect(created.status).toBe(201);
    expect((await api('PUT', '/accounts/targets/444444444444', { name: 'Spare 2', roleArn: 'arn:aws:iam::444444444444:role/DrsOrchestratorTargetRole', regions: ['us-east-1'] })).status).toBe(200);
    expect((await api('DELETE', '/accounts/targets/444444444444')).status).toBe(204);

    // Staging accounts: the demo's staging account, seeded on account A; discover, validate, remove and add again.
    const staging = platform.scenario.stagingAccounts[0]!;
    const stagingTarget = staging.trustedTargetAccountIds[0]!;
    expect((await api('GET', `/accounts/targets/${stagingTarget}/staging-accounts/discover`)).body).toMatchObject({ stagingAccounts: [{ accountId: staging.accountId, configured: true }] });
    const stagingInput = { accountId: staging.accountId, roleArn: staging.role!.roleArn, externalId: staging.role!.externalId };
    expect((await api('POST', '/staging-accounts/validate', { ...stagingInput, region: staging.regions[0], targetAccountId: stagingTarget })).body).toMatchObject({ valid: true, replicatingServers: expect.any(Number) });
    expect((await api('DELETE', `/accounts/targets/${stagingTarget}/staging-accounts/${staging.accountId}`)).body).toMatchObject({ stagingAccounts: [] });
    expect((await api('POST', `/accounts/targets/${stagingTarget}/staging-accounts`, { stagingAccount: { ...stagingInput, accountName: 'Analytics staging' } })).status).toBe(200);
    // The staging-account sync, on demand: plans (ListStagingAccounts, ListExtensibleSourceServers) and extends.
    const stagingStarted = await api('POST', `/accounts/targets/${stagingTarget}/staging-accounts/sync`);
    expect(stagingStarted.status).toBe(202);
    expect(await platform.local.engine.waitForExecution(stagingStarted.body.executionArn)).toMatchObject({ status: 'SUCCEEDED', output: expect.stringContaining('"extended":6') });
    expect((await api('GET', '/staging-accounts/sync/status')).body).toMatchObject({ recentRuns: [expect.objectContaining({ findings: expect.any(Array) })] });
    // A region the filter kept for any reason but "active": the plan counts its servers and records its status.
    const stagingMachine = platform.local.assembly.stateMachines.find((m) => m.name === 'staging-account-sync')!;
    const stagingPlanned = await platform.local.lambda.invoke(functionOf('tasks/staging-account-sync/plan-staging-extensions.ts').functionName, {
      executionArn: `${stagingMachine.arn.replace(':stateMachine:', ':execution:')}:direct`, accountId: stagingTarget, region: staging.regions[0], reason: 'unknown',
    });
    expect(stagingPlanned).toMatchObject({ accountId: stagingTarget, stagingAccountIds: [staging.accountId] });
    // Capacity and quotas: DRS reads of the target and its staging account (DescribeSourceServers, DescribeJobs).
    expect((await api('GET', `/accounts/targets/${stagingTarget}/capacity`)).body).toMatchObject({ accounts: [{ accessible: true }, { accountId: staging.accountId, accessible: true }] });
    expect((await api('GET', '/accounts/capacity/all')).status).toBe(200);
    expect((await api('GET', `/drs/quotas?accountId=${stagingTarget}&region=${staging.regions[0]}`)).body).toMatchObject({ capacity: { replicatingServers: expect.any(Number) } });
    // CompleteStagingSync replayed with the same input: idempotency answers from its record.
    const completeStaging = functionOf('tasks/staging-account-sync/complete-staging-sync.ts');
    const stagingReplay = { executionArn: `${stagingMachine.arn.replace(':stateMachine:', ':execution:')}:direct`, runId: '2000-01-01T00:00:00.000Z#direct', startedAt: '2000-01-01T00:00:00.000Z', accountIds: [], results: [] };
    const firstStaging = await platform.local.lambda.invoke(completeStaging.functionName, stagingReplay);
    expect(await platform.local.lambda.invoke(completeStaging.functionName, stagingReplay)).toEqual(firstStaging);

    const plan = platform.scenario.recoveryPlans[0];
    expect((await api('GET', '/recovery-plans')).status).toBe(200);
    expect((await api('GET', `/recovery-plans/${plan.id}/check-existing-instances`)).status).toBe(200);
    expect((await api('POST', `/recovery-plans/${plan.id}/check-existing-instances`)).status).toBe(200);
    expect((await api('GET', '/drs/recovery-instances?limit=5')).status).toBe(200);
    expect((await api('GET', `/drs/recovery-instances?accountId=${server.accountId}&region=${server.region}`)).status).toBe(200);
    expect((await api('GET', '/drs/recovery-instances/facets')).status).toBe(200);
    expect((await api('GET', '/drs/recovery-instance-sync/status')).status).toBe(200);
    const started = await api('POST', '/drs/recovery-instance-sync');
    expect(started.status).toBe(202);
    expect((await platform.local.engine.waitForExecution(started.body.executionArn)).status).toBe('SUCCEEDED');
    const execution = platform.scenario.executions[0];
    expect((await api('GET', `/drs/recovery-instances?executionId=${execution.executionId}`)).status).toBe(200);
    const terminated = await api('POST', `/executions/${execution.executionId}/terminate-instances`);
    expect(terminated.status).toBe(200);
    expect(terminated.body.terminated.length).toBeGreaterThan(0);
    const other = platform.scenario.executions.find((e) => e.executionId !== execution.executionId)!;
    const [one] = (await api('GET', `/drs/recovery-instances?executionId=${other.executionId}`)).body.items;
    const selected = await api('POST', '/drs/recovery-instances/terminate', { recoveryInstanceIds: [one.recoveryInstanceId] });
    expect(selected).toMatchObject({ status: 200, body: { requested: 1, notFound: [] } });
    for (const path of ['/health', '/user/profile', '/user/roles', '/user/permissions', '/accounts/current']) expect((await api('GET', path)).status).toBe(200);
    // The region reads answer from the region status table the syncs above filled.
    for (const path of ['/drs/regions', `/drs/service?region=${server.region}&accountId=${server.accountId}`, '/drs/accounts']) expect((await api('GET', path)).status).toBe(200);

    // CompleteSyncRun replayed with the same input: idempotency answers from its record.
    const complete = functionOf('tasks/recovery-instance-sync/complete-sync-run.ts');
    const replayed = { executionArn: `${platform.recoveryInstanceSyncArn.replace(':stateMachine:', ':execution:')}:replayed`, runId: '2000-01-01T00:00:00.000Z#replayed', startedAt: '2000-01-01T00:00:00.000Z', results: [] };
    const first = await platform.local.lambda.invoke(complete.functionName, replayed);
    expect(await platform.local.lambda.invoke(complete.functionName, replayed)).toEqual(first);
    // Nothing registered any more: every cached record is removed (the last step: the routes above read them).
    const remove = functionOf('tasks/recovery-instance-sync/remove-unregistered-records.ts');
    const removed = (await platform.local.lambda.invoke(remove.functionName, { executionArn: replayed.executionArn, targets: [] })) as { recordsRemoved: number };
    expect(removed.recordsRemoved).toBeGreaterThan(0);
  });

  const templates = loadTemplates() as Record<string, { Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }> }>;
  const functions = Object.entries(templates).flatMap(([stackName, template]) =>
    Object.entries(template.Resources)
      .filter(([, r]) => r.Type === 'AWS::Lambda::Function' && r.Metadata?.['DrsOrchestrator:Handler'])
      .map(([logicalId, r]) => {
        const { entry, export: name } = r.Metadata!['DrsOrchestrator:Handler'] as { entry: string; export: string };
        // The API's read and write functions share an entry: the export tells them apart.
        return { stackName, logicalId, handler: name === 'handler' ? entry : `${entry}#${name}` };
      }),
  );

  it.each(functions)('$handler is granted exactly the AWS actions its code calls', ({ stackName, logicalId }) => {
    const granted = [...grantedActions(templates[stackName] as never, logicalId)].filter((a) => !OUTSIDE_COMPARISON.test(a)).sort();
    const called = [...(recorder.actions.get(logicalId) ?? [])].sort();
    expect({ missing: called.filter((a) => !granted.includes(a)), extra: granted.filter((a) => !called.includes(a)) }).toEqual({ missing: [], extra: [] });
  });

  // test/unit/infra/target-account-stack.test.ts checks that the role grants exactly targetAccountActions().
  it('grants the target-account role exactly the actions called in target accounts', async () => {
    await recorder.settled();
    expect(targetAccountActions()).toEqual([...recorder.targetAccountActions].sort());
  });

  // Reads and writes apart, end to end on the platform: the API's read function opened its target-account sessions
  // (staging discovery and validation above) with the read-only session policy, which the simulated STS enforces,
  // and refuses a write operation invoked on it directly.
  it("limits the read function's target-account sessions to read verbs, and the read function refuses a write", async () => {
    const sessions = platform.sim.assumedSessions();
    const readSessions = sessions.filter((s) => s.arn.endsWith('/drs-orchestrator-api-read'));
    expect(readSessions.length).toBeGreaterThan(0);
    for (const session of readSessions) expect(session.sessionPolicy).toEqual({ allow: [...READ_ONLY_ACTION_PATTERNS], deny: [] });
    expect(sessions.filter((s) => s.arn.endsWith('/drs-orchestrator-api-write')).every((s) => s.sessionPolicy === undefined)).toBe(true);

    const read = platform.local.assembly.functions.find((f) => f.handler?.entry === 'api/handler.ts' && f.handler.export === API_HANDLER_EXPORTS.read)!;
    const refused = (await platform.local.lambda.invoke(read.functionName, { operation: 'start_tag_sync' })) as { statusCode: number; body: { message: string } };
    expect(refused).toEqual({ statusCode: 404, body: { message: expect.stringContaining("start_tag_sync is a write operation, served by the API's write function") } });
  });

  // A route the scenario never calls has its AWS calls measured against nothing: every route must be called.
  it('calls every route of the API, so each function is measured on all of its routes', () => {
    expect(routes.map((r) => r.operationId).filter((id) => !exercised.has(id))).toEqual([]);
  });
});
