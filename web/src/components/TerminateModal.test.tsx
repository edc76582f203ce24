import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { instance } from '../../test/helpers';
import { groupByAccountRegion, TerminateModal } from './TerminateModal';

describe('TerminateModal', () => {
  const instances = [instance('aaaaaaaa01', '222222222222', 'us-west-2'), instance('bbbbbbbb02', '111111111111', 'us-east-1'), instance('cccccccc03', '222222222222', 'us-west-2')];

  it('lists exactly the instances to terminate, with account and region', () => {
    render(<TerminateModal visible executionId="exec-1" instances={instances} submitting={false} onConfirm={() => undefined} onCancel={() => undefined} />);
    const dialog = screen.getByRole('dialog');
    const table = within(dialog).getByRole('table', { name: 'Instances to terminate' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell').map((c) => c.textContent)[0] ?? within(r).getByRole('rowheader').textContent)).toHaveLength(3);
    const text = rows.map((r) => r.textContent);
    expect(text[0]).toContain('i-aaaaaaaa01');
    expect(text[0]).toContain('222222222222');
    expect(text[0]).toContain('us-west-2');
    expect(text[1]).toContain('i-bbbbbbbb02');
    expect(text[2]).toContain('i-cccccccc03');
    expect(dialog.textContent).toContain('This terminates 3 recovery instances launched by execution exec-1, in 111111111111 / us-east-1, 222222222222 / us-west-2');
    expect(within(dialog).queryByText('The whole execution is terminated')).toBeNull();
  });

  it('warns when the execution has instances the user did not select', () => {
    render(<TerminateModal visible executionId="exec-1" instances={instances} unselectedCount={2} submitting={false} onConfirm={() => undefined} onCancel={() => undefined} />);
    expect(screen.getByText('The whole execution is terminated')).toBeTruthy();
    expect(screen.getByRole('dialog').textContent).toContain('including 2 you did not select');
  });

  it('confirms and cancels', async () => {
    const onConfirm = vi.fn();
    const onCancel = vi.fn();
    render(<TerminateModal visible executionId="exec-1" instances={instances} submitting={false} onConfirm={onConfirm} onCancel={onCancel} />);
    await userEvent.click(screen.getByRole('button', { name: 'Terminate instances' }));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onConfirm).toHaveBeenCalledOnce();
    expect(onCancel).toHaveBeenCalledOnce();
  });

  it('groups by account and region', () => {
    expect(groupByAccountRegion(instances).map((g) => [g.accountId, g.region, g.instances.length])).toEqual([
      ['111111111111', 'us-east-1', 1],
      ['222222222222', 'us-west-2', 2],
    ]);
  });
});
