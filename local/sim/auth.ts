/**
 * Reads who is calling from a SigV4 request. Signatures are not verified: the
 * estate trusts the credential scope, which is all it needs to route the
 * request (service, region) and to find the account (access key id).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ServiceName } from './types';

export interface CredentialScope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

const SCOPE = /Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request/;

export function parseCredentialScope(headers: IncomingHttpHeaders, query: URLSearchParams): CredentialScope | undefined {
  const authorization = headers.authorization;
  const fromHeader = typeof authorization === 'string' ? SCOPE.exec(authorization) : null;
  // Presigned URLs carry the same scope in X-Amz-Credential.
  const presigned = query.get('X-Amz-Credential');
  const match = fromHeader ?? (presigned ? SCOPE.exec(`Credential=${presigned}`) : null);
  if (!match) return undefined;
  return { accessKeyId: match[1]!, date: match[2]!, region: match[3]!, service: match[4]! };
}

/** For an unsigned request, the service is guessed from its shape so the error speaks its protocol. */
export function guessService(headers: IncomingHttpHeaders, path: string, body: string): ServiceName {
  if (headers['x-amz-target']) return 'ssm';
  if (path === '/' && /(^|&)Action=/.test(body)) return /(^|&)Version=2011-06-15/.test(body) ? 'sts' : 'ec2';
  return 'drs';
}

export function sessionTokenOf(headers: IncomingHttpHeaders, query: URLSearchParams): string | undefined {
  const header = headers['x-amz-security-token'];
  return typeof header === 'string' ? header : (query.get('X-Amz-Security-Token') ?? undefined);
}
