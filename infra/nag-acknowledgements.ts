import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { ApiStack } from './stacks/api-stack';
import type { ConsoleStack } from './stacks/console-stack';
import type { DataStack } from './stacks/data-stack';
import type { MonitoringStack } from './stacks/monitoring-stack';
import type { OrchestrationStack } from './stacks/orchestration-stack';
import type { TaskFunction } from './constructs/task-function';

export interface NagScopes {
  readonly data: DataStack;
  readonly orchestration: OrchestrationStack;
  readonly api: ApiStack;
  readonly monitoring: MonitoringStack;
  readonly console: ConsoleStack;
}

const acknowledge = (scope: IConstruct, id: string, reason: string) => Validations.of(scope).acknowledge({ id, reason });

/** Findings every task function shares. */
function acknowledgeTaskFunction(fn: TaskFunction): void {
  acknowledge(fn, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'The AWS managed basic execution role only lets the function write its own CloudWatch Logs.');
  acknowledge(fn, 'AwsSolutions-L1',
    'Pinned to nodejs22.x on purpose: the bundles target Node 22 and the local platform runs the same handlers on Node 22.');
  acknowledge(fn, 'AwsSolutions-IAM5[Resource::*]',
    'X-Ray PutTraceSegments/PutTelemetryRecords, and the DRS and EC2 Describe* actions, support no resource-level permissions.');
  acknowledge(fn, 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:role/DrsOrchestratorTargetRole]',
    'Target accounts are registered at run time; the role name is fixed, and each trust policy demands the ExternalId.');
}

/** Every cdk-nag finding we accept, each on the narrowest construct, with the reason. */
export function acknowledgeNagFindings({ orchestration, api }: NagScopes): void {
  for (const fn of [...orchestration.taskFunctions, api.handler]) acknowledgeTaskFunction(fn);
  const syncMachine = orchestration.recoveryInstanceSync.stateMachine;
  for (const fn of orchestration.taskFunctions) {
    const logicalId = Stack.of(fn).resolve(Stack.of(fn).getLogicalId(fn.node.defaultChild as CfnElement)) as string;
    acknowledge(syncMachine, `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
      "CDK's LambdaInvoke grants lambda:InvokeFunction on the function's versions and aliases too (`<arn>:*`).");
  }
  acknowledge(syncMachine, 'AwsSolutions-IAM5[Resource::*]', 'X-Ray tracing of the state machine supports no resource-level permissions.');
  acknowledge(api.healthMethod, 'AwsSolutions-APIG4', 'Health answers without a token so probes can use it; it returns no data.');
  acknowledge(api.healthMethod, 'AwsSolutions-COG4', 'Health answers without a token so probes can use it; it returns no data.');
  acknowledge(api.api, 'AwsSolutions-COG4', 'CORS preflight (OPTIONS) methods cannot carry an authorizer: browsers send them without credentials.');
  acknowledge(api.api, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
    'The account-level role API Gateway uses to write execution logs; AWS manages its policy.');
}
