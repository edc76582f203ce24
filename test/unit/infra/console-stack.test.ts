import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../../infra/build-app';
import { PLACEHOLDER_INDEX_HTML } from '../../../infra/stacks/console-stack';
import { loadCloudAssembly, HANDLER_METADATA_KEY } from '../../../local/cfn/assembly';
import type { CfnTemplate } from '../../../local/cfn';
import { buildTestApp, synthesizeTemplates } from '../../support/synth';

const ENV = { account: '111111111111', region: 'us-east-1' };
const built = buildTestApp();
const templates = synthesizeTemplates(built) as Record<string, CfnTemplate>;
const stack = built.console;
const template = Template.fromJSON(templates[stack.stackName] as Record<string, unknown>);
const hostingStack = built.consoleHosting;
const hosting = Template.fromJSON(templates[hostingStack.stackName] as Record<string, unknown>);

const distributionConfig = () => Object.values(hosting.findResources('AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig;
const logicalIdOf = (type: string, prefix: string, from: Template = template) => {
  const ids = Object.keys(from.findResources(type)).filter((id) => id.startsWith(prefix));
  expect(ids).toHaveLength(1);
  return ids[0]!;
};
const hostingIdOf = (type: string, prefix: string) => logicalIdOf(type, prefix, hosting);
/** `https://{distribution domain}/`, as the stacks after the hosting stack import it. */
const importedConsoleUrl = { 'Fn::Join': ['', ['https://', { 'Fn::ImportValue': expect.stringMatching(/^DrsOrchestratorConsoleHosting:ExportsOutputFnGetAttDistribution\w+DomainName/) }, '/']] };

describe('stack order', () => {
  it('deploys hosting, then the API (it needs the console origin), then the console contents (they need the API URL): no cycle', () => {
    expect(hostingStack.dependencies).toEqual([]);
    expect(built.api.dependencies).toContain(hostingStack);
    expect(stack.dependencies).toEqual(expect.arrayContaining([hostingStack, built.api]));
  });
});
const deployments = () => Object.values(template.findResources('Custom::CDKBucketDeployment')).map((r) => r.Properties);

describe('console stack: bucket', () => {
  it('keeps the content bucket private, encrypted, TLS-only and logging to the access-log bucket', () => {
    const logBucket = hostingIdOf('AWS::S3::Bucket', 'AccessLogs');
    hosting.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LoggingConfiguration: { DestinationBucketName: { Ref: logBucket }, LogFilePrefix: 's3/' },
    });
    const contentBucket = hostingIdOf('AWS::S3::Bucket', 'Content');
    hosting.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: contentBucket },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          // Origin Access Control: only this distribution may read, signed by the CloudFront service.
          Match.objectLike({
            Effect: 'Allow',
            Action: 's3:GetObject',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('never makes either bucket public and expires access logs', () => {
    for (const bucket of Object.values(hosting.findResources('AWS::S3::Bucket'))) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      expect(bucket.Properties.WebsiteConfiguration).toBeUndefined();
    }
    hosting.hasResourceProperties('AWS::S3::Bucket', { LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 365, Status: 'Enabled' })] } });
  });
});

