import * as fs from 'node:fs';
import * as path from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import type { ApiStack } from './api-stack';

/** Where `npm run build:web` leaves the console, relative to the repository. */
export const DEFAULT_CONSOLE_DIR = path.resolve(__dirname, '..', '..', 'web', 'dist');

/** Files the browser must re-read on every load; everything else Vite emits is content-hashed. */
const ENTRY_FILES = ['index.html', 'config.json'];

/** Deployed instead of the console when web/dist was not built at synth time (tests, the local platform, a bare `cdk synth`). */
export const PLACEHOLDER_INDEX_HTML = [
  '<!doctype html>',
  '<html lang="en"><head><meta charset="utf-8"><title>DRS orchestrator</title></head>',
  '<body><h1>The console was not built</h1>',
  '<p>This stack was synthesized without <code>web/dist</code>. Run <code>npm run synth</code> (it builds the console first) and deploy again.</p>',
  '</body></html>',
].join('\n');

/** What the console reads from `/config.json` at start-up in AWS. */
export interface ConsoleRuntimeConfig {
  readonly mode: 'cognito';
  /** The API stage URL, without a trailing slash: `https://{id}.execute-api.{region}.amazonaws.com/api`. */
  readonly apiUrl: string;
  readonly userPoolId: string;
  readonly clientId: string;
  /** The hosted UI's base URL: `https://{prefix}.auth.{region}.amazoncognito.com`. */
  readonly domain: string;
  readonly region: string;
  /** Where the hosted UI sends the authorization code: the console's own URL. */
  readonly redirectUri: string;
}

export interface ConsoleCustomDomain {
  /** e.g. `dr.example.com`; point a CNAME or alias at the distribution. */
  readonly domainName: string;
  /** ARN of an ACM certificate in us-east-1 covering `domainName`. */
  readonly certificateArn: string;
}

export interface ConsoleStackProps extends StackProps {
  readonly api: ApiStack;
  /** The built console. Missing or without index.html: a placeholder page is deployed. @default web/dist */
  readonly consoleDir?: string;
  /** Prefix of the Cognito hosted-UI domain, unique per region across AWS. @default `drs-orchestrator-${account}` */
  readonly cognitoDomainPrefix?: string;
  /** Serve the console on your own domain, which also lets CloudFront refuse anything older than TLS 1.2. @default the CloudFront domain */
  readonly customDomain?: ConsoleCustomDomain;
  /** ARN of a WAF web ACL with scope CLOUDFRONT (it lives in us-east-1). @default none */
  readonly webAclArn?: string;
  /** Days the access logs are kept. @default 365 */
  readonly accessLogRetentionDays?: number;
}

/**
 * The operator console in AWS: the built single-page app in a private S3
 * bucket behind CloudFront (Origin Access Control, HTTPS, security headers,
 * SPA fallback to index.html), a Cognito hosted-UI domain on the API's user
 * pool with an app client for the authorization-code flow with PKCE, and a
 * generated `/config.json` that tells the console where the API and the
 * hosted UI are.
 */
export class ConsoleStack extends Stack {
  public readonly bucket: s3.Bucket;
  public readonly logBucket: s3.Bucket;
  public readonly distribution: cloudfront.Distribution;
  public readonly responseHeaders: cloudfront.ResponseHeadersPolicy;
  public readonly userPoolDomain: cognito.UserPoolDomain;
  public readonly client: cognito.UserPoolClient;
  /** Hashed assets, cached for a year. */
  public readonly assetsDeployment: s3deploy.BucketDeployment;
  /** index.html and config.json, never cached. */
  public readonly entryDeployment: s3deploy.BucketDeployment;
  /** The console's URL: `https://{domain}/`. */
  public readonly consoleUrl: string;
  /** Whether the built console is deployed (false: the placeholder page, because web/dist was missing or bundling was skipped). */
  public readonly consoleBuilt: boolean;
  public readonly config: ConsoleRuntimeConfig;
  /** The CLOUDFRONT-scope web ACL in front of the distribution, if one was given. */
  public readonly webAclArn?: string;

