import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { Context } from 'aws-lambda';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger, metrics, tracer } from './observability';
import { assertValid } from './validation';

export interface TaskDefinition<Input, Output> {
  /** The task's name, used in error messages and logs. */
  readonly name: string;
  /** JSON Schema of the input; the input is validated before `run` sees it. */
  readonly inputSchema: object;
  /** JSON Schema of the output; checked so a task never hands a malformed state to the next step. */
  readonly outputSchema: object;
  readonly run: (input: Input) => Promise<Output>;
}

/**
 * Wraps a task's pure `run` in the Lambda handler every task shares: input and
 * output validation, structured logs whose correlation id is the Step
 * Functions execution (`executionArn` in the input), EMF metrics and tracing.
 */
export function taskHandler<Input, Output>(task: TaskDefinition<Input, Output>) {
  return middy(async (event: unknown, _context: Context): Promise<Output> => {
    const input = assertValid<Input>(task.inputSchema, event, `${task.name} input`);
    const output = assertValid<Output>(task.outputSchema, await task.run(input), `${task.name} output`);
    metrics.addMetric(`${task.name}Succeeded`, MetricUnit.Count, 1);
    return output;
  })
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(injectLambdaContext(logger, { correlationIdPath: 'executionArn', resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
}
