import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Flashbar, { type FlashbarProps } from '@cloudscape-design/components/flashbar';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Toggle from '@cloudscape-design/components/toggle';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { TagSyncRun, TagSyncSettings, TagSyncStatus } from '../api/types';
import { useApp } from '../app-context';
import { DataTable } from '../components/DataTable';
import { DateTime } from '../components/DateTime';
import { ErrorAlert } from '../components/ErrorAlert';
import { Status } from '../components/Status';
import { formatDateTime, formatDuration, timeValue } from '../lib/format';
import { useApiQuery } from '../lib/hooks';
import { queries } from '../lib/queries';
import { ExecutionLink, RunDetails } from './SyncStatus';

/** The API's limits on a prefix list (contracts/records/tag-sync-settings.ts), checked before saving so the form says which entry is wrong. */
const MAX_PREFIXES = 50;
const MAX_PREFIX_LENGTH = 128;

/** A comma- or line-separated list of tag key prefixes, as typed. */
export function parsePrefixes(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** Why a prefix list would be refused, or undefined. */
export function prefixListError(prefixes: readonly string[]): string | undefined {
  const reserved = prefixes.find((p) => /^aws:/i.test(p));
  if (reserved) return `"${reserved}": aws: tags are reserved by AWS and never copied.`;
  const long = prefixes.find((p) => p.length > MAX_PREFIX_LENGTH);
  if (long) return `"${long.slice(0, 20)}…" is longer than ${MAX_PREFIX_LENGTH} characters.`;
  const repeated = prefixes.find((p, i) => prefixes.indexOf(p) !== i);
  if (repeated) return `"${repeated}" is listed twice.`;
  if (prefixes.length > MAX_PREFIXES) return `At most ${MAX_PREFIXES} prefixes.`;
  return undefined;
}

/** While a run is going the runs are read every few seconds, then less and less often. */
const STATUS_POLL = { initialDelayMs: 5_000, maxDelayMs: 60_000 };
const statusChanged = (previous: TagSyncStatus | undefined, next: TagSyncStatus) =>
  previous?.running !== next.running || previous?.recentRuns[0]?.executionArn !== next.recentRuns[0]?.executionArn;

const count = (run: TagSyncRun, name: string) => run.counts?.[name];

/**
 * Tag sync: which EC2 instance tags are copied to the DRS source servers
 * (Admin to change), "Sync now" (Operator), and how the last runs went, with
 * their counts. The runs come from the run records (GET /drs/tag-sync).
 */
export function TagSyncPage() {
  const { client, permission } = useApp();
  const queryClient = useQueryClient();
  const settings = useApiQuery(queries.tagSyncSettings(client));
  const status = useApiQuery(queries.tagSyncStatus(client), { poll: STATUS_POLL, changed: statusChanged });
  const [flashes, setFlashes] = useState<FlashbarProps.MessageDefinition[]>([]);
  const [selectedArn, setSelectedArn] = useState<string | undefined>(undefined);
  const flash = (message: FlashbarProps.MessageDefinition) => setFlashes([{ ...message, dismissible: true, onDismiss: () => setFlashes([]) }]);
  const mayStart = permission('startTagSync');

  const start = useMutation({
    mutationFn: () => client.startTagSync(),
    onSuccess: (started) => {
      const disabled = settings.data?.enabled === false;
      flash({
        type: disabled ? 'warning' : 'success',
        header: 'Tag sync started',
        content: `Started at ${formatDateTime(started.startDate)}.${disabled ? ' Tag sync is disabled, so the run ends at once without reading or writing tags.' : ' Its run appears below when it has begun.'}`,
      });
      void status.refetch();
    },
  });

  const onSaved = (saved: TagSyncSettings) => {
    queryClient.setQueryData(queries.tagSyncSettings(client).queryKey, saved);
    void status.refetch();
    flash({ type: 'success', header: 'Settings saved', content: saved.enabled ? 'Tag sync is enabled: the next run (hourly, or Sync now) copies tags with these settings.' : 'Tag sync is disabled: runs end at once without reading or writing tags.' });
  };

  const runs = status.data?.recentRuns;
  const last = runs?.[0];
  const selected = runs?.find((r) => r.executionArn === selectedArn);
  return (
    <ContentLayout
      header={
        <Header
          variant="h1"
          description="Copies the tags of the EC2 instances DRS replicates to their DRS source servers, hourly, in the active regions of every target account. aws: tags are never copied."
          actions={
            <Button iconName="refresh" onClick={() => start.mutate()} loading={start.isPending} disabled={!mayStart.allowed} disabledReason={mayStart.reason}>
              Sync now
            </Button>
          }
        >
          Tag sync
        </Header>
      }
    >
      <SpaceBetween size="l">
        <Flashbar items={flashes} />
        {start.error ? <ErrorAlert error={start.error} action="startTagSync" onDismiss={() => start.reset()} /> : null}
        <ErrorAlert error={settings.error ?? status.error} onRetry={() => void Promise.all([settings.refetch(), status.refetch()])} retriesItself />
        <Container header={<Header variant="h2">Summary</Header>}>
          <ColumnLayout columns={4} variant="text-grid">
            <Box>
              <Box variant="awsui-key-label">Tag sync</Box>
              <Box>{settings.data ? <StatusIndicator type={settings.data.enabled ? 'success' : 'stopped'}>{settings.data.enabled ? 'Enabled' : 'Disabled'}</StatusIndicator> : '-'}</Box>
            </Box>
            <Box>
              <Box variant="awsui-key-label">Last run</Box>
              <Box>{status.data ? (last ? <Status kind="run" value={last.status} /> : 'Never run') : '-'}</Box>
            </Box>
            <Box>
              <Box variant="awsui-key-label">Servers tagged in the last run</Box>
              <Box variant="awsui-value-large">{last ? (count(last, 'serversTagged') ?? '-') : '-'}</Box>
            </Box>
            <Box>
              <Box variant="awsui-key-label">Last run started</Box>
              <Box>{last ? <DateTime iso={last.startedAt} /> : '-'}</Box>
            </Box>
          </ColumnLayout>
        </Container>
        {settings.data ? <SettingsForm key={settings.data.updatedAt ?? 'defaults'} settings={settings.data} onSaved={onSaved} /> : null}
        <DataTable<TagSyncRun>
          id="tag-sync-runs"
          title="Last runs"
          noun={{ one: 'run', many: 'runs' }}
          items={runs}
          loading={status.isLoading}
          error={status.error}
          trackBy="executionArn"
          defaultSort={{ column: 'startedAt', descending: true }}
          selection={{ selected, onChange: (r) => setSelectedArn(r?.executionArn), label: (r) => `Select run started ${formatDateTime(r.startedAt)}` }}
          actions={<Button iconName="refresh" ariaLabel="Refresh runs" onClick={() => void status.refetch()} />}
          empty="Tag sync has not run yet."
          columns={[
            { id: 'startedAt', header: 'Started', cell: (r) => <DateTime iso={r.startedAt} />, sortValue: (r) => timeValue(r.startedAt), isRowHeader: true },
            { id: 'status', header: 'Status', cell: (r) => <Status kind="run" value={r.status} />, sortValue: (r) => r.status },
            { id: 'duration', header: 'Duration', cell: (r) => (r.status === 'RUNNING' ? '-' : formatDuration(r.durationMs)), sortValue: (r) => r.durationMs ?? -1 },
            { id: 'regionsScanned', header: 'Regions scanned', cell: (r) => r.regionsScanned ?? '-', sortValue: (r) => r.regionsScanned ?? -1 },
            { id: 'serversChecked', header: 'Servers checked', cell: (r) => count(r, 'serversChecked') ?? '-', sortValue: (r) => count(r, 'serversChecked') ?? -1 },
            { id: 'serversTagged', header: 'Servers tagged', cell: (r) => count(r, 'serversTagged') ?? '-', sortValue: (r) => count(r, 'serversTagged') ?? -1 },
            { id: 'serversUnchanged', header: 'Already up to date', cell: (r) => count(r, 'serversUnchanged') ?? '-', sortValue: (r) => count(r, 'serversUnchanged') ?? -1 },
            {
              id: 'errors',
              header: 'Errors',
              cell: (r) => (r.errors?.length ? `${r.errors.length}: ${[r.errors[0]!.accountId, r.errors[0]!.region].filter(Boolean).join(' ')} ${r.errors[0]!.message}`.trim() : '-'),
              sortValue: (r) => r.errors?.length ?? 0,
              filterText: (r) => r.errors?.map((e) => `${e.errorName ?? ''} ${e.message}`).join(' '),
            },
            { id: 'execution', header: 'Execution', cell: (r) => <ExecutionLink arn={r.executionArn} />, sortValue: (r) => r.executionArn.split(':').pop(), visible: false },
          ]}
        />
        {selected ? <RunDetails run={selected} processed="Servers checked" removes={false} /> : null}
      </SpaceBetween>
    </ContentLayout>
  );
}

/** The settings, editable by an Admin; for anyone else read-only, with the reason on the disabled Save. */
function SettingsForm({ settings, onSaved }: { settings: TagSyncSettings; onSaved: (saved: TagSyncSettings) => void }) {
  const { client, permission } = useApp();
  const may = permission('editTagSyncSettings');
  const [enabled, setEnabled] = useState(settings.enabled);
  const [include, setInclude] = useState(settings.includePrefixes.join(', '));
  const [exclude, setExclude] = useState(settings.excludePrefixes.join(', '));
  const includeError = prefixListError(parsePrefixes(include));
  const excludeError = prefixListError(parsePrefixes(exclude));
  const save = useMutation({
    mutationFn: () => client.updateTagSyncSettings({ enabled, includePrefixes: parsePrefixes(include), excludePrefixes: parsePrefixes(exclude) }),
    onSuccess: onSaved,
  });
  const locked = !may.allowed || save.isPending;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (may.allowed && !includeError && !excludeError) save.mutate();
      }}
    >
      <Form
        actions={
          <Button variant="primary" loading={save.isPending} disabled={!may.allowed || !!includeError || !!excludeError} disabledReason={may.reason ?? includeError ?? excludeError}>
            Save settings
          </Button>
        }
      >
        <Container
          header={
            <Header
              variant="h2"
              description={settings.updatedAt ? `Last changed ${formatDateTime(settings.updatedAt)}${settings.updatedBy ? ` by ${settings.updatedBy}` : ''}.` : 'Never changed: tag sync is off until an Admin enables it.'}
            >
              Settings
            </Header>
          }
        >
          <SpaceBetween size="m">
            {save.error ? <ErrorAlert error={save.error} action="editTagSyncSettings" onDismiss={() => save.reset()} /> : null}
            {!may.allowed ? <Box color="text-body-secondary">Read only: {may.reason}</Box> : null}
            <FormField label="Tag sync" description="When off, the hourly and on-demand runs end at once without reading or writing tags.">
              <Toggle checked={enabled} onChange={({ detail }) => setEnabled(detail.checked)} disabled={locked}>
                Copy EC2 instance tags to DRS source servers
              </Toggle>
            </FormField>
            <FormField label="Include key prefixes" description="Copy only tags whose key starts with one of these, separated by commas. Empty: every tag." errorText={includeError}>
              <Input value={include} onChange={({ detail }) => setInclude(detail.value)} disabled={locked} placeholder="e.g. CostCenter, App" ariaLabel="Include key prefixes" />
            </FormField>
            <FormField label="Exclude key prefixes" description="Never copy tags whose key starts with one of these; wins over the include list." errorText={excludeError}>
              <Input value={exclude} onChange={({ detail }) => setExclude(detail.value)} disabled={locked} placeholder="e.g. Temp" ariaLabel="Exclude key prefixes" />
            </FormField>
          </SpaceBetween>
        </Container>
      </Form>
    </form>
  );
}
