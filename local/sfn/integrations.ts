/* eslint-disable @typescript-eslint/no-explicit-any -- Task parameters are untyped JSON, passed to the SDK as the service expects */
import { randomUUID } from 'node:crypto';
import {
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { LocalLambda } from '../lambda';
import { LambdaFunctionError, ResourceNotFoundException } from '../lambda';
import { StatesError } from './errors';

/** What a service integration gets besides its resolved Parameters. */
export interface IntegrationContext {
  readonly executionArn: string;
  readonly stateName: string;
  readonly signal: AbortSignal;
}

/** A `arn:aws:states:::<service>:<action>` implementation; the result becomes the state's result. */
export type Integration = (parameters: Record<string, any>, context: IntegrationContext) => Promise<unknown>;

export interface StartedExecution {
  readonly executionArn: string;
  readonly startDate: Date;
}

export interface BuiltInIntegrationDeps {
  readonly lambda: LocalLambda;
  readonly startExecution: (request: { stateMachineArn: string; name?: string; input?: string; parentExecutionArn: string }) => StartedExecution;
  /** Lazily created, so machines without DynamoDB steps need no endpoint. */
  readonly dynamodb: () => DynamoDBClient;
}

const sdkMetadata = () => {
  const requestId = randomUUID();
  return {
    SdkHttpMetadata: { AllHttpHeaders: { 'x-amzn-RequestId': [requestId] }, HttpHeaders: { 'x-amzn-RequestId': requestId }, HttpStatusCode: 200 },
    SdkResponseMetadata: { RequestId: requestId },
  };
};

/** Errors a DynamoDB step can raise under their own name; everything else is DynamoDB.AmazonDynamoDBException. */
const NAMED_DYNAMODB_ERRORS = new Set([
  'ConditionalCheckFailedException',
  'ProvisionedThroughputExceededException',
  'ResourceNotFoundException',
  'ItemCollectionSizeLimitExceededException',
  'TransactionConflictException',
  'RequestLimitExceeded',
  'ThrottlingException',
]);

function dynamoDbError(err: unknown): StatesError {
  const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number; requestId?: string } };
  const code = e.name ?? 'UnknownError';
  const name = NAMED_DYNAMODB_ERRORS.has(code) ? `DynamoDB.${code}` : 'DynamoDB.AmazonDynamoDBException';
  const status = e.$metadata?.httpStatusCode ?? 400;
  // The cause reads like the Java SDK message Step Functions reports.
  return new StatesError(name, `${e.message ?? code} (Service: AmazonDynamoDBv2; Status Code: ${status}; Error Code: ${code}; Request ID: ${e.$metadata?.requestId ?? randomUUID()}; Proxy: null)`);
}

function lambdaServiceError(err: unknown): Error {
  if (err instanceof LambdaFunctionError) return err;
  if (err instanceof ResourceNotFoundException) {
    return new StatesError('Lambda.ResourceNotFoundException', `${err.message} (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException)`);
  }
  return err as Error;
}

/** The integrations every machine in this project may use, keyed `service:action`. */
export function builtInIntegrations(deps: BuiltInIntegrationDeps): Record<string, Integration> {
  const dynamo = (command: (p: Record<string, any>) => any): Integration => async (parameters) => {
    try {
      const { $metadata: _m, ...result } = (await deps.dynamodb().send(command(parameters))) as unknown as Record<string, unknown>;
      return { ...result, ...sdkMetadata() };
    } catch (err) {
      throw dynamoDbError(err);
    }
  };
  return {
    'lambda:invoke': async (parameters) => {
      const functionName = String(parameters.FunctionName ?? '');
      let payload: unknown = parameters.Payload ?? {};
      if (typeof payload === 'string') {
        try {
          payload = JSON.parse(payload);
        } catch {
          // A string payload that is not JSON is passed as a JSON string.
        }
      }
      if (parameters.InvocationType === 'Event') {
        deps.lambda.resolveFunction(functionName);
        void deps.lambda.invoke(functionName, payload).catch(() => undefined);
        return { Payload: '', StatusCode: 202, ...sdkMetadata() };
      }
      try {
        const result = await deps.lambda.invoke(functionName, payload);
        return { ExecutedVersion: '$LATEST', Payload: result, ...sdkMetadata(), StatusCode: 200 };
      } catch (err) {
        throw lambdaServiceError(err);
      }
    },
    'states:startExecution': async (parameters, context) => {
      const input = parameters.Input === undefined ? undefined : typeof parameters.Input === 'string' ? parameters.Input : JSON.stringify(parameters.Input);
      const started = deps.startExecution({
        stateMachineArn: String(parameters.StateMachineArn),
        name: parameters.Name,
        input,
        parentExecutionArn: context.executionArn,
      });
      return { ExecutionArn: started.executionArn, StartDate: started.startDate.getTime(), ...sdkMetadata() };
    },
    'dynamodb:getItem': dynamo((p) => new GetItemCommand(p as never)),
    'dynamodb:putItem': dynamo((p) => new PutItemCommand(p as never)),
    'dynamodb:updateItem': dynamo((p) => new UpdateItemCommand(p as never)),
    'dynamodb:deleteItem': dynamo((p) => new DeleteItemCommand(p as never)),
  };
}

/** Invokes a Lambda ARN used directly as a Task resource: the result is the function's output. */
export async function invokeLambdaResource(lambda: LocalLambda, functionArn: string, input: unknown): Promise<unknown> {
  try {
    return await lambda.invoke(functionArn, input);
  } catch (err) {
    throw lambdaServiceError(err);
  }
}
