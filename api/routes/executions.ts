import {
  executionPathSchema,
  recoveryInstanceTerminationSchema,
  type ExecutionPath,
  type RecoveryInstanceTermination,
} from '../../contracts/api/recovery-instances';
import { ErrorNames, NotFoundError, ServiceUnavailableError } from '../../lib/errors';
import { logger } from '../../lib/observability';
import { terminateExecutionInstances, type TerminationGroupResult, type TerminationResult } from '../../lib/recovery-instances/terminate';
import { HttpError } from '../framework/http-errors';
import { defineRoute, type Route } from '../framework/route';

const TAG = 'Executions';

const RETRYABLE: ReadonlySet<string> = new Set([ErrorNames.Throttling, ErrorNames.ServiceUnavailable]);

/**
 * Nothing was terminated: the answer is an error, and its message lists every
 * group's failure. 503 (retry later) when every failure was throttling or an
 * outage, 502 otherwise (AccessDenied, a rejected request, an account removed).
 */
function nothingTerminated(result: TerminationResult): Error {
  const detail = result.failed.map((f) => `${f.accountId}/${f.region} (${f.recoveryInstanceIds.length}): ${f.errorName}: ${f.message}`).join('; ');
  const message = `No recovery instance of execution ${result.executionId} could be terminated; the cache keeps them, so calling again retries. ${detail}`;
  return result.failed.every((f) => RETRYABLE.has(f.errorName ?? '')) ? new ServiceUnavailableError(message) : new HttpError(502, message);
}

function presentTermination(result: TerminationResult): RecoveryInstanceTermination {
  const group = ({ accountId, region, recoveryInstanceIds }: TerminationGroupResult) => ({ accountId, region, recoveryInstanceIds });
  return {
    executionId: result.executionId,
    requested: result.requested,
    terminated: result.terminated.map((t) => ({ ...group(t), ...(t.jobId ? { jobId: t.jobId } : {}) })),
    failed: result.failed.map((f) => ({ ...group(f), errorName: f.errorName ?? 'Error', message: f.message ?? '' })),
  };
}

/** What the orchestrator did in an execution, and undoing it. */
export const executionRoutes: readonly Route[] = [
  defineRoute<{ path: ExecutionPath; response: RecoveryInstanceTermination }>({
    operationId: 'terminate_recovery_instances',
    method: 'POST',
    path: '/executions/{id}/terminate-instances',
    tag: TAG,
    summary: 'Terminate the recovery instances an execution launched',
    description:
      'Finds them in the recovery-instance cache (index bySourceExecution, no DescribeRecoveryInstances) and calls DRS TerminateRecoveryInstances ' +
      'once per account, region and 200 instances. A failing call does not stop the others. Cache records go only for calls DRS accepted. ' +
      'When some calls failed and others succeeded the answer is still 200: read `failed`, and call again to retry those. ' +
      'When none succeeded: 503 if every failure was throttling or an outage, 502 otherwise. 404 when the cache holds no instance of the execution.',
    access: 'RecoveryManager',
    pathSchema: executionPathSchema,
    response: { status: 200, description: 'What was terminated, and what failed.', schema: recoveryInstanceTerminationSchema },
    errors: [502, 503],
    handle: async ({ pathParams, principal }, { recoveryInstances, targetAccounts, awsClients }) => {
      const result = await terminateExecutionInstances(pathParams.id, { cache: recoveryInstances, accounts: targetAccounts, clients: awsClients });
      if (result.requested === 0) {
        throw new NotFoundError(
          `The recovery-instance cache holds no instance of execution ${pathParams.id}: it launched none, they were already terminated, ` +
            'or the cache has not seen them yet (POST /drs/recovery-instance-sync refreshes it)',
        );
      }
      logger.info('Recovery instances terminated', {
        executionId: result.executionId,
        requested: result.requested,
        terminatedCalls: result.terminated.length,
        failedCalls: result.failed.length,
        by: principal.username,
      });
      if (result.terminated.length === 0) throw nothingTerminated(result);
      return presentTermination(result);
    },
  }),
];
