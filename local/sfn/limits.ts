/**
 * The Step Functions quotas the local engine enforces, so that a machine that
 * would break in AWS breaks here too (docs/local-engine.md, "Limits"):
 *
 * - StartExecution: a name of 1–80 characters without the characters AWS
 *   refuses, and an input of at most 256 KiB (UTF-8).
 * - Payloads: a state's input (after Parameters, or a Map's ItemSelector) or
 *   output, or a connector's result, larger than 256 KiB is
 *   States.DataLimitExceeded, which AWS documents as terminal: States.ALL
 *   cannot catch it. Raised inside the run, a Catch that names it does
 *   (local/sfn/data-limit.ts); a state's output is seen only after the state
 *   ended, and fails the execution.
 * - History: 25,000 events. When 24,999 are written, event 25,000 is
 *   ExecutionSucceeded if that is what comes next; otherwise it is
 *   ExecutionFailed and the execution stops.
 */
import { SfnApiError } from './errors';

/** "Maximum input or output size for a task, state, or execution": 256 KiB of UTF-8. */
export const MAX_PAYLOAD_BYTES = 256 * 1024;
/** "Maximum execution history size": a hard quota. */
export const MAX_HISTORY_EVENTS = 25_000;
export const MAX_EXECUTION_NAME_LENGTH = 80;

export const DATA_LIMIT_EXCEEDED = 'States.DataLimitExceeded';
/** AWS's cause text for an execution that ran out of history. */
export const HISTORY_LIMIT_CAUSE = `The execution reached the maximum number of history events (${MAX_HISTORY_EVENTS}).`;

/** White space, brackets, wildcards, the listed specials and control characters. */
const FORBIDDEN_NAME_CHARACTERS = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/u;

export const payloadBytes = (json: string): number => Buffer.byteLength(json, 'utf8');

/**
 * StartExecution's checks, in AWS's words: a length constraint is a
 * ValidationException ("1 validation error detected: …"), a bad character is
 * InvalidName, input that is not JSON is InvalidExecutionInput.
 */
export function checkStartExecution(name: string, inputText: string): void {
  if (name.length < 1 || name.length > MAX_EXECUTION_NAME_LENGTH) {
    throw new SfnApiError(
      'ValidationException',
      `1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must have length ${name.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_EXECUTION_NAME_LENGTH}`}`,
    );
  }
  if (FORBIDDEN_NAME_CHARACTERS.test(name)) throw new SfnApiError('InvalidName', `Invalid Name: '${name}'`);
  const bytes = payloadBytes(inputText);
  if (bytes > MAX_PAYLOAD_BYTES) {
    throw new SfnApiError(
      'ValidationException',
      `1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to ${MAX_PAYLOAD_BYTES} (got ${bytes} bytes)`,
    );
  }
}

/** The cause AWS gives when a state's data is over the quota, or undefined when it fits. */
export function payloadOverLimit(stateName: string, direction: 'input' | 'output', value: unknown): string | undefined {
  const bytes = payloadBytes(JSON.stringify(value ?? null));
  if (bytes <= MAX_PAYLOAD_BYTES) return undefined;
  return direction === 'output'
    ? `The state/task '${stateName}' returned a result with a size exceeding the maximum number of bytes service limit.`
    : `The state/task '${stateName}' has an input with a size exceeding the maximum number of bytes service limit.`;
}
