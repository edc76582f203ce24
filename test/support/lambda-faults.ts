import type { LocalPlatform } from '../../local/platform';
import { LambdaFunctionError } from '../../local/lambda/errors';

/**
 * Makes the next invocation of one function fail the way Lambda reports a
 * runtime that exits before answering (out of memory, a crash in native
 * code): an unhandled `Runtime.ExitError`, with no handler code run. The
 * local Lambda runs handlers in-process, so such a crash cannot happen there
 * by itself. Returns a function that undoes it.
 */
export function crashNextInvocation(platform: LocalPlatform, functionArn: string): () => void {
  const lambda = platform.local.lambda;
  const original = lambda.invoke;
  let armed = true;
  lambda.invoke = async function (this: typeof lambda, nameOrArn: string, payload: unknown) {
    if (armed && lambda.resolveFunction(nameOrArn).arn === functionArn) {
      armed = false;
      throw new LambdaFunctionError('Runtime.ExitError', 'RequestId: local Error: Runtime exited with error: signal: killed', []);
    }
    return original.call(this, nameOrArn, payload);
  };
  return () => {
    lambda.invoke = original;
  };
}
