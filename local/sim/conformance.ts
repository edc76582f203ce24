/**
 * Validates a value against a botocore shape: required members, unknown
 * members, enums, scalar types, string lengths and patterns, list and map
 * sizes, numeric ranges and unions. The estate runs every response through it
 * in 'enforce' mode, and request inputs through it always (a real service
 * rejects what its model rejects).
 *
 * Values are in "SDK form": member names as in the model, timestamps as Date
 * (or ISO strings), blobs as Uint8Array or base64 strings.
 */
import type { SimError } from './errors';
import { loadModel, type ServiceModel, type Shape } from './models';
import type { ServiceName } from './types';

export interface ValidateOptions {
  /** Report members the shape does not declare. @default true */
  rejectUnknownMembers?: boolean;
}

const patternCache = new Map<string, RegExp | null>();

/** botocore patterns are Java/Smithy regexes, not anchored; the few JS cannot compile are skipped. */
function compilePattern(pattern: string): RegExp | null {
  if (patternCache.has(pattern)) return patternCache.get(pattern)!;
  let re: RegExp | null = null;
  try {
    re = new RegExp(pattern.replace(/\\u([0-9A-Fa-f]{5})/g, '\\u{$1}'), 'u');
  } catch {
    re = null;
  }
  patternCache.set(pattern, re);
  return re;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a Date';
  return typeof value === 'string' ? `string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)}` : `${typeof value} ${String(value)}`;
}

export function validateShape(
  model: ServiceModel,
  shapeName: string,
  value: unknown,
  path: string,
  options: ValidateOptions = {},
): string[] {
  const problems: string[] = [];
  visit(model, shapeName, value, path, options.rejectUnknownMembers ?? true, problems);
  return problems;
}

