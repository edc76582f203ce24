#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { buildApp } from './build-app';

const app = new App();
// Optional, with `cdk deploy -c consoleDomainName=dr.example.com -c consoleCertificateArn=arn:aws:acm:us-east-1:...`
// and `-c consoleWebAclArn=...`: see docs/console-deployment.md.
// Which target accounts' DrsOrchestratorTargetRole the hub may assume: `-c allowedTargetAccounts=222222222222,333333333333`
// or `-c organizationId=o-...`; neither: the hub's own AWS Organization (infra/constructs/grants.ts, docs/runbooks/spoke-account.md).
const context = (key: string): string | undefined => (app.node.tryGetContext(key) as string | undefined) || undefined;
const domainName = context('consoleDomainName');
const certificateArn = context('consoleCertificateArn');
if (!!domainName !== !!certificateArn) throw new Error('consoleDomainName and consoleCertificateArn go together');

buildApp({
  app,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  consoleCustomDomain: domainName && certificateArn ? { domainName, certificateArn } : undefined,
  consoleWebAclArn: context('consoleWebAclArn'),
});
