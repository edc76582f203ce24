import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildApp, type BuildAppOptions, type OrchestratorApp } from '../../infra/build-app';

/** Where the global setup leaves the synthesized templates for every test file. */
export const TEMPLATES_FILE = path.resolve(__dirname, '..', '..', '.test-cache', 'templates.json');

/** Builds the app without bundling: tests run the handlers from source. */
export function buildTestApp(options: Omit<BuildAppOptions, 'app' | 'env'> = {}): OrchestratorApp {
  return buildApp({ ...options, app: new App({ context: { 'aws:cdk:bundling-stacks': [] } }), env: { account: '111111111111', region: 'us-east-1' } });
}

/** Every stack's template, by stack name. */
export function synthesizeTemplates(built: OrchestratorApp = buildTestApp()): Record<string, unknown> {
  const assembly = built.app.synth();
  const templates: Record<string, unknown> = {};
  for (const stack of assembly.stacks) templates[stack.stackName] = stack.template;
  return templates;
}

/** The templates the global setup synthesized once for this test run. */
export function loadTemplates(): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(TEMPLATES_FILE, 'utf8')) as Record<string, unknown>;
}
