import { AsyncLocalStorage } from 'node:async_hooks';

export interface InvocationScope {
  readonly functionName: string;
  readonly logicalId: string;
  readonly stackName: string;
}

/**
 * Which function the code running now belongs to. Every local invocation runs
 * inside this scope, so tools can attribute what a handler does (the AWS calls
 * it makes, for the least-privilege test) to the function that did it.
 */
export const invocationScope = new AsyncLocalStorage<InvocationScope>();
