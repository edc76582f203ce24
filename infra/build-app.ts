import { App, Validations, type Environment } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { acknowledgeNagFindings } from './nag-acknowledgements';
import { ApiStack } from './stacks/api-stack';
import { ConsoleHostingStack, type ConsoleCustomDomain } from './stacks/console-hosting-stack';
import { ConsoleStack } from './stacks/console-stack';
import { DataStack } from './stacks/data-stack';
import { MonitoringStack } from './stacks/monitoring-stack';
import { OrchestrationStack, type OrchestrationStackProps } from './stacks/orchestration-stack';

export interface OrchestratorApp {
  readonly app: App;
  readonly data: DataStack;
  readonly orchestration: OrchestrationStack;
  readonly api: ApiStack;
  readonly monitoring: MonitoringStack;
  /** The console's bucket and distribution, deployed before the API (which needs the console's origin). */
  readonly consoleHosting: ConsoleHostingStack;
  /** The console's files, config.json and Cognito client, deployed after the API (they need its URL). */
  readonly console: ConsoleStack;
}

export interface BuildAppOptions {
  readonly app?: App;
  readonly env?: Environment;
  /** Stack name prefix. @default 'DrsOrchestrator' */
  readonly prefix?: string;
  /** The built console to deploy; without index.html a placeholder page is deployed. @default web/dist */
  readonly consoleDir?: string;
  /** Serve the console on this domain with this us-east-1 certificate (enables TLS 1.2 minimum). @default the CloudFront domain */
  readonly consoleCustomDomain?: ConsoleCustomDomain;
  /** A CLOUDFRONT-scope WAF web ACL for the console's distribution. @default none */
  readonly consoleWebAclArn?: string;
  /** Settings of the orchestration stack (schedules, machine timeouts). @default the stack's defaults */
  readonly orchestration?: Pick<OrchestrationStackProps, 'recoveryInstanceSyncInterval' | 'recoveryInstanceSyncTimeout'>;
}

/**
 * Builds every stack of the orchestrator. `infra/app.ts` deploys it; tests and
 * the local platform synthesize it (without bundling) and run what it defines.
 */
export function buildApp(options: BuildAppOptions = {}): OrchestratorApp {
  const app = options.app ?? new App();
  // Exports between our own stacks stay strong: CloudFormation refuses to remove an export still in use.
  if (app.node.tryGetContext('@aws-cdk/core:defaultCrossStackReferences') === undefined) {
    app.node.setContext('@aws-cdk/core:defaultCrossStackReferences', 'strong');
  }
  const prefix = options.prefix ?? 'DrsOrchestrator';
  const env = options.env;
  const data = new DataStack(app, `${prefix}Data`, { env, description: 'DRS orchestrator: DynamoDB tables and their key' });
  const orchestration = new OrchestrationStack(app, `${prefix}Orchestration`, { env, data, ...options.orchestration, description: 'DRS orchestrator: tasks, state machines, schedules' });
  // Hosting first, then the API with the console's origin, then the console's contents with the API's URL:
  // each stack needs only the ones before it (docs/decisions/README.md, "Console hosting before the API").
  const consoleHosting = new ConsoleHostingStack(app, `${prefix}ConsoleHosting`, {
    env,
    customDomain: options.consoleCustomDomain,
    webAclArn: options.consoleWebAclArn,
    description: 'DRS orchestrator: console bucket and CloudFront distribution',
  });
  const api = new ApiStack(app, `${prefix}Api`, {
    env,
    data,
    orchestration,
    consoleOrigin: consoleHosting.consoleOrigin,
    description: 'DRS orchestrator: REST API and user pool',
  });
  const monitoring = new MonitoringStack(app, `${prefix}Monitoring`, { env, orchestration, api, description: 'DRS orchestrator: dashboard and alarms' });
  const webConsole = new ConsoleStack(app, `${prefix}Console`, {
    env,
    api,
    hosting: consoleHosting,
    consoleDir: options.consoleDir,
    description: 'DRS orchestrator: web console files and config.json, Cognito hosted UI',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  acknowledgeNagFindings({ data, orchestration, api, monitoring, consoleHosting, console: webConsole });
  return { app, data, orchestration, api, monitoring, consoleHosting, console: webConsole };
}
