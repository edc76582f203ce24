import * as fs from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildTargetAccountApp } from '../../../infra/target-account-app';
import { TARGET_ACCOUNT_PERMISSIONS, TARGET_ROLE_NAME, targetAccountActions } from '../../../infra/stacks/target-account-stack';
import { TARGET_ACCOUNT_TEMPLATE, targetAccountTemplateText } from '../../../scripts/write-target-account-template';

const { app, stack } = buildTargetAccountApp(new App());
const template = Template.fromStack(stack);
const join = (...parts: unknown[]) => ({ 'Fn::Join': ['', parts] });
const statements = () => Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement);

describe('target-account stack', () => {
  it('names the role as the hub expects it, with the hub account and the ExternalId as parameters', () => {
    template.hasResourceProperties('AWS::IAM::Role', { RoleName: TARGET_ROLE_NAME });
    template.hasParameter('HubAccountId', { Type: 'String', AllowedPattern: '^\\d{12}$' });
    template.hasParameter('ExternalId', { Type: 'String', NoEcho: true, MinLength: 16 });
  });

  it("trusts only the hub's orchestrator roles, and only with the ExternalId", () => {
    const trust = Object.values(template.findResources('AWS::IAM::Role'))[0]!.Properties.AssumeRolePolicyDocument.Statement;
    const hubRole = (name: string) => join('arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'HubAccountId' }, `:role/DrsOrchestrator${name}-*`);
    expect(trust).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { AWS: join('arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'HubAccountId' }, ':root') },
        Condition: {
          StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } },
          ArnLike: { 'aws:PrincipalArn': [hubRole('Orchestration'), hubRole('Api')] },
        },
      },
    ]);
  });

  it('follows the hub stack prefix of the hubStackPrefix context', () => {
    const other = buildTargetAccountApp(new App({ context: { hubStackPrefix: 'DrStaging' } }));
    expect(JSON.stringify(Template.fromStack(other.stack).toJSON())).toContain(':role/DrStagingApi-*');
  });

  it('grants exactly the target-account permissions, nothing else', () => {
    const granted = statements().flatMap((st) => [st.Action].flat()).sort();
    expect(granted).toEqual(targetAccountActions());
    expect(targetAccountActions()).toEqual(TARGET_ACCOUNT_PERMISSIONS.flatMap((p) => p.actions).sort());
  });

  it('terminates only DRS-managed recovery instances of this account', () => {
    const terminate = statements().filter((st) => [st.Action].flat().includes('drs:TerminateRecoveryInstances'));
    expect(terminate).toEqual([
      {
        Effect: 'Allow',
        Action: 'drs:TerminateRecoveryInstances',
        Resource: join('arn:', { Ref: 'AWS::Partition' }, ':drs:*:', { Ref: 'AWS::AccountId' }, ':recovery-instance/*'),
        Condition: { Null: { 'aws:ResourceTag/AWSElasticDisasterRecoveryManaged': 'false' } },
      },
    ]);
    // Only read actions without resource-level permissions are granted on *.
    for (const st of statements().filter((x) => x.Resource === '*')) expect([st.Action].flat().every((a: string) => /:(Describe|List)/.test(a))).toBe(true);
  });

  it('deploys without CDK bootstrap or assets, so StackSets can use the template as is', () => {
    const json = template.toJSON();
    expect(json.Parameters.BootstrapVersion).toBeUndefined();
    expect(json.Rules).toBeUndefined();
    expect(Object.values(json.Resources).map((r: any) => r.Type).sort()).toEqual(['AWS::IAM::Policy', 'AWS::IAM::Role']);
    template.hasOutput('RoleArn', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Role'), 'Arn'] } });
  });

  it('passes cdk-nag with every finding acknowledged with a reason', () => {
    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`)).toEqual([]);
  });

  it('is the template in docs/target-account, up to date (npm run synth:target-account)', () => {
    expect(fs.readFileSync(TARGET_ACCOUNT_TEMPLATE, 'utf8')).toBe(targetAccountTemplateText());
  });
});