  constructor(scope: Construct, id: string, props: ConsoleStackProps) {
    super(scope, id, props);
    const { api } = props;
    this.webAclArn = props.webAclArn;

    this.logBucket = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // CloudFront standard logging writes with ACLs.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(props.accessLogRetentionDays ?? 365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new s3.Bucket(this, 'Content', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 's3/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const cognitoDomainPrefix = props.cognitoDomainPrefix ?? `drs-orchestrator-${this.account}`;
    const hostedUiUrl = `https://${cognitoDomainPrefix}.auth.${this.region}.amazoncognito.com`;
    const apiOrigin = `https://${api.api.restApiId}.execute-api.${this.region}.${this.urlSuffix}`;

    this.responseHeaders = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'DRS orchestrator console: security headers',
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, preload: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        xssProtection: { protection: true, modeBlock: true, override: true },
        contentSecurityPolicy: {
          override: true,
          contentSecurityPolicy: [
            "default-src 'self'",
            "script-src 'self'",
            // React and Cloudscape set style attributes.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            `connect-src 'self' ${apiOrigin} ${hostedUiUrl} https://cognito-idp.${this.region}.${this.urlSuffix}`,
            `form-action 'self' ${hostedUiUrl}`,
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "object-src 'none'",
          ].join('; '),
        },
      },
    });

    const custom = props.customDomain;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'DRS orchestrator console',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.responseHeaders,
        compress: true,
      },
      defaultRootObject: 'index.html',
      // The bucket is private and CloudFront may not list it, so a missing key is a 403: both go to the app's router.
      errorResponses: [403, 404].map((httpStatus) => ({ httpStatus, responseHttpStatus: 200, responsePagePath: '/index.html', ttl: Duration.seconds(0) })),
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      sslSupportMethod: custom ? cloudfront.SSLMethod.SNI : undefined,
      domainNames: custom ? [custom.domainName] : undefined,
      certificate: custom ? acm.Certificate.fromCertificateArn(this, 'Certificate', custom.certificateArn) : undefined,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      webAclId: props.webAclArn,
    });
    this.consoleUrl = `https://${custom?.domainName ?? this.distribution.distributionDomainName}/`;

    this.userPoolDomain = new cognito.UserPoolDomain(this, 'HostedUi', {
      userPool: api.userPool,
      cognitoDomain: { domainPrefix: cognitoDomainPrefix },
      managedLoginVersion: cognito.ManagedLoginVersion.CLASSIC_HOSTED_UI,
    });
    this.client = new cognito.UserPoolClient(this, 'ConsoleClient', {
      userPool: api.userPool,
      userPoolClientName: 'drs-orchestrator-console',
      // A browser app cannot keep a secret: it is a public client, and the console protects the code with PKCE (S256).
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [this.consoleUrl],
        logoutUrls: [this.consoleUrl],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });

    this.config = {
      mode: 'cognito',
      apiUrl: `${apiOrigin}/${api.api.deploymentStage.stageName}`,
      userPoolId: api.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      domain: hostedUiUrl,
      region: this.region,
      redirectUri: this.consoleUrl,
    };

    const consoleDir = props.consoleDir ?? DEFAULT_CONSOLE_DIR;
    // Synths that skip bundling (tests, the local platform: `aws:cdk:bundling-stacks` = []) deploy nothing,
    // so they do not copy the built console into a staging folder either.
    this.consoleBuilt = this.bundlingRequired && fs.existsSync(path.join(consoleDir, 'index.html'));
    const site = this.consoleBuilt ? s3deploy.Source.asset(consoleDir) : s3deploy.Source.data('index.html', PLACEHOLDER_INDEX_HTML);

    // Assets first, so that a new index.html never names files not yet uploaded. Pruning spares
    // what `exclude` matches, so the two deployments never delete each other's files.
    this.assetsDeployment = new s3deploy.BucketDeployment(this, 'DeployAssets', {
      sources: [site],
      destinationBucket: this.bucket,
      exclude: ENTRY_FILES,
      prune: true,
      cacheControl: [s3deploy.CacheControl.setPublic(), s3deploy.CacheControl.maxAge(Duration.days(365)), s3deploy.CacheControl.immutable()],
      memoryLimit: 512,
    });
    this.entryDeployment = new s3deploy.BucketDeployment(this, 'DeployEntry', {
      sources: [site, s3deploy.Source.jsonData('config.json', this.config)],
      destinationBucket: this.bucket,
      exclude: ['*'],
      include: ENTRY_FILES,
      prune: false,
      cacheControl: [s3deploy.CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: ENTRY_FILES.map((f) => `/${f}`),
      memoryLimit: 512,
    });
    this.entryDeployment.node.addDependency(this.assetsDeployment);

    new CfnOutput(this, 'ConsoleUrl', { value: this.consoleUrl, description: 'Open the console here' });
    new CfnOutput(this, 'HostedUiUrl', { value: hostedUiUrl, description: 'Cognito hosted UI' });
    new CfnOutput(this, 'ConsoleClientId', { value: this.client.userPoolClientId });
    new CfnOutput(this, 'ConsoleBucketName', { value: this.bucket.bucketName });
  }

  /** The role of CDK's BucketDeployment function, shared by both deployments. */
  public get deploymentRole(): iam.IRole {
    return this.assetsDeployment.handlerRole;
  }
}
