import {
  existingRecoveryInstancesSchema,
  pickSchemaFields,
  recoveryInstanceSchema,
  type ExistingRecoveryInstances,
  type RecoveryInstance,
} from '../../contracts/api/recovery-instances';
import {
  recoveryPlanListSchema,
  recoveryPlanPathSchema,
  recoveryPlanSummarySchema,
  type RecoveryPlanList,
  type RecoveryPlanPath,
  type RecoveryPlanSummary,
} from '../../contracts/api/recovery-plans';
import type { ProtectionGroupRecord } from '../../contracts/records/protection-group';
import type { RecoveryPlanRecord } from '../../contracts/records/recovery-plan';
import { checkExistingRecoveryInstances } from '../../lib/recovery-instances/check-existing';
import type { ApiDeps } from '../deps';
import { defineRoute, type Route } from '../framework/route';

const TAG = 'Recovery plans';

const distinctServers = (groupIds: readonly string[], groups: ReadonlyMap<string, ProtectionGroupRecord>) =>
  new Set(groupIds.flatMap((id) => groups.get(id)?.sourceServerIds ?? [])).size;

function summarizePlan(plan: RecoveryPlanRecord, groups: ReadonlyMap<string, ProtectionGroupRecord>): RecoveryPlanSummary {
  const { waves: _waves, ...fields } = pickSchemaFields<RecoveryPlanSummary>(recoveryPlanSummarySchema, plan);
  const protectionGroupIds = [...new Set(plan.waves.flatMap((wave) => wave.protectionGroupIds))];
  return {
    ...fields,
    waves: plan.waves.map((wave) => ({
      name: wave.name,
      protectionGroupIds: wave.protectionGroupIds,
      serverCount: distinctServers(wave.protectionGroupIds, groups),
    })),
    protectionGroupIds,
    serverCount: distinctServers(protectionGroupIds, groups),
  };
}

/** Both methods of check-existing-instances: the existing platform's clients use either. */
async function checkExisting(planId: string, deps: ApiDeps): Promise<ExistingRecoveryInstances> {
  const result = await checkExistingRecoveryInstances(planId, { plans: deps.recoveryPlans, groups: deps.protectionGroups, cache: deps.recoveryInstances });
  return { ...result, existingInstances: result.existingInstances.map((i) => pickSchemaFields<RecoveryInstance>(recoveryInstanceSchema, i)) };
}

const CHECK_EXISTING_DESCRIPTION =
  'Reads the recovery-instance cache only: no DRS or EC2 call, one DynamoDB BatchGetItem per 100 servers. ' +
  'When the cache cannot be read, the answer is still 200, with an empty list and cacheUnavailable true. ' +
  'GET and POST do the same; POST exists for the clients of the earlier platform and ignores any body.';

/** Recovery plans, and the recovery instances that already exist for their servers. */
export const recoveryPlanRoutes: readonly Route[] = [
  defineRoute<{ response: RecoveryPlanList }>({
    operationId: 'list_recovery_plans',
    method: 'GET',
    path: '/recovery-plans',
    tag: TAG,
    summary: 'List recovery plans',
    description: 'Each plan with its waves, its protection group ids and its server count. Reads the plans with a Scan and their groups with BatchGetItem.',
    access: 'ReadOnly',
    effect: 'read',
    response: { status: 200, description: 'Every recovery plan.', schema: recoveryPlanListSchema },
    handle: async (_request, { recoveryPlans, protectionGroups }) => {
      const plans = await recoveryPlans.list();
      const groupIds = [...new Set(plans.flatMap((plan) => plan.waves.flatMap((wave) => wave.protectionGroupIds)))];
      const { groups } = groupIds.length > 0 ? await protectionGroups.getMany(groupIds) : { groups: [] };
      const byId = new Map(groups.map((group) => [group.groupId, group]));
      const items = plans
        .map((plan) => summarizePlan(plan, byId))
        .sort((a, b) => a.name.localeCompare(b.name) || a.planId.localeCompare(b.planId));
      return { items };
    },
  }),

  defineRoute<{ path: RecoveryPlanPath; response: ExistingRecoveryInstances }>({
    operationId: 'check_existing_recovery_instances',
    method: 'GET',
    path: '/recovery-plans/{id}/check-existing-instances',
    tag: TAG,
    summary: 'Recovery instances that already exist for a plan\'s servers',
    description: CHECK_EXISTING_DESCRIPTION,
    access: 'ReadOnly',
    effect: 'read',
    pathSchema: recoveryPlanPathSchema,
    response: { status: 200, description: 'The cached recovery instances of the plan\'s servers.', schema: existingRecoveryInstancesSchema },
    handle: ({ pathParams }, deps) => checkExisting(pathParams.id, deps),
  }),

  defineRoute<{ path: RecoveryPlanPath; response: ExistingRecoveryInstances }>({
    operationId: 'check_existing_recovery_instances_post',
    method: 'POST',
    path: '/recovery-plans/{id}/check-existing-instances',
    tag: TAG,
    summary: 'Recovery instances that already exist for a plan\'s servers (POST form)',
    description: `${CHECK_EXISTING_DESCRIPTION} Direct callers use check_existing_recovery_instances.`,
    access: 'ReadOnly',
    effect: 'read',
    pathSchema: recoveryPlanPathSchema,
    response: { status: 200, description: 'The cached recovery instances of the plan\'s servers.', schema: existingRecoveryInstancesSchema },
    handle: ({ pathParams }, deps) => checkExisting(pathParams.id, deps),
  }),
];
