import * as path from 'node:path';
import type { Context } from 'aws-lambda';
import type { LocalCloudAssembly, LocalFunction } from '../cfn';
import { createLambdaContext } from './context';
import { planEnvironment, type EnvironmentConflict, type EnvironmentPlan } from './environment';
import { LambdaFunctionError, ResourceNotFoundException } from './errors';
import { invocationScope } from './invocation-scope';

type Handler = (event: unknown, context: Context, callback?: (err: unknown, result?: unknown) => void) => unknown;

export interface LocalLambdaOptions {
  readonly assembly: LocalCloudAssembly;
  /** Handler `entry` paths are relative to this directory. */
  readonly projectRoot: string;
  /** Applied after the functions' environments: endpoints, credentials, log levels. */
  readonly environmentOverrides?: Readonly<Record<string, string>>;
  /** Marks each invocation as compute, so the virtual clock runs at 1× meanwhile (see local/clock.ts). */
  readonly clock?: { busy(): () => void };
  /** Fail invocations that outlive the function's Timeout (real time), as Lambda does. @default true */
  readonly enforceTimeout?: boolean;
  /**
   * Loads a handler module by absolute path. The default `import()` is
   * compiled to `require` under ts-jest (so ts-jest transforms the module)
   * and stays a real dynamic import under tsx.
   */
  readonly loadModule?: (absolutePath: string) => Promise<Record<string, unknown>>;
}

/** What Lambda's Invoke API returns. Handler errors do not throw here. */
export interface InvokeResult {
  readonly StatusCode: 200;
  readonly ExecutedVersion: '$LATEST';
  readonly FunctionError?: 'Unhandled';
  readonly Payload: unknown;
}

/**
 * Runs Lambda functions of the assembly in-process: same handler module,
 * same event and a realistic context.
 */
export class LocalLambda {
  readonly environment: EnvironmentPlan;
  private readonly counts = new Map<string, number>();
  private readonly handlers = new Map<string, Promise<Handler>>();
  private environmentApplied = false;
  private readonly loadModule: (absolutePath: string) => Promise<Record<string, unknown>>;

  constructor(private readonly options: LocalLambdaOptions) {
    this.environment = planEnvironment(options.assembly.functions);
    this.loadModule = options.loadModule ?? ((p) => import(p) as Promise<Record<string, unknown>>);
  }

  get conflicts(): readonly EnvironmentConflict[] {
    return this.environment.conflicts;
  }

