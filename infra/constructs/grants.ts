import { Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';

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

/**
 * Which target accounts' roles the hub may assume. Set with CDK context
 * (`cdk deploy -c allowedTargetAccounts=111111111111,222222222222` or
 * `-c organizationId=o-abc123`), or in code. Neither: only accounts of the
 * hub's own AWS Organization (`aws:ResourceOrgID` = `${aws:PrincipalOrgID}`);
 * a hub outside any organization then reaches no other account at all.
 */
export interface TargetAccountScope {
  /** Exactly these account ids. */
  readonly accounts?: readonly string[];
  /** Every account of this organization (`o-...`). */
  readonly organizationId?: string;
}

export const TARGET_SCOPE_CONTEXT = { accounts: 'allowedTargetAccounts', organizationId: 'organizationId' } as const;

/** The scope from CDK context: a list or a comma-separated string of account ids, and an organization id. */
export function targetAccountScopeFromContext(scope: IConstruct): TargetAccountScope {
  const rawAccounts = scope.node.tryGetContext(TARGET_SCOPE_CONTEXT.accounts) as string | readonly string[] | undefined;
  const organizationId = (scope.node.tryGetContext(TARGET_SCOPE_CONTEXT.organizationId) as string | undefined) || undefined;
  const accounts = (typeof rawAccounts === 'string' ? rawAccounts.split(',') : (rawAccounts ?? [])).map((a) => a.trim()).filter(Boolean);
  for (const account of accounts) if (!/^\d{12}$/.test(account)) throw new Error(`${TARGET_SCOPE_CONTEXT.accounts}: ${account} is not a 12-digit account id`);
  if (organizationId !== undefined && !/^o-[a-z0-9]{10,32}$/.test(organizationId)) throw new Error(`${TARGET_SCOPE_CONTEXT.organizationId}: ${organizationId} is not an organization id (o-...)`);
  return { ...(accounts.length > 0 ? { accounts } : {}), ...(organizationId ? { organizationId } : {}) };
}

/**
 * The sts:AssumeRole statements for the orchestrator's role in target
 * accounts, limited to `scope` (see TargetAccountScope). The ExternalId is
 * the target role's own demand (target-account-stack.ts), not the caller's.
 */
export function assumeTargetRoleStatements(partition: string, targetRoleName: string, scope: TargetAccountScope): iam.PolicyStatement[] {
  const statements: iam.PolicyStatement[] = [];
  if (scope.accounts?.length) {
    statements.push(
      new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: scope.accounts.map((a) => `arn:${partition}:iam::${a}:role/${targetRoleName}`) }),
    );
  }
  if (scope.organizationId || !scope.accounts?.length) {
    statements.push(
      new iam.PolicyStatement({
        actions: ['sts:AssumeRole'],
        resources: [`arn:${partition}:iam::*:role/${targetRoleName}`],
        conditions: { StringEquals: { 'aws:ResourceOrgID': scope.organizationId ?? '${aws:PrincipalOrgID}' } },
      }),
    );
  }
  return statements;
}

/** AssumeRole into target accounts: the orchestrator's role name, in the accounts `scope` allows (default: the CDK context's). */
export function grantAssumeTargetRole(fn: lambda.IFunction, targetRoleName: string, scope: TargetAccountScope = targetAccountScopeFromContext(fn)): void {
  for (const statement of assumeTargetRoleStatements(Stack.of(fn).partition, targetRoleName, scope)) fn.addToRolePolicy(statement);
}

/**
 * The tag DRS puts on what it launches and manages. The DRS service-linked
 * role's own policy (AWS managed AWSElasticDisasterRecoveryServiceRolePolicy)
 * conditions its instance actions on it with
 * `"Null": { "aws:ResourceTag/AWSElasticDisasterRecoveryManaged": "false" }`.
 */
export const DRS_MANAGED_TAG = 'AWSElasticDisasterRecoveryManaged';

/**
 * drs:TerminateRecoveryInstances, limited to DRS recovery instances that carry
 * the DRS-managed tag. The Service Authorization Reference for AWS Elastic
 * Disaster Recovery (list_awselasticdisasterrecovery.html) gives the action
 * the resource type RecoveryInstanceResource
 * (`arn:${Partition}:drs:${Region}:${Account}:recovery-instance/${RecoveryInstanceID}`)
 * and the condition key `aws:ResourceTag/${TagKey}`.
 */
export function terminateRecoveryInstancesStatement(
  partition: string,
  account: string,
  actions: readonly string[] = ['drs:TerminateRecoveryInstances'],
): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: [...actions],
    resources: [`arn:${partition}:drs:*:${account}:recovery-instance/*`],
    conditions: { Null: { [`aws:ResourceTag/${DRS_MANAGED_TAG}`]: 'false' } },
  });
}

/** TerminateRecoveryInstances in the function's own account (the hub), on DRS-managed recovery instances only. */
export function grantTerminateRecoveryInstances(fn: lambda.IFunction): void {
  const stack = Stack.of(fn);
  fn.addToRolePolicy(terminateRecoveryInstancesStatement(stack.partition, stack.account));
}

/**
 * drs:CreateExtendedSourceServer names the staging server, a source server of
 * another account (the staging account), so the resource is any account's
 * source server: which staging accounts a target extends from is decided at
 * run time, and DRS itself demands that the staging account trust the target.
 */
export function grantExtendSourceServers(fn: lambda.IFunction): void {
  const stack = Stack.of(fn);
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['drs:CreateExtendedSourceServer'], resources: [`arn:${stack.partition}:drs:*:*:source-server/*`] }));
}

/**
 * drs:TagResource on DRS source servers of the function's own account (the
 * hub), in any region. The Service Authorization Reference for AWS Elastic
 * Disaster Recovery gives TagResource the resource type SourceServerResource
 * (`arn:${Partition}:drs:${Region}:${Account}:source-server/${SourceServerID}`).
 * Servers of target accounts are tagged through the target role, whose own
 * policy grants the same on its account (target-account-stack.ts): an
 * identity policy of the hub cannot reach another account's resources.
 */
export function grantTagSourceServers(fn: lambda.IFunction): void {
  const stack = Stack.of(fn);
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['drs:TagResource'], resources: [`arn:${stack.partition}:drs:*:${stack.account}:source-server/*`] }));
}