function visit(model: ServiceModel, shapeName: string, value: unknown, path: string, strict: boolean, out: string[]): void {
  const shape = model.shapes[shapeName];
  if (!shape) {
    out.push(`${path}: model has no shape ${shapeName}`);
    return;
  }
  if (value === undefined || value === null) {
    out.push(`${path}: ${value} is not a ${shape.type} (${shapeName})`);
    return;
  }
  switch (shape.type) {
    case 'structure':
      return visitStructure(model, shapeName, shape, value, path, strict, out);
    case 'list':
      return visitList(model, shape, value, path, strict, out);
    case 'map':
      return visitMap(model, shape, value, path, strict, out);
    case 'string':
      return visitString(shapeName, shape, value, path, out);
    case 'integer':
    case 'long':
      if (typeof value !== 'number' || !Number.isInteger(value)) out.push(`${path}: expected ${shape.type} (${shapeName}), got ${describe(value)}`);
      else checkRange(shape, value, path, out);
      return;
    case 'double':
    case 'float':
      if (typeof value !== 'number' || !Number.isFinite(value)) out.push(`${path}: expected ${shape.type} (${shapeName}), got ${describe(value)}`);
      else checkRange(shape, value, path, out);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') out.push(`${path}: expected boolean (${shapeName}), got ${describe(value)}`);
      return;
    case 'timestamp': {
      const ok = (value instanceof Date && !Number.isNaN(value.getTime())) || (typeof value === 'string' && !Number.isNaN(Date.parse(value)));
      if (!ok) out.push(`${path}: expected timestamp (${shapeName}), got ${describe(value)}`);
      return;
    }
    case 'blob':
      if (!(value instanceof Uint8Array) && typeof value !== 'string') out.push(`${path}: expected blob (${shapeName}), got ${describe(value)}`);
      return;
    default:
      out.push(`${path}: unsupported shape type ${String((shape as Shape).type)}`);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && !(value instanceof Uint8Array);
}

function visitStructure(model: ServiceModel, name: string, shape: Shape, value: unknown, path: string, strict: boolean, out: string[]): void {
  if (!isPlainObject(value)) {
    out.push(`${path}: expected structure (${name}), got ${describe(value)}`);
    return;
  }
  const members = shape.members ?? {};
  for (const required of shape.required ?? []) {
    if (value[required] === undefined || value[required] === null) out.push(`${path}.${required}: required member missing`);
  }
  let present = 0;
  for (const [key, member] of Object.entries(value)) {
    if (member === undefined) continue;
    const ref = members[key];
    if (!ref) {
      if (strict) out.push(`${path}.${key}: not a member of ${name}`);
      continue;
    }
    present++;
    visit(model, ref.shape, member, `${path}.${key}`, strict, out);
  }
  if (shape.union && present !== 1) out.push(`${path}: union ${name} must set exactly one member, has ${present}`);
}

function visitList(model: ServiceModel, shape: Shape, value: unknown, path: string, strict: boolean, out: string[]): void {
  if (!Array.isArray(value)) {
    out.push(`${path}: expected list, got ${describe(value)}`);
    return;
  }
  if (shape.min !== undefined && value.length < shape.min) out.push(`${path}: list has ${value.length} items, minimum is ${shape.min}`);
  if (shape.max !== undefined && value.length > shape.max) out.push(`${path}: list has ${value.length} items, maximum is ${shape.max}`);
  value.forEach((item, i) => visit(model, shape.member!.shape, item, `${path}[${i}]`, strict, out));
}

function visitMap(model: ServiceModel, shape: Shape, value: unknown, path: string, strict: boolean, out: string[]): void {
  if (!isPlainObject(value)) {
    out.push(`${path}: expected map, got ${describe(value)}`);
    return;
  }
  const entries = Object.entries(value);
  if (shape.min !== undefined && entries.length < shape.min) out.push(`${path}: map has ${entries.length} entries, minimum is ${shape.min}`);
  if (shape.max !== undefined && entries.length > shape.max) out.push(`${path}: map has ${entries.length} entries, maximum is ${shape.max}`);
  for (const [k, v] of entries) {
    visit(model, shape.key!.shape, k, `${path}{key ${JSON.stringify(k)}}`, strict, out);
    visit(model, shape.value!.shape, v, `${path}[${JSON.stringify(k)}]`, strict, out);
  }
}

function visitString(name: string, shape: Shape, value: unknown, path: string, out: string[]): void {
  if (typeof value !== 'string') {
    out.push(`${path}: expected string (${name}), got ${describe(value)}`);
    return;
  }
  if (shape.enum && !shape.enum.includes(value)) {
    const allowed = shape.enum.length > 12 ? `${shape.enum.length} values of ${name}` : shape.enum.join(', ');
    out.push(`${path}: ${describe(value)} is not one of ${allowed}`);
    return;
  }
  const length = [...value].length;
  if (shape.min !== undefined && length < shape.min) out.push(`${path}: ${describe(value)} is shorter than ${shape.min} (${name})`);
  if (shape.max !== undefined && length > shape.max) out.push(`${path}: ${describe(value)} is longer than ${shape.max} (${name})`);
  if (shape.pattern) {
    const re = compilePattern(shape.pattern);
    if (re && !re.test(value)) out.push(`${path}: ${describe(value)} does not match /${shape.pattern}/ (${name})`);
  }
}

function checkRange(shape: Shape, value: number, path: string, out: string[]): void {
  if (shape.min !== undefined && value < shape.min) out.push(`${path}: ${value} is below the minimum ${shape.min}`);
  if (shape.max !== undefined && value > shape.max) out.push(`${path}: ${value} is above the maximum ${shape.max}`);
}

/** Problems with an operation's response, with paths rooted at the operation name. */
export function checkOutput(service: ServiceName, operation: string, output: unknown): string[] {
  const model = loadModel(service);
  const op = model.operations[operation];
  if (!op) return [`${service} ${operation}: no such operation in the model`];
  if (!op.output) return [];
  return validateShape(model, op.output.shape, output ?? {}, `${operation}Output`).map((p) => `${service} ${operation}: ${p}`);
}

/** Problems with an operation's request; unknown members are tolerated, as real services do. */
export function checkInput(service: ServiceName, operation: string, input: unknown): string[] {
  const model = loadModel(service);
  const op = model.operations[operation];
  if (!op?.input) return [];
  return validateShape(model, op.input.shape, input ?? {}, 'request', { rejectUnknownMembers: false });
}

/**
 * Problems with an error body: an error the model declares (DRS
 * ValidationException, ConflictException, …) may carry only the members its
 * shape has, with their types (`fieldList`, never an invented `fieldName`).
 * Errors the model does not declare (UnrecognizedClientException and the other
 * errors every AWS endpoint answers) are not checked.
 */
export function checkError(service: ServiceName, error: SimError): string[] {
  const model = loadModel(service);
  const shape = model.shapes[error.code];
  if (!shape?.exception) return [];
  const body: Record<string, unknown> = { message: error.message, ...error.extra.fields };
  if (error.extra.retryAfterSeconds !== undefined && shape.members?.retryAfterSeconds) {
    const ref = shape.members.retryAfterSeconds;
    body.retryAfterSeconds = model.shapes[ref.shape]?.type === 'string' ? String(error.extra.retryAfterSeconds) : error.extra.retryAfterSeconds;
  }
  return validateShape(model, error.code, body, error.code).map((p) => `${service} error: ${p}`);
}
