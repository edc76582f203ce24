import middy from '@middy/core';
import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { Context } from 'aws-lambda';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { EnvNames, requireEnv } from './config';
import { logger, metrics, tracer } from './observability';
import { assertValid } from './validation';

export interface IdempotencyOptions {
  /** JMESPath of the part of the input that identifies a repeat. @default the whole input */
  readonly eventKeyJmesPath?: string;
  /** How long a result is replayed. @default 3600 */
  readonly expiresAfterSeconds?: number;
}

export interface TaskDefinition<Input, Output> {
  /** The task's name, used in error messages, logs and idempotency keys. */
  readonly name: string;
  /** JSON Schema of the input; the input is validated before `run` sees it. */
  readonly inputSchema: object;
  /** JSON Schema of the output; checked so a task never hands a malformed state to the next step. */
  readonly outputSchema: object;
  readonly run: (input: Input) => Promise<Output>;
  /** Where the input carries the Step Functions execution ARN, the logs' correlation id. @default 'executionArn' */
  readonly correlationIdPath?: string;
  /**
   * For a task whose side effects must not happen twice: an invocation with
   * the same input as one that already succeeded returns that result without
   * running again (Powertools idempotency; records in the table named by
   * IDEMPOTENCY_TABLE, which the task's declaration grants). Step Functions
   * re-invokes a task after a Lambda service error even when the first
   * invocation did its work.
   */
  readonly idempotency?: IdempotencyOptions;
}

/**
 * Wraps a task's pure `run` in the Lambda handler every task shares: input and
 * output validation, structured logs whose correlation id is the Step
 * Functions execution, EMF metrics, tracing and, when asked, idempotency.
 */
export function taskHandler<Input, Output>(task: TaskDefinition<Input, Output>) {
  // Built at the first invocation: the idempotency table's name is only read then, so tests may import `run` without it.
  let built: ((event: unknown, context: Context) => Promise<Output>) | undefined;
  return (event: unknown, context: Context): Promise<Output> => (built ??= build(task))(event, context);
}

function build<Input, Output>(task: TaskDefinition<Input, Output>) {
  const handler = middy(async (event: unknown, _context: Context): Promise<Output> => {
    const input = assertValid<Input>(task.inputSchema, event, `${task.name} input`);
    const output = assertValid<Output>(task.outputSchema, await task.run(input), `${task.name} output`);
    metrics.addMetric(`${task.name}Succeeded`, MetricUnit.Count, 1);
    return output;
  })
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(injectLambdaContext(logger, { correlationIdPath: task.correlationIdPath ?? 'executionArn', resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
  if (task.idempotency) {
    handler.use(
      makeHandlerIdempotent({
        // The task's name, not the function's: the same key in AWS and in the local platform, where functions share a process.
        persistenceStore: new DynamoDBPersistenceLayer({ tableName: requireEnv(EnvNames.IdempotencyTable) }),
        keyPrefix: task.name,
        config: new IdempotencyConfig({
          eventKeyJmesPath: task.idempotency.eventKeyJmesPath ?? '',
          expiresAfterSeconds: task.idempotency.expiresAfterSeconds ?? 3600,
          throwOnNoIdempotencyKey: true,
        }),
      }),
    );
  }
  return handler as unknown as (event: unknown, context: Context) => Promise<Output>;
}
