/**
 * Import first in every API test file: Powertools reads these when
 * lib/observability.ts is loaded. Silent logs, no EMF output, no X-Ray, and
 * static credentials so no SDK client goes looking for real ones.
 */
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_TRACE_ENABLED = 'false';
process.env.AWS_REGION ??= 'us-east-1';
process.env.AWS_ACCESS_KEY_ID = 'AKIDLOCALTEST';
process.env.AWS_SECRET_ACCESS_KEY = 'local-test-secret';
delete process.env.AWS_SESSION_TOKEN;
delete process.env.AWS_PROFILE;

export {};
