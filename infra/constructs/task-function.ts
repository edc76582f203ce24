import * as path from 'node:path';
import { CfnResource, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';

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
}

/**
 * A Lambda task: Node.js 22 on arm64, bundled by esbuild as an ES module,
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
      handler: 'handler',
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
    const metadata: HandlerMetadata = { entry: props.entry, export: 'handler' };
    (this.node.defaultChild as CfnResource).addMetadata(HANDLER_METADATA_KEY, metadata);
  }
}
