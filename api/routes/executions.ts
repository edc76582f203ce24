import {
  executionPathSchema,
  recoveryInstanceTerminationSchema,
  selectedTerminationRequestSchema,
  selectedTerminationSchema,
  type ExecutionPath,
  type RecoveryInstanceTermination,
  type SelectedRecoveryInstanceTermination,
  type SelectedTerminationRequest,
} from '../../contracts/api/recovery-instances';
import { ErrorNames, NotFoundError, ServiceUnavailableError } from '../../lib/errors';
import { logger } from '../../lib/observability';
import {
  terminateExecutionInstances,
  terminateSelectedInstances,
  type TerminationGroupResult,
  type TerminationOutcome,
} from '../../lib/recovery-instances/terminate';
import type { ApiDeps } from '../deps';
import { HttpError } from '../framework/http-errors';
import { defineRoute, type Route } from '../framework/route';

const TAG = 'Executions';

const RETRYABLE: ReadonlySet<string> = new Set([ErrorNames.Throttling, ErrorNames.ServiceUnavailable]);

/**
 * Nothing was terminated: the answer is an error, and its message lists every
 * group's failure. 503 (retry later) when every failure was throttling or an
 * outage, 502 otherwise (AccessDenied, a rejected request, an account removed).
 */
function nothingTerminated(what: string, result: TerminationOutcome): Error {
  const detail = result.failed.map((f) => `${f.accountId}/${f.region} (${f.recoveryInstanceIds.length}): ${f.errorName}: ${f.message}`).join('; ');
  const message = `No recovery instance of ${what} could be terminated; the cache keeps them, so calling again retries. ${detail}`;
  return result.failed.every((f) => RETRYABLE.has(f.errorName ?? '')) ? new ServiceUnavailableError(message) : new HttpError(502, message);
}

function presentOutcome(result: TerminationOutcome): Pick<RecoveryInstanceTermination, 'requested' | 'terminated' | 'failed'> {
  const group = ({ accountId, region, recoveryInstanceIds }: TerminationGroupResult) => ({ accountId, region, recoveryInstanceIds });
  return {
    requested: result.requested,
    terminated: result.terminated.map((t) => ({ ...group(t), ...(t.jobId ? { jobId: t.jobId } : {}) })),
    failed: result.failed.map((f) => ({ ...group(f), errorName: f.errorName ?? 'Error', message: f.message ?? '' })),
  };
}

const terminateDeps = ({ recoveryInstances, targetAccounts, awsClients }: ApiDeps) => ({ cache: recoveryInstances, accounts: targetAccounts, clients: awsClients });

const TERMINATION_DESCRIPTION =
  'calls DRS TerminateRecoveryInstances once per account, region and 200 instances. A failing call does not stop the others. Cache records go only for calls DRS accepted. ' +
  'When some calls failed and others succeeded the answer is still 200: read `failed`, and call again to retry those. ' +
  'When none succeeded: 503 if every failure was throttling or an outage, 502 otherwise.';

/** Undoing what the orchestrator launched: exactly the instances selected, or, explicitly, a whole execution's. */
export const executionRoutes: readonly Route[] = [
  defineRoute<{ body: SelectedTerminationRequest; response: SelectedRecoveryInstanceTermination }>({
    operationId: 'terminate_selected_recovery_instances',
    method: 'POST',
    path: '/drs/recovery-instances/terminate',
    tag: 'Recovery instances',
    summary: 'Terminate exactly the recovery instances named',
    description:
      'Terminates the recovery instances in `recoveryInstanceIds` and no other. Their account and region come from the recovery-instance cache (index byRecoveryInstance, ' +
      'no DescribeRecoveryInstances); an id the cache does not hold is listed in `notFound` and not sent to DRS. Then it ' +
      TERMINATION_DESCRIPTION +
      ' 404 when the cache holds none of the ids. To terminate everything an execution launched, use terminate_recovery_instances.',
    access: 'RecoveryManager',
    effect: 'write',
    bodySchema: selectedTerminationRequestSchema,
    response: { status: 200, description: 'What was terminated, what failed, and the ids the cache does not hold.', schema: selectedTerminationSchema },
    errors: [502, 503],
    handle: async ({ body, principal }, deps) => {
      const result = await terminateSelectedInstances(body.recoveryInstanceIds, terminateDeps(deps));
      if (result.requested === 0) {
        throw new NotFoundError(
          `The recovery-instance cache holds none of the ${result.notFound.length} recovery instances named: they were already terminated, ` +
            'or the cache has not seen them yet (POST /drs/recovery-instance-sync refreshes it)',
        );
      }
      logger.info('Selected recovery instances terminated', {
        asked: body.recoveryInstanceIds.length,
        requested: result.requested,
        notFound: result.notFound.length,
        terminatedCalls: result.terminated.length,
        failedCalls: result.failed.length,
        by: principal.username,
      });
      if (result.terminated.length === 0) throw nothingTerminated(`the ${result.requested} selected`, result);
      return { ...presentOutcome(result), notFound: result.notFound };
    },
  }),
  defineRoute<{ path: ExecutionPath; response: RecoveryInstanceTermination }>({
    operationId: 'terminate_recovery_instances',
    method: 'POST',
    path: '/executions/{id}/terminate-instances',
    tag: TAG,
    summary: 'Terminate every recovery instance an execution launched',
    description:
      'The explicit whole-execution action: finds every instance of the execution in the recovery-instance cache (index bySourceExecution, no DescribeRecoveryInstances) and ' +
      TERMINATION_DESCRIPTION +
      ' 404 when the cache holds no instance of the execution. To terminate some instances only, use terminate_selected_recovery_instances.',
    access: 'RecoveryManager',
    effect: 'write',
    pathSchema: executionPathSchema,
    response: { status: 200, description: 'What was terminated, and what failed.', schema: recoveryInstanceTerminationSchema },
    errors: [502, 503],
    handle: async ({ pathParams, principal }, deps) => {
      const result = await terminateExecutionInstances(pathParams.id, terminateDeps(deps));
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
      if (result.terminated.length === 0) throw nothingTerminated(`execution ${result.executionId}`, result);
      return { executionId: result.executionId, ...presentOutcome(result) };
    },
  }),
];
