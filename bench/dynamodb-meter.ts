/**
 * Counts the DynamoDB requests a client sends, by operation. The simulated
 * estate counts DRS, EC2 and STS itself; DynamoDB is dynalite, which counts
 * nothing, so the count is taken in the SDK: a middleware in the
 * `finalizeRequest` step after the retry middleware sees every HTTP attempt,
 * retries and resent unprocessed batches included.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const MIDDLEWARE_NAME = 'benchDynamoDbMeter';

export class DynamoDbMeter {
  private readonly counts = new Map<string, number>();
  private inFlight = 0;
  private busySince = 0;
  private busy = 0;

  /** Adds the counting middleware to a client (a document client shares its base client's stack). Idempotent per client. */
  attach(client: DynamoDBClient | DynamoDBDocumentClient): this {
    const stack = client.middlewareStack;
    if (stack.identify().some((entry) => entry.startsWith(`${MIDDLEWARE_NAME} `))) return this;
    stack.add(
      (next, context) => async (args) => {
        const operation = String(context.commandName ?? 'unknown').replace(/Command$/, '');
        this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
        if (this.inFlight++ === 0) this.busySince = performance.now();
        try {
          return await next(args);
        } finally {
          if (--this.inFlight === 0) this.busy += performance.now() - this.busySince;
        }
      },
      { step: 'finalizeRequest', priority: 'low', name: MIDDLEWARE_NAME, override: true },
    );
    return this;
  }

  reset(): void {
    this.counts.clear();
    this.busy = 0;
    if (this.inFlight > 0) this.busySince = performance.now();
  }

  /** Real milliseconds during which at least one request was in flight, since the last reset. */
  busyMs(): number {
    return this.busy + (this.inFlight > 0 ? performance.now() - this.busySince : 0);
  }

  total(): number {
    let total = 0;
    for (const n of this.counts.values()) total += n;
    return total;
  }

  byOperation(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}
