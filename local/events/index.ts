import type { VirtualClock } from '../clock';
import type { CfnTemplate, LocalCloudAssembly } from '../cfn';
import type { LocalLambda } from '../lambda';
import type { LocalStepFunctions } from '../sfn/engine';
import { LocalEventBus } from './bus';
import { loadEventRules } from './rules';
import { forwardExecutionEvents } from './step-functions';

export interface CreateLocalEventBusOptions {
  readonly templates: Readonly<Record<string, CfnTemplate>>;
  readonly assembly: LocalCloudAssembly;
  readonly lambda: LocalLambda;
  readonly engine: LocalStepFunctions;
  readonly clock: VirtualClock;
  readonly lambdaRetryDelaysMs?: readonly number[];
}

/** The default event bus with the app's rules, fed by the engine's execution status changes. */
export function createLocalEventBus(options: CreateLocalEventBusOptions): LocalEventBus {
  const bus = new LocalEventBus({
    rules: loadEventRules(options.templates, options.assembly),
    environment: options.assembly.environment,
    lambda: options.lambda,
    engine: options.engine,
    clock: options.clock,
    lambdaRetryDelaysMs: options.lambdaRetryDelaysMs,
  });
  bus.onClose(forwardExecutionEvents(options.engine, bus));
  return bus;
}

export { LocalEventBus, type Delivery, type EventBridgeEvent, type LocalEventBusOptions } from './bus';
export { matchesEventPattern, EventPatternNotImplementedError, InvalidEventPatternError } from './pattern';
export { loadEventRules, type EventRule, type EventRuleTarget } from './rules';
export { executionStatusChangeDetail, forwardExecutionEvents, EXECUTION_STATUS_CHANGE, STEP_FUNCTIONS_SOURCE } from './step-functions';
