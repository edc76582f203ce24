import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

export interface ConsoleCustomDomain {
  /** e.g. `dr.example.com`; point a CNAME or alias at the distribution. */
  readonly domainName: string;
  /** ARN of an ACM certificate in us-east-1 covering `domainName`. */
  readonly certificateArn: string;
}

export interface ConsoleHostingStackProps extends StackProps {
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
 * Where the console is served from: a private S3 bucket behind CloudFront
 * (Origin Access Control, HTTPS, security headers, SPA fallback to
 * index.html). It is deployed before the API, which needs the console's
 * origin for CORS; the console's files and its config.json, which need the
 * API's URL, are deployed after it by the console stack (see
 * docs/decisions/README.md, "Console hosting before the API").
 */
export class ConsoleHostingStack extends Stack {
  public readonly bucket: s3.Bucket;
  public readonly logBucket: s3.Bucket;
  public readonly distribution: cloudfront.Distribution;
  public readonly responseHeaders: cloudfront.ResponseHeadersPolicy;
  /** The console's URL: `https://{domain}/`. */
  public readonly consoleUrl: string;
  /** The console's origin, the one origin the API allows: `https://{domain}`. */
  public readonly consoleOrigin: string;
  /** Prefix of the Cognito hosted-UI domain; the console stack creates the domain. */
  public readonly cognitoDomainPrefix: string;
  /** `https://{prefix}.auth.{region}.amazoncognito.com`. */
  public readonly hostedUiUrl: string;
  /** The CLOUDFRONT-scope web ACL in front of the distribution, if one was given. */
  public readonly webAclArn?: string;

  constructor(scope: Construct, id: string, props: ConsoleHostingStackProps = {}) {
    super(scope, id, props);
    this.webAclArn = props.webAclArn;
    this.cognitoDomainPrefix = props.cognitoDomainPrefix ?? `drs-orchestrator-${this.account}`;
    this.hostedUiUrl = `https://${this.cognitoDomainPrefix}.auth.${this.region}.amazoncognito.com`;

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

    // The API's id is not known yet (the API is deployed after this stack), so connect-src names every
    // execute-api endpoint of this region; script-src 'self' is what keeps foreign scripts out.
    const apiOrigins = `https://*.execute-api.${this.region}.${this.urlSuffix}`;
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
            `connect-src 'self' ${apiOrigins} ${this.hostedUiUrl} https://cognito-idp.${this.region}.${this.urlSuffix}`,
            `form-action 'self' ${this.hostedUiUrl}`,
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
    this.consoleOrigin = `https://${custom?.domainName ?? this.distribution.distributionDomainName}`;
    this.consoleUrl = `${this.consoleOrigin}/`;
  }
}
