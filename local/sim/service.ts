/** What a simulated service plugs into the server: its protocol, errors and operation handlers. */
import type { CommonErrors, SimError } from './errors';
import type { ServiceModel } from './models';
import type { Protocol } from './protocols/types';
import type { Principal } from './state/accounts';
import type { Estate } from './state/estate';
import type { ServiceName } from './types';

export interface RequestContext {
  estate: Estate;
  principal: Principal;
  accountId: string;
  region: string;
  /** Virtual now, epoch ms. */
  now: number;
  /** Now on the clock temporary credentials expire by (real time unless a test says otherwise). */
  credentialNow: number;
  requestId: string;
}

/**
 * Runs one operation. `input` has already passed model validation, so a
 * handler may cast it to the operation's input type. Returns the output in
 * SDK form, or throws a SimError.
 */
export type OperationHandler = (ctx: RequestContext, input: Record<string, unknown>) => unknown;

export interface ServiceDefinition {
  name: ServiceName;
  model: ServiceModel;
  protocol: Protocol;
  errors: CommonErrors;
  operations: Partial<Record<string, OperationHandler>>;
  /** The service's answer to a request its model refuses; a plain validation error when absent. */
  inputError?(problems: string[]): SimError;
  /** Checks that apply to every operation, e.g. DRS must be initialized in the region. */
  precondition?(ctx: RequestContext): void;
}
