/** Elastic Disaster Recovery (restJson1). */
import { SimError } from '../errors';
import { loadModel } from '../models';
import { restJsonProtocol } from '../protocols/rest-json';
import type { RequestContext, ServiceDefinition } from '../service';
import { DRS_ERRORS, inputValidationError, validationError } from './errors';
import { describeJobLogItems, describeJobs, startRecovery } from './job-operations';
import { describeRecoveryInstances, terminateRecoveryInstances } from './recovery-instances';
import { describeRecoverySnapshots } from './recovery-snapshots';
import { describeReplicationConfigurationTemplates } from './replication-templates';
import { describeSourceServers } from './source-servers';
import { createExtendedSourceServer, deleteSourceServer, listExtensibleSourceServers, listStagingAccounts } from './staging';
import { listTagsForResource, tagResource, untagResource } from './tags';

export function drsService(): ServiceDefinition {
  const model = loadModel('drs');
  return {
    name: 'drs',
    model,
    errors: DRS_ERRORS,
    protocol: restJsonProtocol(model, {
      unknownOperation: (detail) => new SimError('UnknownOperationException', 404, `Unknown operation ${detail}`),
      malformed: (detail) => validationError(detail),
    }),
    inputError: inputValidationError,
    precondition(ctx: RequestContext) {
      // DRS answers nothing useful until the account has initialized the service in the region.
      if (!ctx.estate.region(ctx.accountId, ctx.region).drsInitialized) {
        throw new SimError('UninitializedAccountException', 400, `Account ${ctx.accountId} is not initialized for Elastic Disaster Recovery in ${ctx.region}`, {
          fields: { code: 'UNINITIALIZED_ACCOUNT' },
        });
      }
    },
    operations: {
      DescribeSourceServers: describeSourceServers,
      DescribeRecoveryInstances: describeRecoveryInstances,
      StartRecovery: startRecovery,
      DescribeJobs: describeJobs,
      DescribeJobLogItems: describeJobLogItems,
      TerminateRecoveryInstances: terminateRecoveryInstances,
      TagResource: tagResource,
      UntagResource: untagResource,
      ListTagsForResource: listTagsForResource,
      DescribeRecoverySnapshots: describeRecoverySnapshots,
      DescribeReplicationConfigurationTemplates: describeReplicationConfigurationTemplates,
      ListStagingAccounts: listStagingAccounts,
      ListExtensibleSourceServers: listExtensibleSourceServers,
      CreateExtendedSourceServer: createExtendedSourceServer,
      DeleteSourceServer: deleteSourceServer,
    },
  };
}
