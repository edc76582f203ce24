import * as path from 'node:path';
import { CfnResource, Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { EnvNames } from '../../lib/config';
import { grantAssumeTargetRole, grantAwsActions, grantExtendSourceServers, grantTable, grantTagSourceServers, type DynamoDbAction, type GrantTableOptions } from './grants';

/** One permission of a task, declared with it and applied to its role. */
export type TaskGrant = (fn: lambda.IFunction) => void;

/** The grants a task declaration lists, built on ./grants (least privilege, spelled out). */
export const TaskGrants = {
  /** `actions` on the table (and the named indexes), plus the key use they need. */
  table: (table: dynamodb.ITable, actions: readonly DynamoDbAction[], options?: GrantTableOptions): TaskGrant => (fn) => grantTable(fn, table, actions, options),
  /** Actions without resource-level permissions (DRS, EC2, SSM Describe*). */
  awsActions: (actions: readonly string[]): TaskGrant => (fn) => grantAwsActions(fn, actions),
  /** drs:TagResource on the hub account's DRS source servers (not on `*`). */
  tagSourceServers: (): TaskGrant => (fn) => grantTagSourceServers(fn),
  /** drs:CreateExtendedSourceServer on staging servers (any account's source servers). */
  extendSourceServers: (): TaskGrant => (fn) => grantExtendSourceServers(fn),
  /** AssumeRole into the orchestrator's role in the target accounts. */
  assumeTargetRole: (roleName: string): TaskGrant => (fn) => grantAssumeTargetRole(fn, roleName),
} as const;

/** What Powertools idempotency's DynamoDB persistence calls. */
const IDEMPOTENCY_ACTIONS: readonly DynamoDbAction[] = ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'];

/** The repository root: every `entry` is relative to it. */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/**
 * Template metadata key that records which source module a function runs.
 * The local platform reads it to run the very same handler in-process.
 */
export const HANDLER_METADATA_KEY = 'DrsOrchestrator:Handler';

export interface HandlerMetadata {
  /** Source file relative to the repository root, e.g. `tasks/recovery-instance-sync/list-recovery-instances.ts`. */
  readonly entry: string;
  /** Exported handler name. */
  readonly export: string;
}

export interface TaskFunctionProps {
  /** Source file relative to the repository root. */
  readonly entry: string;
  /** The handler the entry exports, when one module serves several functions (the API's read and write functions). @default 'handler' */
  readonly handlerExport?: string;
  /** What the function does, shown in the Lambda console. */
  readonly description: string;
  /** @default {} */
  readonly environment?: Record<string, string>;
  /** @default Duration.seconds(60) */
  readonly timeout?: Duration;
  /** @default 512 */
  readonly memorySize?: number;
  /** Log retention of the function's own log group. @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** Everything the task may do, and nothing else. @default none */
  readonly grants?: readonly TaskGrant[];
  /**
   * The table where the task keeps its idempotency records, for a task
   * declared with `idempotency` in lib/task-handler.ts: its name reaches the
   * code as IDEMPOTENCY_TABLE and the persistence layer's actions are granted.
   * @default none
   */
  readonly idempotencyTable?: dynamodb.ITable;
}

/**
 * A Lambda task, declared in one place: its entry, description, environment
 * and grants. Node.js 22 on arm64, bundled by esbuild as an ES module,
 * X-Ray tracing on, JSON logs in a log group with a set retention.
 */
export class TaskFunction extends NodejsFunction {
  public readonly entryPath: string;

  constructor(scope: Construct, id: string, props: TaskFunctionProps) {
    if (path.isAbsolute(props.entry) || !props.entry.endsWith('.ts')) {
      throw new Error(`TaskFunction entry must be a .ts path relative to the repository root, got ${props.entry}`);
    }
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    super(scope, id, {
      entry: path.join(PROJECT_ROOT, props.entry),
      handler: props.handlerExport ?? 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(60),
      tracing: lambda.Tracing.ACTIVE,
      loggingFormat: lambda.LoggingFormat.JSON,
      logGroup,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'drs-orchestrator',
        POWERTOOLS_METRICS_NAMESPACE: 'DrsOrchestrator',
        ...props.environment,
        ...(props.idempotencyTable ? { [EnvNames.IdempotencyTable]: props.idempotencyTable.tableName } : {}),
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: true,
        mainFields: ['module', 'main'],
        // Powertools and the SDK are CommonJS inside an ES-module bundle.
        banner: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
      },
    });
    this.entryPath = props.entry;
    for (const grant of props.grants ?? []) grant(this);
    if (props.idempotencyTable) grantTable(this, props.idempotencyTable, IDEMPOTENCY_ACTIONS);
    const metadata: HandlerMetadata = { entry: props.entry, export: props.handlerExport ?? 'handler' };
    (this.node.defaultChild as CfnResource).addMetadata(HANDLER_METADATA_KEY, metadata);
  }
}
