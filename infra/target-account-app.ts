#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { acknowledgeTargetAccountFindings } from './nag-acknowledgements';
import { TargetAccountStack } from './stacks/target-account-stack';

/**
 * The app a target (spoke) account deploys, separate from the hub's app:
 *   npx cdk deploy -a "npx tsx infra/target-account-app.ts" \
 *     --parameters HubAccountId=111111111111 --parameters ExternalId=<at least 16 characters>
 * Or deploy docs/target-account/target-account-role.template.json with CloudFormation or StackSets
 * (docs/runbooks/spoke-account.md).
 */
export function buildTargetAccountApp(app = new App()): { app: App; stack: TargetAccountStack } {
  const hubStackPrefix = (app.node.tryGetContext('hubStackPrefix') as string | undefined) || undefined;
  const stack = new TargetAccountStack(app, 'DrsOrchestratorTargetAccount', {
    hubStackPrefix,
    description: 'DRS orchestrator: the role the hub assumes in this target account',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  acknowledgeTargetAccountFindings(stack);
  return { app, stack };
}

if (require.main === module) buildTargetAccountApp();
