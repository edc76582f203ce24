import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import CopyToClipboard from '@cloudscape-design/components/copy-to-clipboard';
import Header from '@cloudscape-design/components/header';
import Link from '@cloudscape-design/components/link';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import { useParams } from 'react-router-dom';
import type { CurrentAccount } from '../../../contracts/api/user';
import { useApp } from '../app-context';
import { QueryErrorAlert } from '../components/ErrorAlert';
import { DateTime } from '../components/DateTime';
import { Status } from '../components/Status';
import { formatDuration, regionOfArn, stepFunctionsConsoleUrl } from '../lib/format';
import { useResource } from '../lib/hooks';
import { RunDetails } from './SyncStatus';

/**
 * The AWS CLI command that prints an execution's history, as it works where
 * the orchestrator runs: the region from the ARN, and the Step Functions
 * endpoint the API reports (GET /accounts/current). Against the local engine
 * it carries placeholder credentials, which the engine accepts (it checks no
 * signature) but the CLI needs; against AWS it names a profile to fill in.
 */
export function executionHistoryCommand(arn: string, where: Pick<CurrentAccount, 'region' | 'stepFunctionsEndpoint'>): string {
  const region = regionOfArn(arn) ?? where.region ?? 'us-east-1';
  const base = `aws stepfunctions get-execution-history --region ${region}`;
  return where.stepFunctionsEndpoint
    ? `AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local ${base} --endpoint-url ${where.stepFunctionsEndpoint} --execution-arn ${arn}`
    : `AWS_PROFILE=your-profile ${base} --execution-arn ${arn}`;
}

function ExecutionHistoryHint({ arn, current }: { arn: string; current: { data?: CurrentAccount; error: unknown } }) {
  if (!current.data) {
    // The failure itself is in the page's one alert.
    return current.error ? (
      <StatusIndicator type="error">Unavailable: could not ask the API where the orchestrator runs.</StatusIndicator>
    ) : (
      <Box>Loading where the orchestrator runs…</Box>
    );
  }
  const command = executionHistoryCommand(arn, current.data);
  return (
    <SpaceBetween size="xs">
      <Box>
        {current.data.stepFunctionsEndpoint
          ? `The local Step Functions engine serves the AWS API at ${current.data.stepFunctionsEndpoint}; any credentials will do. Read the history with the AWS CLI:`
          : 'Read the history with the AWS CLI, with a profile whose credentials may call states:GetExecutionHistory:'}
      </Box>
      <CopyToClipboard variant="inline" textToCopy={command} copyButtonAriaLabel="Copy the CLI command" copySuccessText="Command copied" copyErrorText="Command failed to copy" />
    </SpaceBetween>
  );
}

/**
 * A Step Functions execution of a sync, as the console knows it: the run
 * record and the ARN. The API does not expose GetExecutionHistory; locally
 * the history is on the Step Functions API (the endpoint the API reports),
 * in AWS in the Step Functions console.
 */
export function SfnExecutionPage() {
  const { arn: rawArn = '' } = useParams();
  const arn = decodeURIComponent(rawArn);
  const { client, config } = useApp();
  const status = useResource((signal) => client.syncStatus(50, signal), [arn], {
    poll: { initialDelayMs: 3000, maxDelayMs: 60_000 },
  });
  const current = useResource((signal) => client.getCurrentAccount(signal), [], { poll: { initialDelayMs: 30_000, maxDelayMs: 600_000 } });
  const run = status.data?.recentRuns.find((r) => r.executionArn === arn) ?? (status.data?.lastRun?.executionArn === arn ? status.data.lastRun : undefined);
  const external = stepFunctionsConsoleUrl(arn);
  const name = arn.split(':').pop() ?? arn;

  return (
    <ContentLayout header={<Header variant="h1" description="A Step Functions execution of a sync state machine.">Execution {name}</Header>}>
      <SpaceBetween size="l">
        <QueryErrorAlert
          queries={[
            { error: status.error, refetch: status.reload },
            { error: current.error, refetch: current.reload },
          ]}
        />
        <Container header={<Header variant="h2">Execution</Header>}>
          <ColumnLayout columns={2} variant="text-grid">
            <div>
              <Box variant="awsui-key-label">Execution ARN</Box>
              <CopyToClipboard variant="inline" textToCopy={arn} copyButtonAriaLabel="Copy execution ARN" copySuccessText="ARN copied" copyErrorText="ARN failed to copy" />
            </div>
            <div>
              <Box variant="awsui-key-label">Status</Box>
              <div>{run ? <Status kind="run" value={run.status} /> : status.data ? 'No run record' : status.error ? <StatusIndicator type="error">Unavailable</StatusIndicator> : 'Loading…'}</div>
            </div>
            <div>
              <Box variant="awsui-key-label">Started</Box>
              <div>{run ? <DateTime iso={run.startedAt} /> : status.error && !status.data ? 'Unavailable' : '-'}</div>
            </div>
            <div>
              <Box variant="awsui-key-label">Duration</Box>
              <div>{run ? formatDuration(run.durationMs) : status.error && !status.data ? 'Unavailable' : '-'}</div>
            </div>
          </ColumnLayout>
        </Container>
        <Container header={<Header variant="h2">Execution history</Header>}>
          <SpaceBetween size="s">
            {config.mode === 'cognito' && external && (
              <Box>
                See the state-by-state history in the{' '}
                <Link href={external} external>
                  Step Functions console
                </Link>
                .
              </Box>
            )}
            <ExecutionHistoryHint arn={arn} current={current} />
          </SpaceBetween>
        </Container>
        {status.data && !run && (
          <Alert type="warning" header="No run record">
            The sync keeps the run records of its recent runs only, and a run that found another one running skips itself without a record.
          </Alert>
        )}
        {run && <RunDetails run={run} />}
      </SpaceBetween>
    </ContentLayout>
  );
}
