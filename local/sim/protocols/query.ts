/**
 * The two query protocols: EC2's (`ec2`) and awsQuery (STS). Both take a form
 * body `Action=…&Version=…` and answer in XML; they differ in parameter naming,
 * in the response envelope and in the error document.
 */
import type { SimError } from '../errors';
import type { ServiceModel } from '../models';
import { parseQueryStructure, type QueryDialect } from './query-params';
import type { ParsedRequest, Protocol, ProtocolErrors, RawRequest, WireResponse } from './types';
import { element, escapeXml, structureToXml } from './xml';

const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';

export function formParams(request: RawRequest): Map<string, string> {
  const params = new Map<string, string>();
  for (const [k, v] of request.query) params.set(k, v);
  for (const [k, v] of new URLSearchParams(request.body)) params.set(k, v);
  return params;
}

export function queryProtocol(model: ServiceModel, dialect: QueryDialect, errors: ProtocolErrors): Protocol {
  const namespace = model.metadata.xmlNamespace ?? '';
  const xmlns = dialect === 'ec2' ? `${namespace.replace(/\/$/, '')}/` : namespace;

  return {
    parse(request: RawRequest): ParsedRequest {
      const params = formParams(request);
      const operation = params.get('Action') ?? '';
      const op = model.operations[operation];
      if (!op) throw errors.unknownOperation(operation || '(no Action)');
      const version = params.get('Version');
      if (version !== undefined && version !== model.metadata.apiVersion) {
        throw errors.malformed(`Version ${version} is not supported; this endpoint speaks ${model.metadata.apiVersion}.`);
      }
      const input = op.input ? parseQueryStructure(model, op.input.shape, params, dialect) : {};
      return { operation, input };
    },

    serialize(operation: string, output: unknown, requestId: string): WireResponse {
      const op = model.operations[operation]!;
      const members = op.output ? structureToXml(model, op.output.shape, (output ?? {}) as Record<string, unknown>) : '';
      const root = `${operation}Response`;
      const body =
        dialect === 'ec2'
          ? `<${root} xmlns="${xmlns}">${element('requestId', requestId)}${members}</${root}>`
          : `<${root} xmlns="${xmlns}">${op.output?.resultWrapper ? element(op.output.resultWrapper, members) : ''}${element('ResponseMetadata', element('RequestId', requestId))}</${root}>`;
      return { status: 200, headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId }, body: XML_DECL + body };
    },

    serializeError(error: SimError, requestId: string): WireResponse {
      const headers: Record<string, string> = { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId };
      if (error.extra.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.extra.retryAfterSeconds);
      const code = element('Code', escapeXml(error.code));
      const message = element('Message', escapeXml(error.message));
      const body =
        dialect === 'ec2'
          ? element('Response', element('Errors', element('Error', code + message)) + element('RequestID', requestId))
          : `<ErrorResponse xmlns="${xmlns}">${element(
              'Error',
              element('Type', error.extra.type ?? (error.status >= 500 ? 'Receiver' : 'Sender')) + code + message,
            )}${element('RequestId', requestId)}</ErrorResponse>`;
      return { status: error.status, headers, body: XML_DECL + body };
    },
  };
}
