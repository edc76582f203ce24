import type { ExecutionDescription, LocalStepFunctions } from '../sfn/engine';
import type { LocalEventBus } from './bus';

export const STEP_FUNCTIONS_SOURCE = 'aws.states';
export const EXECUTION_STATUS_CHANGE = 'Step Functions Execution Status Change';

/**
 * The `detail` of "Step Functions Execution Status Change", field for field
 * as Step Functions sends it: dates in epoch milliseconds, `null` where a
 * value does not apply yet.
 */
export function executionStatusChangeDetail(d: ExecutionDescription): Record<string, unknown> {
  const ended = d.status !== 'RUNNING';
  return {
    executionArn: d.executionArn,
    stateMachineArn: d.stateMachineArn,
    name: d.name,
    status: d.status,
    startDate: d.startDate.getTime(),
    stopDate: d.stopDate ? d.stopDate.getTime() : null,
    input: d.input,
    inputDetails: { included: true },
    output: d.output ?? null,
    outputDetails: d.output === undefined ? null : { included: true },
    error: d.error ?? null,
    cause: d.cause ?? null,
    redriveCount: 0,
    redriveStatus: ended ? 'NOT_REDRIVABLE' : null,
    redriveStatusReason: ended ? 'Execution is not redrivable by the local engine' : null,
  };
}

/** Sends every execution's status changes (started, and how it ended) from the engine to the bus, as Step Functions does to EventBridge. */
export function forwardExecutionEvents(engine: LocalStepFunctions, bus: LocalEventBus): () => void {
  const send = (d: ExecutionDescription) =>
    bus.publish(STEP_FUNCTIONS_SOURCE, EXECUTION_STATUS_CHANGE, executionStatusChangeDetail(d), [d.executionArn], d.stopDate ?? d.startDate);
  engine.on('executionStarted', send);
  engine.on('executionFinished', send);
  return () => {
    engine.off('executionStarted', send);
    engine.off('executionFinished', send);
  };
}
