import type { App, Stage } from 'aws-cdk-lib';
import type { CfnTemplate } from './types';

/**
 * Synthesizes a CDK app (or stage) and returns its stack templates by stack
 * name. Create the app with `context: { 'aws:cdk:bundling-stacks': [] }`: the
 * local runtime runs handler sources, so bundles are wasted time.
 */
export function templatesFromApp(app: App | Stage): Record<string, CfnTemplate> {
  const out: Record<string, CfnTemplate> = {};
  for (const stack of app.synth().stacks) out[stack.stackName] = stack.template as CfnTemplate;
  return out;
}
