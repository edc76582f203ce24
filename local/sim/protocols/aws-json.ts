/**
 * awsJson1_1 (SSM): `POST /` with `X-Amz-Target: AmazonSSM.<Operation>`, a JSON
 * body, and errors as `{ "__type": code, "message": … }`.
 */
import type { SimError } from '../errors';
import type { ServiceModel } from '../models';
import { parseJsonBody, toJsonValue } from './json-values';
import type { ParsedRequest, Protocol, ProtocolErrors, RawRequest, WireResponse } from './types';

export function awsJsonProtocol(model: ServiceModel, errors: ProtocolErrors): Protocol {
  const contentType = `application/x-amz-json-${model.metadata.jsonVersion ?? '1.1'}`;
  const prefix = `${model.metadata.targetPrefix ?? ''}.`;

  return {
    parse(request: RawRequest): ParsedRequest {
      const target = String(request.headers['x-amz-target'] ?? '');
      const operation = target.startsWith(prefix) ? target.slice(prefix.length) : '';
      if (request.method !== 'POST' || !model.operations[operation]) throw errors.unknownOperation(target || '(no X-Amz-Target)');
      let body: unknown;
      try {
        body = parseJsonBody(request.body);
      } catch {
        throw errors.malformed('The request body is not valid JSON.');
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw errors.malformed('The request body must be a JSON object.');
      return { operation, input: body as Record<string, unknown> };
    },

    serialize(_operation: string, output: unknown, requestId: string): WireResponse {
      return {
        status: 200,
        headers: { 'content-type': contentType, 'x-amzn-requestid': requestId },
        body: JSON.stringify(toJsonValue(output ?? {})),
      };
    },

    serializeError(error: SimError, requestId: string): WireResponse {
      const headers: Record<string, string> = { 'content-type': contentType, 'x-amzn-requestid': requestId };
      if (error.extra.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.extra.retryAfterSeconds);
      return { status: error.status, headers, body: JSON.stringify({ __type: error.code, message: error.message, ...error.extra.fields }) };
    },
  };
}
