import fc from 'fast-check';

type Schema = Record<string, any>;

/**
 * Values that mostly satisfy a JSON Schema (the subset our contracts use), so
 * the fuzz test reaches route handlers instead of stopping at validation.
 * Combined with unconstrained values, it covers both sides of every schema.
 */
export function arbitraryFor(schema: Schema): fc.Arbitrary<unknown> {
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const types: string[] = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length > 1) return fc.oneof(...types.map((type) => arbitraryFor({ ...schema, type })));
  switch (types[0]) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true });
    case 'string':
      return stringFor(schema);
    case 'array':
      return arrayFor(schema);
    case 'object':
      return objectFor(schema);
    default:
      return fc.jsonValue();
  }
}

function stringFor(schema: Schema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 64;
  if (schema.format === 'date-time') return fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) }).map((d) => d.toISOString());
  // A pattern with a minimum length: fast-check's default size makes mostly short matches, and a filter that
  // rejects nearly all of them never ends; a larger size makes long matches common.
  const base = schema.pattern
    ? fc.stringMatching(new RegExp(schema.pattern), { size: min > 8 ? 'large' : undefined })
    : fc.string({ minLength: min, maxLength: Math.min(max, 64) });
  return base.filter((s) => s.length >= min && s.length <= max);
}

function arrayFor(schema: Schema): fc.Arbitrary<unknown[]> {
  const constraints = { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 5, 5) };
  const items = arbitraryFor(schema.items ?? {});
  return schema.uniqueItems
    ? fc.uniqueArray(items, { ...constraints, selector: (v) => JSON.stringify(v) })
    : fc.array(items, constraints);
}

function objectFor(schema: Schema): fc.Arbitrary<Record<string, unknown>> {
  const properties: Record<string, Schema> = schema.properties ?? {};
  const model = Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, arbitraryFor(property)]));
  return fc.record(model, { requiredKeys: (schema.required ?? []) as string[] }) as fc.Arbitrary<Record<string, unknown>>;
}
