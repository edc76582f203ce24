import fc from 'fast-check';
import type { RecoveryInstance, SourceServer } from '@aws-sdk/client-drs';
import type { Instance } from '@aws-sdk/client-ec2';
import { recoveryInstanceRecordSchema } from '../../../../contracts/records/recovery-instance';
import { schemaErrors } from '../../../../lib/validation';
import { toRecoveryInstanceRecord, type RecordContext } from '../../../../tasks/recovery-instance-sync/lib/map-record';
import { modelArbitrary } from '../../../support/model-arbitrary';

const hex = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: min, maxLength: max });
const instanceId = hex(8, 17).map((h) => `i-${h}`);
const sourceServerId = fc.string({ unit: fc.constantFrom(...'0123456789abcdefghijklmnopqrstuvwxyz'), minLength: 17, maxLength: 17 }).map((s) => `s-${s}`);
const accountId = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 12, maxLength: 12 });

const recoveryInstance = fc
  .tuple(modelArbitrary('drs', 'RecoveryInstance', { overrides: { ec2InstanceID: instanceId } }), instanceId, sourceServerId)
  .map(([ri, recoveryInstanceID, sourceServerID]) => ({ ...(ri as RecoveryInstance), recoveryInstanceID, sourceServerID }));
const sourceServer = fc.option(modelArbitrary('drs', 'SourceServer', { overrides: { stagingAccountID: accountId } }).map((s) => s as SourceServer), { nil: undefined });
const ec2Instance = fc.option(modelArbitrary('ec2', 'Instance', { maxDepth: 3 }).map((i) => i as Instance), { nil: undefined });
const context = fc.record({
  accountId,
  region: fc.constantFrom('us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2', 'us-gov-west-1'),
  syncTime: fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2090-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  sourceExecutionId: fc.option(fc.string({ minLength: 1, maxLength: 40 }), { nil: undefined }),
  sourcePlanName: fc.option(fc.string({ minLength: 1, maxLength: 40 }), { nil: undefined }),
}) as fc.Arbitrary<RecordContext>;

describe('toRecoveryInstanceRecord', () => {
  it('maps any DRS and EC2 response the models allow to a record that validates against its schema', () => {
    fc.assert(
      fc.property(recoveryInstance, sourceServer, ec2Instance, context, (ri, ss, instance, ctx) => {
        const record = toRecoveryInstanceRecord(ri, ss, instance, ctx);
        expect(schemaErrors(recoveryInstanceRecordSchema, record)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('yields the same record when synced twice, except lastSyncTime', () => {
    fc.assert(
      fc.property(recoveryInstance, sourceServer, ec2Instance, context, context, (ri, ss, instance, first, second) => {
        const once = toRecoveryInstanceRecord(ri, ss, instance, first);
        const laterContext = { ...first, syncTime: second.syncTime };
        const twice = toRecoveryInstanceRecord(ri, ss, instance, laterContext, once);
        expect({ ...twice, lastSyncTime: once.lastSyncTime }).toEqual(once);
        expect(twice.lastSyncTime).toBe(second.syncTime);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the source execution learned earlier when the instance no longer carries it', () => {
    fc.assert(
      fc.property(recoveryInstance, context, fc.string({ minLength: 1, maxLength: 20 }), (ri, ctx, executionId) => {
        const first = toRecoveryInstanceRecord(ri, undefined, undefined, { ...ctx, sourceExecutionId: executionId });
        const next = toRecoveryInstanceRecord(ri, undefined, undefined, { ...ctx, sourceExecutionId: undefined, sourcePlanName: undefined }, first);
        expect(next.sourceExecutionId).toBe(executionId);
      }),
      { numRuns: 100 },
    );
  });
});
