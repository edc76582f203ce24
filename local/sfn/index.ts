import type { PlatformClock } from '../clock';
import { loadCloudAssembly, type CfnTemplate, type LocalCloudAssembly } from '../cfn';
import { LocalLambda } from '../lambda';
import { LocalScheduler, type FiredSchedule } from '../scheduler';
import { LocalStepFunctions } from './engine';
import { serveStepFunctionsApi, type ServedApi } from './http';
import type { Integration } from './integrations';

export interface CreateLocalEngineOptions {
  /** Stack name → synthesized template, every stack of the app (see `templatesFromApp`). */
  readonly templates: Readonly<Record<string, CfnTemplate>>;
  readonly clock: PlatformClock;
  /** Repository root; handler entries in the template metadata are relative to it. */
  readonly projectRoot: string;
  /** For `dynamodb:*` steps, e.g. http://127.0.0.1:8000. */
  readonly dynamodbEndpoint?: string;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** @default '111111111111' */
  readonly accountId?: string;
  /** Set after the functions' own environments: endpoints, credentials, log levels. */
  readonly environmentOverrides?: Readonly<Record<string, string>>;
  /** Extra Task integrations keyed `service:action`. */
  readonly integrations?: Readonly<Record<string, Integration>>;
  /** Fire schedules once at scheduler start. @default false */
  readonly fireSchedulesOnStart?: boolean;
  readonly onScheduleFired?: (fired: FiredSchedule) => void;
}

export interface LocalEngine {
  readonly assembly: LocalCloudAssembly;
  readonly lambda: LocalLambda;
  readonly engine: LocalStepFunctions;
  readonly scheduler: LocalScheduler;
  /** Serves the Step Functions API; port 0 picks a free one. @default 8083 */
  serve(port?: number, host?: string): Promise<ServedApi>;
  /** Stops the scheduler and HTTP servers, aborts running executions, closes SDK clients. */
  close(): Promise<void>;
}

/** The local Step Functions runtime, wired from the app's templates. */
export function createLocalEngine(options: CreateLocalEngineOptions): LocalEngine {
  const assembly = loadCloudAssembly(options.templates, {
    region: options.region ?? 'us-east-1',
    accountId: options.accountId ?? '111111111111',
  });
  const lambda = new LocalLambda({ assembly, projectRoot: options.projectRoot, environmentOverrides: options.environmentOverrides, clock: options.clock });
  const engine = new LocalStepFunctions({
    assembly,
    lambda,
    clock: options.clock,
    dynamodbEndpoint: options.dynamodbEndpoint,
    integrations: options.integrations,
  });
  const scheduler = new LocalScheduler({
    assembly,
    engine,
    clock: options.clock,
    fireOnStart: options.fireSchedulesOnStart,
    onFire: options.onScheduleFired,
  });
  const servers: ServedApi[] = [];
  return {
    assembly,
    lambda,
    engine,
    scheduler,
    serve: async (port = 8083, host) => {
      const served = await serveStepFunctionsApi(engine, { port, host });
      servers.push(served);
      return served;
    },
    close: async () => {
      scheduler.stop();
      await Promise.all(servers.splice(0).map((s) => s.close()));
      await engine.close();
    },
  };
}

export { LocalStepFunctions, type ExecutionDescription, type ExecutionStatus, type Page } from './engine';
export { serveStepFunctionsApi, type ServedApi } from './http';
export { SfnApiError, StatesError } from './errors';
export type { HistoryEvent } from './history';
export type { Integration, IntegrationContext } from './integrations';