describe('console stack: CloudFront', () => {
  it('reads the bucket through Origin Access Control, signing every request', () => {
    hosting.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    hosting.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
    });
    const [origin] = distributionConfig().Origins;
    expect(origin.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/OriginAccessControl/), 'Id'] });
    expect(origin.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
  });

  it('serves HTTPS only, with index.html as root object, a security-headers policy and access logs', () => {
    const config = distributionConfig();
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      AllowedMethods: ['GET', 'HEAD'],
      ResponseHeadersPolicyId: { Ref: hostingIdOf('AWS::CloudFront::ResponseHeadersPolicy', 'SecurityHeaders') },
      Compress: true,
    });
    expect(config.Logging).toEqual({ Bucket: { 'Fn::GetAtt': [hostingIdOf('AWS::S3::Bucket', 'AccessLogs'), 'RegionalDomainName'] }, Prefix: 'cloudfront/' });
    expect(config.Enabled).toBe(true);
  });

  it('answers 403 and 404 with index.html and 200, so deep links reach the app router', () => {
    expect(distributionConfig().CustomErrorResponses).toEqual(
      expect.arrayContaining([
        { ErrorCode: 403, ResponseCode: 200, ResponsePagePath: '/index.html', ErrorCachingMinTTL: 0 },
        { ErrorCode: 404, ResponseCode: 200, ResponsePagePath: '/index.html', ErrorCachingMinTTL: 0 },
      ]),
    );
  });

  it('sends HSTS, nosniff, DENY framing, a referrer policy and a CSP that allows only the API Gateway endpoints of the region and the hosted UI', () => {
    const policy = Object.values(hosting.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0]!.Properties.ResponseHeadersPolicyConfig;
    const headers = policy.SecurityHeadersConfig;
    expect(headers.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 730 * 86400, IncludeSubdomains: true, Override: true });
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(headers.ReferrerPolicy).toEqual({ ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true });
    const csp = JSON.stringify(hostingStack.resolve(headers.ContentSecurityPolicy.ContentSecurityPolicy));
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    // The API is deployed after this stack, so its id cannot be named here: any execute-api endpoint of the region.
    expect(csp).toMatch(/connect-src 'self' https:\/\/\*\.execute-api\.us-east-1\..*https:\/\/drs-orchestrator-111111111111\.auth\.us-east-1\.amazoncognito\.com/);
  });

  it('refuses TLS older than 1.2 once a custom domain and certificate are given', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    // Only the distribution's certificate settings matter here; the ARN is never resolved.
    const withDomain = buildApp({ app, env: ENV, consoleCustomDomain: { domainName: 'dr.example.com', certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/abc' } });
    const config = Object.values(Template.fromStack(withDomain.consoleHosting).findResources('AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig;
    expect(config.Aliases).toEqual(['dr.example.com']);
    expect(config.ViewerCertificate).toMatchObject({ MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' });
  });
});

describe('console stack: Cognito', () => {
  it('adds a hosted-UI domain to the API stack\'s user pool', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'drs-orchestrator-111111111111',
      UserPoolId: { 'Fn::ImportValue': Match.stringLikeRegexp('Users') },
    });
  });

  it('has a public app client for the authorization-code flow (PKCE), calling back to the CloudFront domain', () => {
    const consoleUrl = { 'Fn::Join': ['', ['https://', { 'Fn::ImportValue': Match.stringLikeRegexp('^DrsOrchestratorConsoleHosting:ExportsOutputFnGetAttDistribution') }, '/']] };
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      UserPoolId: { 'Fn::ImportValue': Match.stringLikeRegexp('Users') },
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: Match.arrayWith(['openid']),
      CallbackURLs: [consoleUrl],
      LogoutURLs: [consoleUrl],
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
    });
    for (const client of Object.values(template.findResources('AWS::Cognito::UserPoolClient'))) {
      expect(client.Properties.AllowedOAuthFlows).not.toContain('implicit');
    }
  });
});

