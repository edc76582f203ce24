/**
 * restJson1 (DRS): the operation comes from method and path (`http.requestUri`),
 * the input from path labels, query string and JSON body; errors travel in the
 * `x-amzn-errortype` header and a `{ message }` body.
 */
import type { SimError } from '../errors';
import type { ServiceModel } from '../models';
import { parseJsonBody, toJsonValue } from './json-values';
import type { ParsedRequest, Protocol, ProtocolErrors, RawRequest, WireResponse } from './types';

interface Route {
  operation: string;
  method: string;
  pattern: RegExp;
  labels: string[];
}

function compileRoutes(model: ServiceModel): Route[] {
  return Object.values(model.operations).map((op) => {
    const [pathPart] = op.http.requestUri.split('?');
    const labels: string[] = [];
    const source = pathPart!
      .split('/')
      .map((segment) => {
        const label = /^\{([^}+]+)(\+?)\}$/.exec(segment);
        if (!label) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        labels.push(label[1]!);
        return label[2] ? '(.+)' : '([^/]+)';
      })
      .join('/');
    return { operation: op.name, method: op.http.method, pattern: new RegExp(`^${source}$`), labels };
  });
}

/**
 * A query-string value as its shape's type: restJson1 sends integers and
 * booleans as text there (`?maxResults=50`). What does not parse stays text,
 * so the model's validation names the bad value.
 */
function fromQueryString(model: ServiceModel, shapeName: string | undefined, value: string): unknown {
  const type = shapeName ? model.shapes[shapeName]?.type : undefined;
  if ((type === 'integer' || type === 'long') && /^-?[0-9]+$/.test(value)) return Number(value);
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

export function restJsonProtocol(model: ServiceModel, errors: ProtocolErrors): Protocol {
  const routes = compileRoutes(model);

  return {
    parse(request: RawRequest): ParsedRequest {
      for (const route of routes) {
        if (route.method !== request.method) continue;
        const match = route.pattern.exec(request.path);
        if (!match) continue;
        const op = model.operations[route.operation]!;
        let body: unknown;
        try {
          body = parseJsonBody(request.body);
        } catch {
          throw errors.malformed('The request body is not valid JSON.');
        }
        if (typeof body !== 'object' || body === null || Array.isArray(body)) throw errors.malformed('The request body must be a JSON object.');
        const input: Record<string, unknown> = { ...(body as Record<string, unknown>) };
        const members = op.input ? (model.shapes[op.input.shape]!.members ?? {}) : {};
        for (const [name, ref] of Object.entries(members)) {
          if (ref.location === 'uri') {
            const i = route.labels.indexOf(ref.locationName ?? name);
            if (i >= 0) input[name] = decodeURIComponent(match[i + 1]!);
          } else if (ref.location === 'querystring') {
            const values = request.query.getAll(ref.locationName ?? name);
            if (values.length > 0) {
              const shape = model.shapes[ref.shape]!;
              input[name] = shape.type === 'list' ? values.map((v) => fromQueryString(model, shape.member?.shape, v)) : fromQueryString(model, ref.shape, values[0]!);
            }
          }
        }
        return { operation: route.operation, input };
      }
      throw errors.unknownOperation(`${request.method} ${request.path}`);
    },

    serialize(operation: string, output: unknown, requestId: string): WireResponse {
      const op = model.operations[operation]!;
      const headers: Record<string, string> = { 'content-type': 'application/json', 'x-amzn-requestid': requestId };
      const body: Record<string, unknown> = {};
      const members = op.output ? (model.shapes[op.output.shape]!.members ?? {}) : {};
      for (const [name, value] of Object.entries((output ?? {}) as Record<string, unknown>)) {
        const ref = members[name];
        if (ref?.location === 'header') headers[(ref.locationName ?? name).toLowerCase()] = String(value);
        else body[name] = value;
      }
      return { status: op.http.responseCode ?? 200, headers, body: JSON.stringify(toJsonValue(body)) };
    },

    serializeError(error: SimError, requestId: string): WireResponse {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'x-amzn-requestid': requestId,
        'x-amzn-errortype': error.code,
      };
      if (error.extra.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.extra.retryAfterSeconds);
      const body = { message: error.message, ...error.extra.fields };
      return { status: error.status, headers, body: JSON.stringify(body) };
    },
  };
}
