import { classifyAwsError } from '../aws/classify-error';

/**
 * How repositories call DynamoDB, written once: a failure leaves as a named
 * error (ThrottlingError and ServiceUnavailableError are what Step Functions
 * retries and the API answers 503 for), and a conditional write whose
 * condition does not hold is an answer (`false`), not an error.
 */
export const isConditionFailure = (error: unknown): boolean => (error as { name?: string } | null)?.name === 'ConditionalCheckFailedException';

/** An error from the SDK or the network under it; anything else (our own checks) keeps its name. */
const fromAws = (error: unknown) => {
  const e = error as { $metadata?: unknown; code?: string } | null;
  return !!e && (e.$metadata !== undefined || typeof e.code === 'string');
};

/** Runs one repository operation on `table`; an SDK failure is rethrown as a named error. */
export async function tableCall<T>(table: string, operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw fromAws(error) ? classifyAwsError(error, `DynamoDB ${operation} on ${table}`) : error;
  }
}

/** Runs a conditional write: true when it was applied, false when its condition did not hold. */
export async function conditionalWrite(table: string, operation: string, write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw fromAws(error) ? classifyAwsError(error, `DynamoDB ${operation} on ${table}`) : error;
  }
}