describe('console stack: deployment', () => {
  it('writes config.json for Cognito mode with the API stage URL, pool, client, hosted UI, region and redirect URI', () => {
    const config = stack.resolve(stack.config);
    expect(config).toEqual({
      mode: 'cognito',
      // The stage (named `api`) of the API stack's REST API.
      apiUrl: {
        'Fn::Join': ['', ['https://', { 'Fn::ImportValue': expect.stringMatching(/RefApi[0-9A-F]{8}/) }, '.execute-api.us-east-1.', { Ref: 'AWS::URLSuffix' }, '/', { 'Fn::ImportValue': expect.stringMatching(/ApiDeploymentStageapi/) }]],
      },
      userPoolId: { 'Fn::ImportValue': expect.stringMatching(/Users/) },
      clientId: { Ref: logicalIdOf('AWS::Cognito::UserPoolClient', 'ConsoleClient') },
      domain: 'https://drs-orchestrator-111111111111.auth.us-east-1.amazoncognito.com',
      region: 'us-east-1',
      redirectUri: importedConsoleUrl,
    });
    // Source.jsonData fills the deploy-time values in through markers on the custom resource.
    const entry = deployments().find((d) => d.Include);
    expect(entry).toBeDefined();
    const markers = JSON.stringify(entry!.SourceMarkers);
    expect(markers).toContain(logicalIdOf('AWS::Cognito::UserPoolClient', 'ConsoleClient'));
    expect(markers).toContain('Fn::ImportValue');
  });

  it('deploys hashed assets for a year and index.html/config.json uncached, invalidating only those two', () => {
    const [assets, entry] = [deployments().find((d) => !d.Include)!, deployments().find((d) => d.Include)!];
    expect(assets).toMatchObject({ Exclude: ['index.html', 'config.json'], Prune: true, SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' } });
    expect(entry).toMatchObject({ Exclude: ['*'], Include: ['index.html', 'config.json'], Prune: false, SystemMetadata: { 'cache-control': 'no-cache' } });
    expect(entry.DistributionPaths).toEqual(['/index.html', '/config.json']);
    // The entry files go last, so a new index.html never names an asset not yet uploaded.
    const entryId = Object.entries(template.findResources('Custom::CDKBucketDeployment')).find(([, r]) => r.Properties.Include)![0];
    expect(template.toJSON().Resources[entryId].DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^DeployAssets/)]));
  });

  it('deploys a placeholder page when the console is not built or bundling is skipped', () => {
    // The shared test app skips bundling, so whether web/dist exists does not matter.
    expect(stack.consoleBuilt).toBe(false);
    const app = new App({ context: { 'aws:cdk:bundling-stacks': ['DrsOrchestratorConsole'] } });
    const missing = buildApp({ app, env: ENV, consoleDir: path.join(os.tmpdir(), 'no-such-console') });
    expect(missing.console.consoleBuilt).toBe(false);
    const assembly = app.synth();
    const keys = Object.values(Template.fromStack(missing.console).findResources('Custom::CDKBucketDeployment')).flatMap((r) => r.Properties.SourceObjectKeys as string[]);
    const staged = keys.map((key) => path.join(assembly.directory, `asset.${key.replace(/\.zip$/, '')}`, 'index.html')).filter((file) => fs.existsSync(file));
    expect(staged.length).toBeGreaterThanOrEqual(1);
    for (const file of staged) expect(fs.readFileSync(file, 'utf8')).toBe(PLACEHOLDER_INDEX_HTML);
    expect(PLACEHOLDER_INDEX_HTML).toContain('The console was not built');
  });

  it('deploys web/dist when it is built and the stack is bundled', () => {
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'console-dist-'));
    try {
      fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>console</title>');
      const app = new App({ context: { 'aws:cdk:bundling-stacks': ['DrsOrchestratorConsole'] } });
      const withConsole = buildApp({ app, env: ENV, consoleDir: dist });
      expect(withConsole.console.consoleBuilt).toBe(true);
      const sources = Object.values(Template.fromStack(withConsole.console).findResources('Custom::CDKBucketDeployment')).map((r) => r.Properties.SourceObjectKeys);
      // The built folder is one zip asset in both deployments; the entry deployment adds config.json.
      expect(sources.map((keys) => keys.length).sort()).toEqual([1, 2]);
    } finally {
      fs.rmSync(dist, { recursive: true, force: true });
    }
  });
});

describe('console stack: local platform and least privilege', () => {
  it("leaves CDK's deployment function without handler metadata, so the local engine and the least-privilege test skip it", () => {
    const functions = template.findResources('AWS::Lambda::Function');
    expect(Object.keys(functions).length).toBeGreaterThanOrEqual(1);
    for (const fn of Object.values(functions)) expect(fn.Metadata?.[HANDLER_METADATA_KEY]).toBeUndefined();

    const assembly = loadCloudAssembly(templates, { accountId: ENV.account, region: ENV.region });
    const consoleFunctions = assembly.functions.filter((f) => f.stackName === stack.stackName);
    expect(consoleFunctions.length).toBeGreaterThanOrEqual(1);
    expect(consoleFunctions.every((f) => f.handler === undefined)).toBe(true);
    expect(assembly.tables.filter((t) => t.stackName === stack.stackName)).toEqual([]);
  });
});
