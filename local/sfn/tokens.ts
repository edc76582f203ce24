import { randomBytes } from 'node:crypto';
import { SfnApiError, StatesError } from './errors';

type TokenState = 'PENDING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'CANCELLED';

interface Waiter {
  state: TokenState;
  readonly promise: Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: Error): void;
  heartbeatMs?: number;
  cancelHeartbeat?: () => void;
  cancelTimeout?: () => void;
}

interface TokenEntry {
  readonly executionArn: string;
  readonly waiter: Waiter;
}

export interface ClaimOptions {
  /** Milliseconds (on the registry's timer) until the token times out; the engine raises the States.Timeout itself. */
  readonly timeoutMs?: number;
  /** Milliseconds (on the registry's timer) without a heartbeat before the task fails with States.HeartbeatTimeout. */
  readonly heartbeatMs?: number;
}

/** Calls `callback` after `ms`; returns a cancel function. */
export type TokenTimer = (ms: number, callback: () => void) => () => void;

const realTimer: TokenTimer = (ms, callback) => {
  const timer = setTimeout(callback, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

/**
 * Task tokens for `.waitForTaskToken`. Every read of `$$.Task.Token` mints a
 * token (see the engine's context getter); the Task's handler then claims the
 * tokens it finds in its parameters and waits until SendTaskSuccess or
 * SendTaskFailure settles them. A token can be settled before it is claimed:
 * the callee may answer before our handler starts waiting.
 */
export class TaskTokenRegistry {
  private readonly tokens = new Map<string, TokenEntry>();

  /** `timer` runs timeouts and heartbeats; the engine passes its virtual clock. */
  constructor(private readonly timer: TokenTimer = realTimer) {}

  mint(executionArn: string): string {
    const token = randomBytes(48).toString('base64url');
    this.tokens.set(token, { executionArn, waiter: newWaiter() });
    return token;
  }

  /** Tokens minted by this registry that occur anywhere in `value`. */
  findTokens(value: unknown): string[] {
    const found = new Set<string>();
    const visit = (v: unknown) => {
      if (typeof v === 'string') {
        if (this.tokens.has(v)) found.add(v);
      } else if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === 'object') Object.values(v).forEach(visit);
    };
    visit(value);
    return [...found];
  }

  /**
   * Waits for the first of `tokens` to be settled. When one Parameters block
   * reads `$$.Task.Token` twice, AWS hands out one token; we minted two, so
   * they share one waiter.
   */
  claim(tokens: readonly string[], options: ClaimOptions = {}): Promise<unknown> {
    const entries = tokens.map((t) => this.entry(t));
    const waiter = entries.find((e) => e.waiter.state !== 'PENDING')?.waiter ?? entries[0]!.waiter;
    for (const t of tokens) this.tokens.set(t, { executionArn: this.entry(t).executionArn, waiter });
    if (waiter.state === 'PENDING') {
      if (options.timeoutMs !== undefined) {
        // Slightly later than the engine's own TimeoutSeconds, which raises the real States.Timeout.
        waiter.cancelTimeout = this.timer(options.timeoutMs + 5, () => this.expire(waiter, 'TIMED_OUT', new StatesError('States.Timeout', 'Task timed out')));
      }
      if (options.heartbeatMs !== undefined) {
        waiter.heartbeatMs = options.heartbeatMs;
        this.armHeartbeat(waiter);
      }
    }
    return waiter.promise;
  }

  succeed(token: string, output: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(output);
    } catch {
      throw new SfnApiError('InvalidOutput', 'Invalid output: not a JSON document');
    }
    const waiter = this.pending(token);
    this.settle(waiter, 'SUCCEEDED');
    waiter.resolve(parsed);
  }

  fail(token: string, error = '', cause = ''): void {
    const waiter = this.pending(token);
    this.settle(waiter, 'FAILED');
    waiter.reject(new StatesError(error, cause));
  }

  heartbeat(token: string): void {
    this.armHeartbeat(this.pending(token));
  }

  /** Ends every waiting token of an execution that stopped. */
  cancelExecution(executionArn: string, reason: Error): void {
    for (const [token, entry] of this.tokens) {
      if (entry.executionArn !== executionArn) continue;
      if (entry.waiter.state === 'PENDING') this.expire(entry.waiter, 'CANCELLED', reason);
      this.tokens.delete(token);
    }
  }

  /** Drops tokens of a finished execution, so the registry does not grow without bound. */
  forgetExecution(executionArn: string): void {
    this.cancelExecution(executionArn, new StatesError('States.Runtime', 'Execution finished'));
  }

  private entry(token: string): TokenEntry {
    const entry = this.tokens.get(token);
    if (!entry) throw new SfnApiError('InvalidToken', 'Invalid token');
    return entry;
  }

  private pending(token: string): Waiter {
    const entry = this.tokens.get(token);
    if (!entry) {
      if (!/^[A-Za-z0-9_-]{1,1024}$/.test(token)) throw new SfnApiError('InvalidToken', 'Invalid token');
      throw new SfnApiError('TaskDoesNotExist', 'Task does not exist anymore');
    }
    switch (entry.waiter.state) {
      case 'PENDING':
        return entry.waiter;
      case 'TIMED_OUT':
        throw new SfnApiError('TaskTimedOut', 'Task timed out');
      default:
        throw new SfnApiError('TaskDoesNotExist', 'Task does not exist anymore');
    }
  }

  private armHeartbeat(waiter: Waiter): void {
    if (waiter.heartbeatMs === undefined) return;
    waiter.cancelHeartbeat?.();
    waiter.cancelHeartbeat = this.timer(waiter.heartbeatMs, () =>
      this.expire(waiter, 'TIMED_OUT', new StatesError('States.HeartbeatTimeout', 'Task did not send a heartbeat in time')),
    );
  }

  private settle(waiter: Waiter, state: TokenState): void {
    waiter.state = state;
    waiter.cancelHeartbeat?.();
    waiter.cancelTimeout?.();
  }

  private expire(waiter: Waiter, state: TokenState, error: Error): void {
    if (waiter.state !== 'PENDING') return;
    this.settle(waiter, state);
    waiter.reject(error);
  }
}

function newWaiter(): Waiter {
  let resolve!: (v: unknown) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<unknown>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A token nobody claims must not become an unhandled rejection.
  promise.catch(() => undefined);
  return { state: 'PENDING', promise, resolve, reject };
}
