import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { inventorySyncInputSchema } from '../../contracts/tasks/inventory-sync';
import { callAws } from '../aws/classify-error';
import { processClock } from '../clock';
import { assertValid } from '../validation';

let sfn: SFNClient | undefined;

/** Starts the inventory-sync state machine now; a run that finds another one running skips itself. */
export async function startInventorySync(stateMachineArn: string, requestedBy: string): Promise<{ executionArn: string; startDate: string }> {
  const input = assertValid<object>(inventorySyncInputSchema, { trigger: 'manual', requestedBy: requestedBy.slice(0, 256) }, 'inventory-sync input');
  sfn ??= new SFNClient({ maxAttempts: 3 });
  const client = sfn;
  const out = await callAws('Step Functions StartExecution', () => client.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) })));
  return { executionArn: out.executionArn!, startDate: (out.startDate ?? processClock.now()).toISOString() };
}
