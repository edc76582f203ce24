/**
 * Step Functions API errors. `name` is the error code the HTTP API returns
 * as `__type`, so SDK clients see the same exception classes as in AWS.
 */
export class SfnApiError extends Error {
  constructor(
    override readonly name: SfnErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type SfnErrorCode =
  | 'ExecutionDoesNotExist'
  | 'ExecutionAlreadyExists'
  | 'StateMachineDoesNotExist'
  | 'InvalidArn'
  | 'InvalidName'
  | 'InvalidExecutionInput'
  | 'InvalidOutput'
  | 'InvalidToken'
  | 'TaskDoesNotExist'
  | 'TaskTimedOut'
  | 'ValidationException'
  | 'UnknownOperationException';

/** An error raised inside an execution: `name` is the ASL error, `message` the cause. */
export class StatesError extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}
