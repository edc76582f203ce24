import { HttpError } from '../framework/http-errors';

/** DELETE of the hub account: the orchestrator runs there, and its own instances would lose their account. */
export class HubAccountRemovalError extends HttpError {
  override readonly name = 'HubAccountRemovalError';
  constructor(accountId: string) {
    super(409, `Target account ${accountId} is the hub account the orchestrator runs in; it cannot be removed`);
  }
}
