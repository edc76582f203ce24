import { Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';

/**
 * Least privilege, spelled out: each function gets the exact actions its code
 * calls, so a test can compare the two. CDK's grantRead/grantWrite give more
 * than a task uses.
 */
export type DynamoDbAction =
  | 'GetItem'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'Query'
  | 'Scan'
  | 'BatchGetItem'
  | 'BatchWriteItem';

const KMS_READ = ['kms:Decrypt', 'kms:DescribeKey'];
const KMS_WRITE = ['kms:Encrypt', 'kms:GenerateDataKey'];
const WRITES = new Set<DynamoDbAction>(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);

export interface GrantTableOptions {
  /** Global secondary indexes the function queries. @default none */
  readonly indexes?: readonly string[];
}

/** Grants `actions` on the table and the named indexes, plus the key use they need. */
export function grantTable(fn: lambda.IFunction, table: dynamodb.ITable, actions: readonly DynamoDbAction[], options: GrantTableOptions = {}): void {
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: actions.map((a) => `dynamodb:${a}`),
      resources: [table.tableArn, ...(options.indexes ?? []).map((index) => `${table.tableArn}/index/${index}`)],
    }),
  );
  if (table.encryptionKey) {
    const keyActions = actions.some((a) => WRITES.has(a)) ? [...KMS_READ, ...KMS_WRITE] : KMS_READ;
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: keyActions, resources: [table.encryptionKey.keyArn] }));
  }
}

/** DRS, EC2 and SSM Describe* actions have no resource-level permissions: their resource is `*`. */
export function grantAwsActions(fn: lambda.IFunction, actions: readonly string[]): void {
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: [...actions], resources: ['*'] }));
}

/** AssumeRole into target accounts, limited to the orchestrator's role name in any account. */
export function grantAssumeTargetRole(fn: lambda.IFunction, targetRoleName: string): void {
  const partition = Stack.of(fn).partition;
  fn.addToRolePolicy(
    new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [`arn:${partition}:iam::*:role/${targetRoleName}`] }),
  );
}
