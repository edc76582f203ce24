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

  /** Adds the counting middleware to a client (a document client shares its base client's stack). Idempotent per client. */
  attach(client: DynamoDBClient | DynamoDBDocumentClient): this {
    const stack = client.middlewareStack;
    if (stack.identify().some((entry) => entry.startsWith(`${MIDDLEWARE_NAME} `))) return this;
    stack.add(
      (next, context) => async (args) => {
        const operation = String(context.commandName ?? 'unknown').replace(/Command$/, '');
        this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low', name: MIDDLEWARE_NAME, override: true },
    );
    return this;
  }

  reset(): void {
    this.counts.clear();
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
