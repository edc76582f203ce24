/**
 * Tags the orchestrator puts on what it launches (through the launch
 * template), so a recovery instance tells which execution and plan made it.
 */
export const OrchestratorTags = {
  ExecutionId: 'drs-orchestrator:execution-id',
  PlanName: 'drs-orchestrator:plan-name',
} as const;
