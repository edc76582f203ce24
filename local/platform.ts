import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { CreateTableCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { App } from 'aws-cdk-lib';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { ensureLocalUsers, LocalTokenVerifier, type LocalUser } from '../api/auth/local-tokens';
import { buildApp } from '../infra/build-app';
import { setProcessClock } from '../lib/clock';
import { EnvNames } from '../lib/config';
import { RecoveryJobRepository } from '../lib/repositories/recovery-jobs';
import { ProtectionGroupRepository, RecoveryPlanRepository } from '../lib/repositories/recovery-plans';
import { TargetAccountRepository } from '../lib/repositories/target-accounts';
import { templatesFromApp, type CfnTemplate, type LocalTable } from './cfn';
import { createVirtualClock, type PlatformClock } from './clock';
import { createLocalEventBus, type LocalEventBus } from './events';
import { DynamoDbFaults } from './dynamodb-faults';
import { guardListener } from './listener-guard';
import { startApiServer, type ApiServer } from './http/server';
import { API_HANDLER_EXPORTS, type ApiFunctionKind } from '../api/framework/api-functions';
import { startSimulatedEstate, type ScenarioDescription, type SimulatedEstate } from './sim';
import { createLocalEngine, type LocalEngine } from './sfn';

// dynalite ships no types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite') as (options: Record<string, unknown>) => Server;

export const PROJECT_ROOT = path.resolve(__dirname, '..');
export const LOCAL_REGION = 'us-east-1';

export interface LocalPlatformOptions {
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** 0 picks a free port. @default 3000 / 4566 / 8000 / 8083 */
  readonly ports?: { readonly api?: number; readonly sim?: number; readonly dynamodb?: number; readonly sfn?: number };
  /** Virtual milliseconds per real millisecond. @default 30 */
  readonly clockSpeed?: number;
  /** @default { name: 'demo', seed: 1 } */
  readonly scenario?: { readonly name: string; readonly seed?: number; readonly options?: Record<string, unknown> };
  /** Tokens and keys live here, and the DynamoDB data when `persist` is set. @default '.local-data' in the repository */
  readonly dataDir?: string;
  /**
   * Keep DynamoDB's data (accounts, plans, the cache, sync runs) and the
   * virtual time under `dataDir`, so they survive a restart. Tests keep
   * everything in memory. @default false
   */
  readonly persist?: boolean;
  /** With `persist`: delete the saved data first and start fresh. @default false */
  readonly reset?: boolean;
  /** The estate's latency model. @default 'default' */
  readonly latency?: 'default' | 'none';
  /** Validate every simulated response against the service models. @default 'off' */
  readonly conformance?: 'off' | 'enforce';
  /** Fire the app's schedules. @default true */
  readonly scheduler?: boolean;
  /** Already synthesized templates, to skip a synth (tests synthesize once per run). */
  readonly templates?: Readonly<Record<string, CfnTemplate>>;
  /** Environment for the handlers on top of endpoints and credentials, e.g. log levels. */
  readonly environment?: Readonly<Record<string, string>>;
  /** Serve the built console from this folder at `/`. */
  readonly consoleDir?: string;
  /**
   * The origin of a console served elsewhere (e.g. `http://localhost:4173`):
   * the API then allows that origin, and only it, as the deployed stage allows
   * the CloudFront console. @default none: the console shares the API's origin
   */
  readonly consoleOrigin?: string;
}

export interface LocalPlatform {
  readonly clock: PlatformClock;
  /** True when the DynamoDB tables were created by this start (nothing was kept from an earlier one). */
  readonly fresh: boolean;
  readonly sim: SimulatedEstate;
  /** Faults injected into the embedded DynamoDB (per operation and table), for tests of a table that fails. None by default. */
  readonly dynamodbFaults: DynamoDbFaults;
  readonly local: LocalEngine;
  /** The default event bus: the app's EventBridge rules, fed by the engine's execution status changes. */
  readonly events: LocalEventBus;
  readonly api: ApiServer;
  readonly urls: { readonly api: string; readonly console: string; readonly sim: string; readonly dynamodb: string; readonly sfn: string };
  readonly scenario: ScenarioDescription;
  readonly users: readonly LocalUser[];
  readonly adminToken: string;
  /** Physical table names, by the table's logical id (e.g. `RecoveryInstanceCache`). */
  readonly tables: Readonly<Record<string, string>>;
  /** The recovery-instance sync state machine's ARN. */
  readonly recoveryInstanceSyncArn: string;
  /** Registers the scenario's accounts and seeds its protection groups and plans, as `npm start` does; what exists already is left alone. */
  seedScenario(): Promise<void>;
  /** Starts the schedules (when `scheduler: false` was passed); `fireNow` runs each one at once too. */
  startScheduler(options?: { fireNow?: boolean }): void;
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/** Where virtual time stopped last time, if it is ahead of real time. */
function resumeTime(clockFile: string): number | undefined {
  try {
    const saved = Date.parse((JSON.parse(fs.readFileSync(clockFile, 'utf8')) as { virtualNow?: string }).virtualNow ?? '');
    return saved > Date.now() ? saved : undefined;
  } catch {
    return undefined;
  }
}

/** The table's logical id without CDK's hash suffix: `RecoveryInstanceCacheA70E845E` → `RecoveryInstanceCache`. */
const tableKey = (table: LocalTable) => table.logicalId.replace(/[0-9A-F]{8}$/, '');

/**
 * Starts everything `npm start` runs, in this process: embedded DynamoDB, the
 * simulated AWS estate, the Step Functions engine running the synthesized
 * state machines with their handlers in-process, the scheduler, and the HTTP
 * API. Handlers see only endpoints and credentials that differ from AWS.
 */
export async function startLocalPlatform(options: LocalPlatformOptions = {}): Promise<LocalPlatform> {
  const host = options.host ?? '127.0.0.1';
  const ports = { api: 3000, sim: 4566, dynamodb: 8000, sfn: 8083, ...options.ports };
  const dataDir = options.dataDir ?? path.join(PROJECT_ROOT, '.local-data');
  const dynamoDir = path.join(dataDir, 'dynamodb');
  const clockFile = path.join(dataDir, 'clock.json');
  if (options.persist && options.reset) {
    fs.rmSync(dynamoDir, { recursive: true, force: true });
    fs.rmSync(clockFile, { force: true });
  }
  // Virtual time runs ahead of real time; a restart resumes where it stopped, so kept records never lie in the future.
  const clock = createVirtualClock({ speed: options.clockSpeed ?? 30, start: options.persist ? resumeTime(clockFile) : undefined });
  const closers: Array<() => Promise<void>> = [];
  // Handlers, repositories and the client factory read "now" from the process clock (lib/clock.ts).
  const restoreClock = setProcessClock({ now: () => clock.date() });
  closers.push(async () => restoreClock());
  if (options.persist) {
    fs.mkdirSync(dataDir, { recursive: true });
    const save = () => fs.writeFileSync(clockFile, JSON.stringify({ virtualNow: new Date(clock.now()).toISOString() }));
    const saver = setInterval(save, 10_000);
    saver.unref();
    closers.push(async () => {
      clearInterval(saver);
      save();
    });
  }
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) await closer().catch(() => undefined);
  };

  try {
    if (options.persist) fs.mkdirSync(dynamoDir, { recursive: true });
    // dynalite is third-party: the guard checks Host and Origin in front of it.
    const dynamodbFaults = new DynamoDbFaults();
    const dynamoServer = guardListener(dynamodbFaults.wrap(dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(options.persist ? { path: dynamoDir } : {}) })), host);
    const dynamoPort = await listen(dynamoServer, ports.dynamodb, host);
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          dynamoServer.close(() => resolve());
          // Handlers keep their SDK clients' sockets alive, as in Lambda; close them with the server.
          dynamoServer.closeAllConnections?.();
        }),
    );
    const dynamodbEndpoint = `http://${host}:${dynamoPort}`;

    const sim = await startSimulatedEstate({
      port: ports.sim,
      host,
      clock,
      // Sessions the estate's STS issues expire on the same clock the client factory judges them by.
      credentialClock: () => clock.now(),
      scenario: options.scenario ?? { name: 'demo', seed: 1 },
      latency: options.latency ?? 'default',
      conformance: options.conformance ?? 'off',
    });
    closers.push(() => sim.close());
    const hub = sim.scenario.accounts.find((a) => a.accountId === sim.scenario.hubAccountId);
    if (!hub) throw new Error(`scenario ${sim.scenario.name} has no hub account`);

    const templates =
      options.templates ??
      templatesFromApp(buildApp({ app: new App({ context: { 'aws:cdk:bundling-stacks': [] } }), env: { account: hub.accountId, region: LOCAL_REGION } }).app);

    // Only endpoints and credentials differ from AWS: the handlers run as the hub account.
    const environment: Record<string, string> = {
      AWS_REGION: LOCAL_REGION,
      AWS_DEFAULT_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: hub.accessKeyId,
      AWS_SECRET_ACCESS_KEY: hub.secretAccessKey,
      AWS_ENDPOINT_URL_DRS: sim.url,
      AWS_ENDPOINT_URL_EC2: sim.url,
      AWS_ENDPOINT_URL_SSM: sim.url,
      AWS_ENDPOINT_URL_STS: sim.url,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodbEndpoint,
      [EnvNames.HubAccountId]: hub.accountId,
      // The template names the CloudFront console's origin; locally it is this one, or none.
      [EnvNames.ApiCorsAllowOrigin]: options.consoleOrigin ?? '',
      ...options.environment,
    };
    const local = createLocalEngine({
      templates,
      clock,
      projectRoot: PROJECT_ROOT,
      dynamodbEndpoint,
      region: LOCAL_REGION,
      accountId: hub.accountId,
      environmentOverrides: environment,
    });
    closers.push(() => local.close());
    const events = createLocalEventBus({ templates, assembly: local.assembly, lambda: local.lambda, engine: local.engine, clock });
    closers.push(() => events.close());

    const ddb = new DynamoDBClient({ endpoint: dynamodbEndpoint, region: LOCAL_REGION, credentials: { accessKeyId: hub.accessKeyId, secretAccessKey: hub.secretAccessKey } });
    closers.push(async () => ddb.destroy());
    const tables: Record<string, string> = {};
    let fresh = true;
    for (const table of local.assembly.tables) {
      const { TimeToLiveSpecification: _ttl, ...create } = table.properties;
      try {
        await ddb.send(new CreateTableCommand(create as ConstructorParameters<typeof CreateTableCommand>[0]));
      } catch (error) {
        // Kept from an earlier start (persist).
        if (!(error instanceof ResourceInUseException)) throw error;
        fresh = false;
      }
      tables[tableKey(table)] = table.tableName;
    }

    const sfnServer = await local.serve(ports.sfn, host);
    environment.AWS_ENDPOINT_URL_SFN = sfnServer.url;
    // The engine applied the environment when it was created; the SFN endpoint is only known now.
    process.env.AWS_ENDPOINT_URL_SFN = sfnServer.url;

    // The API's two functions (reads and writes apart), each invoked as itself so that it runs with its own role's view.
    const apiFunctionOf = (kind: ApiFunctionKind) => {
      const fn = local.assembly.functions.find((f) => f.handler?.entry === 'api/handler.ts' && f.handler.export === API_HANDLER_EXPORTS[kind]);
      if (!fn) throw new Error(`the app defines no function for api/handler.ts#${API_HANDLER_EXPORTS[kind]}`);
      return (event: APIGatewayProxyEvent, _context: Context) => local.lambda.invoke(fn.functionName, event);
    };
    // Local tokens expire on real time for now: the console and Cognito-style token holders judge `exp`
    // by the browser's clock, so a virtual clock running ahead would refuse tokens they still renew on time.
    // ensureLocalUsers/LocalTokenVerifier take `{ now }` to move them onto the platform clock with the console.
    const { users, adminToken } = await ensureLocalUsers(dataDir);
    const api = await startApiServer({
      host,
      port: ports.api,
      auth: await LocalTokenVerifier.open(dataDir),
      handler: { read: apiFunctionOf('read'), write: apiFunctionOf('write') },
      staticDir: options.consoleDir,
      corsAllowOrigin: options.consoleOrigin,
    });
    closers.push(() => api.close());

    const syncMachine = local.assembly.stateMachines.find((m) => m.name === 'recovery-instance-sync');
    if (!syncMachine) throw new Error('the app defines no recovery-instance-sync state machine');

    const documents = DynamoDBDocumentClient.from(ddb);
    const seedScenario = async () => {
      const accounts = new TargetAccountRepository(tables.TargetAccounts, documents);
      const at = clock.date().toISOString();
      for (const account of sim.scenario.accounts) {
        const isHub = account.accountId === sim.scenario.hubAccountId;
        if (await accounts.get(account.accountId)) continue;
        await accounts.create({
          accountId: account.accountId,
          name: isHub ? 'Hub (orchestrator account)' : `Target ${account.accountId}`,
          roleArn: isHub ? null : (account.role?.roleArn ?? null),
          externalId: isHub ? null : (account.role?.externalId ?? null),
          regions: account.regions,
          createdAt: at,
          updatedAt: at,
          lastValidation: null,
          // The scenario's staging accounts that trust this account, as an administrator would have added them.
          stagingAccounts: sim.scenario.stagingAccounts
            .filter((staging) => staging.trustedTargetAccountIds.includes(account.accountId) && staging.role)
            .map((staging) => ({ accountId: staging.accountId, accountName: `Staging ${staging.accountId}`, roleArn: staging.role!.roleArn, externalId: staging.role!.externalId, addedAt: at, addedBy: 'local-platform' })),
        });
      }
      const groups = new ProtectionGroupRepository(tables.ProtectionGroups, documents);
      const existingGroups = new Set((await groups.list()).map((g) => g.groupId));
      for (const group of sim.scenario.protectionGroups) {
        if (existingGroups.has(group.id)) continue;
        await groups.put({ groupId: group.id, name: group.name, accountId: group.accountId, region: group.region, sourceServerIds: group.sourceServerIds, createdAt: at, updatedAt: at });
      }
      const plans = new RecoveryPlanRepository(tables.RecoveryPlans, documents);
      for (const plan of sim.scenario.recoveryPlans) {
        if (await plans.get(plan.id)) continue;
        await plans.put({ planId: plan.id, name: plan.name, waves: plan.waves.map((w) => ({ name: w.name, protectionGroupIds: w.protectionGroupIds })), createdAt: at, updatedAt: at });
      }
      // The scenario's past jobs, as wave execution records the jobs it starts: the syncs map recovery instances to executions through them.
      const jobs = new RecoveryJobRepository(tables.RecoveryJobs, documents);
      for (const job of sim.scenario.jobs) await jobs.put(job);
    };

    if (options.scheduler ?? true) local.scheduler.start();

    return {
      clock,
      fresh,
      sim,
      dynamodbFaults,
      local,
      events,
      api,
      urls: { api: `${api.url}/api`, console: `${api.url}/`, sim: sim.url, dynamodb: dynamodbEndpoint, sfn: sfnServer.url },
      scenario: sim.scenario,
      users,
      adminToken,
      tables,
      recoveryInstanceSyncArn: syncMachine.arn,
      seedScenario,
      startScheduler: ({ fireNow = false } = {}) => local.scheduler.start({ fireOnStart: fireNow }),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
