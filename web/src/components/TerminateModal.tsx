import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import type { RecoveryInstance } from '../api/types';

/** Groups instances by account and region, in a stable order. */
export function groupByAccountRegion(instances: readonly RecoveryInstance[]): { accountId: string; region: string; instances: RecoveryInstance[] }[] {
  const groups = new Map<string, { accountId: string; region: string; instances: RecoveryInstance[] }>();
  for (const instance of instances) {
    const key = `${instance.accountId}/${instance.region}`;
    if (!groups.has(key)) groups.set(key, { accountId: instance.accountId, region: instance.region, instances: [] });
    groups.get(key)!.instances.push(instance);
  }
  return [...groups.values()].sort((a, b) => `${a.accountId}/${a.region}`.localeCompare(`${b.accountId}/${b.region}`));
}

/**
 * Confirms a termination and lists exactly what it terminates. The API
 * terminates every cached instance of the execution, so `instances` is that
 * full set; `unselectedCount` says how many of them the user did not pick.
 */
export function TerminateModal({
  visible,
  executionId,
  instances,
  unselectedCount = 0,
  submitting,
  onConfirm,
  onCancel,
}: {
  visible: boolean;
  executionId: string;
  instances: readonly RecoveryInstance[];
  unselectedCount?: number;
  submitting: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const groups = groupByAccountRegion(instances);
  return (
    <Modal
      visible={visible}
      onDismiss={onCancel}
      header="Terminate recovery instances"
      size="large"
      closeAriaLabel="Close"
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onCancel}>
              Cancel
            </Button>
            <Button variant="primary" onClick={onConfirm} loading={submitting} disabled={instances.length === 0}>
              Terminate instances
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        <Box>
          This terminates {instances.length} recovery instance{instances.length === 1 ? '' : 's'} launched by execution <strong>{executionId}</strong>, in{' '}
          {groups.map((g) => `${g.accountId} / ${g.region}`).join(', ') || 'no account'}. Terminated instances cannot be recovered.
        </Box>
        {unselectedCount > 0 && (
          <Alert type="warning" header="The whole execution is terminated">
            The API terminates every cached instance of the execution, including {unselectedCount} you did not select. They are all listed below.
          </Alert>
        )}
        <Table<RecoveryInstance>
          variant="embedded"
          ariaLabels={{ tableLabel: 'Instances to terminate' }}
          items={[...instances]}
          trackBy="recoveryInstanceId"
          columnDefinitions={[
            { id: 'id', header: 'Recovery instance ID', cell: (i) => i.recoveryInstanceId, isRowHeader: true },
            { id: 'ec2', header: 'EC2 instance ID', cell: (i) => i.ec2InstanceId ?? '-' },
            { id: 'server', header: 'Source server', cell: (i) => i.sourceServerName ?? i.sourceServerId },
            { id: 'account', header: 'Account', cell: (i) => i.accountId },
            { id: 'region', header: 'Region', cell: (i) => i.region },
          ]}
        />
      </SpaceBetween>
    </Modal>
  );
}