  /** Invocation counts by function name. */
  invocationCounts(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  resolveFunction(nameOrArn: string): LocalFunction {
    const fn = this.options.assembly.findFunction(nameOrArn);
    if (!fn) throw new ResourceNotFoundException(`Function not found: ${nameOrArn}`);
    if (!fn.handler) throw new ResourceNotFoundException(`Function ${fn.functionName} has no ${'DrsOrchestrator:Handler'} metadata, so it has no local handler`);
    return fn;
  }

  /** Applies the merged environment; idempotent. Call early if code outside handlers reads process.env. */
  applyEnvironment(): void {
    if (this.environmentApplied) return;
    this.environmentApplied = true;
    Object.assign(process.env, this.environment.merged, this.options.environmentOverrides ?? {});
    process.env.AWS_REGION ??= this.options.assembly.environment.region;
    process.env.AWS_DEFAULT_REGION ??= this.options.assembly.environment.region;
  }

  /**
   * Invokes and returns the function's result; a handler error is thrown as
   * `LambdaFunctionError` whose `name` is the error type.
   */
  /** Invocations not yet answered. */
  private readonly running = new Set<Promise<unknown>>();

  /**
   * Resolves when no invocation is running. A handler runs on after the
   * execution that called it was stopped, as in Lambda, and may still write
   * its results: a test that stops an execution waits for this before the
   * next one looks at the tables.
   */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  async invoke(nameOrArn: string, payload: unknown): Promise<unknown> {
    const invocation = this.invokeNow(nameOrArn, payload);
    this.running.add(invocation);
    try {
      return await invocation;
    } finally {
      this.running.delete(invocation);
    }
  }

  private async invokeNow(nameOrArn: string, payload: unknown): Promise<unknown> {
    const fn = this.resolveFunction(nameOrArn);
    this.counts.set(fn.functionName, (this.counts.get(fn.functionName) ?? 0) + 1);
    const event = roundTrip(payload);
    let handler: Handler;
    try {
      handler = await this.handlerFor(fn);
    } catch (err) {
      // An import-time failure is Runtime.ImportModuleError in Lambda.
      const e = LambdaFunctionError.from(err);
      throw new LambdaFunctionError('Runtime.ImportModuleError', `Error: ${e.errorMessage}`, e.trace);
    }
    this.applyConflictingVariables(fn);
    const context = createLambdaContext(fn);
    const release = this.options.clock?.busy();
    try {
      const scope = { functionName: fn.functionName, logicalId: fn.logicalId, stackName: fn.stackName };
      const result = await invocationScope.run(scope, () => this.withTimeout(fn, context, callHandler(handler, event, context)));
      return result === undefined ? null : roundTrip(result);
    } catch (err) {
      throw LambdaFunctionError.from(err);
    } finally {
      release?.();
    }
  }

  /** Lambda's Invoke API shape: errors come back as a payload with FunctionError set. */
  async invokeApi(nameOrArn: string, payload: unknown): Promise<InvokeResult> {
    try {
      return { StatusCode: 200, ExecutedVersion: '$LATEST', Payload: await this.invoke(nameOrArn, payload) };
    } catch (err) {
      if (!(err instanceof LambdaFunctionError)) throw err;
      return { StatusCode: 200, ExecutedVersion: '$LATEST', FunctionError: 'Unhandled', Payload: err.toPayload() };
    }
  }

  private handlerFor(fn: LocalFunction): Promise<Handler> {
    const ref = fn.handler!;
    const key = `${ref.entry}#${ref.export}`;
    let pending = this.handlers.get(key);
    if (!pending) {
      this.applyEnvironment();
      this.applyConflictingVariables(fn);
      const file = path.resolve(this.options.projectRoot, ref.entry);
      pending = this.loadModule(file).then((mod) => {
        const candidate = mod[ref.export] ?? (mod.default as Record<string, unknown> | undefined)?.[ref.export];
        if (typeof candidate !== 'function') throw new Error(`${ref.entry} does not export a function named ${ref.export}`);
        return candidate as Handler;
      });
      // A failed import is retried on the next invocation, like a new Lambda sandbox.
      pending.catch(() => this.handlers.delete(key));
      this.handlers.set(key, pending);
    }
    return pending;
  }

  private applyConflictingVariables(fn: LocalFunction): void {
    if (!this.environmentApplied) this.applyEnvironment();
    const overrides = this.options.environmentOverrides ?? {};
    for (const variable of this.environment.conflicting) {
      if (variable in overrides) continue;
      const value = fn.environment[variable];
      if (value === undefined) delete process.env[variable];
      else process.env[variable] = value;
    }
  }

  private withTimeout<T>(fn: LocalFunction, context: Context, work: Promise<T>): Promise<T> {
    if (this.options.enforceTimeout === false) return work;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const seconds = fn.timeoutSeconds.toFixed(2);
        reject(new LambdaFunctionError('Sandbox.Timedout', `RequestId: ${context.awsRequestId} Error: Task timed out after ${seconds} seconds`, []));
      }, fn.timeoutSeconds * 1000);
      timer.unref();
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }
}

function callHandler(handler: Handler, event: unknown, context: Context): Promise<unknown> {
  return new Promise((resolve, reject) => {
    // Callback-style handlers (three parameters) finish through the callback.
    const callback = (err: unknown, result?: unknown) => (err ? reject(err) : resolve(result));
    try {
      const returned = handler(event, context, callback);
      if (returned && typeof (returned as Promise<unknown>).then === 'function') {
        (returned as Promise<unknown>).then(resolve, reject);
      } else if (handler.length < 3) {
        resolve(returned);
      }
    } catch (err) {
      reject(err);
    }
  });
}

/** Lambda serializes events and results as JSON; so do we, so no object is shared with the caller. */
function roundTrip(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}
