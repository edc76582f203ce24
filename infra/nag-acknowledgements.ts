import { type CfnElement, Stack, Token, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { ApiStack } from './stacks/api-stack';
import type { ConsoleHostingStack } from './stacks/console-hosting-stack';
import type { ConsoleStack } from './stacks/console-stack';
import type { DataStack } from './stacks/data-stack';
import type { MonitoringStack } from './stacks/monitoring-stack';
import type { OrchestrationStack } from './stacks/orchestration-stack';
import type { TaskFunction } from './constructs/task-function';
import type { TargetAccountStack } from './stacks/target-account-stack';

export interface NagScopes {
  readonly data: DataStack;
  readonly orchestration: OrchestrationStack;
  readonly api: ApiStack;
  readonly monitoring: MonitoringStack;
  readonly consoleHosting: ConsoleHostingStack;
  readonly console: ConsoleStack;
}

const acknowledge = (scope: IConstruct, id: string, reason: string) => Validations.of(scope).acknowledge({ id, reason });

/** The stack's account as cdk-nag prints it: the literal id, or `<AWS::AccountId>` when the stack is environment-agnostic. */
const accountOf = (scope: IConstruct) => {
  const account = Stack.of(scope).account;
  return Token.isUnresolved(account) ? '<AWS::AccountId>' : account;
};

const BASIC_EXECUTION_ROLE_REASON =
  'The AWS managed AWSLambdaBasicExecutionRole, which CDK attaches, allows logs:CreateLogGroup, CreateLogStream and PutLogEvents on every ' +
  "log group of the account (Resource '*'): write-only, no reading of logs. The function itself writes only to its own log group.";

/** Findings every task function shares. */
function acknowledgeTaskFunction(fn: TaskFunction): void {
  acknowledge(fn, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', BASIC_EXECUTION_ROLE_REASON);
  acknowledge(fn, 'AwsSolutions-L1',
    'Pinned to nodejs22.x on purpose: the bundles target Node 22 and the local platform runs the same handlers on Node 22.');
  acknowledge(fn, 'AwsSolutions-IAM5[Resource::*]',
    'X-Ray PutTraceSegments/PutTelemetryRecords, and the DRS, EC2 and SSM Describe*/List* actions, support no resource-level permissions. ' +
      'Actions that do (drs:TerminateRecoveryInstances, drs:TagResource) are granted on their resources, not on *.');
  acknowledge(fn, 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:role/DrsOrchestratorTargetRole]',
    'Target accounts are registered at run time, so the account is a wildcard, but the statement is conditioned on aws:ResourceOrgID ' +
      "(the hub's own organization, or the organizationId context); with the allowedTargetAccounts context the accounts are listed instead. " +
      'The ExternalId is demanded by the target role (infra/stacks/target-account-stack.ts), and the API refuses an account without one.');
  acknowledge(fn, `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:drs:*:${accountOf(fn)}:recovery-instance/*]`,
    'drs:TerminateRecoveryInstances on any recovery instance of this account (in any region the account is registered for), only while it carries the DRS-managed tag ' +
      '(aws:ResourceTag/AWSElasticDisasterRecoveryManaged): the instances to terminate are chosen at run time.');
}

/** The one function that tags source servers (tasks/tag-sync/apply-source-server-tags.ts). */
function acknowledgeTagWriter(fn: TaskFunction): void {
  acknowledge(fn, `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:drs:*:${accountOf(fn)}:source-server/*]`,
    "drs:TagResource on the DRS source servers of the hub's own account, in any region (tag sync copies their EC2 instances' tags): " +
      'the servers are found at run time. Servers of target accounts are tagged through the target role, which grants the same on its own account.');
}

/**
 * The API's read function (reads and writes apart): no terminate and no table
 * write; its AssumeRole sessions carry the read-only session policy.
 */
function acknowledgeApiReadFunction(fn: TaskFunction): void {
  acknowledge(fn, 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:role/DrsOrchestratorTargetRole]',
    'Staging-account discovery and validation read DRS in target accounts registered at run time, so the account is a wildcard, but the ' +
      "statement is conditioned on aws:ResourceOrgID (the hub's own organization, or the organizationId context); with the allowedTargetAccounts " +
      'context the accounts are listed instead. The role demands the ExternalId, and every session the read function opens carries a session ' +
      'policy allowing only drs Describe/Get/List and ec2 Describe (lib/aws/session-policy.ts), so the role\'s write actions are out of its reach.');
  acknowledge(fn, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', BASIC_EXECUTION_ROLE_REASON);
  acknowledge(fn, 'AwsSolutions-L1',
    'Pinned to nodejs22.x on purpose: the bundles target Node 22 and the local platform runs the same handlers on Node 22.');
  acknowledge(fn, 'AwsSolutions-IAM5[Resource::*]',
    'X-Ray PutTraceSegments/PutTelemetryRecords and drs:DescribeSourceServers/ListStagingAccounts/DescribeJobs support no resource-level permissions. ' +
      'Every other grant of the read function names its tables and indexes, with read actions only.');
}

/** The one function that extends staging servers (tasks/staging-account-sync/extend-source-servers.ts). */
function acknowledgeExtender(fn: TaskFunction): void {
  acknowledge(fn, 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:drs:*:*:source-server/*]',
    'drs:CreateExtendedSourceServer names the staging server, a source server of another (staging) account chosen at run time; ' +
      'DRS itself requires the staging account to trust the target account.');
}

/** Every cdk-nag finding we accept, each on the narrowest construct, with the reason. */
export function acknowledgeNagFindings({ orchestration, api, consoleHosting, console: webConsole }: NagScopes): void {
  for (const fn of [...orchestration.taskFunctions, api.writeHandler]) acknowledgeTaskFunction(fn);
  acknowledgeApiReadFunction(api.readHandler);
  const tagWriters = orchestration.taskFunctions.filter((fn) => fn.entryPath === 'tasks/tag-sync/apply-source-server-tags.ts');
  if (tagWriters.length !== 1) throw new Error(`expected one function for tasks/tag-sync/apply-source-server-tags.ts, found ${tagWriters.length}`);
  acknowledgeTagWriter(tagWriters[0]!);
  const extenders = orchestration.taskFunctions.filter((fn) => fn.entryPath === 'tasks/staging-account-sync/extend-source-servers.ts');
  if (extenders.length !== 1) throw new Error(`expected one function for tasks/staging-account-sync/extend-source-servers.ts, found ${extenders.length}`);
  acknowledgeExtender(extenders[0]!);
  for (const syncMachine of [orchestration.recoveryInstanceSync.stateMachine, orchestration.tagSync.stateMachine, orchestration.inventorySync.stateMachine, orchestration.stagingAccountSync.stateMachine]) {
    for (const fn of orchestration.taskFunctions) {
      const logicalId = Stack.of(fn).resolve(Stack.of(fn).getLogicalId(fn.node.defaultChild as CfnElement)) as string;
      acknowledge(syncMachine, `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
        "CDK's LambdaInvoke grants lambda:InvokeFunction on the function's versions and aliases too (`<arn>:*`).");
    }
    acknowledge(syncMachine, 'AwsSolutions-IAM5[Resource::*]', 'X-Ray tracing of the state machine supports no resource-level permissions.');
  }
  acknowledge(api.healthMethod, 'AwsSolutions-APIG4', 'Health answers without a token so probes can use it; it returns no data.');
  acknowledge(api.healthMethod, 'AwsSolutions-COG4', 'Health answers without a token so probes can use it; it returns no data.');
  acknowledge(api.api, 'AwsSolutions-COG4', 'CORS preflight (OPTIONS) methods cannot carry an authorizer: browsers send them without credentials.');
  acknowledge(api.api, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
    'The account-level role API Gateway uses to write execution logs; AWS manages its policy.');
  acknowledgeConsoleHosting(consoleHosting);
  acknowledgeConsole(webConsole);
}

/** The console's distribution. */
function acknowledgeConsoleHosting(stack: ConsoleHostingStack): void {
  const distribution = stack.distribution;
  acknowledge(distribution, 'AwsSolutions-CFR1',
    'Operators sign in from wherever they are during a disaster; Cognito (MFA required) and the API authorizer decide who gets in, not geography.');
  if (!stack.webAclArn) {
    acknowledge(distribution, 'AwsSolutions-CFR2',
      'The distribution serves only static files; every data request goes to the API, which has its own WAF web ACL. ' +
        'A CLOUDFRONT-scope web ACL must live in us-east-1: pass ConsoleHostingStackProps.webAclArn (context consoleWebAclArn) to attach one.');
  }
  acknowledge(distribution, 'AwsSolutions-CFR4',
    'The default *.cloudfront.net certificate cannot set a minimum protocol version; with ConsoleHostingStackProps.customDomain the distribution uses TLSv1.2_2021.');
}

/** CDK's BucketDeployment function that copies the built console into the hosting stack's bucket. */
function acknowledgeConsole(stack: ConsoleStack): void {

  // The singleton function behind both BucketDeployments: the role's parent is that function.
  const deployFunction = stack.assetsDeployment.handlerRole.node.scope;
  if (!deployFunction) throw new Error('BucketDeployment has no handler function');
  acknowledge(deployFunction, 'AwsSolutions-L1',
    "CDK's BucketDeployment handler; CDK chooses and updates its runtime, we do not.");
  acknowledge(deployFunction, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', BASIC_EXECUTION_ROLE_REASON);
  const [account, region] = [stack.account, stack.region].map((v, i) => (Token.isUnresolved(v) ? ['<AWS::AccountId>', '<AWS::Region>'][i] : v));
  // The bucket lives in the hosting stack: here its ARN is an import, which cdk-nag names by the export.
  // exportValue returns the import of the very export CDK makes for the reference (same name), without adding another.
  const bucketName = (stack.resolve(stack.hosting.exportValue(stack.hosting.bucket.bucketArn)) as { 'Fn::ImportValue': string })['Fn::ImportValue'];
  for (const action of ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*']) {
    acknowledge(deployFunction, `AwsSolutions-IAM5[Action::${action}]`,
      "CDK's BucketDeployment grants read on the CDK asset bucket and read-write on the console bucket; it copies and prunes every object, so it needs every object action of that group.");
  }
  acknowledge(deployFunction, `AwsSolutions-IAM5[Resource::${bucketName}/*]`,
    'The deployment writes and prunes every object of the console bucket, and only of that bucket.');
  acknowledge(deployFunction, `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-${account}-${region}/*]`,
    'The deployment reads the console zip from the CDK bootstrap asset bucket, whose object keys are content hashes.');
  acknowledge(deployFunction, 'AwsSolutions-IAM5[Resource::*]',
    'cloudfront:CreateInvalidation and GetInvalidation, granted by CDK for the entry files, support no resource-level permissions in the policy CDK writes.');
}

/** The target-account role (infra/stacks/target-account-stack.ts). */
export function acknowledgeTargetAccountFindings(stack: TargetAccountStack): void {
  acknowledge(stack.role, 'AwsSolutions-IAM5[Resource::*]',
    'drs:DescribeSourceServers, drs:DescribeRecoveryInstances, drs:DescribeJobs, drs:ListStagingAccounts, drs:ListExtensibleSourceServers, ec2:DescribeInstances and ec2:DescribeTags support no resource-level permissions.');
  acknowledge(stack.role, 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:drs:*:<AWS::AccountId>:source-server/*]',
    'drs:TagResource on the source servers of this account (tag sync copies their EC2 instances\' tags): the servers are found at run time.');
  acknowledge(stack.role, 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:drs:*:*:source-server/*]',
    'drs:CreateExtendedSourceServer names the staging server, a source server of the staging account this account extends from (chosen at run time); ' +
      'DRS itself requires the staging account to trust this account.');
  acknowledge(stack.role, 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:drs:*:<AWS::AccountId>:recovery-instance/*]',
    'drs:TerminateRecoveryInstances on the recovery instances of this account, only while they carry the DRS-managed tag ' +
      '(aws:ResourceTag/AWSElasticDisasterRecoveryManaged): the instances to terminate are chosen at run time.');
}
