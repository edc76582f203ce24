import { Logger } from '@aws-lambda-powertools/logger';
import { search } from '@aws-lambda-powertools/logger/correlationId';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * One logger, metrics and tracer per function process, shared by every module
 * it loads. Service name and namespace come from POWERTOOLS_* variables set by
 * TaskFunction; these defaults only apply outside Lambda.
 */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'drs-orchestrator',
  // Resolves correlationIdPath (the execution ARN in task inputs) with JMESPath.
  correlationIdSearchFn: search,
});
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'DrsOrchestrator',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'drs-orchestrator',
});
export const tracer = new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'drs-orchestrator' });
