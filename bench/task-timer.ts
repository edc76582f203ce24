/**
 * Times the Lambda tasks the local engine runs, by wrapping the platform's
 * in-process Lambda `invoke` (bench-only instrumentation: nothing is edited).
 * It tells where a state machine's wall time goes, task by task.
 */
import type { LocalPlatform } from '../local/platform';

export interface TaskTiming {
  readonly functionName: string;
  /** `accountId/region` when the payload names them (SyncAccountRegion). */
  readonly target?: string;
  readonly ms: number;
}

export class TaskTimer {
  private timings: TaskTiming[] = [];

  constructor(platform: LocalPlatform) {
    const lambda = platform.local.lambda;
    const invoke = lambda.invoke.bind(lambda);
    lambda.invoke = async (nameOrArn: string, payload: unknown) => {
      const start = performance.now();
      try {
        return await invoke(nameOrArn, payload);
      } finally {
        const p = (payload ?? {}) as { accountId?: unknown; region?: unknown };
        const functionName = lambda.resolveFunction(nameOrArn).functionName;
        const target = typeof p.accountId === 'string' && typeof p.region === 'string' ? `${p.accountId}/${p.region}` : undefined;
        this.timings.push({ functionName, target, ms: performance.now() - start });
      }
    };
  }

  reset(): void {
    this.timings = [];
  }

  list(): TaskTiming[] {
    return [...this.timings];
  }
}
