import * as fs from 'node:fs';
import * as path from 'node:path';
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import type { ApiStack } from './api-stack';
import type { ConsoleHostingStack } from './console-hosting-stack';

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

export type { ConsoleCustomDomain } from './console-hosting-stack';

export interface ConsoleStackProps extends StackProps {
  readonly api: ApiStack;
  /** The bucket and distribution the console is served from. */
  readonly hosting: ConsoleHostingStack;
  /** The built console. Missing or without index.html: a placeholder page is deployed. @default web/dist */
  readonly consoleDir?: string;
}

/**
 * The operator console's contents and sign-in, deployed after the API: a
 * Cognito hosted-UI domain on the API's user pool with an app client for the
 * authorization-code flow with PKCE, the built single-page app copied into
 * the hosting stack's bucket, and a generated `/config.json` that tells the
 * console where the API and the hosted UI are.
 */
export class ConsoleStack extends Stack {
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
  public readonly hosting: ConsoleHostingStack;

  constructor(scope: Construct, id: string, props: ConsoleStackProps) {
    super(scope, id, props);
    const { api, hosting } = props;
    this.hosting = hosting;
    this.consoleUrl = hosting.consoleUrl;
    const hostedUiUrl = hosting.hostedUiUrl;
    const apiOrigin = `https://${api.api.restApiId}.execute-api.${this.region}.${this.urlSuffix}`;

    this.userPoolDomain = new cognito.UserPoolDomain(this, 'HostedUi', {
      userPool: api.userPool,
      cognitoDomain: { domainPrefix: hosting.cognitoDomainPrefix },
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
      destinationBucket: hosting.bucket,
      exclude: ENTRY_FILES,
      prune: true,
      cacheControl: [s3deploy.CacheControl.setPublic(), s3deploy.CacheControl.maxAge(Duration.days(365)), s3deploy.CacheControl.immutable()],
      memoryLimit: 512,
    });
    this.entryDeployment = new s3deploy.BucketDeployment(this, 'DeployEntry', {
      sources: [site, s3deploy.Source.jsonData('config.json', this.config)],
      destinationBucket: hosting.bucket,
      exclude: ['*'],
      include: ENTRY_FILES,
      prune: false,
      cacheControl: [s3deploy.CacheControl.noCache()],
      distribution: hosting.distribution,
      distributionPaths: ENTRY_FILES.map((f) => `/${f}`),
      memoryLimit: 512,
    });
    this.entryDeployment.node.addDependency(this.assetsDeployment);

    new CfnOutput(this, 'ConsoleUrl', { value: this.consoleUrl, description: 'Open the console here' });
    new CfnOutput(this, 'HostedUiUrl', { value: hostedUiUrl, description: 'Cognito hosted UI' });
    new CfnOutput(this, 'ConsoleClientId', { value: this.client.userPoolClientId });
    new CfnOutput(this, 'ConsoleBucketName', { value: hosting.bucket.bucketName });
  }

  /** The role of CDK's BucketDeployment function, shared by both deployments. */
  public get deploymentRole(): iam.IRole {
    return this.assetsDeployment.handlerRole;
  }
}
