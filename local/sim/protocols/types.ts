/** The contract between the HTTP server and a wire protocol. */
import type { IncomingHttpHeaders } from 'node:http';
import type { SimError } from '../errors';

export interface RawRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface ParsedRequest {
  operation: string;
  /** The operation input in SDK form (model member names). */
  input: Record<string, unknown>;
}

export interface Protocol {
  /** Throws a SimError for an unknown operation or an unparsable body. */
  parse(request: RawRequest): ParsedRequest;
  serialize(operation: string, output: unknown, requestId: string): WireResponse;
  serializeError(error: SimError, requestId: string): WireResponse;
}

/** Builds the "unknown operation" and "cannot parse" errors in the service's own words. */
export interface ProtocolErrors {
  unknownOperation(detail: string): SimError;
  malformed(detail: string): SimError;
}
