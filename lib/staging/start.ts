import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { stagingAccountSyncInputSchema } from '../../contracts/tasks/staging-account-sync';
import { callAws } from '../aws/classify-error';
import { processClock } from '../clock';
import { assertValid } from '../validation';

let sfn: SFNClient | undefined;

/** Starts the staging-account sync for one target account now; a run that finds the account locked by another skips it. */
export async function startStagingAccountSync(stateMachineArn: string, targetAccountId: string, requestedBy: string): Promise<{ executionArn: string; startDate: string }> {
  const input = assertValid<object>(stagingAccountSyncInputSchema, { trigger: 'manual', requestedBy: requestedBy.slice(0, 256), targetAccountId }, 'staging-account-sync input');
  sfn ??= new SFNClient({ maxAttempts: 3 });
  const client = sfn;
  const out = await callAws('Step Functions StartExecution', () => client.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) })));
  return { executionArn: out.executionArn!, startDate: (out.startDate ?? processClock.now()).toISOString() };
}
