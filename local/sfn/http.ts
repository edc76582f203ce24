/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are untyped JSON checked field by field */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { guardListener } from '../listener-guard';
import type { LocalStepFunctions } from './engine';
import { SfnApiError } from './errors';

export interface ServedApi {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

type Operation = (engine: LocalStepFunctions, body: Record<string, any>) => unknown;

/** The Step Functions operations the local API answers, in awsJson1_0 request/response shapes. */
const OPERATIONS: Record<string, Operation> = {
  ListStateMachines: (engine, body) => {
    const all = engine.listStateMachines().map((m) => ({
      stateMachineArn: m.arn,
      name: m.name,
      type: m.type,
      creationDate: engine.describeStateMachine(m.arn).creationDate,
    }));
    const page = paginateList(all, body.maxResults, body.nextToken);
    return { stateMachines: page.items, nextToken: page.nextToken };
  },
  DescribeStateMachine: (engine, body) => {
    const m = engine.describeStateMachine(required(body, 'stateMachineArn'));
    return {
      stateMachineArn: m.arn,
      name: m.name,
      status: 'ACTIVE',
      definition: m.definitionString,
      roleArn: m.roleArn,
      type: m.type,
      creationDate: m.creationDate,
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: { enabled: false },
    };
  },
  StartExecution: (engine, body) =>
    engine.startExecution({ stateMachineArn: required(body, 'stateMachineArn'), name: body.name, input: body.input }),
  DescribeExecution: (engine, body) => {
    const d = engine.describeExecution(required(body, 'executionArn'));
    const { parentExecutionArn: _parent, ...rest } = d;
    return {
      ...rest,
      inputDetails: { included: true },
      ...(d.output !== undefined ? { outputDetails: { included: true } } : {}),
      redriveCount: 0,
      redriveStatus: 'NOT_REDRIVABLE',
    };
  },
  GetExecutionHistory: (engine, body) => {
    const page = engine.getExecutionHistory(required(body, 'executionArn'), {
      reverseOrder: body.reverseOrder,
      maxResults: body.maxResults,
      nextToken: body.nextToken,
      includeExecutionData: body.includeExecutionData,
    });
    return { events: page.items, nextToken: page.nextToken };
  },
  ListExecutions: (engine, body) => {
    const page = engine.listExecutions({
      stateMachineArn: body.stateMachineArn,
      statusFilter: body.statusFilter,
      maxResults: body.maxResults,
      nextToken: body.nextToken,
    });
    return {
      executions: page.items.map((d) => ({
        executionArn: d.executionArn,
        stateMachineArn: d.stateMachineArn,
        name: d.name,
        status: d.status,
        startDate: d.startDate,
        ...(d.stopDate ? { stopDate: d.stopDate } : {}),
      })),
      nextToken: page.nextToken,
    };
  },
  StopExecution: (engine, body) => engine.stopExecution(required(body, 'executionArn'), { error: body.error, cause: body.cause }),
  SendTaskSuccess: (engine, body) => {
    engine.sendTaskSuccess(required(body, 'taskToken'), required(body, 'output'));
    return {};
  },
  SendTaskFailure: (engine, body) => {
    engine.sendTaskFailure(required(body, 'taskToken'), body.error, body.cause);
    return {};
  },
  SendTaskHeartbeat: (engine, body) => {
    engine.sendTaskHeartbeat(required(body, 'taskToken'));
    return {};
  },
};

function required(body: Record<string, any>, key: string): string {
  const v = body[key];
  if (typeof v !== 'string' || v === '') throw new SfnApiError('ValidationException', `1 validation error detected: Value null at '${key}' failed to satisfy constraint: Member must not be null`);
  return v;
}

function paginateList<T>(items: T[], maxResults = 100, nextToken?: string): { items: T[]; nextToken?: string } {
  const offset = nextToken ? Number(Buffer.from(nextToken, 'base64url').toString()) || 0 : 0;
  const size = maxResults > 0 ? maxResults : 100;
  const next = offset + size < items.length ? Buffer.from(String(offset + size)).toString('base64url') : undefined;
  return { items: items.slice(offset, offset + size), nextToken: next };
}

/** awsJson1_0 sends timestamps as epoch seconds. */
function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toWire(v);
    return out;
  }
  return value;
}

function send(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': crypto.randomUUID(),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Serves the Step Functions API (awsJson1_0, `X-Amz-Target:
 * AWSStepFunctions.<Operation>`) so an unmodified @aws-sdk/client-sfn or the
 * AWS CLI works with `endpoint` pointing here. No SigV4 check: locally any
 * credentials will do.
 */
export function serveStepFunctionsApi(engine: LocalStepFunctions, options: { port?: number; host?: string } = {}): Promise<ServedApi> {
  const server = createServer((req, res) => {
    void (async () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.startsWith('AWSStepFunctions.') ? target.slice('AWSStepFunctions.'.length) : '';
      const handler = OPERATIONS[operation];
      try {
        const text = await readBody(req);
        if (req.method !== 'POST' || !handler) {
          throw new SfnApiError('UnknownOperationException', `Unknown or unsupported operation: ${target || req.method}`);
        }
        const body = text ? (JSON.parse(text) as Record<string, any>) : {};
        send(res, 200, toWire(await handler(engine, body)));
      } catch (err) {
        if (err instanceof SfnApiError) send(res, 400, { __type: err.name, message: err.message }, err.name);
        else if (err instanceof SyntaxError) send(res, 400, { __type: 'SerializationException', message: err.message }, 'SerializationException');
        else send(res, 500, { __type: 'InternalServerError', message: (err as Error).message }, 'InternalServerError');
      }
    })();
  });
  guardListener(server, options.host ?? '127.0.0.1');
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8083, options.host ?? '127.0.0.1', () => {
      const { port, address } = server.address() as AddressInfo;
      resolve({
        url: `http://${address}:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
