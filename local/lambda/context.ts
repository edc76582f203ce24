import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import type { LocalFunction } from '../cfn';

/**
 * A Lambda `Context` like the Node.js 22 runtime's. The remaining time is
 * real time: the function timeout bounds compute, which the virtual clock
 * does not speed up.
 */
export function createLambdaContext(fn: LocalFunction, startedAtMs: number = Date.now()): Context {
  const deadline = startedAtMs + fn.timeoutSeconds * 1000;
  const day = new Date(startedAtMs).toISOString().slice(0, 10).replace(/-/g, '/');
  const unsupported = () => {
    throw new Error('Legacy context.done/succeed/fail are not supported; return or throw from the handler');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: fn.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: fn.arn,
    memoryLimitInMB: String(fn.memorySize),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${fn.functionName}`,
    logStreamName: `${day}/[$LATEST]${randomUUID().replace(/-/g, '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}
