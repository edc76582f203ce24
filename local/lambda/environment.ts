import type { LocalFunction } from '../cfn';

/**
 * process.env is one object for the whole platform, but each Lambda function
 * has its own Environment. The strategy:
 *
 * 1. Every variable that all functions agree on (or that only some set) goes
 *    into one merged environment, applied once before the first handler
 *    module loads, so module-level reads (clients created outside the
 *    handler) see it.
 * 2. A variable that functions set to different values is a conflict. It is
 *    reported, and set to the invoked function's value right before its
 *    module loads and right before each invocation. That is best effort:
 *    two overlapping invocations can observe each other's value after an
 *    `await`. The house convention avoids conflicts by giving each variable
 *    one meaning (`SESSIONS_TABLE_NAME`, not `TABLE_NAME`), and a test can
 *    assert `conflicts` is empty.
 * 3. Platform overrides (endpoints, credentials, log levels) win over both.
 */
export interface EnvironmentConflict {
  readonly variable: string;
  /** function name → value */
  readonly values: Readonly<Record<string, string>>;
}

export interface EnvironmentPlan {
  readonly merged: Readonly<Record<string, string>>;
  readonly conflicts: readonly EnvironmentConflict[];
  /** Names of conflicting variables, for the per-invocation step. */
  readonly conflicting: ReadonlySet<string>;
}

export function planEnvironment(functions: readonly LocalFunction[]): EnvironmentPlan {
  const seen = new Map<string, Map<string, string>>();
  for (const fn of functions) {
    if (!fn.handler) continue;
    for (const [k, v] of Object.entries(fn.environment)) {
      if (!seen.has(k)) seen.set(k, new Map());
      seen.get(k)!.set(fn.functionName, v);
    }
  }
  const merged: Record<string, string> = {};
  const conflicts: EnvironmentConflict[] = [];
  for (const [variable, byFn] of seen) {
    const distinct = new Set(byFn.values());
    if (distinct.size === 1) merged[variable] = [...distinct][0]!;
    else conflicts.push({ variable, values: Object.fromEntries(byFn) });
  }
  return { merged, conflicts, conflicting: new Set(conflicts.map((c) => c.variable)) };
}
