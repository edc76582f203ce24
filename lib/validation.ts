import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { InputValidationError, type SchemaErrorDetail } from './errors';

/** One ajv instance for the whole program: schemas compile once and are cached by identity. */
export const ajv = new Ajv({ allErrors: true, strict: true, useDefaults: false, coerceTypes: false });
addFormats(ajv);
ajv.addKeyword({ keyword: 'x-role' });
ajv.addKeyword({ keyword: 'example' });

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

/** Schema errors for `data`, or an empty list when it is valid. */
export function schemaErrors(schema: object, data: unknown): SchemaErrorDetail[] {
  const validate = validatorFor(schema);
  return validate(data) ? [] : toSchemaErrorDetails(validate.errors);
}

/** Checks `data` against `schema` and narrows its type, or throws InputValidationError listing every schema error. */
export function assertValid<T>(schema: object, data: unknown, what: string): T {
  const details = schemaErrors(schema, data);
  if (details.length > 0) {
    const summary = details.map((d) => `${d.path} ${d.message}`).join('; ');
    throw new InputValidationError(`${what} is invalid: ${summary}`, details);
  }
  return data as T;
}
