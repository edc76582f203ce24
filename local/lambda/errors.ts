/**
 * A function error as Step Functions sees it. `name` is the Lambda
 * `errorType` (the thrown error's `name`), which is what ASL Retry and Catch
 * match, and `message` is the Cause text Lambda reports: the JSON
 * `{"errorType","errorMessage","trace"}`.
 */
export class LambdaFunctionError extends Error {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace: readonly string[];

  constructor(errorType: string, errorMessage: string, trace: readonly string[]) {
    super(JSON.stringify({ errorType, errorMessage, trace }));
    this.name = errorType;
    this.errorType = errorType;
    this.errorMessage = errorMessage;
    this.trace = trace;
  }

  /** The response payload Lambda returns for a failed invocation. */
  toPayload(): { errorType: string; errorMessage: string; trace: readonly string[] } {
    return { errorType: this.errorType, errorMessage: this.errorMessage, trace: this.trace };
  }

  static from(thrown: unknown): LambdaFunctionError {
    if (thrown instanceof LambdaFunctionError) return thrown;
    if (thrown instanceof Error) {
      const trace = (thrown.stack ?? `${thrown.name}: ${thrown.message}`).split('\n');
      return new LambdaFunctionError(thrown.name || 'Error', thrown.message, trace);
    }
    // The Node.js runtime reports non-Error throws like this.
    const message = typeof thrown === 'string' ? thrown : JSON.stringify(thrown);
    return new LambdaFunctionError('Error', message ?? String(thrown), []);
  }
}

/** The invoked function is not in the assembly, or has no handler module. */
export class ResourceNotFoundException extends Error {
  override readonly name = 'ResourceNotFoundException';
}
