/**
 * Fault injection for the embedded DynamoDB (dynalite), so a test can make
 * one table's writes fail while everything else works, the way DynamoDB
 * fails: an HTTP answer in its own JSON error form (`__type`), which the SDK
 * turns into the same named exception it raises in AWS. The simulated
 * estate's faults (local/sim/faults.ts) cover DRS, EC2, SSM and STS; this
 * covers the platform's own tables.
 *
 * With no rule set, requests pass straight through (the body is not even
 * read); with rules, each request's body is read once to learn its tables and
 * then replayed to dynalite unchanged.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';

/** The item operations the platform's repositories call; a rule names one of them or none (all). */
export const DYNAMODB_ITEM_OPERATIONS = ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'Scan', 'BatchGetItem', 'BatchWriteItem'] as const;
export type DynamoDbItemOperation = (typeof DYNAMODB_ITEM_OPERATIONS)[number];

export interface DynamoDbFaultRule {
  /** @default every item operation */
  readonly operation?: DynamoDbItemOperation;
  /** The physical table name (a batch request matches when it names the table). @default every table */
  readonly table?: string;
  /**
   * `throttle`: 400 ProvisionedThroughputExceededException (the SDK retries it);
   * `server-error`: 500 InternalServerError (retried too);
   * `access-denied`: 400 AccessDeniedException (not retried).
   */
  readonly fault: 'throttle' | 'server-error' | 'access-denied';
  /** Fires this many times, then is spent. @default unlimited */
  readonly count?: number;
}

const ANSWERS = {
  throttle: [400, 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', 'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.'],
  'server-error': [500, 'com.amazonaws.dynamodb.v20120810#InternalServerError', 'Internal server error'],
  'access-denied': [400, 'com.amazon.coral.service#AccessDeniedException', 'User is not authorized to perform this operation on this resource (injected fault)'],
} as const;

interface ActiveRule {
  readonly rule: DynamoDbFaultRule;
  remaining: number;
  hits: number;
}

export class DynamoDbFaults {
  private rules: ActiveRule[] = [];

  /** Replaces the rules (an empty list turns injection off). */
  setFaults(rules: readonly DynamoDbFaultRule[]): void {
    for (const [i, rule] of rules.entries()) {
      if (rule.operation !== undefined && !DYNAMODB_ITEM_OPERATIONS.includes(rule.operation)) {
        throw new Error(`rules[${i}].operation must be one of ${DYNAMODB_ITEM_OPERATIONS.join(', ')}`);
      }
      if (!(rule.fault in ANSWERS)) throw new Error(`rules[${i}].fault must be one of ${Object.keys(ANSWERS).join(', ')}`);
      if (rule.count !== undefined && !(Number.isInteger(rule.count) && rule.count > 0)) throw new Error(`rules[${i}].count must be a positive integer`);
    }
    this.rules = rules.map((rule) => ({ rule, remaining: rule.count ?? Infinity, hits: 0 }));
  }

  /** How many requests each rule has failed, in the order given. */
  hits(): number[] {
    return this.rules.map((r) => r.hits);
  }

  /** The first unspent rule that matches, spending one of its firings. */
  private take(operation: string, tables: readonly string[]): DynamoDbFaultRule | undefined {
    const active = this.rules.find(
      (r) => r.remaining > 0 && (r.rule.operation === undefined || r.rule.operation === operation) && (r.rule.table === undefined || tables.includes(r.rule.table)),
    );
    if (!active) return undefined;
    active.remaining--;
    active.hits++;
    return active.rule;
  }

  /** Puts the faults in front of every `request` listener `server` has (call it before any other wrapper, e.g. the listener guard). */
  wrap(server: Server): Server {
    const listeners = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
    server.removeAllListeners('request');
    const pass = (req: IncomingMessage, res: ServerResponse) => {
      for (const listener of listeners) listener.call(server, req, res);
    };
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (this.rules.length === 0) return pass(req, res);
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
        const rule = this.take(operation, tablesOf(body));
        if (rule) return answer(res, rule.fault);
        // dynalite reads the request as a stream: give it one that replays the body, with the request's own fields.
        const replay = Object.assign(new PassThrough(), { headers: req.headers, method: req.method, url: req.url, httpVersion: req.httpVersion });
        pass(replay as unknown as IncomingMessage, res);
        replay.end(body);
      });
    });
    return server;
  }
}

function tablesOf(body: Buffer): string[] {
  try {
    const input = JSON.parse(body.toString('utf8')) as { TableName?: unknown; RequestItems?: Record<string, unknown> };
    return typeof input.TableName === 'string' ? [input.TableName] : Object.keys(input.RequestItems ?? {});
  } catch {
    return [];
  }
}

function answer(res: ServerResponse, fault: DynamoDbFaultRule['fault']): void {
  const [status, type, message] = ANSWERS[fault];
  const body = JSON.stringify({ __type: type, message });
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(body), 'x-amzn-requestid': 'injected-fault' });
  res.end(body);
}
