import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import CopyToClipboard from '@cloudscape-design/components/copy-to-clipboard';
import Header from '@cloudscape-design/components/header';
import Link from '@cloudscape-design/components/link';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useParams } from 'react-router-dom';
import { useApp } from '../app-context';
import { ErrorAlert } from '../components/ErrorAlert';
import { RunStatus } from '../components/InstanceState';
import { formatDateTime, formatDuration, stepFunctionsConsoleUrl } from '../lib/format';
import { useResource } from '../lib/hooks';
import { RunDetails } from './SyncStatus';

/**
 * A Step Functions execution of a sync, as the console knows it: the run
 * record and the ARN. The API does not expose GetExecutionHistory; locally
 * the history is on the Step Functions API (port 8083), in AWS in the
 * Step Functions console.
 */
export function SfnExecutionPage() {
  const { arn: rawArn = '' } = useParams();
  const arn = decodeURIComponent(rawArn);
  const { client, config } = useApp();
  const status = useResource((signal) => client.syncStatus(50, signal), [arn], {
    poll: { initialDelayMs: 3000, maxDelayMs: 60_000 },
  });
  const run = status.data?.recentRuns.find((r) => r.executionArn === arn) ?? (status.data?.lastRun?.executionArn === arn ? status.data.lastRun : undefined);
  const external = stepFunctionsConsoleUrl(arn);
  const name = arn.split(':').pop() ?? arn;

  return (
    <ContentLayout header={<Header variant="h1" description="A Step Functions execution of a sync state machine.">Execution {name}</Header>}>
      <SpaceBetween size="l">
        <ErrorAlert error={status.error} onRetry={status.reload} />
        <Container header={<Header variant="h2">Execution</Header>}>
          <ColumnLayout columns={2} variant="text-grid">
            <div>
              <Box variant="awsui-key-label">Execution ARN</Box>
              <CopyToClipboard variant="inline" textToCopy={arn} copyButtonAriaLabel="Copy execution ARN" copySuccessText="ARN copied" copyErrorText="ARN failed to copy" />
            </div>
            <div>
              <Box variant="awsui-key-label">Status</Box>
              <div>{run ? <RunStatus status={run.status} /> : status.data ? 'No run record' : 'Loading…'}</div>
            </div>
            <div>
              <Box variant="awsui-key-label">Started</Box>
              <div>{formatDateTime(run?.startedAt)}</div>
            </div>
            <div>
              <Box variant="awsui-key-label">Duration</Box>
              <div>{formatDuration(run?.durationMs)}</div>
            </div>
          </ColumnLayout>
        </Container>
        {config.mode === 'cognito' && external ? (
          <Alert type="info" header="Execution history">
            See the state-by-state history in the{' '}
            <Link href={external} external>
              Step Functions console
            </Link>
            .
          </Alert>
        ) : (
          <Alert type="info" header="Execution history">
            The local Step Functions engine has no console. Read the history with any SDK or the AWS CLI against the local Step Functions API:{' '}
            <Box variant="code">aws stepfunctions get-execution-history --endpoint-url http://127.0.0.1:8083 --execution-arn {arn}</Box>
          </Alert>
        )}
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
