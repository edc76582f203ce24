import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { InputValidationError, type SchemaErrorDetail } from './errors';

/** One ajv instance for the whole program: schemas compile once and are cached by identity. */
export const ajv = new Ajv({ allErrors: true, strict: true, useDefaults: false, coerceTypes: false });
addFormats(ajv);
ajv.addKeyword({ keyword: 'x-role' });
ajv.addKeyword({ keyword: 'example' });

/**
 * How many schema errors an answer lists. With `allErrors`, a body with 200k
 * unknown keys yields 200k errors: listing them all would turn a small bad
 * request into a multi-megabyte answer (and log line). The rest are counted.
 */
export const MAX_LISTED_ERRORS = 20;

const compiled = new WeakMap<object, ValidateFunction>();

function validatorFor(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

export function toSchemaErrorDetails(errors: readonly ErrorObject[] | null | undefined): SchemaErrorDetail[] {
  return (errors ?? []).map((e) => {
    const missing = e.keyword === 'required' ? `/${(e.params as { missingProperty: string }).missingProperty}` : '';
    const extra = e.keyword === 'additionalProperties' ? `/${(e.params as { additionalProperty: string }).additionalProperty}` : '';
    return { path: `${e.instancePath}${missing}${extra}` || '/', message: e.message ?? e.keyword };
  });
}

/** Schema errors for `data`, or an empty list when it is valid. Not capped: callers that answer a client use invalidInput. */
export function schemaErrors(schema: object, data: unknown): SchemaErrorDetail[] {
  const validate = validatorFor(schema);
  return validate(data) ? [] : toSchemaErrorDetails(validate.errors);
}

/**
 * The error for a caller's invalid input, `headline: details`: at most
 * MAX_LISTED_ERRORS details, and a message that lists them and counts the rest.
 */
export function invalidInput(headline: string, details: readonly SchemaErrorDetail[]): InputValidationError {
  const listed = details.slice(0, MAX_LISTED_ERRORS);
  const rest = details.length - listed.length;
  const summary = listed.map((d) => `${d.path} ${d.message}`).join('; ');
  const more = rest > 0 ? `; and ${rest} more error${rest === 1 ? '' : 's'} not listed (${details.length} in all)` : '';
  return new InputValidationError(`${headline}: ${summary}${more}`, listed);
}

/** Checks `data` against `schema` and narrows its type, or throws InputValidationError listing the (capped) schema errors. */
export function assertValid<T>(schema: object, data: unknown, what: string): T {
  const details = schemaErrors(schema, data);
  if (details.length > 0) throw invalidInput(`${what} is invalid`, details);
  return data as T;
}
